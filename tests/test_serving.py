"""`make run`'s servers for real (uvicorn workers, gunicorn) behind the real nginx of deploy/:
visitor addresses forwarded, limits per visitor across workers, one key for every worker, caching
by ETag, compression, request size limits."""
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from bench.stack import start_stack
from tests.api_fixtures import api_register  # noqa: F401 (fixture)
from tests.auth_fixtures import PASSWORD, ensure_users

API_LIMIT = 40


@pytest.fixture(scope="module")
def stack(api_register):
    ensure_users(api_register.database_url)
    running = start_stack(api_register, CLSM_WORKERS="2", CLSM_DASHBOARD_WORKERS="2", CLSM_DASHBOARD_THREADS="4",
                          CLSM_RATE_LIMIT_PER_MINUTE=str(API_LIMIT), CLSM_DASHBOARD_RATE_LIMIT_PER_MINUTE="1000")
    with httpx.Client(base_url=running.url, timeout=60) as client:
        yield running, client
    running.stop()


def visitor(n: int) -> dict:
    return {"X-Forwarded-For": f"198.51.100.{n}"}


def test_the_dashboard_and_the_api_are_served_through_the_proxy(stack):
    _, client = stack
    page = client.get("/", headers=visitor(1))
    assert page.status_code == 200 and "_dash-config" in page.text
    assert "frame-ancestors 'none'" in page.headers["Content-Security-Policy"]
    assert "gunicorn" not in page.headers.get("server", "") and "nginx/" not in page.headers.get("server", "")
    assert client.get("/api/v1/health", headers=visitor(1)).json()["status"] == "ok"
    docs = client.get("/docs", headers=visitor(1))
    assert docs.status_code == 200 and client.get("/docs/assets/swagger-ui.css").status_code == 200
    missing = client.get("/api/v1/nowhere", headers=visitor(1))
    assert missing.status_code == 404 and missing.headers["content-type"] == "application/problem+json"


def test_a_token_is_valid_on_every_worker(stack):
    _, client = stack
    token = client.post("/api/v1/auth/token", data={"username": "editor", "password": PASSWORD},
                        headers=visitor(2)).json()["access_token"]
    codes = {client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"}).status_code
             for _ in range(30)}
    assert codes == {200}


def test_one_abusive_visitor_is_throttled_the_others_are_not(stack):
    _, client = stack
    for address in (66, 70):  # fixed one-minute windows: a burst across a minute's end counts in two
        window = int(time.time() // 60)
        codes = [client.get("/api/v1/coverage/summary", headers=visitor(address)).status_code
                 for _ in range(API_LIMIT + 5)]
        if int(time.time() // 60) == window:
            break
    assert codes.count(200) == API_LIMIT and codes[-1] == 429  # counted once across both workers
    assert all(client.get("/api/v1/coverage/summary", headers=visitor(67)).status_code == 200 for _ in range(5))


def test_layers_are_cached_by_the_proxy_and_compressed(stack):
    _, client = stack
    first = client.get("/api/v1/layers/departements.geojson", headers={**visitor(3), "Accept-Encoding": "gzip"})
    second = client.get("/api/v1/layers/departements.geojson", headers={**visitor(3), "Accept-Encoding": "gzip"})
    assert first.status_code == second.status_code == 200 and second.headers["X-Cache-Status"] == "HIT"
    assert second.headers["Content-Encoding"] == "gzip" and second.headers["ETag"] == first.headers["ETag"]
    signed = client.get("/api/v1/layers/departements.geojson", headers={**visitor(3), "Authorization": "Bearer x"})
    assert signed.headers["X-Cache-Status"] == "BYPASS"
    script = next(s for s in client.get("/", headers=visitor(3)).text.split('"') if s.endswith(".js") and "dash" in s)
    client.get(script)
    assert client.get(script).headers["X-Cache-Status"] == "HIT"


def test_request_bodies_over_the_limit_are_refused_by_the_proxy(stack):
    _, client = stack
    too_big = client.post("/api/v1/auth/token", content=b"x" * (2 * 1024 * 1024), headers=visitor(4))
    assert too_big.status_code == 413


def test_a_flood_from_one_address_is_refused_by_the_proxy_not_the_others(stack):
    _, client = stack
    with ThreadPoolExecutor(16) as pool:  # far over 20 a second with a burst of 100
        answers = list(pool.map(lambda _: client.get("/_favicon.ico", headers=visitor(68)), range(300)))
    refused = [a for a in answers if a.status_code == 429]
    assert refused and all(a.headers["Retry-After"] == "1" for a in refused)
    assert refused[0].headers["content-type"] == "application/problem+json"
    assert client.get("/_favicon.ico", headers=visitor(69)).status_code == 200
