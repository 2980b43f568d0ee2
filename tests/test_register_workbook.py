"""A hand-kept workbook gets in: the register sheet is found among others, the header below a
title, everyday labels understood, notes/totals/blank rows skipped and listed, every council written
in any accepted form loaded exactly right, every uninterpretable row refused with its reason, rows
numbered as the spreadsheet shows them; the same sheet saved as CSV reads the same."""
import pytest

from etl.register import import_register
from tests import register_messy as messy
from tests.register_sheets import clear_register

FIELDS = "id, status, scale, fte::float, created_on, created_on_precision, region_code"


@pytest.fixture
def workbook(geography, db, tmp_path):
    clear_register(db)
    communes = db.execute("SELECT code, nom FROM geo.commune WHERE type = 'COM' AND departement_code = '90' "
                          "ORDER BY code").fetchall()
    paris = db.execute("SELECT code, nom FROM geo.commune WHERE type = 'ARM' AND code LIKE '751%' "
                       "ORDER BY code").fetchall()
    epci = {s: frozenset(r[0] for r in db.execute("SELECT code FROM geo.commune WHERE epci_code = %s AND "
                                                  "type = 'COM'", (s,)))
            for s in ("200069052", "249000241", "200069060")}
    grid, expected, refused = messy.build(communes, paris, epci)
    return grid, expected, refused


def loaded(db) -> dict:
    rows = {r[0]: r for r in db.execute(f"SELECT {FIELDS} FROM register.council")}
    territory = {}
    for council_id, code in db.execute("SELECT council_id, commune_code FROM register.territory"):
        territory.setdefault(council_id, set()).add(code)
    return {i: (*r[1:], frozenset(territory.get(i, ()))) for i, r in rows.items()}


def test_messy_workbook_loads_what_a_careful_person_reads(workbook, db, database_url, tmp_path):
    grid, expected, refused = workbook
    assert len(expected) >= 110
    path = messy.write_xlsx(tmp_path / "Registre CLSM juin 2026 (version de travail).xlsx", grid)
    result = import_register(database_url, path, skip_invalid=True, today=messy.TODAY)
    assert "header found on row 3" in result.notes
    assert any("sheet 'Registre 2026' read" in n and "'Notes'" in n for n in result.notes)
    got = loaded(db)
    right = wrong = 0
    for e in expected:
        want = (e.status, e.scale, e.fte, e.created_on, e.precision, e.region, e.territory)
        if e.id in got:
            right += got[e.id] == want
            wrong += got[e.id] != want
            assert got[e.id] == want, e.id  # 0 loaded wrong
    print(f"messy workbook: {right} of {len(expected)} councils loaded exactly right, {wrong} wrong")
    assert right / len(expected) >= 0.95 and wrong == 0
    # Every uninterpretable row refused, with its reason, at the row the spreadsheet shows.
    reasons = {}
    for p in result.errors:
        reasons.setdefault(p.row, []).append(p.reason)
    assert set(reasons) == set(refused), sorted(set(reasons) ^ set(refused))
    for row, why in refused.items():
        assert any(why in r for r in reasons[row]), (row, why, reasons[row])
    # Not councils: listed, not failed on.
    skipped = {p.row: p.reason for p in result.skipped}
    assert skipped[1] == "above the header (title)"
    assert {"total row", "note or source line", "blank row", "comment or section heading (one cell, no id)"} <= \
        set(skipped.values())
    assert any("same row as row 4" in w.reason for w in result.warnings)


def test_the_same_sheet_as_csv_reads_the_same(workbook, db, database_url, tmp_path):
    grid, expected, refused = workbook
    xlsx = import_register(database_url, messy.write_xlsx(tmp_path / "r.xlsx", grid), skip_invalid=True,
                           today=messy.TODAY)
    as_csv = import_register(database_url, messy.write_csv(tmp_path / "r.csv", grid), skip_invalid=True,
                             dry_run=True, today=messy.TODAY)
    assert as_csv.diff.new == [] and as_csv.diff.updated == {}
    assert len(as_csv.diff.unchanged) == xlsx.loaded
    assert {(p.row, p.column, p.reason) for p in as_csv.errors} == {(p.row, p.column, p.reason) for p in xlsx.errors}
    assert [(p.row, p.reason) for p in as_csv.skipped] == [(p.row, p.reason) for p in xlsx.skipped]


def test_csv_rows_are_numbered_as_the_spreadsheet_shows_them(geography, db, database_url, tmp_path):
    clear_register(db)
    path = tmp_path / "multi.csv"
    path.write_text('Identifiant;Nom;Statut;Échelle;Territoire\n'
                    'CLSM-0001;"CLSM du\nnord";actif;communal;"Belfort\nValdoie"\n'
                    'CLSM-0002;CLSM sud;actif;communal;Atlantide\n', encoding="utf-8")
    result = import_register(database_url, path, skip_invalid=True)
    assert [(p.row, p.value) for p in result.errors] == [(3, "Atlantide")]  # record 3, though line 5
