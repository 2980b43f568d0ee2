"""A new geography vintage under a loaded register: a commune that merged into a commune nouvelle
is remapped in the territories (with a warning kept in meta.sources), coverage is recomputed in
the same swap; a commune that vanished without a trace stops the load, naming it, and nothing
changes."""
import pytest

from core.errors import DataError
from etl.coverage import refresh_coverage
from etl.geography import load_geography
from etl.register import import_register
from tests.broken_geography import broken, rewrite_communes  # noqa: F401 (fixture)
from tests.register_sheets import clear_register, council, write_csv

MERGED, INTO = "90011", "90010"  # Valdoie becomes, for this test, a delegated commune of Belfort


@pytest.fixture
def registered(geography, database_url, db, tmp_path):
    clear_register(db)
    import_register(database_url, write_csv(tmp_path / "reg.csv", [
        council(identifiant="CLSM-0001", territoire=f"{MERGED}; 90075"),
        council(identifiant="CLSM-0002", territoire=INTO)]))
    refresh_coverage(database_url)
    yield db
    load_geography(geography, force=True)  # the fixture geography back for the other tests
    clear_register(db)


def _territories(db) -> dict:
    return {cid: sorted(codes) for cid, codes in db.execute(
        "SELECT council_id, array_agg(commune_code) FROM register.territory GROUP BY 1").fetchall()}


def test_merged_commune_is_remapped(registered, broken):
    db, (vintage, folder) = registered, broken

    def merge(rows, header):
        parent = next(r for r in rows if r["code"] == INTO and r["type"] == "COM")
        for r in rows:
            if r["code"] == MERGED and r["type"] == "COM":
                r["type"], r["commune_parent_id"] = "COMD", parent["id"]

    rewrite_communes(folder / "communes.csv.lzma", merge)
    report = load_geography(vintage, force=True)
    assert _territories(db)["CLSM-0001"] == sorted([INTO, "90075"])
    assert any(f"named commune {MERGED}, merged into {INTO}" in n for n in report.notes)
    details = db.execute("SELECT details FROM meta.current_sources WHERE name LIKE '%ommunes%'").fetchone()[0]
    assert details["register_remapped"] == [{"council": "CLSM-0001", "from": MERGED, "to": INTO}]
    # Coverage swapped with the geography: no unit of the vanished commune, Belfort covered.
    assert db.execute("SELECT count(*) FROM coverage.unit WHERE unit_code = %s", (MERGED,)).fetchone()[0] == 0
    assert db.execute("SELECT is_covered FROM coverage.unit WHERE unit_code = %s", (INTO,)).fetchone()[0]


def test_vanished_commune_stops_the_load(registered, broken):
    db, (vintage, folder) = registered, broken
    before = (_territories(db), db.execute("SELECT version FROM meta.data_version").fetchone()[0])

    def vanish(rows, header):
        rows[:] = [r for r in rows if r["code"] != MERGED]

    rewrite_communes(folder / "communes.csv.lzma", vanish)
    with pytest.raises(DataError) as caught:
        load_geography(vintage, force=True)
    problem = caught.value.problems[0]
    assert problem.value == MERGED and "CLSM-0001" in problem.reason and "fix the register" in problem.reason
    assert (_territories(db), db.execute("SELECT version FROM meta.data_version").fetchone()[0]) == before
