"""Each cell parser of the register, with its rule on examples and a hypothesis property: dates of
any precision, FTE in any form, statuses/régions/carriers in the staff's words, commune items."""
import os
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl import register_places as places
from etl import register_values as values
from etl.register_rows import _status_word

settings.register_profile("ci", derandomize=True, deadline=None, database=None, max_examples=150,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
TODAY = date(2026, 6, 30)
MOIS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre",
        "décembre"]


@pytest.mark.parametrize("text, expected", [
    ("15/03/2019", (date(2019, 3, 15), "day")), ("2019-03-15", (date(2019, 3, 15), "day")),
    ("03/2019", (date(2019, 3, 1), "month")), ("3/2019", (date(2019, 3, 1), "month")),
    ("mars 2019", (date(2019, 3, 1), "month")), ("Mars-19", (date(2019, 3, 1), "month")),
    ("1er mars 2019", (date(2019, 3, 1), "day")), ("2019", (date(2019, 1, 1), "year")),
    ("43539", (date(2019, 3, 15), "day")), ("depuis 2018", (date(2018, 1, 1), "year")),
    ("15/03/19", (date(2019, 3, 15), "day")), ("2019-03-15 00:00:00", (date(2019, 3, 15), "day"))])
def test_dates_keep_their_precision(text, expected):
    when = values.parse_when(text, TODAY)
    assert (when.day, when.precision) == expected and not when.planned


def test_planned_dates_only_for_councils_en_projet():
    when = values.parse_when("09/2027 (prévu)", TODAY, allow_planned=True)
    assert (when.day, when.precision, when.planned) == (date(2027, 9, 1), "month", True)
    with pytest.raises(ValueError, match="prévu"):
        values.parse_when("09/2027 (prévu)", TODAY)
    with pytest.raises(ValueError, match="add « \\(prévu\\) »"):
        values.parse_when("09/2027", TODAY, allow_planned=True)
    assert values.parse_when("2019 (prévu)", TODAY).planned  # a past planned date is just a date


@given(day=st.dates(date(1990, 1, 1), TODAY),
       form=st.sampled_from(["day", "iso", "month", "month-name", "year", "serial"]))
def test_any_past_date_in_any_form_reads_back(day, form):
    text, precision, first = {
        "day": (day.strftime("%d/%m/%Y"), "day", day), "iso": (day.isoformat(), "day", day),
        "month": (day.strftime("%m/%Y"), "month", day.replace(day=1)),
        "month-name": (f"{MOIS[day.month - 1]} {day.year}", "month", day.replace(day=1)),
        "year": (str(day.year), "year", date(day.year, 1, 1)),
        "serial": (str((day - values.EXCEL_EPOCH).days), "day", day)}[form]
    when = values.parse_when(text, TODAY)
    assert (when.day, when.precision) == (first, precision)


@given(day=st.dates(TODAY + timedelta(days=1), date(2100, 1, 1)))
def test_future_dates_refused_unless_planned(day):
    with pytest.raises(ValueError, match="future"):
        values.parse_when(day.strftime("%d/%m/%Y"), TODAY)
    assert values.parse_when(day.strftime("%d/%m/%Y") + " (prévu)", TODAY, allow_planned=True).day == day


@pytest.mark.parametrize("text, fte", [
    ("0,5", 0.5), ("0.5 ETP", 0.5), ("50 %", 0.5), ("50%", 0.5), ("mi-temps", 0.5), ("Temps plein", 1.0),
    ("17,5 h/semaine", 0.5), ("35h", 1.0), ("17h30 par semaine", 0.5), ("2 jours/semaine", 0.4),
    ("1 j/sem", 0.2), ("1/2 temps", 0.5), ("quart temps", 0.25), ("1 ETP", 1.0), ("0,8 etp", 0.8)])
def test_fte_forms(text, fte):
    assert values.parse_fte(text) == fte


@pytest.mark.parametrize("text", ["un demi", "beaucoup", "12", "-1", "temps partiel"])
def test_fte_refused_with_the_accepted_forms(text):
    with pytest.raises(ValueError, match="mi-temps"):
        values.parse_fte(text)


