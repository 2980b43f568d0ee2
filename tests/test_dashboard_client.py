"""dashboard/client.py against the real API served in-process (TestClient), and its failures."""
import typing

import httpx
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from dashboard import answers
from dashboard.client import ApiClient, ApiError
from tests.api_double import create_double
from tests.api_fixtures import api_register  # noqa: F401 (fixture)


@pytest.fixture(scope="module")
def api(api_register) -> ApiClient:  # noqa: F811
    return ApiClient("http://testserver", http=TestClient(create_app(api_register)))


def keys(shape) -> set[str]:
    return set(typing.get_type_hints(shape))


def test_answers_have_the_contract_fields(api):
    assert keys(answers.Health) <= set(api.health())
    assert keys(answers.CoverageSummary) <= set(api.summary("region", "27"))
    assert keys(answers.Page) <= set(api.councils(limit=2))
    assert keys(answers.Council) <= set(api.councils()["items"][0])
    assert keys(answers.CouncilDetail) <= set(api.council("CLSM-BEL"))
    assert keys(answers.Lookup) <= set(api.lookup(commune="75113"))
    assert keys(answers.FundingSummary) <= set(api.funding())
    assert keys(answers.FteSummary) <= set(api.fte())
    assert keys(answers.CoverageGain) <= set(api.coverage_gain(["90075"]))
    assert keys(answers.Sources) <= set(api.sources())
    layer = api.layer("councils")
    assert layer["type"] == "FeatureCollection" and len(layer["features"]) >= 5


def test_filters_reach_the_api(api):
    assert {c["status"] for c in api.councils(status="en_projet")["items"]} == {"en_projet"}
    assert api.summary("region", "11")["nom"] == "Île-de-France"
    ranked = api.qpv_priority(limit=5, w_population=0, w_poverty=1, w_distance=0)["items"]
    assert [q["rank"] for q in ranked] == sorted(q["rank"] for q in ranked)


def test_problem_document_becomes_api_error(api):
    with pytest.raises(ApiError) as err:
        api.council("CLSM-NOPE")
    assert err.value.status == 404 and err.value.title and err.value.detail


def test_invalid_parameter_lists_errors(api):
    with pytest.raises(ApiError) as err:
        api.summary("region", "not-a-code")
    assert err.value.status == 422 and err.value.errors


def test_unreachable_api_is_an_api_error():
    client = ApiClient("http://127.0.0.1:9", timeout=1.0)
    with pytest.raises(ApiError) as err:
        client.health()
    assert err.value.status == 503 and "127.0.0.1:9" in err.value.detail


def test_injected_transport_and_prefix():
    client = ApiClient("http://double", http=TestClient(create_double()))
    assert client.health()["demo_data"] is True

    def echo(environ, start_response):
        start_response("200 OK", [("Content-Type", "application/json")])
        return [b'{"path": "%s"}' % environ["PATH_INFO"].encode()]

    wsgi = httpx.WSGITransport(app=echo)
    assert ApiClient("http://x", transport=wsgi).health()["path"] == "/api/v1/health"
    assert ApiClient("http://api:8000/").export_url("qpv", "csv") == "http://api:8000/api/v1/exports/qpv.csv"


def test_failing_api_answers_problem():
    client = ApiClient("http://double", http=TestClient(create_double(fail=True)))
    with pytest.raises(ApiError) as err:
        client.summary()
    assert err.value.status == 503 and err.value.title == "Database unavailable"


def test_history_and_rural_methods(api):
    """Issue 9 methods: shapes of the answers and parameters reaching the API (fixture history: one
    council active on 1 January 2013, four today)."""
    past = api.history_summary("2013-01-01")
    assert keys(answers.HistorySummary) <= set(past) and past["councils"]["actif"] == 1
    assert api.summary_as_of("2013-01-01")["councils"] == past["councils"]
    assert api.history_summary()["councils"]["actif"] == 4  # no date: today
    assert api.history_summary("2013-01-01", "region", "27")["councils"]["actif"] == 0
    regions = api.history_regions("2013-01-01")
    assert keys(answers.HistoryRegions) <= set(regions)
    assert {r["code"]: r["councils_active"] for r in regions["items"]}["11"] == 1
    assert api.regions_as_of("2013-01-01")["items"] == regions["items"]
    qpv = api.history_qpv("2013-01-01", limit=5, status="couvert")
    assert qpv["total"] == 3 and {q["status"] for q in qpv["items"]} == {"couvert"}
    series = api.series()
    assert keys(answers.Series) <= set(series) and series["items"][0]["date"] == "2010-01-01"
    assert api.series("27")["nom"] == "Bourgogne-Franche-Comté"
    assert {r["code"] for r in api.series_regions()["regions"]} >= {"11", "27"}
    density = api.density()
    assert keys(answers.DensityCoverage) <= set(density)
    assert [c["density_class"] for c in density["classes"]] == ["dense", "intermediaire", "rural"]
    assert api.density("region", "27")["nom"] == "Bourgogne-Franche-Comté"
    assert len(api.density_regions()["items"]) == 3
    reach = api.rural_reach()
    assert keys(answers.RuralReach) <= set(reach) and reach["totals"]["councils"] == 1
    assert api.rural_reach(status="en_projet")["items"] == []
    assert api.uncovered_rural_epci()["total"] == 3
    assert api.uncovered_rural_epci(min_rural_share=0.5)["total"] == 2
    assert api.uncovered_rural_epci(min_rural_share=0.5, region="84")["total"] == 1


def test_future_date_is_an_api_error(api):
    with pytest.raises(ApiError) as err:
        api.history_summary("2999-01-01")
    assert err.value.status == 422


def test_every_item_follows_the_pages(api):
    calls = []

    def fetch(limit, offset, **params):
        calls.append((limit, offset))
        return api.history_qpv(limit=10, offset=offset, **params)  # pages of 10: three requests for 28 QPV

    items = ApiClient.every_item(fetch, as_of="2013-01-01")
    assert len(items) == 28 and len({q["code"] for q in items}) == 28 and [o for _, o in calls] == [0, 10, 20]
