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
    assert any(e["reason"].startswith("code INSEE 99999 inconnu") for e in errors)  # French by default
    assert "rien n'a été chargé" in answer.json()["detail"] and "/tmp" not in answer.json()["detail"]
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


def test_preview_then_load_exactly_that_file(api, db, tmp_path):
    db.execute("DELETE FROM register.council WHERE id LIKE 'CLSM-80%%'")
    path = write_csv(tmp_path / "registre.csv", [GOOD])
    preview = upload(api, path, dry_run="true")
    assert preview.status_code == 200, preview.text
    body = preview.json()
    assert body["dry_run"] and body["diff"]["new"] == [{"id": "CLSM-8001", "name": "CLSM upload — Belfort"}]
    assert db.execute("SELECT count(*) FROM register.council WHERE id = 'CLSM-8001'").fetchone()[0] == 0
    other = write_csv(tmp_path / "autre.csv", [GOOD, council(identifiant="CLSM-8003", territoire="90075")])
    assert upload(api, other, confirm=body["sha256"]).status_code == 409
    loaded = upload(api, path, confirm=body["sha256"])
    assert loaded.status_code == 200 and loaded.json()["diff"] == body["diff"]
    assert loaded.json()["revision"] is not None


def test_long_report_lists_the_first_problems_and_keeps_them_all(api, db, tmp_path):
    rows = [council(identifiant=f"CLSM-7{i:03d}", territoire="99999") for i in range(150)]
    answer = upload(api, write_csv(tmp_path / "registre.csv", rows))
    assert answer.status_code == 422
    body = answer.json()
    assert len(body["errors"]) == 100 and body["problem_count"] == 150
    full = api.client.get(body["problems_url"], headers=api.headers("editor"))
    assert full.status_code == 200 and full.text.count("\n") == 151 and "registre.csv" in full.text
    assert api.client.get(body["problems_url"]).status_code == 401  # never public


def test_zip_bomb_is_refused_quickly(api, tmp_path):
    import time
    import zipfile

    from openpyxl import Workbook

    path = tmp_path / "bombe.xlsx"
    Workbook().save(path)
    bomb = tmp_path / "registre.xlsx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            if item.filename != "xl/worksheets/sheet1.xml":
                out.writestr(item, source.read(item))
        with out.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(b'<?xml version="1.0"?><worksheet>')
            for _ in range(64):
                sheet.write(b" " * 2**20)  # 64 MB of blanks: a few hundred kB zipped
            sheet.write(b"</worksheet>")
    assert bomb.stat().st_size < 1_000_000
    started = time.monotonic()
    answer = upload(api, bomb, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    assert answer.status_code in (413, 422) and "se décompresse en 64 Mo" in answer.json()["detail"]
    assert time.monotonic() - started < 5


def test_revert_and_restore_through_the_api(api, db, tmp_path):
    db.execute("DELETE FROM register.council WHERE id LIKE 'CLSM-80%%'")
    assert upload(api, write_csv(tmp_path / "a.csv", [GOOD, council(identifiant="CLSM-8003", territoire="90075")]))\
        .status_code == 200
    removed = upload(api, write_csv(tmp_path / "b.csv", [GOOD]), replace="true")
    assert removed.status_code == 200
    gone = {c["id"] for c in removed.json()["diff"]["removed"]}
    assert "CLSM-8003" in gone
    listed = api.client.get("/api/v1/register/revisions", headers=api.headers("editor")).json()
    assert any(a["council_id"] == "CLSM-8003" for a in listed["archived"])
    restored = api.client.post("/api/v1/register/archive/CLSM-8003/restore", headers=api.headers("editor"))
    assert restored.status_code == 200, restored.text
    assert db.execute("SELECT count(*) FROM register.council WHERE id = 'CLSM-8003'").fetchone()[0] == 1
    assert api.client.post("/api/v1/register/revisions/revert", headers=api.headers("editor")).status_code == 403
    reverted = api.client.post("/api/v1/register/revisions/revert", headers=api.headers("admin"))
    assert reverted.status_code == 200, reverted.text
    # the restore undone
    assert db.execute("SELECT count(*) FROM register.council WHERE id = 'CLSM-8003'").fetchone()[0] == 0
    api.client.post("/api/v1/register/revisions/revert?force=true", headers=api.headers("admin"))
    assert db.execute("SELECT count(*) FROM register.council WHERE id LIKE 'CLSM-80%%'").fetchone()[0] == 2


def test_a_column_mapping_given_once_is_reused_through_its_profile(api, db, tmp_path):
    db.execute("DELETE FROM register.council WHERE id LIKE 'CLSM-80%%'")
    db.execute("DELETE FROM register.import_profile WHERE name = 'centre-upload'")
    row = {("Nom de la structure de coordination" if k == "nom" else k): v for k, v in GOOD.items()}
    path = write_csv(tmp_path / "registre.csv", [row])
    unmapped = upload(api, path, dry_run="true")
    assert unmapped.status_code == 422 and {e["column"] for e in unmapped.json()["errors"]} == {"nom"}
    bad = upload(api, path, dry_run="true", mapping="Nom de la structure de coordination=nom_clsm")
    assert bad.status_code == 422 and "nom_clsm" in bad.json()["detail"]
    mapped = upload(api, path, mapping="\nNom de la structure de coordination=nom\n", profile="centre-upload")
    assert mapped.status_code == 200, mapped.text
    assert mapped.json()["inserted"] == ["CLSM-8001"]
    assert db.execute("SELECT name FROM register.council WHERE id = 'CLSM-8001'").fetchone()[0] == GOOD["nom"]
    saved = db.execute("SELECT mapping FROM register.import_profile WHERE name = 'centre-upload'").fetchone()[0]
    assert saved == {"nom structure coordination": "nom"}
    db.execute("DELETE FROM register.council WHERE id = 'CLSM-8001'")
    again = upload(api, path, profile="centre-upload")  # no mapping: the profile remembers
    assert again.status_code == 200, again.text
    assert again.json()["inserted"] == ["CLSM-8001"]
    db.execute("DELETE FROM register.import_profile WHERE name = 'centre-upload'")
