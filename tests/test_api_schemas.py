"""Every field a JSON answer carries is described by api/schemas.py (the models allow extra
fields so none is ever dropped: this test is what keeps the OpenAPI complete)."""
from pydantic import BaseModel

from api import schemas, schemas_history
from tests.api_fixtures import api_register, client  # noqa: F401 (fixtures)

API = "/api/v1"
ANSWERS = {
    "/sources": schemas.Sources,
    "/coverage/summary": schemas.CoverageSummary,
    "/coverage/summary?level=departement&code=90": schemas.CoverageSummary,
    "/coverage/regions": schemas.AreaCoverageList,
    "/coverage/departements?region=11": schemas.AreaCoverageList,
    "/councils": schemas.CouncilList,
    "/councils/CLSM-BEL": schemas.CouncilDetail,
    "/councils/CLSM-SUD": schemas.CouncilDetail,
    "/qpv": schemas.QpvList,
    "/qpv/priority": schemas.PriorityList,
    "/lookup?lon=2.3522&lat=48.8400": schemas.Lookup,
    "/lookup?lon=6.8628&lat=47.6386": schemas.Lookup,
    "/lookup?commune=75056": schemas.Lookup,
    "/funding/summary": schemas.FundingSummary,
    "/funding/summary?by=region": schemas.FundingSummary,
    "/fte/summary": schemas.FteSummary,
    "/stats/created-per-year": schemas.CreatedPerYear,
    "/coverage/regions?as_of=2021-06-01": schemas.AreaCoverageList,
    "/coverage/history/summary?as_of=2021-06-01": schemas_history.HistorySummary,
    "/coverage/history/summary?level=departement&code=90": schemas_history.HistorySummary,
    "/coverage/history/regions?as_of=2017-01-01": schemas_history.HistoryRegions,
    "/coverage/history/qpv": schemas_history.HistoryQpvList,
    "/coverage/series": schemas_history.Series,
    "/coverage/series?level=region": schemas_history.Series,
    "/coverage/series?level=region&code=27": schemas_history.Series,
    "/coverage/density": schemas_history.DensityCoverage,
    "/coverage/density/regions": schemas_history.DensityRegionList,
    "/councils/rural-reach": schemas_history.RuralReachList,
    "/epci/uncovered-rural": schemas_history.UncoveredEpciList,
}
DOCUMENTED_TAGS = {"coverage", "coverage history", "rural coverage"}  # every JSON GET route there has a model


def undescribed(value, where: str = "") -> list[str]:
    """Paths of fields the models accepted as extra, anywhere in the answer."""
    found = []
    if isinstance(value, BaseModel):
        found += [f"{where}.{name}" for name in (value.model_extra or {})]
        for name in type(value).model_fields:
            found += undescribed(getattr(value, name), f"{where}.{name}")
    elif isinstance(value, list):
        for item in value:
            found += undescribed(item, f"{where}[]")
    return found


def test_undescribed_fields_are_found():
    answer = {"items": [{"year": 2020, "created": 1, "secret": 1}], "total": 1, "data_version": "v",
              "demo_data": False}
    assert undescribed(schemas.CreatedPerYear.model_validate(answer)) == [".items[].secret"]


def test_every_field_is_described(client):
    missing = []
    for path, model in ANSWERS.items():
        response = client.get(API + path)
        assert response.status_code == 200, (path, response.text[:200])
        missing += [path + ": " + p for p in undescribed(model.model_validate(response.json()))]
    gain = client.post(API + "/scenarios/coverage-gain", json={"communes": ["90010", "75113"]}).json()
    missing += undescribed(schemas.CoverageGain.model_validate(gain), "scenario")
    assert not sorted(set(missing))


def test_every_route_of_the_documented_tags_has_a_model_and_is_checked(client):
    spec = client.get(API + "/openapi.json").json()
    routes = {path: op for path, ops in spec["paths"].items() for method, op in ops.items()
              if method == "get" and DOCUMENTED_TAGS & set(op.get("tags", []))}
    assert not [p for p, op in routes.items() if "$ref" not in str(op["responses"]["200"])]
    checked = {p.split("?")[0] for p in ANSWERS}
    assert not sorted(p.removeprefix(API) for p in routes if p.removeprefix(API) not in checked)


def test_one_history_door(client):
    spec = client.get(API + "/openapi.json").json()
    for path in ("/coverage/summary", "/coverage/regions"):
        as_of = next(p for p in spec["paths"][API + path]["get"]["parameters"] if p["name"] == "as_of")
        assert as_of["deprecated"] is True
    old = client.get(API + "/coverage/regions", params={"as_of": "2017-01-01"}).json()
    new = client.get(API + "/coverage/history/regions", params={"as_of": "2017-01-01"}).json()
    assert old == new


def test_openapi_describes_fields_and_parameters(client):
    spec = client.get(API + "/openapi.json").json()
    summary = spec["components"]["schemas"]["CoverageSummary"]["properties"]
    assert "description" in summary["data_version"]
    bare = [f"{path} {p['name']}" for path, ops in spec["paths"].items() for op in ops.values()
            for p in op.get("parameters", []) if not p.get("description") and p["in"] == "query"]
    assert not bare
