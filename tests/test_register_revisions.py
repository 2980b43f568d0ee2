"""Nothing is ever lost: --replace keeps rejected councils and archives the removed ones; the dry
run is what loading then does; every import is a revision with an audit event; revert restores the
previous revision byte for byte; an archived council is restorable."""
import psycopg
import pytest

from core.errors import Conflict
from etl import register_revisions as revisions
from etl.register import import_register
from tests.register_sheets import clear_register, council, write_csv

TABLES = ["council", "status_history", "territory", "funding", "contact"]
ME = revisions.Actor("test", "cli")


@pytest.fixture
def db_clean(geography, db):
    clear_register(db)
    db.execute("DELETE FROM register.revision")
    return db


def dump(db) -> dict:
    """Every row of every register table, as text: 'byte for byte'."""
    return {t: [r[0] for r in db.execute(f"SELECT to_jsonb(x)::text FROM register.{t} x ORDER BY 1")] for t in TABLES}


def first_register(tmp_path):
    return write_csv(tmp_path / "a.csv", [
        council(historique_statut="01/02/2016 en projet | 01/09/2017 actif", coordinateur_nom="Camille Test",
                coordinateur_email="camille@example.org"),
        council(identifiant="CLSM-0002", nom="CLSM test — Valdoie", territoire="90099", financement_ars="5000"),
        council(identifiant="CLSM-0003", nom="CLSM test — Grand Belfort", echelle="intercommunal",
                territoire="249000241", coordinateur_telephone="03 84 00 00 00")])


def test_replace_keeps_rejected_rows_and_archives_the_removed(db_clean, database_url, tmp_path):
    import_register(database_url, first_register(tmp_path))
    before = dump(db_clean)
    # CLSM-0002's row is invalid (rejected), CLSM-0003 is absent, a row with an unreadable id names
    # 'CLSM test — Belfort bis' which is not in the register: only CLSM-0003 may go.
    second = write_csv(tmp_path / "b.csv", [
        council(etp_coordination="1"),
        council(identifiant="CLSM-0002", nom="CLSM test — Valdoie", territoire="99999")])
    result = import_register(database_url, second, skip_invalid=True, replace=True, actor=ME)
    assert result.removed == ["CLSM-0003"] and result.rejected == 1
    assert [(i, why.startswith("row 3")) for i, _, why in result.diff.kept] == [("CLSM-0002", True)]
    ids = [r[0] for r in db_clean.execute("SELECT id FROM register.council ORDER BY id")]
    assert ids == ["CLSM-0001", "CLSM-0002"]
    name, record = db_clean.execute("SELECT name, record FROM register.council_archive "
                                    "WHERE council_id = 'CLSM-0003'").fetchone()
    assert name == "CLSM test — Grand Belfort"
    assert len(record["territory"]) == 27 and record["contact"][0]["phone"] == "03 84 00 00 00"
    assert record["status_history"] and record["funding"]
    # Restorable alone, exactly as it was.
    with psycopg.connect(db_clean.info.dsn) as conn:
        revisions.restore_council(conn, "CLSM-0003", ME)
    restored = dump(db_clean)
    for table in TABLES:
        was = [r for r in before[table] if "CLSM-0003" in r]
        assert [r for r in restored[table] if "CLSM-0003" in r] == was


def test_rejected_row_without_a_readable_id_protects_the_council_of_that_name(db_clean, database_url, tmp_path):
    import_register(database_url, first_register(tmp_path))
    second = write_csv(tmp_path / "b.csv", [
        council(), council(identifiant="CLSM-0002"),
        council(identifiant="??", nom="CLSM test — Grand Belfort", echelle="intercommunal", territoire="249000241")])
    result = import_register(database_url, second, skip_invalid=True, replace=True, actor=ME)
    assert result.removed == [] and [k[0] for k in result.diff.kept] == ["CLSM-0003"]


