"""Property-based tests (hypothesis) of the register spreadsheet parsing: whatever a person saves,
the reader and the validator answer with values or row-level problems, never a crash; and what a
spreadsheet program writes in any of the accepted forms reads back as the same values.

Deterministic by default (CI must not flake); `HYPOTHESIS_PROFILE=explore` searches much longer."""
import csv
import io
import os
from datetime import date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from core.errors import DataError
from etl import register_format as fmt
from etl.register_rows import Geography, validate_sheet
from etl.spreadsheet import EXTRA, read_sheet

settings.register_profile("ci", derandomize=True, deadline=None, database=None, max_examples=150,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("explore", deadline=None, max_examples=5000, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

TODAY = date(2026, 6, 30)
PARSERS = [fmt.parse_status, fmt.parse_scale, fmt.parse_carrier, fmt.parse_number, fmt.parse_fte, fmt.parse_bool,
           lambda v: fmt.parse_date(v, TODAY), lambda v: fmt.parse_history(v, TODAY)]
# Text with the characters that matter here: separators, digits, decimal marks, currency, spaces.
cell_text = (st.text(st.sampled_from("0123456789 ,.;:|/-eE€\u00a0\u202fnaifNAIF+xyzé\t'\""), max_size=30)
             | st.text(max_size=30))


@pytest.mark.parametrize("parser", PARSERS, ids=["status", "scale", "carrier", "number", "fte", "bool", "date",
                                                 "history"])
@given(value=cell_text)
def test_parsers_answer_a_value_or_a_reason(parser, value):
    try:
        parser(value)
    except ValueError as exc:
        assert str(exc)  # a reason the user can act on


@given(value=cell_text)
@example("nan")  # found by the explore profile: float() takes these
@example("-Infinity")
@example("1e999")
def test_numbers_are_finite(value):
    try:
        number = fmt.parse_number(value)
    except ValueError:
        return
    assert number == number and abs(number) != float("inf")


def french(amount: float, decimals: int, thousands: str, currency: bool) -> str:
    whole, _, cents = f"{amount:.{decimals}f}".partition(".")
    groups = f"{int(whole):,}".replace(",", thousands)
    return groups + ("," + cents if cents else "") + (" €" if currency else "")


@given(cents=st.integers(0, 10**10), decimals=st.sampled_from([0, 2]),
       thousands=st.sampled_from(["", " ", "\u00a0", "\u202f"]), currency=st.booleans())
def test_french_amounts_round_trip(cents, decimals, thousands, currency):
    amount = cents / 100 if decimals else cents // 100
    assert fmt.parse_number(french(amount, decimals, thousands, currency)) == pytest.approx(amount, abs=1e-9)
    assert fmt.parse_number(f"{amount:.{decimals}f}") == pytest.approx(amount, abs=1e-9)  # English Excel


@given(day=st.dates(date(1950, 1, 1), TODAY), form=st.sampled_from(["%d/%m/%Y", "%-d/%-m/%Y", "%Y-%m-%d",
                                                                     "%d.%m.%Y", "%d-%m-%Y", "%d/%m/%Y 00:00:00",
                                                                     "%Y-%m-%dT00:00:00"]))
def test_dates_round_trip(day, form):
    assert fmt.parse_date(day.strftime(form), TODAY) == day


@given(day=st.dates(TODAY + timedelta(days=1), date(2100, 1, 1)))
def test_future_dates_are_refused(day):
    with pytest.raises(ValueError, match="future"):
        fmt.parse_date(day.strftime("%d/%m/%Y"), TODAY)


@given(entries=st.lists(st.tuples(st.sampled_from(list(fmt.STATUS_WORDS)), st.dates(date(2000, 1, 1), TODAY),
                                  st.none() | st.text(st.characters(blacklist_characters="|\n\r:",
                                                                    blacklist_categories=["Cs", "Cc"]),
                                                      min_size=1, max_size=20).map(str.strip).filter(bool)),
                        max_size=5))
def test_history_round_trips(entries):
    text = " | ".join(f"{d:%d/%m/%Y} {s.replace('_', ' ')}" + (f" : {n}" if n else "") for s, d, n in entries)
    parsed = fmt.parse_history(text, TODAY)
    assert [(s, d) for s, d, _ in parsed] == sorted(((s, d) for s, d, _ in entries), key=lambda e: e[1])


# -- files -------------------------------------------------------------------------------------------

header_names = st.lists(st.sampled_from(fmt.columns()), min_size=2, max_size=8, unique=True)
plain_cell = st.text(st.characters(blacklist_categories=["Cs", "Cc"], blacklist_characters="\u2028\u2029\x85"),
                     max_size=25)


def expected_cell(value: str) -> str:
    return value.replace("\u00a0", " ").strip()


@given(raw=st.binary(max_size=400), suffix=st.sampled_from([".csv", ".xlsx"]))
def test_any_bytes_are_a_sheet_or_a_data_error(tmp_path_factory, raw, suffix):
    path = tmp_path_factory.mktemp("fuzz") / f"register{suffix}"
    path.write_bytes(raw)
    try:
        sheet = read_sheet(path)
    except DataError as exc:
        assert exc.problems and exc.problems[0].file == path.name
        return
    assert all(number >= 2 for number, _ in sheet.rows)


@given(header=header_names, body=st.lists(st.lists(plain_cell, min_size=0, max_size=9), max_size=6),
       delimiter=st.sampled_from([";", ","]), encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]),
       crlf=st.booleans())
