"""Benchmark: the yearly coverage series (1 January of each year since 2010) for the nation and
every région, from the status history and precomputed overlaps. Baselines measured in the same run:
today's materialised summary and région table (what a dashboard page already pays), and the naive
series, one as-of summary per year.

ratio = measured time / baseline time. Read-only. Run alone: ``python -m bench.coverage_series``."""
import time
from datetime import date

from sqlalchemy import text

from api.queries import coverage, history
from bench.common import median, row
from core.db import get_engine
from core.settings import Settings

RUNS = 7


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
        both = _ms(lambda: history.series_all(conn, days))
        region = _ms(lambda: history.series(conn, "11", days))
        today = _ms(lambda: (coverage.summary(conn, "national", None), coverage.by_area(conn, "region")))
        naive = _ms(lambda: [history.summary(conn, d, "national", None) for d in days], runs=2)
        last = history.series(conn, None, [date.today()])[0]
    label = f"{len(days)} years"
    return [
        row(f"yearly series, nation + every région ({label}, one query)", both, "ms",
            "today's summary + région table", today, "< 300 ms"),
        row(f"yearly series, nation + every région ({label})", both, "ms",
            f"one as-of national summary per year ({naive:.0f} ms)", naive),
        row(f"yearly series, one région (Île-de-France, {label})", region, "ms", "today's summary + région table",
            today),
        row("today's summary + région table (baseline)", today, "ms"),
        row("councils active today (series check)", last["councils_active"], "councils"),
    ]

if __name__ == "__main__":
    from bench.__main__ import print_rows

    print_rows(run(Settings().database_url))