def test_dry_run_is_what_loading_does(db_clean, database_url, tmp_path):
    import_register(database_url, first_register(tmp_path))
    before = dump(db_clean)
    second = write_csv(tmp_path / "b.csv", [
        council(etp_coordination="0,8", territoire="90010; 90099"),
        council(identifiant="CLSM-0002", nom="CLSM test — Valdoie", territoire="90099", financement_ars="5000"),
        council(identifiant="CLSM-0004", nom="CLSM test — Essert", territoire="90039")])
    preview = import_register(database_url, second, replace=True, dry_run=True)
    assert dump(db_clean) == before  # a preview changes nothing
    assert (preview.inserted, preview.updated, preview.removed) == (["CLSM-0004"], ["CLSM-0001"], ["CLSM-0003"])
    fields = preview.diff.updated["CLSM-0001"]
    assert fields["fte"] == (0.5, 0.8)
    assert fields["territory"] == (["90010"], ["90010", "90099"])
    assert preview.diff.unchanged == ["CLSM-0002"]
    loaded = import_register(database_url, second, replace=True, confirm=preview.sha256)
    assert loaded.diff.as_dict() == preview.diff.as_dict()
    assert (loaded.inserted, loaded.updated, loaded.removed) == (preview.inserted, preview.updated, preview.removed)
    assert db_clean.execute("SELECT fte::float FROM register.council WHERE id = 'CLSM-0001'").fetchone()[0] == 0.8
    after = dump(db_clean)
    assert [r for r in after["council"] if "CLSM-0002" in r] == [r for r in before["council"] if "CLSM-0002" in r]


def test_load_refuses_a_file_other_than_the_previewed_one(db_clean, database_url, tmp_path):
    preview = import_register(database_url, first_register(tmp_path), dry_run=True)
    other = write_csv(tmp_path / "c.csv", [council(etp_coordination="1")])
    with pytest.raises(Conflict, match="not the previewed file"):
        import_register(database_url, other, confirm=preview.sha256)
    assert dump(db_clean)["council"] == []


def test_every_import_is_a_revision_with_an_audit_event(db_clean, database_url, tmp_path):
    path = first_register(tmp_path)
    first = import_register(database_url, path, actor=ME)
    again = import_register(database_url, path, actor=ME)  # unchanged: recorded, data version kept
    events = db_clean.execute("SELECT action, username, entity_id, after, register_change FROM audit.event "
                              "WHERE entity = 'register' AND entity_id = ANY(%s) ORDER BY id",
                              ([str(first.revision), str(again.revision)],)).fetchall()
    assert [(e[0], e[1], e[4]) for e in events] == [("register.import", "test", True),
                                                    ("register.import", "test", False)]
    after = events[0][3]
    assert after["file"] == "a.csv" and after["sha256"] == first.sha256 and after["counts"]["new"] == 3
    assert after["removed"] == []


def test_revert_restores_the_previous_revision_byte_for_byte(db_clean, database_url, tmp_path):
    import_register(database_url, first_register(tmp_path))
    before = dump(db_clean)
    second = write_csv(tmp_path / "b.csv", [
        council(etp_coordination="1", historique_statut="01/02/2016 en projet | 01/09/2017 actif | "
                "01/01/2024 en sommeil", statut="en sommeil", coordinateur_nom="Autre Personne"),
        council(identifiant="CLSM-0005", nom="CLSM test — Essert", territoire="90039")])
    import_register(database_url, second, replace=True)
    assert dump(db_clean) != before
    with psycopg.connect(db_clean.info.dsn) as conn:
        undone, _ = revisions.revert(conn, ME)
    assert dump(db_clean) == before
    assert db_clean.execute("SELECT reverted_by IS NOT NULL FROM register.revision WHERE id = %s",
                            (undone,)).fetchone()[0]


def test_revert_refuses_to_lose_later_edits_unless_forced(db_clean, database_url, tmp_path):
    import_register(database_url, first_register(tmp_path))
    db_clean.execute("INSERT INTO audit.event (username, role, action, entity, entity_id, register_change, at) "
                     "VALUES ('ed', 'editor', 'council.status', 'council', 'CLSM-0001', true, now() + interval '1 s')")
    with psycopg.connect(db_clean.info.dsn) as conn, pytest.raises(Conflict, match="council.status CLSM-0001"):
        revisions.revert(conn, ME)
    with psycopg.connect(db_clean.info.dsn) as conn:
        revisions.revert(conn, ME, force=True)
    assert dump(db_clean)["council"] == []
