"""No public answer ever contains personal data: every GET route of the OpenAPI, with sample
parameters, and every export, searched for the fixture coordinator's private values."""
import re

from tests.api_fixtures import PRIVATE, api_register, client  # noqa: F401 (fixtures)

SAMPLES = {"council_id": "CLSM-BEL", "fmt": "csv", "layer": "councils", "z": "12", "x": "2126", "y": "1430",
           "level": "regions", "qpv_code": "QN09001I"}
QUERIES = {"/api/v1/lookup": {"lon": 6.8628, "lat": 47.6386}, "/api/v1/search": {"q": "CLSM test"},
           "/api/v1/in-view": {"bbox": "6.75,47.55,7.05,47.75"},
           "/api/v1/places/contours.geojson": {"bbox": "6.8,47.6,6.9,47.7"},
           "/api/v1/layers/picture.svg": {"bbox": "-5.2,41.3,9.6,51.15", "zoom": 5.5}}


def public_urls(client) -> list[str]:
    spec = client.get("/api/v1/openapi.json").json()
    urls = []
    for path, ops in spec["paths"].items():
        if "get" not in ops or ops["get"].get("security"):  # protected: tests/test_auth_roles.py
            continue
        url = re.sub(r"\{(\w+)\}", lambda m: SAMPLES[m.group(1)], path)
        urls.append(url)
        if "{fmt}" in path:
            urls += [url.replace(".csv", ".geojson"), url.replace(".csv", ".gpkg")]
    return urls


def test_no_personal_data_in_any_public_answer(client):
    urls = public_urls(client)
    assert len(urls) > 20
    secrets = [v.encode() for v in PRIVATE.values()] + [b"Secretnom", b"zebulon"]
    for url in urls:
        response = client.get(url, params=QUERIES.get(url, {}))
        assert response.status_code == 200, (url, response.text[:200])
        for secret in secrets:
            assert secret not in response.content, (url, secret)
    posted = client.post("/api/v1/scenarios/coverage-gain", json={"communes": ["90010"]})
    assert all(s not in posted.content for s in secrets)


def test_contact_was_stored(db):
    # The test above means something only if the private values are in the database.
    assert db.execute("SELECT email FROM register.contact WHERE council_id = 'CLSM-BEL'").fetchone()[0] == \
        PRIVATE["coordinateur_email"]
