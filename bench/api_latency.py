"""API latency (p50/p95) on the national database, in-process and over loopback.

Baselines measured in the same run: the raw `SELECT 1` round trip through the same connection
pool (what any database-backed answer costs at least) and a 304 answer to a conditional GET
(the framework, the middleware and the cached data version, no query). Ratios divide our p95 by
the `SELECT 1` p95. Also measures the data-version read that the middleware caches for a second.
The API caches answers in process by ETag, so repeated requests are cache hits: "cold" rows run
with that cache switched off (every request runs its SQL), "cached" rows with it on.
Run alone: `python -m bench.api_latency` (DATABASE_URL or CLSM_DATABASE_URL)."""
import threading
import time
from collections.abc import Callable

import httpx
import uvicorn
from fastapi.testclient import TestClient
from sqlalchemy import text

from api.app import create_app
from bench.common import percentile, row
from core.db import get_engine
from core.settings import Settings

N = 40
ENDPOINTS = {
    "summary (national)": ("/api/v1/coverage/summary", 20),
    "summary (région 11)": ("/api/v1/coverage/summary?level=region&code=11", 20),
    "régions table": ("/api/v1/coverage/regions", None),
    "priority ranking": ("/api/v1/qpv/priority?limit=50", 100),
    "priority, custom weights": ("/api/v1/qpv/priority?limit=50&w_population=2&w_distance=0.5", 100),
    "lookup (point, Lille)": ("/api/v1/lookup?lon=3.0573&lat=50.6292", 30),
    "lookup (commune 13055)": ("/api/v1/lookup?commune=13055", 30),
    "councils list (région 11)": ("/api/v1/councils?limit=50&region=11", None),
    "councils search q=saint": ("/api/v1/councils?q=saint", None),
    "council detail": ("/api/v1/councils/CLSM-0010", None),
    "layer councils.geojson": ("/api/v1/layers/councils.geojson", None),
    "tile communes z8": ("/api/v1/tiles/communes/8/129/88.pbf", None),
}


def _samples(call: Callable[[], object]) -> list[float]:
    call()  # warm the pool and the plan cache
    samples = []
    for _ in range(N):
        start = time.perf_counter()
        call()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def _get(client, path: str, **headers) -> Callable[[], object]:
    def call():
        response = client.get(path, headers=headers)
        assert response.status_code in (200, 304), (path, response.status_code)
        return response
    return call


def _database_baselines(settings: Settings) -> tuple[float, list[dict]]:
    engine = get_engine(settings.database_url)

    def query(sql: str):
        def call():
            with engine.connect() as conn:
                conn.execute(text(sql)).all()
        return call

    select1 = percentile(_samples(query("SELECT 1")), 95)
    version = percentile(_samples(query("SELECT version, EXISTS (SELECT 1 FROM register.council WHERE demo) "
                                        "FROM meta.data_version")), 95)
    return select1, [row("DB: SELECT 1 round trip p95 (baseline)", select1, "ms"),
                     row("DB: data version + demo flag read p95 (cached 1 s by the API)", version, "ms",
                         f"SELECT 1 p95 {select1:.2f} ms", select1)]


def _measure(mode: str, client, select1: float) -> list[dict]:
    path = ENDPOINTS["summary (national)"][0]
    etag = client.get(path).headers["etag"]
    not_modified = percentile(_samples(_get(client, path, **{"If-None-Match": etag})), 95)
    rows = [row(f"API {mode}: 304 conditional GET p95 (no query)", not_modified, "ms",
                f"SELECT 1 p95 {select1:.2f} ms", select1)]
    for name, (path, goal_ms) in ENDPOINTS.items():
        samples = _samples(_get(client, path))
        p50, p95 = percentile(samples, 50), percentile(samples, 95)
        size = len(client.get(path).content)
        rows.append(row(f"API {mode}: {name} p95 (p50 {p50:.1f} ms, {size / 1024:.0f} KiB)", p95, "ms",
                        f"SELECT 1 p95 {select1:.2f} ms", select1, f"p95 < {goal_ms} ms" if goal_ms else ""))
    return rows


def _serve(settings: Settings) -> tuple[uvicorn.Server, threading.Thread, str]:
    server = uvicorn.Server(uvicorn.Config(create_app(settings), host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    return server, thread, f"http://127.0.0.1:{port}"


def _uncached_app(settings: Settings):
    app = create_app(settings)
    app.state.response_cache = None
    return app


def run(database_url: str) -> list[dict]:
    settings = Settings(database_url=database_url)
    select1, rows = _database_baselines(settings)
    with TestClient(_uncached_app(settings)) as client:
        rows += _measure("in-process cold", client, select1)
    with TestClient(create_app(settings)) as client:
        rows += _measure("in-process cached", client, select1)
    server, thread, url = _serve(settings)
    try:
        with httpx.Client(base_url=url, timeout=30) as client:
            rows += _measure("loopback cached", client, select1)
    finally:
        server.should_exit = True
        thread.join(5)
    return rows


if __name__ == "__main__":
    from core.settings import get_settings

    for r in run(get_settings().database_url):
        print(f"{r['benchmark']:<82} {r['value']:>9} {r['unit']:<3} ratio {r['ratio']!s:>6}  {r['goal']}")
