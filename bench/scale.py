"""The register-dependent benchmarks again with a register ten times larger, against the same
benchmarks on today's register in the same run: the ratio column is how each figure grows.

The 10× register is the demonstration register repeated ten times under new ids (same territories,
statuses, history and funding): councils, council-commune links and the councils per commune grow
tenfold, the area covered does not. Both registers are loaded into throwaway copies of the national
database by the real importer. Figures that do not depend on the register (geography ETL, cached
throughput) are not repeated."""
import csv
import importlib
import time
from pathlib import Path
from tempfile import TemporaryDirectory

import psycopg
from sqlalchemy import make_url

from bench.common import row, scratch_database
from core.db import get_engine, psycopg_dsn
from etl.coverage import refresh_coverage
from etl.demo_register import write_demo_register
from etl.register import import_register

FACTOR = 10
MODULES = ["coverage_refresh", "coverage_series", "api_latency", "dashboard_render"]


def replicate(source: Path, target: Path, factor: int = FACTOR) -> int:
    """Copy k keeps the original id (the latency benchmark asks for CLSM-0010); the others get '-Rk'."""
    with source.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    header, body = rows[0], rows[1:]
    ident, name = header.index("identifiant"), header.index("nom")
    with target.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\n")
        writer.writerow(header)
        for k in range(factor):
            for cells in body:
                cells = list(cells)
                if k:
                    cells[ident] = f"{cells[ident]}-R{k}"
                    cells[name] = f"{cells[name]} (réplique {k})"
                writer.writerow(cells)
    return len(body) * factor


def _template_name(database_url: str) -> str:
    """CREATE DATABASE … TEMPLATE needs the template to have no other session: close our pool."""
    get_engine(database_url).dispose()
    return make_url(database_url).database


def _import(url: str, path: Path) -> float:
    start = time.perf_counter()
    import_register(url, path, replace=True)
    refresh_coverage(url)
    return (time.perf_counter() - start) * 1000


def _councils(url: str) -> int:
    with psycopg.connect(psycopg_dsn(url)) as conn:
        return conn.execute("SELECT count(*) FROM register.council").fetchone()[0]


def run(database_url: str) -> list[dict]:
    template = _template_name(database_url)
    rows = []
    with TemporaryDirectory() as tmp, scratch_database(database_url, template) as one, \
            scratch_database(database_url, template) as ten:
        demo, big = Path(tmp) / "demo.csv", Path(tmp) / "demo_x10.csv"
        write_demo_register(database_url, demo)
        replicate(demo, big)
        one_ms, ten_ms = _import(one, demo), _import(ten, big)
        n_one, n_ten = _councils(one), _councils(ten)
        rows.append(row(f"×{FACTOR} register: import + full coverage refresh ({n_ten} councils)", ten_ms, "ms",
                        f"{n_one} councils: {one_ms:.0f} ms", one_ms, "grows at most linearly"))
        for name in MODULES:
            module = importlib.import_module(f"bench.{name}")
            base, scaled = module.run(one), module.run(ten)
            for b, s in zip(base, scaled):
                if not isinstance(s.get("value"), (int, float)) or not b.get("value"):
                    continue
                rows.append(row(f"×{FACTOR} register: {s['benchmark']}", s["value"], s["unit"],
                                f"{n_one} councils: {b['value']} {b['unit']}", b["value"], s.get("goal", "")))
    return rows


if __name__ == "__main__":
    from bench.__main__ import print_rows
    from core.settings import get_settings

    print_rows(run(get_settings().database_url))
