"""The bad-input matrix of issue 8, for every loader: each case ends in a clear message (file, row,
column when there is one, reason) and the data already loaded keeps serving unchanged.
Cases already covered elsewhere: truncated / missing column / SRID / corrupt geometry / QPV CRS /
non-numeric indicator (test_geography_bad_input.py), row-level register errors and duplicated ids
(test_register_errors.py), random bytes and random rows (test_register_fuzz.py)."""
import csv
import gzip
import io
import json
import lzma

import pytest

from core.errors import DataError
from etl.geography import load_geography
from etl.register import import_register
from tests.broken_geography import broken, expect_failure, rewrite_communes, snapshot  # noqa: F401 (fixture)
from tests.register_sheets import clear_register, council, write_csv

ROWS = [council(identifiant="CLSM-0001"), council(identifiant="CLSM-0002", territoire="90075")]


def register_state(db) -> tuple:
    return db.execute("SELECT (SELECT version FROM meta.data_version), "
                      "(SELECT string_agg(id || status, ',' ORDER BY id) FROM register.council)").fetchone()


@pytest.fixture
def register_db(geography, db, database_url, tmp_path):
    clear_register(db)
    import_register(database_url, write_csv(tmp_path / "before.csv", [council(identifiant="CLSM-0100")]))
    return db


def _empty(path):
    path.write_bytes(b"")


def _blank_lines(path):
    path.write_text("\n\n  \n", encoding="utf-8")


def _header_only(path):
    write_csv(path, ROWS)
    path.write_text(path.read_text(encoding="utf-8-sig").splitlines()[0] + "\n", encoding="utf-8")


def _tabs(path):
    write_csv(path, ROWS, delimiter="\t")


def _utf16(path):
    write_csv(path, ROWS, encoding="utf-16")


def _huge(path):
    with path.open("w", encoding="utf-8") as handle:
        handle.write("identifiant;nom;statut;echelle;territoire\n")
        line = "CLSM-9;" + "x" * 1000 + ";actif;communal;90010\n"
        for _ in range(21 * 1024):  # 21 MB, above the 20 MB limit
            handle.write(line)


REGISTER_CASES = {
    "empty file": (_empty, "empty file"),
    "blank lines only": (_blank_lines, "empty file"),
    "header without rows": (_header_only, "no council"),
    "tab-separated": (_tabs, "missing column"),
    "UTF-16": (_utf16, "missing column"),
    "huge file": (_huge, "file too large"),
}


@pytest.mark.parametrize("case", REGISTER_CASES)
def test_register_bad_file(register_db, database_url, tmp_path, case):
    make, reason = REGISTER_CASES[case]
    path = tmp_path / "register.csv"
    make(path)
    before = register_state(register_db)
    with pytest.raises(DataError) as caught:
        import_register(database_url, path)
    assert reason in str(caught.value), str(caught.value)
    assert caught.value.problems and caught.value.problems[0].file == "register.csv"
    assert register_state(register_db) == before


def test_register_extra_column_is_a_warning(register_db, database_url, tmp_path):
    path = write_csv(tmp_path / "register.csv", [{**r, "couleur préférée": "bleu"} for r in ROWS])
    result = import_register(database_url, path, replace=True)
    assert result.loaded == 2
    assert any(w.column == "couleur préférée" and "unknown column" in w.reason for w in result.warnings)


# -- geography ---------------------------------------------------------------------------------------

def _communes_text(folder) -> str:
    return lzma.decompress((folder / "communes.csv.lzma").read_bytes()).decode()


def g_empty(folder):
    (folder / "communes.csv.lzma").write_bytes(lzma.compress(b""))


def g_semicolons(folder):
    rows = list(csv.reader(io.StringIO(_communes_text(folder))))
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\n").writerows(rows)
    (folder / "communes.csv.lzma").write_bytes(lzma.compress(out.getvalue().encode()))


def g_latin1(folder):
    (folder / "communes.csv.lzma").write_bytes(lzma.compress(_communes_text(folder).encode("cp1252", "replace")))


def g_duplicate_commune(folder):
    rewrite_communes(folder / "communes.csv.lzma", lambda rows, header: rows.append(rows[2]))


def g_duplicate_qpv(folder):
    path = folder / "qpv2024_gazetteer.json.gz"
    doc = json.loads(gzip.decompress(path.read_bytes()))
    doc["qpvs"].append(doc["qpvs"][0])
    path.write_bytes(gzip.compress(json.dumps(doc).encode()))


def g_indicators_empty(folder):
    (folder / "qpv2024_indicators.csv").write_text("")


GEO_CASES = {
    "empty communes file": (g_empty, ["communes.csv.lzma", "empty"]),
    "communes with ';' delimiter": (g_semicolons, ["communes.csv.lzma", "missing column"]),
    "communes in Windows-1252": (g_latin1, ["communes.csv.lzma", "UTF-8"]),
    "duplicated commune code": (g_duplicate_commune, ["communes.csv.lzma", "duplicate"]),
    "duplicated QPV code": (g_duplicate_qpv, ["qpv2024_gazetteer.json.gz", "duplicate"]),
    "empty indicators file": (g_indicators_empty, ["qpv2024_indicators.csv", "empty"]),
}


@pytest.mark.parametrize("case", GEO_CASES)
def test_geography_bad_file(broken, db, case):
    settings, folder = broken
    make, fragments = GEO_CASES[case]
    make(folder)
    expect_failure(settings, db, *fragments)


def test_geography_extra_column_is_ignored(broken, geography, db):
    settings, folder = broken

    def extra(rows, header):
        for r in rows:
            r["colonne_en_plus"] = "1"
        return [*header, "colonne_en_plus"]
    rewrite_communes(folder / "communes.csv.lzma", extra)
    before = snapshot(db)
    try:
        load_geography(settings, force=True)
        assert snapshot(db)[1:3] == before[1:3]
    finally:  # the session's database goes back to the fixture files (their hashes key data_version)
        load_geography(geography, force=True)
    assert snapshot(db)[:3] == before[:3]
