"""API latency p50/p95 on the national data, in-process and over loopback, against /health in the
same run (the framework plus one trivial query): the ratio is what our queries cost on top."""
import time

import httpx
from fastapi.testclient import TestClient

from api.app import create_app
from bench.common import percentile, row
from bench.live import serve_api
from core.settings import Settings

N = 40
ENDPOINTS = {
    "summary (national)": ("/api/v1/coverage/summary", "p95 < 10 ms"),
    "summary (région 11)": ("/api/v1/coverage/summary?level=region&code=11", "p95 < 10 ms"),
    "régions table": ("/api/v1/coverage/regions", "p95 < 20 ms"),
    "yearly series (national)": ("/api/v1/coverage/series", "p95 < 100 ms"),
    "yearly series (every région)": ("/api/v1/coverage/series?level=region", "p95 < 100 ms"),
    "priority ranking": ("/api/v1/qpv/priority?limit=50", "< 100 ms"),
    "priority, custom weights": ("/api/v1/qpv/priority?limit=50&w_population=2&w_distance=0.5", "< 100 ms"),
    "lookup (point)": ("/api/v1/lookup?lon=3.1746&lat=50.6942", "< 30 ms"),
    "lookup (commune)": ("/api/v1/lookup?commune=13055", "< 30 ms"),
    "councils list": ("/api/v1/councils?limit=50&region=11", ""),
    "councils search": ("/api/v1/councils?q=saint", ""),
    "council detail": ("/api/v1/councils/CLSM-0010", ""),
    "export councils.csv": ("/api/v1/exports/councils.csv", ""),
    "layer councils.geojson": ("/api/v1/layers/councils.geojson", ""),
}


def _timings(get, path: str) -> list[float]:
    get(path)  # warm the pool and the plan cache
    samples = []
    for _ in range(N):
        start = time.perf_counter()
        response = get(path)
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    return samples


def _measure(mode: str, get) -> list[dict]:
    health = percentile(_timings(get, "/api/v1/health"), 95)
    rows = [row(f"API {mode}: /health p95 (baseline)", health, "ms")]
    for name, (path, goal) in ENDPOINTS.items():
        samples = _timings(get, path)
        p50, p95 = percentile(samples, 50), percentile(samples, 95)
        rows.append(row(f"API {mode}: {name} p95 (p50 {p50:.1f} ms)", p95, "ms", f"/health p95 {health:.1f} ms",
                        health, goal))
    return rows


def run(database_url: str) -> list[dict]:
    """Cold: the response cache off, every answer computed in PostGIS. Warm: the cache on (the
    normal setting), answers served from memory after the first."""
    cold = Settings(database_url=database_url, response_cache=False, rate_limit_per_minute=0)
    rows = _measure("in-process cold", TestClient(create_app(cold)).get)
    warm = Settings(database_url=database_url, rate_limit_per_minute=0)
    for label, settings in (("loopback cold", cold), ("loopback warm", warm)):
        url, stop = serve_api(settings)
        try:
            with httpx.Client(base_url=url, timeout=30) as client:
                rows += _measure(label, client.get)
        finally:
            stop()
    return rows


if __name__ == "__main__":
    from bench.__main__ import print_rows
    from core.settings import get_settings

    print_rows(run(get_settings().database_url))
