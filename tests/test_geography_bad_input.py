"""Corrupt inputs fail with a row-level message, and the data already loaded keeps serving."""
import gzip
import json

from tests.broken_geography import broken, expect_failure, rewrite_communes  # noqa: F401 (fixture)


def test_truncated_file(broken, db):
    settings, folder = broken
    path = folder / "communes.csv.lzma"
    path.write_bytes(path.read_bytes()[:5000])
    expect_failure(settings, db, "communes.csv.lzma", "truncated")


def test_missing_column(broken, db):
    settings, folder = broken
    rewrite_communes(folder / "communes.csv.lzma", lambda rows, h: [c for c in h if c != "population_municipale"])
    expect_failure(settings, db, "missing column", "population_municipale")


def test_wrong_srid_names_row_and_column(broken, db):
    settings, folder = broken

    def lambert(rows, header):  # EWKB header claiming SRID 2154 (Lambert-93)
        rows[3]["geometry"] = rows[3]["geometry"][:2] + "06000020" + "6A080000" + rows[3]["geometry"][10:]
    rewrite_communes(folder / "communes.csv.lzma", lambert)
    error = expect_failure(settings, db, "SRID 2154", "row 5", "geometry")
    assert error.problems[0].row == 5 and error.problems[0].column == "geometry"


def test_bad_geometry_bytes(broken, db):
    settings, folder = broken

    def corrupt(rows, header):
        rows[7]["geometry"] = rows[7]["geometry"][:60]
    rewrite_communes(folder / "communes.csv.lzma", corrupt)
    error = expect_failure(settings, db, "row 9")
    assert error.problems[0].column == "geom"


def test_qpv_in_another_crs(broken, db):
    settings, folder = broken
    path = folder / "qpv2024_gazetteer.json.gz"
    doc = json.loads(gzip.decompress(path.read_bytes()))
    doc["qpvs"][2]["g"] = [[[[x * 100000, y * 100000] for x, y in ring] for ring in poly]
                           for poly in doc["qpvs"][2]["g"]]
    path.write_bytes(gzip.compress(json.dumps(doc).encode()))
    error = expect_failure(settings, db, "wrong CRS")
    assert error.problems[0].row == 3 and error.problems[0].file == "qpv2024_gazetteer.json.gz"


def test_indicator_not_a_number(broken, db):
    settings, folder = broken
    path = folder / "qpv2024_indicators.csv"
    lines = path.read_text().splitlines()
    cells = lines[1].split(",")
    cells[7] = "beaucoup"
    lines[1] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n")
    expect_failure(settings, db, "qpv2024_indicators.csv, row 2, column taux_pauvrete_60", "not a number")
