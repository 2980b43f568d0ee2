"""Coverage, councils, QPV, lookup and statistics endpoints on the fixture register."""
import pytest

from tests.api_fixtures import api_register, client  # noqa: F401 (fixtures)

API = "/api/v1"


def get(client, path, expect=200, **params):
    response = client.get(API + path, params=params)
    assert response.status_code == expect, response.text
    return response.json()


def test_national_summary(client):
    body = get(client, "/coverage/summary")
    assert body["councils"] == {"actif": 4, "en_projet": 1, "en_sommeil": 1, "arrete": 0}
    assert body["demo_data"] is False and len(body["data_version"]) == 12
    assert 0 < body["population"]["covered"] < body["population"]["total"]
    assert body["qpv"]["total"] == 28
    statuses = sum(body["qpv"][s]["count"] for s in ("couvert", "partiel", "non_couvert"))
    assert statuses == 28
    assert {f["source"] for f in body["funding"]} == {"ars", "commune_epci"}


def test_departement_summary_and_errors(client, db):
    body = get(client, "/coverage/summary", level="departement", code="90")
    pop90 = db.execute("SELECT population FROM geo.departement WHERE code = '90'").fetchone()[0]
    assert body["nom"] == "Territoire de Belfort" and body["population"]["total"] == pop90
    problem = get(client, "/coverage/summary", 404, level="departement", code="99")
    assert problem["status"] == 404 and "99" in problem["detail"]
    problem = client.get(API + "/coverage/summary", params={"level": "commune"})
    assert problem.status_code == 422 and problem.headers["content-type"].startswith("application/problem+json")
    assert problem.json()["errors"][0]["parameter"] == "level"
    assert get(client, "/coverage/summary", 422, level="region")["parameter"] == "code"


def test_per_area_tables_add_up(client):
    national = get(client, "/coverage/summary")
    regions = get(client, "/coverage/regions")["items"]
    assert sum(r["population_covered"] for r in regions) == national["population"]["covered"]
    assert sum(r["councils_active"] for r in regions) == 4
    deps = get(client, "/coverage/departements")["items"]
    assert {d["code"] for d in deps} >= {"75", "90"}


def test_councils_list_filters_sort_pagination(client):
    body = get(client, "/councils", limit=2, sort="name")
    assert body["total"] == 6 and len(body["items"]) == 2 and body["next"]
    second = client.get(body["next"]).json()
    assert second["offset"] == 2 and second["items"][0]["name"] > body["items"][1]["name"]
    assert get(client, "/councils", status="actif")["total"] == 4
    assert get(client, "/councils", departement="75")["total"] == 2
    assert get(client, "/councils", scale="intercommunal")["items"][0]["id"] == "CLSM-SUD"
    assert [c["id"] for c in get(client, "/councils", q="valdoie")["items"]] == ["CLSM-VAL"]
    assert get(client, "/councils", q="Offémont")["total"] == 1  # accents ignored
    assert get(client, "/councils", funding_source="ars")["total"] == 5
    biggest = get(client, "/councils", sort="-population", limit=1)["items"][0]
    assert biggest["id"] in ("CLSM-P13", "CLSM-P18", "CLSM-BEL")
    assert get(client, "/councils", offset=100)["items"] == []
    assert get(client, "/councils", offset=100)["total"] == 6
    assert get(client, "/councils", 422, sort="colour")["errors"][0]["parameter"] == "sort"


def test_council_detail(client):
    body = get(client, "/councils/CLSM-SUD")
    assert body["scale"] == "intercommunal" and len(body["territory"]) > 1
    assert all(t["via_epci"] == "249000241" for t in body["territory"])
    assert body["status_history"][0]["status"] == "actif"
    assert body["funding_sources"] == ["ars", "commune_epci"] and body["quality_score"] > 0
    assert "funding" not in body  # detailed budget lines are private
    paris = get(client, "/councils/CLSM-P13")
    assert [t["code"] for t in paris["territory"]] == ["75113"] and paris["qpv"]
    assert get(client, "/councils/CLSM-NONE", 404)["title"] == "Not found"