def test_csv_round_trip(tmp_path_factory, header, body, delimiter, encoding, crlf):
    if encoding == "cp1252":  # Excel's "CSV (séparateur: point-virgule)" cannot hold other characters
        body = [[c.encode("cp1252", "ignore").decode("cp1252") for c in row] for row in body]
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n" if crlf else "\n").writerows([header, *body])
    path = tmp_path_factory.mktemp("fuzz") / "register.csv"
    path.write_bytes(out.getvalue().encode(encoding))
    sheet = read_sheet(path)
    assert sheet.header == header
    kept = [row for row in body if any(expected_cell(c) for c in row)]
    assert len(sheet.rows) == len(kept)
    for (_, cells), row in zip(sheet.rows, kept):
        values = [expected_cell(c) for c in row]
        for name, value in zip(header, values + [""] * len(header)):
            assert cells[name] == value
        extra = [v for v in values[len(header):] if v]
        assert cells.get(EXTRA, "") == " | ".join(extra)


xlsx_value = st.none() | plain_cell.filter(lambda s: not s.startswith("=")) | st.integers(-10**9, 10**9) | \
    st.floats(-1e9, 1e9, allow_nan=False) | st.dates(date(1950, 1, 1), date(2030, 1, 1))


@given(header=header_names, body=st.lists(st.lists(xlsx_value, min_size=1, max_size=8), min_size=1, max_size=5))
def test_xlsx_cells_read_as_text(tmp_path_factory, header, body):
    book = Workbook()
    sheet = book.active
    for row in [header, *body]:
        sheet.append(row)
    path = tmp_path_factory.mktemp("fuzz") / "register.xlsx"
    book.save(path)
    read = read_sheet(path)
    assert read.header == header
    kept = [row for row in body if any(v not in (None, "") and str(v).strip() for v in row)]
    assert len(read.rows) == len(kept)
    for (_, cells), row in zip(read.rows, kept):
        beyond = [v for v in row[len(header):] if v is not None and str(v).strip()]
        assert bool(cells.get(EXTRA)) == bool(beyond)  # reported, never dropped
        for name, value in zip(header, row):
            if isinstance(value, (date, datetime)):
                assert cells[name] == value.isoformat()[:10]
            elif isinstance(value, float) and not value.is_integer():
                assert float(cells[name]) == pytest.approx(value)
            elif isinstance(value, (int, float)):
                assert cells[name] == str(int(value))
            else:
                assert cells[name] == expected_cell(value or "")


# -- the whole validator on random rows ----------------------------------------------------------------

@pytest.fixture(scope="module")
def geo(geography, database_url):
    from core.db import raw_connection

    with raw_connection(database_url) as conn:
        return Geography.read(conn)


row_cells = st.fixed_dictionaries({
    "identifiant": st.sampled_from(["CLSM-0001", "CLSM-0002", "clsm-9", "", "??", "X"]),
    "nom": cell_text, "statut": st.sampled_from(["actif", "En projet", "", "zzz"]) | cell_text,
    "echelle": st.sampled_from(["communal", "intercommunal", "secteur", ""]) | cell_text,
    "territoire": st.sampled_from(["75056", "90010; 90011", "200069052", "Belfort (90)", "1053", "", "99999"])
    | cell_text,
    "etp_coordination": cell_text, "budget_coordination_eur": cell_text, "annee_financement": cell_text,
    "date_creation": cell_text, "historique_statut": cell_text, "financement_ars": cell_text, "demo": cell_text,
})


@given(rows=st.lists(row_cells, min_size=1, max_size=4))
@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
def test_validator_never_crashes(geo, rows):
    from etl.spreadsheet import Sheet

    header = list(rows[0])
    sheet = Sheet("register.csv", header, [(n, r) for n, r in enumerate(rows, start=2)])
    valid, errors, warnings = validate_sheet(sheet, geo, TODAY)
    bad_rows = {p.row for p in errors}
    assert all(c.row not in bad_rows for c in valid)
    for problem in errors + warnings:
        assert problem.file == "register.csv" and problem.row in range(2, 2 + len(rows)) and problem.reason
    for council in valid:
        assert council.fte is None or 0 <= council.fte <= fmt.FTE_MAX
        assert council.budget_eur is None or 0 <= council.budget_eur < float("inf")
