"""`make bench`: runs every benchmark module on the national database, prints one table and
writes bench/results.md. Each module exposes run(database_url) -> rows (see bench/common.py).

`python -m bench MODULE…` runs some modules only: their rows replace theirs in bench/results.json,
the others keep the figures (and the date) of their last run, and results.md is written from it."""
import importlib
import json
import os
import platform
import sys
import traceback
from datetime import datetime, timezone
from pathlib import Path

from rich.console import Console
from rich.table import Table

from core.settings import get_settings

MODULES = ["geography_etl", "coverage_refresh", "coverage_series", "api_latency", "tiles", "throughput",
           "dashboard_render", "scale", "load"]
RESULTS = Path(__file__).parent / "results.md"
FINDINGS = Path(__file__).parent / "findings.md"  # hand-written: what profiles showed, what changed
STORE = Path(__file__).parent / "results.json"  # {module: {"measured_at", "machine", "rows"}}
COLUMNS = ["benchmark", "value", "unit", "baseline", "ratio", "goal"]


def print_rows(rows: list[dict]) -> None:
    table = Table(title="CLSM benchmarks")
    for column in COLUMNS:
        table.add_column(column, justify="right" if column in ("value", "ratio") else "left")
    for r in rows:
        table.add_row(*("" if r.get(c) is None else str(r[c]) for c in COLUMNS))
    Console(width=180).print(table)


def machine() -> str:
    return f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"


def write_markdown(store: dict, failures: list[str]) -> None:
    lines = [
        "# Benchmark results",
        "",
        "Ratios divide our figure by the baseline measured in the same run (below 1: ours is faster). The "
        "anonymous rate limit is off during the benchmarks (it would answer 429 to the load). Each section "
        "gives when and where its module last ran (`python -m bench MODULE` reruns one).",
    ]
    for name in [m for m in MODULES if m in store] + [m for m in store if m not in MODULES]:
        entry = store[name]
        lines += ["", f"## {name}", "", f"Measured {entry['measured_at']} on {entry['machine']}.", "",
                  "| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
        lines += ["| " + " | ".join("" if r.get(c) is None else str(r[c]).replace("|", "\\|") for c in COLUMNS)
                  + " |" for r in entry["rows"]]
    if failures:
        lines += ["", "Not measured in the last run:", ""] + [f"- {f}" for f in failures]
    if FINDINGS.is_file():
        lines += ["", FINDINGS.read_text(encoding="utf-8").rstrip()]
    RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")


def save(results: dict[str, list[dict]]) -> dict:
    store = json.loads(STORE.read_text(encoding="utf-8")) if STORE.is_file() else {}
    stamp = f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC"
    for name, rows in results.items():
        store[name] = {"measured_at": stamp, "machine": machine(), "rows": rows}
    STORE.write_text(json.dumps(store, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return store


def main(selected: list[str]) -> int:
    url = get_settings().database_url
    results, failures = {}, []
    for name in selected or MODULES:
        try:
            module = importlib.import_module(f"bench.{name}")
        except ModuleNotFoundError:
            failures.append(f"{name}: module not present")
            continue
        try:
            results[name] = module.run(url)
        except Exception as exc:  # one broken benchmark must not hide the others
            traceback.print_exc()
            failures.append(f"{name}: {type(exc).__name__}: {exc}")
    print_rows([r for rows in results.values() for r in rows])
    for failure in failures:
        print("not measured:", failure)
    write_markdown(save(results), failures)
    return 1 if failures and not results else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
