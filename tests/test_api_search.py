"""Place search (GET /search), commune lookups of arrondissements, and figures of one département."""
from tests.api_fixtures import api_register, client  # noqa: F401 (fixtures)

API = "/api/v1"


def search(client, q, expect=200, **params):
    response = client.get(API + "/search", params={"q": q, **params})
    assert response.status_code == expect, response.text
    return response.json()


def first(client, q, **params) -> tuple[str, str]:
    item = search(client, q, **params)["items"][0]
    return item["kind"], item["code"]


def test_names_are_folded_and_articles_ignored(client):
    assert first(client, "Belfort") == ("commune", "90010")
    assert first(client, "belfort", kind="commune") == ("commune", "90010")
    assert first(client, "TERRITOIRE-DE-BELFORT", kind="departement") == ("departement", "90")
    assert first(client, "territoire belfort", kind="departement") == ("departement", "90")
    assert first(client, "bourgogne franche comte") == ("region", "27")
    assert first(client, "ile de france") == ("region", "11")


def test_arrondissements_by_their_usual_name(client):
    assert first(client, "Paris 13e") == ("arrondissement", "75113")
    assert first(client, "paris 13") == ("arrondissement", "75113")
    assert first(client, "Paris 18ème", kind="arrondissement") == ("arrondissement", "75118")


def test_councils_and_places_carry_a_point_and_a_box(client):
    body = search(client, "valdoie")
    kinds = {(i["kind"], i["code"]) for i in body["items"]}
    assert ("commune", "90099") in kinds and ("council", "CLSM-VAL") in kinds
    commune = next(i for i in body["items"] if i["kind"] == "commune")
    west, south, east, north = commune["bbox"]
    assert west <= commune["lon"] <= east and south <= commune["lat"] <= north
    assert body["demo_data"] is False and body["data_version"]


def test_start_of_a_name_finds_it(client):
    assert ("commune", "90010") in {(i["kind"], i["code"]) for i in search(client, "belf")["items"]}


def test_bad_queries_are_refused(client):
    search(client, "a", expect=422)
    search(client, "belfort", expect=422, kind="planet")
    assert search(client, "zzzzqqqq")["items"] == []


def test_arrondissement_lookup_names_the_arrondissement(client):
    body = client.get(API + "/lookup", params={"commune": "75113"}).json()
    assert body["commune"]["code"] == "75056" and body["arrondissement"]["code"] == "75113"
    assert [c["id"] for c in body["councils_active"]] == ["CLSM-P13"]
    assert isinstance(body["qpv_in_place"], list)


def test_register_figures_of_one_departement(client):
    fte = client.get(API + "/fte/summary", params={"departement": "90"}).json()
    active_90 = client.get(API + "/councils", params={"status": "actif", "departement": "90"}).json()["total"]
    assert sum(b["councils"] for b in fte["bins"]) == active_90
    paris = client.get(API + "/fte/summary", params={"departement": "75"}).json()
    assert sum(b["councils"] for b in paris["bins"]) == 1  # Paris 13e (Paris 18e is dormant)
    funding = client.get(API + "/funding/summary", params={"departement": "75"}).json()
    assert funding["total_eur"] == sum(i["amount_eur"] for i in funding["items"])
    created = client.get(API + "/stats/created-per-year", params={"departement": "75"}).json()
    assert 2012 in [i["year"] for i in created["items"]]  # Paris 13e


def test_councils_and_qpv_in_a_map_view(client):
    belfort = client.get(API + "/in-view", params={"bbox": "6.75,47.55,7.05,47.75"}).json()
    ids = {c["id"] for c in belfort["councils"]}
    assert "CLSM-BEL" in ids and not any(i.startswith("CLSM-P") for i in ids)
    assert belfort["qpv_total"] == len(belfort["qpv"]) > 0
    assert client.get(API + "/in-view", params={"bbox": "7,47,6,48"}).status_code == 422


def test_contours_of_a_city_view(client):
    body = client.get(API + "/places/contours.geojson", params={"bbox": "6.8,47.6,6.9,47.7"}).json()
    communes = {f["id"]: f["properties"] for f in body["features"] if f["properties"]["kind"] == "commune"}
    assert communes["90010"]["covered"] is True and communes["90010"]["nom"] == "Belfort"
    assert any(f["properties"]["kind"] == "qpv" for f in body["features"])
    assert client.get(API + "/places/contours.geojson", params={"bbox": "2,47,7,48"}).status_code == 422


def test_city_labels(client):
    body = client.get(API + "/places/labels.geojson", params={"min_population": 20000}).json()
    names = {f["properties"]["nom"]: f["properties"]["minzoom"] for f in body["features"]}
    assert names["Paris"] == 6 and names["Belfort"] == 10


def test_words_that_fold_to_nothing_find_nothing(client):
    assert search(client, "le")["items"] == [] and search(client, "--")["items"] == []
    search(client, "  ", expect=422)
    assert client.get(API + "/in-view", params={"bbox": "1.2.3,1,2,3"}).status_code == 422
