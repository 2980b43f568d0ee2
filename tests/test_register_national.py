"""Territory resolution against the national geography (validation only: nothing is written)."""
from datetime import date

import psycopg
import pytest

from core.db import psycopg_dsn
from etl.register_rows import Geography, validate_sheet
from etl.spreadsheet import read_sheet
from tests.register_sheets import council, write_csv


@pytest.fixture(scope="module")
def national_geo(national_url):
    with psycopg.connect(psycopg_dsn(national_url)) as conn:
        return Geography.read(conn)


def territory_of(geo, tmp_path, cell: str):
    sheet = read_sheet(write_csv(tmp_path / "t.csv", [council(territoire=cell, departement="")]))
    councils, errors, warnings = validate_sheet(sheet, geo, date(2025, 6, 30))
    return ([code for code, _ in councils[0].territory] if councils else None), errors, warnings


def test_code_that_lost_its_leading_zero(national_geo, tmp_path):
    assert territory_of(national_geo, tmp_path, "1053")[0] == ["01053"]  # Bourg-en-Bresse


def test_former_commune_without_its_leading_zero(national_geo, tmp_path):
    codes, errors, warnings = territory_of(national_geo, tmp_path, "1340")  # Saint-Bois, now Arboys en Bugey
    assert codes == ["01015"] and not errors
    assert "former commune 01340 Saint-Bois mapped to current commune 01015" in warnings[0].reason


def test_names_with_their_departement(national_geo, tmp_path):
    assert territory_of(national_geo, tmp_path, "bourg en bresse (1); Vergne (17)")[0] == ["01053", "17465"]
    # Vergne and Vergné (17) differ only by an accent: a third spelling is ambiguous.
    codes, errors, _ = territory_of(national_geo, tmp_path, "Vergnë (17)")
    assert codes is None and errors[0].reason.startswith("ambiguous commune name in 17 (17464, 17465)")


def test_the_forms_staff_write_against_the_national_geography(national_geo, tmp_path):
    """The examples of the issue and of docs/register-format.md, on the real national geography."""
    cases = {"76 351": ["76351"], "1004": ["01004"], "2b033": ["2B033"], "29019 - Brest": ["29019"],
             "Tourcoing (59599)": ["59599"], "La Rochelle (17)": ["17300"], "Rochelle (La) (17)": ["17300"],
             "Le Havre": ["76351"], "L'Haÿ-les-Roses": ["94038"],
             "St-Étienne": ["42218"], "Marseille 3e": ["13203"], "Paris 18e": ["75118"],
             "Brest, Quimper": ["29019", "29232"], "Brest et Morlaix": ["29019", "29151"]}
    for cell, codes in cases.items():
        got, errors, _ = territory_of(national_geo, tmp_path, cell)
        assert (got, errors) == (codes, []), (cell, [e.reason for e in errors])
    for cell in ("Métropole Européenne de Lille", "CA du Cotentin"):
        got, errors, _ = territory_of(national_geo, tmp_path, cell)
        assert got and len(got) > 20 and not errors, (cell, [e.reason for e in errors])
    got, errors, _ = territory_of(national_geo, tmp_path, "La Rochelle")  # also a commune of Haute-Saône
    assert got is None and errors[0].reason.startswith("ambiguous commune name: 17300 Rochelle (17), 70450")
    got, errors, _ = territory_of(national_geo, tmp_path, "29019 - Quimper")
    assert got is None and "the code and the name disagree: 29019 is Brest, not Quimper (29232 is Quimper)" in \
        errors[0].reason
