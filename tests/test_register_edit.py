"""Council create / update / status change: If-Match (428, 412), audit, coverage refresh, data version."""
import csv
import io

from tests.auth_fixtures import BELFORT, PARIS, api  # noqa: F401

BASE = "/api/v1/councils"


def private(api, cid, who="editor"):
    return api.client.get(f"{BASE}/{cid}/private", headers=api.headers(who))


def version(db):
    return db.execute("SELECT version FROM meta.data_version").fetchone()[0]


def coverage_population(db, cid):
    row = db.execute("SELECT population FROM coverage.council WHERE council_id = %s", (cid,)).fetchone()
    return row and row[0]


def test_update_with_current_etag_changes_council_coverage_version_and_audit(api, db):
    before = private(api, BELFORT)
    etag, version_before, population_before = before.headers["ETag"], version(db), coverage_population(db, BELFORT)
    answer = api.client.patch(f"{BASE}/{BELFORT}", json={"fte": 1.5, "communes": ["90010", "90001"]},
                              headers=api.headers("editor", **{"If-Match": etag}))
    assert answer.status_code == 200, answer.text
    assert answer.headers["ETag"] != etag and answer.json()["revision"] == before.json()["revision"] + 1
    assert answer.headers["Cache-Control"] == "private, no-store"
    assert float(answer.json()["fte"]) == 1.5
    assert coverage_population(db, BELFORT) > population_before  # Andelnans joined: coverage refreshed
    assert version(db) != version_before
    event = db.execute("SELECT username, role, action, before, after FROM audit.event WHERE entity_id = %s "
                       "ORDER BY id DESC LIMIT 1", (BELFORT,)).fetchone()
    assert event[:3] == ("editor", "editor", "council.update")
    assert event[3]["fte"] == 1.0 and event[4]["fte"] == 1.5
    assert [t["code"] for t in event[4]["territory"]] == ["90001", "90010"]
    assert "name" not in event[4]  # only what changed


def test_public_answers_change_at_once_after_a_write(api):
    public = api.client.get(f"{BASE}/{BELFORT}")
    assert api.client.get(f"{BASE}/{BELFORT}", headers={"If-None-Match": public.headers["ETag"]}).status_code == 304
    etag = private(api, BELFORT).headers["ETag"]
    api.client.post(f"{BASE}/{BELFORT}/status", json={"status": "arrete", "from_date": "2026-01-01"},
                    headers=api.headers("editor", **{"If-Match": etag}))
    fresh = api.client.get(f"{BASE}/{BELFORT}", headers={"If-None-Match": public.headers["ETag"]})
    assert fresh.status_code == 200 and fresh.json()["status"] == "arrete"
    assert fresh.headers["ETag"] != public.headers["ETag"]


def test_coverage_refreshed_only_when_status_or_territory_change(api, db):
    refreshes = lambda: db.execute("SELECT count(*) FROM coverage.refresh").fetchone()[0]  # noqa: E731
    etag, before = private(api, PARIS).headers["ETag"], refreshes()
    answer = api.client.patch(f"{BASE}/{PARIS}", json={"carrier_name": "Ville de Paris"},
                              headers=api.headers("editor", **{"If-Match": etag}))
    assert answer.status_code == 200 and refreshes() == before
    api.client.patch(f"{BASE}/{PARIS}", json={"communes": ["75111", "75112"]},
                     headers=api.headers("editor", **{"If-Match": answer.headers["ETag"]}))
    assert refreshes() == before + 1


def test_stale_etag_gets_412_and_changes_nothing(api, db):
    etag = private(api, PARIS).headers["ETag"]
    first = api.client.patch(f"{BASE}/{PARIS}", json={"name": "CLSM Paris 11e"},
                             headers=api.headers("editor", **{"If-Match": etag}))
    assert first.status_code == 200
    state = private(api, PARIS).json()
    events = db.execute("SELECT count(*) FROM audit.event").fetchone()[0]
    stale = api.client.patch(f"{BASE}/{PARIS}", json={"name": "Lost update"},
                             headers=api.headers("admin", **{"If-Match": etag}))
    assert stale.status_code == 412 and stale.json()["current_etag"] == first.headers["ETag"]
    assert private(api, PARIS).json() == state
    assert db.execute("SELECT count(*) FROM audit.event").fetchone()[0] == events


def test_missing_if_match_gets_428(api):
    answer = api.client.patch(f"{BASE}/{PARIS}", json={"fte": 2}, headers=api.headers("editor"))
    assert answer.status_code == 428
    status = api.client.post(f"{BASE}/{PARIS}/status", json={"status": "en_sommeil", "from_date": "2025-01-01"},
                             headers=api.headers("editor"))
    assert status.status_code == 428


