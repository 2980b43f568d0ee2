"""Personal data never leaves through a public door: every GET of the OpenAPI spec (and the public
POSTs), called anonymously with sample parameters, is searched for the private values of the
fixture councils' contacts; so are the logs of a write that carries contacts."""
import logging
import re

import pytest

from tests.auth_fixtures import BELFORT, PARIS, PRIVATE, api  # noqa: F401

V = "/api/v1"
SAMPLES = {  # parameter name -> sample value (path and query)
    "council_id": PARIS, "id": PARIS, "code": "11", "region": "11", "departement": "75", "commune": "75111",
    "layer": "councils", "z": "12", "x": "2074", "y": "1409", "level": "region", "lon": "2.38", "lat": "48.86",
    "q": "CLSM", "status": "actif", "format": "csv", "fmt": "csv", "by": "source", "limit": "1000",
    "qpv_code": "QN07511M",
    "bbox": "2.3,48.8,2.4,48.9", "zoom": "9", "top": "100",
}
LAYERS = ["communes", "qpv", "councils"]
PUBLIC_POSTS = {f"{V}/scenarios/coverage-gain": {"communes": ["75111", "90010"]}}


def needles() -> list[bytes]:
    values = [v for contact in PRIVATE.values() for v in contact]
    values += [re.sub(r"\D", "", v) for contact in PRIVATE.values() for v in contact[2:]]  # phone digits
    values += [contact[1].split("@")[0] for contact in PRIVATE.values()]
    return [v.encode() for v in values] + [v.encode("utf-16-le") for v in values]


def urls(spec: dict) -> list[str]:
    out = []
    for path, ops in spec["paths"].items():
        if "get" not in ops or path.endswith(("openapi.json", "/docs")):
            continue
        names = re.findall(r"{(\w+)}", path)
        variants = [{n: SAMPLES.get(n, "1") for n in names}]
        if "layer" in names:
            variants = [{**variants[0], "layer": layer} for layer in LAYERS]
        if "fmt" in names:
            variants = [{**variants[0], "fmt": fmt} for fmt in ("csv", "geojson", "gpkg")]
        if "level" in names:
            variants = [{**variants[0], "level": level} for level in ("regions", "departements")]
        query = [p["name"] for p in ops["get"].get("parameters", []) if p["in"] == "query"]
        for values in variants:
            url = path.format(**values)
            out.append(url)
            if query:
                sample = {**SAMPLES, "status": "couvert" if "qpv" in path else "actif"}
                out.append(url + "?" + "&".join(f"{n}={sample[n]}" for n in query if n in sample))
    return out


@pytest.fixture
def walked(api):
    spec = api.client.get(f"{V}/openapi.json").json()
    answers = {url: api.client.get(url) for url in urls(spec)}
    for path, body in PUBLIC_POSTS.items():
        if path in spec["paths"]:
            answers[path] = api.client.post(path, json=body)
    return answers


def test_no_public_answer_carries_personal_data(walked):
    assert len(walked) >= 10
    for url, answer in walked.items():
        # Without its query, a route with a required parameter answers 422 (lookup, search, in-view...).
        bare_required = "?" not in url and answer.status_code == 422
        assert answer.status_code in (200, 401) or bare_required or url.endswith("/lookup"), \
            (url, answer.status_code, answer.text[:300])
        for needle in needles():
            assert needle not in answer.content, f"{url} leaks {needle!r}"


def test_the_walk_reaches_data(walked):
    ok = [url for url, answer in walked.items() if answer.status_code == 200]
    assert f"{V}/health" in ok and f"{V}/sources" in ok
    # The private view exists and holds the values: the walk would find them if a door were open.
    assert walked[f"{V}/councils/{PARIS}/private"].status_code == 401


def test_private_view_holds_the_needles(api):
    answer = api.client.get(f"{V}/councils/{PARIS}/private", headers=api.headers("editor"))
    assert any(needle in answer.content for needle in needles())


def test_writes_with_contacts_leave_no_personal_data_in_logs(api, caplog):
    etag = api.client.get(f"{V}/councils/{BELFORT}/private", headers=api.headers("editor")).headers["ETag"]
    name, email, phone = PRIVATE[BELFORT]
    with caplog.at_level(logging.DEBUG):
        answer = api.client.patch(f"{V}/councils/{BELFORT}", headers=api.headers("editor", **{"If-Match": etag}),
                                  json={"contacts": [{"name": name, "email": email, "phone": phone}], "fte": 0.8})
        newer = {"If-Match": answer.headers["ETag"]}
        bad = api.client.patch(f"{V}/councils/{BELFORT}", headers=api.headers("editor", **newer),
                               json={"contacts": [{"name": name, "email": "not an email " + phone}]})
    assert answer.status_code == 200 and bad.status_code == 422
    assert phone not in bad.text  # validation errors name the field, never echo the value
    logged = caplog.text + " ".join(str(r.args) for r in caplog.records)
    for value in (name, email, phone):
        assert value not in logged
