"""Benchmark: one register write through the API, end to end (auth, If-Match, write, audit row,
incremental coverage refresh, commit), on the national database: status round trips
(actif -> en_sommeil -> actif: coverage moves both ways) and a field edit, on two active councils
of each size fifth. Baseline: the same write followed by a full coverage refresh.

It writes (status history entries, audit rows, a user 'bench-editor'): run it on a copy, e.g.
``createdb -T clsm clsm_bench; DATABASE_URL=.../clsm_bench python -m bench.register_edit``."""
import statistics
import time

from fastapi.testclient import TestClient

from api.app import create_app
from bench.coverage_refresh import SAMPLE_COUNCILS
from core.db import raw_connection
from core.security import create_access_token, hash_password
from core.settings import Settings
from etl.coverage import refresh_coverage

USER = "bench-editor"


def _token(settings: Settings) -> str:
    with raw_connection(settings.database_url, autocommit=True) as conn:
        generation = conn.execute(
            "INSERT INTO auth.user (username, password_hash, role) VALUES (%s, %s, 'editor') ON CONFLICT (username) "
            "DO UPDATE SET disabled = false RETURNING token_generation",
            (USER, hash_password("bench " * 4))).fetchone()[0]
        councils = [r[0] for r in conn.execute(SAMPLE_COUNCILS)]
    return create_access_token(settings, USER, generation), councils


def _write(client, headers, council_id, method, path, body) -> float:
    etag = client.get(f"/api/v1/councils/{council_id}/private", headers=headers).headers["ETag"]
    started = time.perf_counter()
    answer = client.request(method, path, json=body, headers={**headers, "If-Match": etag})
    elapsed = (time.perf_counter() - started) * 1000
    assert answer.status_code == 200, answer.text
    return elapsed


def run(settings: Settings | None = None) -> dict:
    settings = (settings or Settings()).model_copy(update={"rate_limit_per_minute": 0})
    token, councils = _token(settings)
    client, headers = TestClient(create_app(settings)), {"Authorization": f"Bearer {token}"}
    status, edit = [], []
    for cid in councils:
        for new in ("en_sommeil", "actif"):
            status.append(_write(client, headers, cid, "POST", f"/api/v1/councils/{cid}/status",
                                 {"status": new, "from_date": "2099-01-01", "note": "benchmark"}))
        edit.append(_write(client, headers, cid, "PATCH", f"/api/v1/councils/{cid}", {"themes": ["benchmark"]}))
    full = []
    for _ in range(3):
        started = time.perf_counter()
        refresh_coverage(settings.database_url)
        full.append((time.perf_counter() - started) * 1000)
    p95 = lambda xs: sorted(xs)[max(0, round(0.95 * len(xs)) - 1)]  # noqa: E731
    return {"councils": len(councils), "status_median_ms": statistics.median(status), "status_p95_ms": p95(status),
            "status_max_ms": max(status), "edit_median_ms": statistics.median(edit), "edit_max_ms": max(edit),
            "full_refresh_median_ms": statistics.median(full)}


if __name__ == "__main__":
    for key, value in run().items():
        print(f"{key:24} {value:10.1f}" if isinstance(value, float) else f"{key:24} {value:>10}")