def test_status_change_appends_history_and_uncovers(api, db):
    etag = private(api, PARIS).headers["ETag"]
    answer = api.client.post(f"{BASE}/{PARIS}/status",
                             json={"status": "en_sommeil", "from_date": "2025-09-01", "note": "coordinatrice partie"},
                             headers=api.headers("editor", **{"If-Match": etag}))
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["status"] == "en_sommeil"
    assert body["status_history"][-1] == {"status": "en_sommeil", "from_date": "2025-09-01",
                                          "note": "coordinatrice partie"}
    assert len(body["status_history"]) == 2
    covered = db.execute("SELECT is_covered FROM coverage.unit WHERE unit_code = '75111'").fetchone()[0]
    assert covered is False
    # A back-dated entry joins the history without overriding the later status.
    old = api.client.post(f"{BASE}/{PARIS}/status", json={"status": "en_projet", "from_date": "2016-01-01"},
                          headers=api.headers("editor", **{"If-Match": answer.headers["ETag"]}))
    assert old.json()["status"] == "en_sommeil" and len(old.json()["status_history"]) == 3


def test_create_council_with_epci_territory(api, db):
    body = {"name": "CLSM du Grand Belfort", "scale": "intercommunal", "status": "actif",
            "created_on": "2024-03-01", "epci": ["200069052"], "fte": 1,
            "funding": [{"source": "ars", "year": 2025, "amount_eur": 30000}],
            "contacts": [{"name": "Test Contact", "email": "t@example.org"}]}
    answer = api.client.post(BASE, json=body, headers=api.headers("admin"))
    assert answer.status_code == 201, answer.text
    created = answer.json()
    assert created["id"].startswith("CLSM-") and answer.headers["Location"].endswith(created["id"])
    assert created["region_code"] == "27" and created["departement_code"] == "90" and not created["demo"]
    assert len(created["territory"]) > 10 and {t["via_epci"] for t in created["territory"]} == {"200069052"}
    assert created["status_history"] == [{"status": "actif", "from_date": "2024-03-01", "note": None}]
    assert coverage_population(db, created["id"]) > 50_000
    assert db.execute("SELECT action FROM audit.event WHERE entity_id = %s", (created["id"],)).fetchone()[0] \
        == "council.create"
    again = api.client.post(BASE, json={**body, "id": created["id"]}, headers=api.headers("admin"))
    assert again.status_code == 409
    db.execute("DELETE FROM register.council WHERE id = %s", (created["id"],))


def test_invalid_writes_are_422_naming_the_problem(api):
    etag = private(api, PARIS).headers["ETag"]
    headers = api.headers("editor", **{"If-Match": etag})
    unknown = api.client.patch(f"{BASE}/{PARIS}", json={"communes": ["99999"]}, headers=headers)
    assert unknown.status_code == 422 and "99999" in unknown.json()["detail"]
    bad = api.client.patch(f"{BASE}/{PARIS}", json={"fte": 42, "scale": "galactic"}, headers=headers)
    assert bad.status_code == 422 and {e["parameter"] for e in bad.json()["errors"]} == {"fte", "scale"}
    assert api.client.patch(f"{BASE}/{PARIS}", json={}, headers=headers).status_code == 422
    assert api.client.patch(f"{BASE}/CLSM-0000", json={"fte": 1}, headers=headers).status_code == 404
    assert private(api, PARIS).headers["ETag"] == etag


def test_audit_log_readable_and_exportable_by_admin(api):
    etag = private(api, BELFORT).headers["ETag"]
    api.client.patch(f"{BASE}/{BELFORT}", json={"themes": ["logement"]},
                     headers=api.headers("editor", **{"If-Match": etag}))
    listed = api.client.get("/api/v1/audit", params={"entity_id": BELFORT}, headers=api.headers("admin")).json()
    assert listed["items"][0]["action"] == "council.update" and listed["items"][0]["after"]["themes"] == ["logement"]
    exported = api.client.get("/api/v1/audit/export.csv", params={"entity": "council"}, headers=api.headers("admin"))
    assert exported.status_code == 200 and exported.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    assert rows[-1]["entity_id"] == BELFORT and '"logement"' in rows[-1]["after"]


def test_concurrent_writers_with_the_same_etag_one_wins(api):
    from concurrent.futures import ThreadPoolExecutor

    etag = private(api, BELFORT).headers["ETag"]

    def write(n):
        return api.client.patch(f"{BASE}/{BELFORT}", json={"fte": 0.1 * (n + 1)},
                                headers=api.headers("editor", **{"If-Match": etag})).status_code

    with ThreadPoolExecutor(4) as pool:
        codes = sorted(pool.map(write, range(4)))
    assert codes == [200, 412, 412, 412]
