"""The project-local cluster as scripts/db.sh starts it keeps acknowledged writes through a crash
(kill -9 of every server process), and `db.sh backup` / `db.sh restore` round-trip a database."""
import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg
import pytest

from bench.live import free_port
from core.settings import PROJECT_ROOT
from tests.conftest import migrate

DB_SH = PROJECT_ROOT / "scripts" / "db.sh"


@pytest.fixture(scope="module")
def cluster():
    """A cluster of its own, started by the real script with its real settings."""
    home = Path(tempfile.mkdtemp(prefix="clsm-durability-"))
    if os.geteuid() == 0:
        shutil.chown(home, "postgres")
    env = {**os.environ, "CLSM_PGDATA": str(home / "data"), "CLSM_PGSOCK": str(home / "sock"),
           "CLSM_PGPORT": str(free_port()), "CLSM_PGDATABASE": "durability", "CLSM_PG_SHARED_BUFFERS": "32MB"}
    env.pop("DATABASE_URL", None), env.pop("CLSM_DATABASE_URL", None)

    def db_sh(*args: str) -> str:
        done = subprocess.run(["bash", str(DB_SH), *args], env=env, capture_output=True, text=True, cwd=home)
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    db_sh("start")
    env["dsn"] = f"host=127.0.0.1 port={env['CLSM_PGPORT']} user=postgres dbname=durability"
    try:
        yield env, db_sh, home
    finally:
        subprocess.run(["bash", str(DB_SH), "remove"], env=env, capture_output=True)
        shutil.rmtree(home, ignore_errors=True)


def crash(data_dir: str) -> None:
    """Power cut, as near as a process can get: SIGKILL to the postmaster and every child at once,
    so nothing still in shared memory (WAL buffers) reaches the disk afterwards."""
    postmaster = int(Path(data_dir, "postmaster.pid").read_text().split()[0])
    children = subprocess.run(["ps", "-o", "pid=", "--ppid", str(postmaster)], capture_output=True, text=True)
    pids = [postmaster, *map(int, children.stdout.split())]
    for pid in pids:
        os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 20
    while any(Path(f"/proc/{pid}").exists() for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.1)  # until reaped: pg_ctl would still see a "running" server


def test_acknowledged_writes_survive_a_crash(cluster):
    env, db_sh, _ = cluster
    with psycopg.connect(env["dsn"], autocommit=True) as conn:
        for setting in ("fsync", "synchronous_commit", "full_page_writes"):
            assert conn.execute(f"SHOW {setting}").fetchone()[0] == "on"
        conn.execute("CREATE TABLE edits (n int PRIMARY KEY, note text)")
        for n in range(300):  # each INSERT is committed and acknowledged before the next
            conn.execute("INSERT INTO edits VALUES (%s, repeat('x', 500))", (n,))
        crash(env["CLSM_PGDATA"])
    db_sh("start")  # crash recovery replays the WAL
    with psycopg.connect(env["dsn"]) as conn:
        assert conn.execute("SELECT count(*), max(n) FROM edits").fetchone() == (300, 299)


def test_backup_then_checked_restore_swaps_the_database_in_and_keeps_the_old_one(cluster):
    env, db_sh, home = cluster
    url = f"postgresql+psycopg://postgres@127.0.0.1:{env['CLSM_PGPORT']}/durability"
    migrate(url)
    with psycopg.connect(env["dsn"], autocommit=True) as conn:
        conn.execute("INSERT INTO auth.user (username, password_hash, role) VALUES ('kept', 'x', 'admin')")
    dump = home / "backups" / "durability.dump"
    assert "backup written" in db_sh("backup", str(dump))
    with psycopg.connect(env["dsn"], autocommit=True) as conn:
        conn.execute("DELETE FROM auth.user")
    (home / "broken.dump").write_bytes(b"not an archive")
    with pytest.raises(AssertionError, match="not a pg_dump"):
        db_sh("restore", str(home / "broken.dump"))
    out = db_sh("restore", str(dump))
    assert "previous database kept as durability_before_restore_" in out
    with psycopg.connect(env["dsn"]) as conn:
        assert conn.execute("SELECT username FROM auth.user").fetchall() == [("kept",)]