@given(hundredths=st.integers(0, 200), form=st.sampled_from(["comma", "etp", "percent", "hours", "days"]))
def test_fte_any_form_reads_back(hundredths, form):
    fte = hundredths / 100
    text = {"comma": f"{fte:.2f}".replace(".", ","), "etp": f"{fte:g} ETP", "percent": f"{hundredths} %",
            "hours": f"{fte * 35:.2f} h/semaine".replace(".", ","), "days": f"{fte * 5:g} jours/semaine"}[form]
    assert values.parse_fte(text) == pytest.approx(fte, abs=0.005)


@pytest.mark.parametrize("text, status, note", [
    ("Actif", "actif", None), ("En veille", "en_sommeil", None), ("Arrêté (2021)", "arrete", "2021"),
    ("en projet (prévu 2027)", "en_projet", "prévu 2027"), ("actif depuis 2018", "actif", "2018"),
    ("EN SOMMEIL", "en_sommeil", None), ("abandonné", "arrete", None)])
def test_statuses_in_the_staff_words(text, status, note):
    word, annotation = values.split_annotation(text)
    assert (_status_word(word), annotation) == (status, note)


@given(status=st.sampled_from(["actif", "en projet", "en sommeil", "en veille", "arrêté"]),
       case=st.sampled_from([str.upper, str.lower, str.title]), year=st.integers(2000, 2026))
def test_status_with_a_year_in_any_case(status, case, year):
    word, annotation = values.split_annotation(f"{case(status)} ({year})")
    assert _status_word(word) in ("actif", "en_projet", "en_sommeil", "arrete") and annotation == str(year)


@pytest.mark.parametrize("text, code", [("PACA", "93"), ("IDF", "11"), ("AURA", "84"), ("ARS Bretagne", "53"),
                                        ("Île-de-France", "11"), ("Région Sud", "93"), ("Rhône-Alpes", "84")])
def test_region_abbreviations(text, code):
    assert values.REGION_ABBREVIATIONS[values.region_key(text)] == code


@pytest.mark.parametrize("text, kind", [("EPSM de la Sarthe", "hopital"), ("CH Rouffach", "hopital"),
                                        ("Ville de Brest", "commune"), ("CCAS", "ccas"), ("CA du Cotentin", "epci"),
                                        ("Métropole Européenne de Lille", "epci"), ("UNAFAM 90", "association")])
def test_carriers_by_the_first_words_of_their_name(text, kind):
    assert values.parse_carrier_words(text) == kind


@pytest.mark.parametrize("a, b", [("St-Étienne", "Saint-Etienne"), ("Ste-Marie", "Sainte Marie"),
                                  ("Rochelle (La)", "La Rochelle"), ("Marseille 3e", "Marseille 3e Arrondissement"),
                                  ("Paris 18ème", "Paris 18e Arrondissement"),
                                  ("Paris 1er arr.", "Paris 1er Arrondissement"),
                                  ("Châlons-en-Champagne", "CHALONS EN CHAMPAGNE")])
def test_commune_names_match_as_written(a, b):
    assert places.name_key(a) == places.name_key(b)


@given(name=st.text(st.characters(whitelist_categories=["Lu", "Ll"]), min_size=1, max_size=15))
def test_name_key_ignores_case(name):
    assert places.name_key(name.upper()) == places.name_key(name.lower()) or name.upper().lower() != name.lower()


@pytest.mark.parametrize("text, code", [("76 351", "76351"), ("1004", "01004"), ("2b033", "2B033"),
                                        ("2A 004", "2A004")])
def test_codes_in_any_textual_form(text, code):
    assert places.CODE_RE.match(text) and places.normalise_code(text) == code


@given(codes=st.lists(st.from_regex(r"\A[0-9]{5}\Z"), min_size=1, max_size=6),
       separators=st.lists(st.sampled_from([", ", ";", " / ", " et ", "\n", " ; "]), min_size=6, max_size=6))
def test_several_items_per_cell(codes, separators):
    text = codes[0] + "".join(s + c for c, s in zip(codes[1:], separators))
    assert places.split_items(text) == codes


@pytest.mark.parametrize("text, parts", [("29019 - Brest", ("29019", "Brest")),
                                         ("Tourcoing (59599)", ("59599", "Tourcoing"))])
def test_code_with_name(text, parts):
    m = places.CODE_THEN_NAME.match(text) or places.NAME_THEN_CODE.match(text)
    assert {m[1].strip(), m[2].strip()} == set(parts)
