"""Findings of the security review on register editing: ids validated and numbered by a sequence,
database constraint violations as 422/409 problems, dates bounded, CSV cells neutralised."""
import csv
import io
from concurrent.futures import ThreadPoolExecutor

from core.csvsafe import neutralise
from dashboard.components import csv_download
from tests.auth_fixtures import BELFORT, PARIS, api  # noqa: F401

BASE = "/api/v1/councils"
NEW = {"name": "CLSM durci", "scale": "communal", "status": "actif", "communes": ["90010"]}


def etag_of(api, cid):
    return api.client.get(f"{BASE}/{cid}/private", headers=api.headers("editor")).headers["ETag"]


def test_a_huge_imported_id_no_longer_breaks_the_next_id(api, db):
    made = ["CLSM-99999999999999999999"]
    db.execute("INSERT INTO register.council (id, name, status, scale) VALUES (%s, 'importé', 'actif', 'communal')",
               made)
    try:
        first = api.client.post(BASE, json=NEW, headers=api.headers("editor"))
        second = api.client.post(BASE, json=NEW, headers=api.headers("editor"))
        assert first.status_code == second.status_code == 201, first.text
        made += [first.json()["id"], second.json()["id"]]
        assert made[1] != made[2]
        # An id an import took already is skipped, not reused.
        made.append(f"CLSM-{int(made[2].removeprefix('CLSM-')) + 1:04d}")
        db.execute("INSERT INTO register.council (id, name, status, scale) VALUES (%s, 'pris', 'actif', 'communal')",
                   made[-1:])
        third = api.client.post(BASE, json=NEW, headers=api.headers("editor"))
        assert third.status_code == 201 and third.json()["id"] > made[-1]
        made.append(third.json()["id"])
        too_long = api.client.post(BASE, json={**NEW, "id": "CLSM-99999999999999999999"}, headers=api.headers("editor"))
        assert too_long.status_code == 422 and too_long.json()["errors"][0]["parameter"] == "id"
    finally:
        db.execute("DELETE FROM register.council WHERE id = ANY(%s)", (made,))


def test_concurrent_creates_of_one_id_give_one_201_and_409s(api, db):
    def create(_):
        return api.client.post(BASE, json={**NEW, "id": "CLSM-7777"}, headers=api.headers("editor")).status_code

    with ThreadPoolExecutor(4) as pool:
        codes = sorted(pool.map(create, range(4)))
    db.execute("DELETE FROM register.council WHERE id = 'CLSM-7777'")
    assert codes == [201, 409, 409, 409]


def test_unknown_region_or_departement_is_422_not_500(api):
    for field in ("region_code", "departement_code"):
        answer = api.client.patch(f"{BASE}/{PARIS}", json={field: "ZZ"},
                                  headers=api.headers("editor", **{"If-Match": etag_of(api, PARIS)}))
        assert answer.status_code == 422, answer.text
        assert answer.headers["content-type"] == "application/problem+json" and "ZZ" in answer.json()["detail"]


def test_dates_are_bounded(api):
    headers = api.headers("editor", **{"If-Match": etag_of(api, BELFORT)})
    for day in ("9999-12-31", "1066-10-14"):
        answer = api.client.post(f"{BASE}/{BELFORT}/status", json={"status": "actif", "from_date": day},
                                 headers=headers)
        assert answer.status_code == 422 and answer.json()["errors"][0]["parameter"] == "from_date"
    created = api.client.post(BASE, json={**NEW, "created_on": "9999-12-31"}, headers=api.headers("editor"))
    assert created.status_code == 422


def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(api, db):
    assert [neutralise(v) for v in ("=1+1", "+33 6", "-2", "@SUM(A1)", "\t=x", "Paris", 3, None)] == \
        ["'=1+1", "'+33 6", "'-2", "'@SUM(A1)", "'\t=x", "Paris", 3, None]
    etag = etag_of(api, BELFORT)
    evil = '=HYPERLINK("http://evil.example","clic")'
    assert api.client.patch(f"{BASE}/{BELFORT}", json={"name": evil},
                            headers=api.headers("editor", **{"If-Match": etag})).status_code == 200
    exported = api.client.get("/api/v1/exports/councils.csv")
    row = next(r for r in csv.DictReader(io.StringIO(exported.text)) if r["id"] == BELFORT)
    assert row["name"] == "'" + evil
    audit = api.client.get("/api/v1/audit/export.csv", params={"entity_id": BELFORT}, headers=api.headers("admin"))
    assert not any(cell.startswith("=") for r in csv.reader(io.StringIO(audit.text)) for cell in r)
    download = csv_download([{"name": "=cmd|' /C calc'!A0"}], ["name"], "x.csv")
    assert download["content"].splitlines()[1].startswith("'=cmd")


def test_unknown_routes_and_methods_are_problem_documents(api):
    missing = api.client.get("/api/v1/nowhere")
    assert missing.status_code == 404 and missing.headers["content-type"] == "application/problem+json"
    assert missing.json()["title"] == "Not found" and missing.json()["instance"] == "/api/v1/nowhere"
    wrong = api.client.delete("/api/v1/health")
    assert wrong.status_code == 405 and wrong.headers["content-type"] == "application/problem+json"
    assert "GET" in wrong.headers["Allow"]
