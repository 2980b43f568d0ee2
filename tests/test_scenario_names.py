"""The coverage-gain scenario by names, by QPV and by codes, answering before -> after."""
from tests.api_fixtures import api_register, client  # noqa: F401 (fixtures)

API = "/api/v1/scenarios"


def post(client, expect=200, **body):
    response = client.post(API + "/coverage-gain", json=body)
    assert response.status_code == expect, response.text
    return response.json()


def test_names_codes_and_qpv_give_the_same_answer(client):
    by_code = post(client, communes=["90075"])
    assert post(client, names=["offemont"]) == by_code  # accents and case ignored
    assert post(client, names=["Offemont (90075)"]) == by_code  # as the autocomplete shows it
    # QN09006M lies in Offemont and Valdoie (covered): its communes are the candidate.
    by_qpv = post(client, qpv=["QN09006M"])
    assert {c["code"] for c in by_qpv["communes"]} == {"90075", "90099"}


def test_epci_by_name_and_before_after(client):
    epci = client.get(API + "/places", params={"q": "grand belfort"}).json()["items"]
    assert epci and epci[0]["kind"] == "epci"
    body = post(client, names=[epci[0]["nom"]])
    assert body == {**post(client, epci=epci[0]["code"]), "epci": None}
    france, region = body["areas"]
    assert france["code"] is None and region["code"] == "27"
    assert france["covered_after"] - france["covered_before"] == body["population_new"] > 0
    assert region["share_before"] < region["share_after"] <= 1
    assert region["qpv_couvert_after"] - region["qpv_couvert_before"] == len(body["qpv_gained"])
    assert region["qpv_uncovered_before"] - region["qpv_uncovered_after"] == len(body["qpv_gained"])
    assert all(q["status_before"] != q["status_after"] for q in body["qpv_changed"])
    assert {q["code"] for q in body["qpv_gained"]} <= {q["code"] for q in body["qpv_changed"]}


def test_unknown_and_ambiguous_names_are_explained(client):
    problem = post(client, 404, names=["Nullepart-sur-Mer"])
    assert "Nullepart-sur-Mer" in problem["detail"] and problem["parameter"] == "names"
    assert post(client, 404, qpv=["QN99999X"])["parameter"] == "qpv"
    assert client.get(API + "/places", params={"q": "p"}).json()["items"] == []  # too short to suggest
    paris = client.get(API + "/places", params={"q": "paris"}).json()["items"]
    assert paris[0] == {"kind": "commune", "code": "75056", "nom": "Paris", "departement_code": "75",
                        "population": paris[0]["population"]}
