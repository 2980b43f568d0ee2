"""The dashboard's import page: a preview first (nothing loaded), then loading exactly that preview;
an admin can undo the last import. Callbacks called in-process against the real API."""
import base64

from tests.api_fixtures import api_register  # noqa: F401 (fixture)
from tests.register_sheets import council, write_csv
from tests.test_dashboard_callbacks import call, page, text
from tests.test_dashboard_signed_in import app, ctx, sign_in  # noqa: F401 (fixtures)


def _content(path) -> str:
    return "data:text/csv;base64," + base64.b64encode(path.read_bytes()).decode()


def test_preview_then_confirm_then_revert(ctx, tmp_path, db):  # noqa: F811
    db.execute("DELETE FROM register.council WHERE id LIKE 'CLSM-83%%'")
    sign_in("editor")
    rows = [council(identifiant="CLSM-8301", nom="CLSM aperçu — Belfort", territoire="90010", etp_coordination="50 %"),
            council(identifiant="CLSM-8302", nom="Ligne fausse", territoire="Atlantide")]
    content = _content(write_csv(tmp_path / "registre.csv", rows))
    shown, problems, _ = call(page("importer").send, 1, content, "registre.csv", ["skip"], "", [])
    rendered = text(shown)
    assert "Aperçu : voici ce que le chargement ferait." in rendered and "CLSM-8301" in rendered
    assert "nom de commune inconnu" in rendered and problems[0]["row"] == 3
    assert db.execute("SELECT count(*) FROM register.council WHERE id = 'CLSM-8301'").fetchone()[0] == 0
    sha = shown.children[-4].value  # the confirm button carries the previewed file's hash
    loaded = call(page("importer").confirm, 1, sha, content, "registre.csv", ["skip"], [], "")
    assert "Import terminé" in text(loaded) and "Révision du registre" in text(loaded)
    assert db.execute("SELECT fte::float FROM register.council WHERE id = 'CLSM-8301'").fetchone()[0] == 0.5
    sign_in("admin")
    undone = call(page("importer").revert, 1, "")
    assert "revenu exactement" in text(undone)
    assert db.execute("SELECT count(*) FROM register.council WHERE id = 'CLSM-8301'").fetchone()[0] == 0


def test_the_download_of_a_long_report_has_every_problem(ctx, tmp_path, db):  # noqa: F811
    sign_in("editor")
    rows = [council(identifiant=f"CLSM-84{i:02d}", territoire="Atlantide") for i in range(99)] + \
        [council(identifiant=f"CLSM-85{i:02d}", territoire="Atlantide") for i in range(21)]
    content = "data:text/csv;base64," + base64.b64encode(write_csv(tmp_path / "long.csv", rows).read_bytes()).decode()
    shown, kept, hidden = call(page("importer").send, 1, content, "long.csv", [], "", [])
    assert len(kept["rows"]) == 100 and hidden is False
    csv_file = call(page("importer").download, 1, kept)
    assert csv_file["content"].count("\n") == 121 and "long.csv" in csv_file["content"]


def test_a_column_mapping_from_the_page_then_its_profile_alone(ctx, tmp_path, db):  # noqa: F811
    db.execute("DELETE FROM register.council WHERE id LIKE 'CLSM-86%%'")
    db.execute("DELETE FROM register.import_profile WHERE name = 'centre-page'")
    sign_in("editor")
    row = {("Nom de la structure de coordination" if k == "nom" else k): v
           for k, v in council(identifiant="CLSM-8601", nom="CLSM associé — Belfort", territoire="90010").items()}
    content = _content(write_csv(tmp_path / "centre.csv", [{**row, "Remarques internes": "rien"}]))
    shown, _, _ = call(page("importer").send, 1, content, "centre.csv", [], "", [])
    rendered = text(shown)  # refused: 'nom' is missing; the page says which column and what to map it to
    assert "Colonnes obligatoires manquantes" in rendered and "etp_coordination" in rendered
    mapping = "Nom de la structure de coordination=nom"
    shown, _, _ = call(page("importer").send, 1, content, "centre.csv", [], "", [], mapping, "centre-page")
    rendered = text(shown)
    assert "Aperçu : voici ce que le chargement ferait." in rendered and "CLSM-8601" in rendered
    assert "Colonnes non reconnues (ignorées)" in rendered and "Remarques internes" in rendered
    sha = shown.children[-4].value
    loaded = call(page("importer").confirm, 1, sha, content, "centre.csv", [], [], "", "", "centre-page")
    assert "Import terminé" in text(loaded), text(loaded)  # the profile alone maps the column again
    assert db.execute("SELECT name FROM register.council WHERE id = 'CLSM-8601'").fetchone()[0] == \
        "CLSM associé — Belfort"
    db.execute("DELETE FROM register.council WHERE id = 'CLSM-8601'")
    db.execute("DELETE FROM register.import_profile WHERE name = 'centre-page'")


def test_an_editor_restores_an_archived_council_from_the_page(ctx, tmp_path, db):  # noqa: F811
    from dashboard import session

    db.execute("DELETE FROM register.council WHERE id LIKE 'CLSM-87%%'")
    sign_in("editor")
    both = [council(identifiant="CLSM-8701", nom="CLSM gardé"),
            council(identifiant="CLSM-8702", nom="CLSM archivé puis restauré", territoire="90075")]
    api = session.user_api()
    api.import_register("a.csv", write_csv(tmp_path / "a.csv", both).read_bytes(), dry_run=False)
    api.import_register("b.csv", write_csv(tmp_path / "b.csv", both[:1]).read_bytes(), replace=True, dry_run=False)
    try:
        listed = text(page("importer").archived_section("fr"))
        assert "CLSM-8702" in listed and "CLSM archivé puis restauré" in listed and "Restaurer" in listed
        nothing, _ = call(page("importer").restore, 1, None, "")
        assert "Choisissez d'abord" in text(nothing)
        done, archived = call(page("importer").restore, 1, "CLSM-8702", "")
        assert "CLSM restauré" in text(done) and "CLSM-8702" in text(done)
        assert "CLSM-8702" not in text(archived)
        assert db.execute("SELECT count(*) FROM register.council WHERE id = 'CLSM-8702'").fetchone()[0] == 1
        again, _ = call(page("importer").restore, 1, "CLSM-8702", "")
        assert "fr-alert" in text(again)  # already restored: the API's refusal, shown
    finally:  # the register as it was: undo the restore, then the import that archived the others
        sign_in("admin")
        admin = session.user_api()
        admin.revert_register()
        admin.revert_register(force=True)
        db.execute("DELETE FROM register.council WHERE id LIKE 'CLSM-87%%'")
