"""Shared helpers: result rows, scratch databases, percentiles."""
import os
import statistics
import uuid
from contextlib import contextmanager

import psycopg
from sqlalchemy import make_url

from core.db import psycopg_dsn


def row(benchmark: str, value: float, unit: str, baseline: str = "", baseline_value: float | None = None,
        goal: str = "") -> dict:
    ratio = round(value / baseline_value, 2) if baseline_value else None
    return {"benchmark": benchmark, "value": round(value, 3), "unit": unit, "baseline": baseline,
            "ratio": ratio, "goal": goal}


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def median(samples: list[float]) -> float:
    return statistics.median(samples)


@contextmanager
def scratch_database(database_url: str, template: str | None = None):
    """A throwaway database on the same server, dropped afterwards."""
    name = f"clsm_bench_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    admin = psycopg_dsn(make_url(database_url).set(database="postgres").render_as_string(hide_password=False))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    url = make_url(database_url).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
