"""Register spreadsheet upload through the API: same importer and row-level report; type and size
checked; nothing loaded on error unless skip_invalid; audited; coverage refreshed."""
from fastapi.testclient import TestClient

from api.app import create_app
from tests.auth_fixtures import api  # noqa: F401
from tests.register_sheets import council, state, write_csv, write_xlsx

URL = "/api/v1/register/imports"
GOOD = council(identifiant="CLSM-8001", nom="CLSM upload — Belfort", territoire="90010",
               coordinateur_nom="Upload Person", coordinateur_email="upload.person@example.org")
BAD = council(identifiant="CLSM-8002", nom="Bad row", territoire="99999", statut="inconnu")


def upload(api, path, content_type="text/csv", **form):
    with open(path, "rb") as handle:
        return api.client.post(URL, headers=api.headers("editor"), data=form,
                               files={"file": (path.name, handle, content_type)})


def test_clean_csv_is_loaded_audited_and_covered(api, db, tmp_path):
    db.execute("DELETE FROM register.council WHERE id LIKE 'CLSM-80%%'")
    answer = upload(api, write_csv(tmp_path / "registre.csv", [GOOD]))
    assert answer.status_code == 200, answer.text
    assert answer.json()["inserted"] == ["CLSM-8001"] and answer.json()["errors"] == []
    assert db.execute("SELECT population FROM coverage.council WHERE council_id = 'CLSM-8001'").fetchone()[0] > 0
    event = db.execute("SELECT action, after FROM audit.event WHERE entity = 'register' ORDER BY id DESC").fetchone()
    assert event[0] == "register.import" and event[1]["inserted"] == ["CLSM-8001"]
    assert not list(tmp_path.glob("*rejets*"))


def test_invalid_row_loads_nothing_and_reports_each_problem(api, db, tmp_path):
    before = state(db)
    answer = upload(api, write_csv(tmp_path / "registre.csv", [GOOD, BAD]))
    assert answer.status_code == 422
    errors = answer.json()["errors"]
    assert {e["row"] for e in errors} == {3} and {"territoire", "statut"} <= {e["column"] for e in errors}
    assert {e["file"] for e in errors} == {"registre.csv"}  # the user's file, not the server's copy
    assert state(db) == before


def test_uploaded_name_is_made_safe(api, db, tmp_path):
    path = write_csv(tmp_path / "registre.csv", [GOOD, BAD])
    with open(path, "rb") as handle:
        answer = api.client.post(URL, headers=api.headers("editor"),
                                 files={"file": ("../../etc/re;gistre 2026.csv", handle, "text/csv")})
    assert answer.status_code == 422
    assert {e["file"] for e in answer.json()["errors"]} == {"re_gistre 2026.csv"}


def test_skip_invalid_loads_the_valid_rows(api, db, tmp_path):
    db.execute("DELETE FROM register.council WHERE id LIKE 'CLSM-80%%'")
    answer = upload(api, write_xlsx(tmp_path / "registre.xlsx", [GOOD, BAD]),
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", skip_invalid="true")
    assert answer.status_code == 200, answer.text
    assert answer.json()["inserted"] == ["CLSM-8001"] and answer.json()["rejected"] == 1


def test_wrong_type_or_disguised_file_is_415(api, tmp_path):
    fake = tmp_path / "registre.xlsx"
    fake.write_text("id;nom\n")
    assert upload(api, fake, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet").status_code == 415
    exe = tmp_path / "registre.exe"
    exe.write_bytes(b"MZ")
    assert upload(api, exe, "application/octet-stream").status_code == 415
    assert upload(api, write_csv(tmp_path / "r.csv", [GOOD]), "image/png").status_code == 415


def test_file_over_the_upload_limit_is_413(api, tmp_path):
    client = TestClient(create_app(api.settings.model_copy(update={"max_upload_bytes": 4096})))
    path = write_csv(tmp_path / "big.csv", [council(identifiant=f"CLSM-7{i:03d}") for i in range(200)])
    with open(path, "rb") as handle:
        answer = client.post(URL, headers=api.headers("editor"), files={"file": ("big.csv", handle, "text/csv")})
    assert answer.status_code == 413
