"""Lenient cell parsers of the register format."""
from datetime import date

import pytest

from etl import register_format as fmt

TODAY = date(2025, 6, 30)


@pytest.mark.parametrize("text, value", [("0,5", 0.5), ("1 200,50 €", 1200.5), ("30000.00", 30000),
                                         ("1.200,5", 1200.5), ("30.000", 30000), ("0.25", 0.25), (" 12 000 ", 12000)])
def test_numbers(text, value):
    assert fmt.parse_number(text) == value


@pytest.mark.parametrize("text", ["un demi", "1,2,3", ""])
def test_not_numbers(text):
    with pytest.raises(ValueError, match="not a number"):
        fmt.parse_number(text)


@pytest.mark.parametrize("text, value", [("01/02/2016", date(2016, 2, 1)), ("1/2/2016", date(2016, 2, 1)),
                                         ("2016-02-01", date(2016, 2, 1)), ("01.02.2016", date(2016, 2, 1)),
                                         ("2016-02-01T00:00:00", date(2016, 2, 1))])
def test_dates(text, value):
    assert fmt.parse_date(text, TODAY) == value


@pytest.mark.parametrize("text, reason", [("31/02/2020", "not a valid calendar date"), ("2020", "not a date"),
                                          ("01/07/2025", "date in the future")])
def test_bad_dates(text, reason):
    with pytest.raises(ValueError, match=reason):
        fmt.parse_date(text, TODAY)


@pytest.mark.parametrize("text, status", [("Actif", "actif"), (" ARRÊTÉ ", "arrete"), ("Arrêtée", "arrete"),
                                          ("en préparation", "en_projet"), ("En_Sommeil", "en_sommeil")])
def test_status_words(text, status):
    assert fmt.parse_status(text) == status


def test_unknown_status_lists_the_accepted_ones():
    with pytest.raises(ValueError, match="unknown status .expected one of: actif, en_projet"):
        fmt.parse_status("endormi")


@pytest.mark.parametrize("text, code", [("1053", "01053"), ("01053", "01053"), ("2a004", "2A004"), ("75112", "75112")])
def test_insee_codes(text, code):
    assert fmt.normalise_insee(text) == code


def test_headers_and_tags():
    assert fmt.normalise_header(" Date de création ") == "date_creation"
    assert fmt.normalise_header("Financement établissement de santé") == "financement_etablissement_sante"
    assert fmt.normalise_header("Financement politique de la ville") == "financement_politique_de_la_ville"
    assert fmt.normalise_header("Budget de coordination (€)") == "budget_coordination_eur"
    assert fmt.tags("COPIL; Assemblée plénière;GT; copil", fmt.GOVERNANCE_WORDS) == \
        ["copil", "assemblee_pleniere", "groupes_de_travail"]


def test_fte_range():
    assert fmt.parse_fte("1,0") == 1.0
    with pytest.raises(ValueError, match="FTE out of range"):
        fmt.parse_fte("-0,5")
