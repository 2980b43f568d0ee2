"""The priority ranking and the uncovered counts on the national data with the demonstration
register (the issue's acceptance figures; docs/coverage.md)."""
from fastapi.testclient import TestClient

from api.app import create_app
from core.settings import Settings


def test_default_top_100_is_complete_and_within_its_territory(demo, national_url):
    client = TestClient(create_app(Settings(database_url=national_url)))
    get = lambda path, **params: client.get("/api/v1" + path, params=params).json()  # noqa: E731
    top = get("/qpv/priority", limit=100)["items"]
    assert len(top) == 100 and all(r["completeness"] == "complete" and not r["missing"] for r in top)
    assert all(r["population"] is not None and r["taux_pauvrete_60"] is not None for r in top)
    assert all(r["distance_km"] is None or r["distance_km"] < 1000 for r in top)
    assert all(r["region_code"] for r in top)
    layer = get("/layers/qpv.geojson", as_points="true", priority_top=100)["features"]
    assert {f["id"] for f in layer} == {r["code"] for r in top}  # the map's 100 rings are these QPV
    summary = get("/coverage/summary")["qpv"]
    regions = get("/coverage/regions")
    assert summary["outside_ars"]["count"] == regions["qpv_apart"]["outside_ars"]["total"] == 88  # Polynesia
    assert sum(r["qpv_uncovered"] for r in regions["items"]) == summary["uncovered"]["count"] \
        == get("/qpv/priority", limit=1)["total"]
    saint_martin = get("/qpv", region="01", limit=1000)["items"]
    assert sum(q["code"].startswith("QN978") for q in saint_martin) == 3  # ARS de Guadeloupe
