"""Every problem of every row reported at once (file, row, column, value, reason); nothing loaded
on error unless --skip-invalid, which loads the valid rows and writes the rejects file."""
import csv
from datetime import date

import pytest

from core.errors import DataError
from etl import staging
from etl.register import import_register
from tests.register_sheets import clear_register, council, state, write_csv, write_xlsx

BAD_ROWS = [
    council(identifiant="CLSM-0001"),  # row 2: refused with row 7 (same id, other values)
    council(identifiant="CLSM-0002", territoire="90010; 99999"),  # row 3: unknown INSEE code
    council(identifiant="CLSM-0003", etp_coordination="un demi"),  # row 4: FTE not a number
    council(identifiant="CLSM-0004", etp_coordination="12"),  # row 5: FTE out of range
    council(identifiant="CLSM-0005", date_creation="01/01/2999"),  # row 6: date in the future
    council(identifiant="CLSM-0001", territoire="90075"),  # row 7: same id as row 2, other values
    council(identifiant="CLSM-0007", statut="endormi"),  # row 8: unknown status
    council(identifiant="CLSM-0008", territoire="90075"),  # row 9: valid
]
EXPECTED = {(3, "territoire", "99999", "unknown INSEE code"), (4, "etp_coordination", "un demi", "not an FTE"),
            (5, "etp_coordination", "12", "FTE out of range"), (6, "date_creation", "01/01/2999", "date in the future"),
            (2, "identifiant", "CLSM-0001", "id also on row 7 with other values (territoire): both rows refused"),
            (7, "identifiant", "CLSM-0001", "id also on row 2 with other values (territoire): both rows refused"),
            (8, "statut", "endormi", "unknown status")}


@pytest.fixture
def db_clean(geography, db, database_url, tmp_path):
    clear_register(db)
    import_register(database_url, write_csv(tmp_path / "before.csv", [council(identifiant="CLSM-0100")]))
    return db


def found(problems) -> set:
    return {(p.row, p.column, p.value, next(r for r in [e[3] for e in EXPECTED] + [p.reason] if r in p.reason))
            for p in problems}


@pytest.mark.parametrize("writer", [write_csv, write_xlsx], ids=["csv", "xlsx"])
def test_all_problems_reported_and_nothing_loaded(db_clean, database_url, tmp_path, writer):
    path = writer(tmp_path / f"bad.{'csv' if writer is write_csv else 'xlsx'}", BAD_ROWS)
    before = state(db_clean)
    with pytest.raises(DataError) as caught:
        import_register(database_url, path)
    assert found(caught.value.problems) == EXPECTED
    assert all(p.file == path.name for p in caught.value.problems)
    assert state(db_clean) == before
    rejects = list(csv.reader((tmp_path / "bad.rejets.csv").open(encoding="utf-8-sig"), delimiter=";"))
    assert [r[0] for r in rejects[1:]] == ["2", "3", "4", "5", "6", "7", "8"]


def test_skip_invalid_loads_valid_rows_and_writes_rejects(db_clean, database_url, tmp_path):
    path = write_csv(tmp_path / "bad.csv", BAD_ROWS)
    result = import_register(database_url, path, skip_invalid=True, rejects_path=tmp_path / "rejects.csv")
    assert result.inserted == ["CLSM-0008"] and result.rejected == 7
    ids = [r[0] for r in db_clean.execute("SELECT id FROM register.council ORDER BY id")]
    assert ids == ["CLSM-0008", "CLSM-0100"]
    rejects = list(csv.DictReader((tmp_path / "rejects.csv").open(encoding="utf-8-sig"), delimiter=";"))
    assert [(r["ligne"], r["identifiant"]) for r in rejects] == [
        ("2", "CLSM-0001"), ("3", "CLSM-0002"), ("4", "CLSM-0003"), ("5", "CLSM-0004"), ("6", "CLSM-0005"),
        ("7", "CLSM-0001"), ("8", "CLSM-0007")]
    assert "unknown INSEE code" in rejects[1]["erreurs"] and "99999" in rejects[1]["erreurs"]
    sources = db_clean.execute("SELECT rows_loaded, rows_rejected FROM meta.current_sources "
                               "WHERE name = 'CLSM register'").fetchone()
    assert sources == (1, 7)


