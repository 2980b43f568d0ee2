"""`make bench`: runs every benchmark module on the national database, prints one table and
writes bench/results.md. Each module exposes run(database_url) -> rows (see bench/common.py)."""
import importlib
import os
import platform
import sys
import traceback
from datetime import datetime, timezone
from pathlib import Path

from rich.console import Console
from rich.table import Table

from core.settings import get_settings

MODULES = ["geography_etl", "coverage_refresh", "api_latency", "tiles", "throughput", "dashboard_render"]
RESULTS = Path(__file__).parent / "results.md"
COLUMNS = ["benchmark", "value", "unit", "baseline", "ratio", "goal"]


def print_rows(rows: list[dict]) -> None:
    table = Table(title="CLSM benchmarks")
    for column in COLUMNS:
        table.add_column(column, justify="right" if column in ("value", "ratio") else "left")
    for r in rows:
        table.add_row(*("" if r.get(c) is None else str(r[c]) for c in COLUMNS))
    Console(width=180).print(table)


def write_markdown(rows: list[dict], failures: list[str]) -> None:
    lines = [
        "# Benchmark results",
        "",
        f"Measured {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC on {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}. Ratios divide our figure by the baseline measured in the same run.",
        "",
        "| " + " | ".join(COLUMNS) + " |",
        "|" + "---|" * len(COLUMNS),
    ]
    lines += ["| " + " | ".join("" if r.get(c) is None else str(r[c]) for c in COLUMNS) + " |" for r in rows]
    if failures:
        lines += ["", "Not measured in this run:", ""] + [f"- {f}" for f in failures]
    RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(selected: list[str]) -> int:
    url = get_settings().database_url
    rows, failures = [], []
    for name in selected or MODULES:
        try:
            module = importlib.import_module(f"bench.{name}")
        except ModuleNotFoundError:
            failures.append(f"{name}: module not present")
            continue
        try:
            rows += module.run(url)
        except Exception as exc:  # one broken benchmark must not hide the others
            traceback.print_exc()
            failures.append(f"{name}: {type(exc).__name__}: {exc}")
    print_rows(rows)
    for failure in failures:
        print("not measured:", failure)
    write_markdown(rows, failures)
    return 1 if failures and not rows else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
