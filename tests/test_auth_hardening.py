"""Security headers, CORS from settings, anonymous rate limit, request size limit."""
from fastapi.testclient import TestClient

from api.app import create_app
from tests.auth_fixtures import api  # noqa: F401

HEALTH = "/api/v1/health"


def test_security_headers_on_every_answer_even_errors(api):
    for answer in (api.client.get(HEALTH), api.client.get("/api/v1/auth/me"), api.client.get("/nowhere")):
        assert answer.headers["X-Content-Type-Options"] == "nosniff"
        assert answer.headers["X-Frame-Options"] == "DENY"
        assert answer.headers["Content-Security-Policy"] == "frame-ancestors 'none'"
        assert answer.headers["Referrer-Policy"] == "no-referrer"


def test_cors_allows_the_configured_origins_only(geography):
    client = TestClient(create_app(geography.model_copy(update={"cors_origins": ["https://carte.example.fr"]})))
    preflight = {"Access-Control-Request-Method": "PATCH", "Access-Control-Request-Headers": "authorization,if-match"}
    ok = client.options(HEALTH, headers={"Origin": "https://carte.example.fr", **preflight})
    assert ok.status_code == 200 and ok.headers["access-control-allow-origin"] == "https://carte.example.fr"
    assert "if-match" in ok.headers["access-control-allow-headers"].lower()
    other = client.get(HEALTH, headers={"Origin": "https://evil.example.com"})
    assert "access-control-allow-origin" not in other.headers
    assert "access-control-allow-origin" not in TestClient(create_app(geography)).get(
        HEALTH, headers={"Origin": "https://carte.example.fr"}).headers


def test_anonymous_rate_limit_per_address_but_not_for_logged_in_users(api):
    client = TestClient(create_app(api.settings.model_copy(update={"rate_limit_per_minute": 3})))
    codes = [client.get(HEALTH).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    limited = client.get(HEALTH)
    assert int(limited.headers["Retry-After"]) <= 60 and limited.headers["X-Frame-Options"] == "DENY"
    assert client.get(HEALTH, headers={"Authorization": "Bearer forged"}).status_code == 429
    assert client.get(HEALTH, headers=api.headers("ars_idf")).status_code == 200


def test_request_body_over_the_limit_is_413_before_reading(api):
    client = TestClient(create_app(api.settings.model_copy(update={"max_upload_bytes": 2048})))
    big = b"x" * (2048 + 70 * 1024)
    answer = client.post("/api/v1/register/imports", headers=api.headers("editor"),
                         files={"file": ("register.csv", big, "text/csv")})
    assert answer.status_code == 413


def test_chunked_body_over_the_limit_is_413(api):
    client = TestClient(create_app(api.settings.model_copy(update={"max_upload_bytes": 2048})))

    def chunks():
        for _ in range(100):
            yield b"y" * 4096

    answer = client.post("/api/v1/auth/token", content=chunks(),
                         headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert answer.status_code == 413