def test_qpv_lists_and_priority(client):
    body = get(client, "/qpv", departement="90")
    assert body["total"] == 7
    belfort = {q["code"]: q for q in body["items"]}
    assert belfort["QN09006M"]["communes"] == ["90075", "90099"]
    uncovered = get(client, "/qpv", status="non_couvert")["total"]
    ranked = get(client, "/qpv/priority", limit=100)
    assert ranked["total"] == uncovered + get(client, "/qpv", status="partiel")["total"]
    first = ranked["items"][0]
    assert first["rank"] == 1 and set(first["components"]) == {"population", "poverty", "distance"}
    scores = [i["score"] for i in ranked["items"] if i["score"] is not None]
    assert scores == sorted(scores, reverse=True)
    # Population only: the ranking follows the population component.
    by_pop = get(client, "/qpv/priority", w_poverty=0, w_distance=0, limit=100)["items"]
    comps = [i["components"]["population"] for i in by_pop if i["components"]["population"] is not None]
    assert comps == sorted(comps, reverse=True)
    assert get(client, "/qpv/priority", 422, w_distance=-1)["errors"][0]["parameter"] == "w_distance"


def test_lookup_point_commune_and_outside(client):
    belfort = get(client, "/lookup", lon=6.8628, lat=47.6386)
    assert belfort["commune"]["code"] == "90010" and belfort["departement"]["code"] == "90"
    assert [c["id"] for c in belfort["councils_active"]] == ["CLSM-BEL"] and belfort["nearest_active"] is None
    paris = get(client, "/lookup", commune="75056")
    assert {c["id"] for c in paris["councils_active"]} == {"CLSM-P13"}
    uncovered = get(client, "/lookup", commune="90001")
    assert uncovered["councils_active"] == [] and uncovered["nearest_active"]["distance_km"] > 0
    assert get(client, "/lookup", 422, lon=-30, lat=40)["status"] == 422
    assert get(client, "/lookup", 422, lon=2)["status"] == 422
    assert get(client, "/lookup", 404, commune="99999")["status"] == 404


def test_funding_fte_and_creations(client):
    by_source = get(client, "/funding/summary")
    assert {i["key"] for i in by_source["items"]} == {"ars", "commune_epci"}
    assert 0 < by_source["co_funded_share"] < 1
    assert get(client, "/funding/summary", by="scale")["items"]
    fte = get(client, "/fte/summary")
    assert fte["total"] == pytest.approx(0.5 * 3 + 1)
    assert sum(b["councils"] for b in fte["bins"]) == 4 and fte["exactly_one_share"] == 0.25
    years = {i["year"]: i["created"] for i in get(client, "/stats/created-per-year")["items"]}
    assert years[2012] == 1 and years[2019] == 1


def test_scenario_gain_writes_nothing(client, db):
    before = db.execute("SELECT (SELECT version FROM meta.data_version), "
                        "(SELECT count(*) FROM register.council)").fetchone()
    body = client.post(API + "/scenarios/coverage-gain", json={"communes": ["90075"]}).json()
    assert body["population_new"] > 0
    assert [q["code"] for q in body["qpv_gained"]] == ["QN09006M"]
    epci = client.post(API + "/scenarios/coverage-gain", json={"epci": "249000241"}).json()
    assert epci["population_new"] == 0 and epci["population_already_covered"] > 0
    assert client.post(API + "/scenarios/coverage-gain", json={"communes": ["99999"]}).status_code == 404
    assert client.post(API + "/scenarios/coverage-gain", json={"epci": "12"}).status_code == 422
    after = db.execute("SELECT (SELECT version FROM meta.data_version), "
                       "(SELECT count(*) FROM register.council)").fetchone()
    assert before == after


def test_etag_and_304(client):
    first = client.get(API + "/coverage/summary")
    etag = first.headers["etag"]
    assert "max-age" in first.headers["cache-control"]
    again = client.get(API + "/coverage/summary", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    other = client.get(API + "/coverage/regions", headers={"If-None-Match": etag})
    assert other.status_code == 200 and other.headers["etag"] != etag


def test_answers_for_signed_in_callers_are_never_cached(client):
    response = client.get(API + "/coverage/summary", headers={"Authorization": "Bearer x"})
    assert response.headers["cache-control"] == "private, no-store" and "etag" not in response.headers
