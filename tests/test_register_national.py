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
