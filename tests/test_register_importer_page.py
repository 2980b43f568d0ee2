"""The dashboard's import page: a preview first (nothing loaded), then loading exactly that preview;
an admin can undo the last import. Callbacks called in-process against the real API."""
import base64

from tests.api_fixtures import api_register  # noqa: F401 (fixture)
from tests.register_sheets import council, write_csv
from tests.test_dashboard_callbacks import call, page, text
from tests.test_dashboard_signed_in import app, ctx, sign_in  # noqa: F401 (fixtures)


def test_preview_then_confirm_then_revert(ctx, tmp_path, db):  # noqa: F811
    db.execute("DELETE FROM register.council WHERE id LIKE 'CLSM-83%%'")
    sign_in("editor")
    rows = [council(identifiant="CLSM-8301", nom="CLSM aperçu — Belfort", territoire="90010", etp_coordination="50 %"),
            council(identifiant="CLSM-8302", nom="Ligne fausse", territoire="Atlantide")]
    content = "data:text/csv;base64," + base64.b64encode(write_csv(tmp_path / "registre.csv", rows).read_bytes()).decode()
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
