"""Benchmark: the answers read from the figures by area the coverage refresh stores
(coverage.area_figures, migration 0018), each against the same figures computed on the fly in the
same run: the yearly series (1 January of each year since 2010, nation and every région) against
coverage.figures_at on the status history, and one as-of summary per year; today's national
summary against the on-the-fly query of the materialised coverage (coverage_summary.sql); the
régions table against coverage.figures_at for today.

ratio = measured time / baseline time. Read-only. Run alone: ``python -m bench.coverage_series``."""
import json
import time

from sqlalchemy import text

from api.queries import coverage, history
from api.queries.sqlfiles import sql
from bench.common import median, row
from core.db import get_engine
from core.settings import Settings

RUNS = 7
NATION = {"region": None, "departement": None, "epci": None}
TODAY_ON_THE_FLY = text("SELECT code, population_covered FROM coverage.figures_at('{infinity}') WHERE level = 'region'")


def _ms(action, runs: int = RUNS) -> float:
    action()  # warm-up: plans and caches
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return median(samples)


def run(database_url: str) -> list[dict]:
    with get_engine(database_url).connect() as conn:
        conn.execute(text("SET jit = off"))
        days = history.yearly_days()
        stored = _ms(lambda: history.series_all(conn))
        computed = _ms(lambda: history.series_all(conn, stored=False))
        region = _ms(lambda: history.series(conn, "11"))
        naive = _ms(lambda: [history.summary(conn, d, "national", None) for d in days], runs=2)
        summary = _ms(lambda: coverage.summary(conn, "national", None))
        summary_fly = _ms(lambda: json.loads(conn.execute(sql("coverage_summary"), NATION).scalar_one()))
        table = _ms(lambda: coverage.by_area(conn, "region"))
        table_fly = _ms(lambda: conn.execute(TODAY_ON_THE_FLY).all())
        last = history.series(conn, None)[-1]
    label = f"{len(days)} years"
    return [
        row(f"yearly series, nation + every région ({label}, stored at refresh)", stored, "ms",
            f"computed from the status history ({computed:.0f} ms)", computed, "< 100 ms"),
        row(f"yearly series, nation + every région ({label}, stored at refresh)", stored, "ms",
            f"one as-of national summary per year ({naive:.0f} ms)", naive),
        row(f"yearly series, one région (Île-de-France, {label})", region, "ms",
            f"computed from the status history ({computed:.0f} ms)", computed, "< 100 ms"),
        row("national summary, sums of the stored figures (+ funding)", summary, "ms",
            f"on the fly from the materialised coverage ({summary_fly:.1f} ms)", summary_fly, "< 10 ms"),
        row("régions table, stored figures", table, "ms",
            f"figures of today computed on the fly ({table_fly:.0f} ms)", table_fly, "< 20 ms"),
        row("councils active on 1 January this year (series check)", last["councils_active"], "councils"),
    ]


if __name__ == "__main__":
    from bench.__main__ import print_rows

    print_rows(run(Settings().database_url))
