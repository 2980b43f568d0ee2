from fastapi.testclient import TestClient

from api.app import create_app


def test_health_reports_version_and_sources(geography):
    client = TestClient(create_app(geography))
    body = client.get("/api/v1/health").json()
    assert body["status"] == "ok" and len(body["data_version"]) == 12
    assert any(s["name"] == "QPV 2024 contours" for s in body["sources"])