def test_ambiguous_and_unknown_commune_names(db_clean, database_url, tmp_path):
    # A second commune whose name differs from Valdoie's only by an accent: a spelling matching
    # neither exactly is ambiguous.
    db_clean.execute("INSERT INTO geo.commune (code, type, nom, departement_code, region_code, contour_origin, "
                     "is_base_unit) VALUES ('90998', 'COM', 'Valdoié', '90', '27', 'none', true)")
    try:
        path = write_csv(tmp_path / "names.csv", [
            council(territoire="VALDOÏE (90)"), council(identifiant="CLSM-0002", territoire="Nulle-Part (90)"),
            council(identifiant="CLSM-0003", territoire="Valdoie")])
        with pytest.raises(DataError) as caught:
            import_register(database_url, path)
    finally:
        db_clean.execute("DELETE FROM geo.commune WHERE code = '90998'")
    reasons = [(p.row, p.reason) for p in caught.value.problems]
    assert reasons[0][0] == 2 and reasons[0][1].startswith("ambiguous commune name in 90 (90099, 90998)")
    assert reasons[1][0] == 3 and reasons[1][1].startswith("unknown commune name in département 90")
    assert len(reasons) == 2  # row 4: 'Valdoie' without département is the one commune spelt exactly so


def test_exact_spelling_wins_over_accent_insensitive_match(db_clean, database_url, tmp_path):
    db_clean.execute("INSERT INTO geo.commune (code, type, nom, departement_code, region_code, contour_origin, "
                     "is_base_unit) VALUES ('90998', 'COM', 'Valdoié', '90', '27', 'none', true)")
    try:
        import_register(database_url, write_csv(tmp_path / "names.csv", [council(territoire="valdoié (90)")]))
        code = db_clean.execute("SELECT commune_code FROM register.territory WHERE council_id = 'CLSM-0001'")
        assert code.fetchone()[0] == "90998"
    finally:
        db_clean.execute("DELETE FROM register.council WHERE id = 'CLSM-0001'")
        db_clean.execute("DELETE FROM geo.commune WHERE code = '90998'")


def test_missing_required_column_rejects_the_file(db_clean, database_url, tmp_path):
    rows = [{k: v for k, v in council().items() if k != "territoire"}]
    with pytest.raises(DataError) as caught:
        import_register(database_url, write_csv(tmp_path / "cols.csv", rows), skip_invalid=True)
    assert [(p.row, p.column, p.reason.split(" (")[0]) for p in caught.value.problems] == [
        (1, "territoire", "missing column")]


def test_history_must_end_with_the_current_status(db_clean, database_url, tmp_path):
    path = write_csv(tmp_path / "h.csv", [council(historique_statut="01/01/2015 en projet")])
    with pytest.raises(DataError) as caught:
        import_register(database_url, path)
    assert "history ends with en_projet but statut is actif" in str(caught.value)


def test_interrupted_swap_leaves_previous_register_serving(db_clean, database_url, tmp_path, monkeypatch):
    before = state(db_clean)

    def crash(*args, **kwargs):
        raise RuntimeError("killed during the swap")
    monkeypatch.setattr(staging, "record_source", crash)
    with pytest.raises(RuntimeError):
        import_register(database_url, write_csv(tmp_path / "ok.csv", [council()]), replace=True)
    assert state(db_clean) == before


def test_future_date_is_relative_to_today(db_clean, database_url, tmp_path):
    path = write_csv(tmp_path / "d.csv", [council(date_creation="2030-01-01")])
    result = import_register(database_url, path, today=date(2031, 1, 1))
    assert result.loaded == 1


def test_unquoted_separator_inside_a_cell(db_clean, database_url, tmp_path):
    path = tmp_path / "shifted.csv"
    path.write_text("identifiant;nom;statut;echelle;territoire\nCLSM-0001;CLSM test;actif;communal;90010;90075\n",
                    encoding="utf-8")
    with pytest.raises(DataError) as caught:
        import_register(database_url, path)
    problem = caught.value.problems[0]
    assert (problem.row, problem.value) == (2, "90075") and "more cells than the header" in problem.reason
