"""Every list of council fields in the code agrees with core/council_fields.py: the table, the
importer, the edit whitelist and body, the API's schemas and answers (list, card, CSV export) and
the dashboard's field lists. Most are derived from the spec; the copies still written by hand (the
edit body's validation, the importer's own rules) fail here with the name of the copy that missed
a new field. tests/test_council_fields_throwaway.py proves the derivation with a throwaway field."""
import csv
import io
from typing import get_type_hints

import pytest

from api import schemas
from api.queries import register_edit
from api.routers.register_edit import CouncilFields
from core.council_fields import FIELDS, CouncilField, names
from core.models import Council
from dashboard import answers, council_edit, council_view
from etl import register, register_format
from etl.register_rows import SPECIAL
from tests.api_fixtures import api_register, client  # noqa: F401 (fixtures)

API = "/api/v1"
ALL = set(names())


def known(keys) -> set[str]:
    """The council fields among some keys (answers also carry computed figures)."""
    return ALL & set(keys)


def test_spec_names_every_column_of_the_table_once(db):
    columns = [r[0] for r in db.execute("SELECT column_name FROM information_schema.columns "
                                        "WHERE table_schema = 'register' AND table_name = 'council'")]
    assert sorted(columns) == sorted(names()) == sorted(Council.__table__.columns.keys())
    assert len(FIELDS) == len(ALL)


def test_importer_writes_the_imported_fields_from_their_sheet_columns():
    assert register.council_columns() == names(imported=True) and register.council_columns()[0] == "id"
    # The validator's own rules cover SPECIAL; every other imported field is parsed by its kind.
    assert SPECIAL <= set(names(imported=True)), "etl/register_rows.py SPECIAL names a field the spec lacks"
    assert all(f.sheet_column for f in FIELDS if f.imported and f.name not in SPECIAL)
    sheet = [f.sheet_column for f in FIELDS if f.sheet_column]
    assert len(sheet) == len(set(sheet)) and set(sheet) <= set(register_format.columns())


def test_each_label_of_a_field_names_its_column_only():
    """The French label and the synonyms of a field are header labels of its column, none of another."""
    index = register_format.header_index()
    for f in FIELDS:
        if f.sheet_column:
            for text in (f.sheet_column, f.label_fr, *f.synonyms):
                assert register_format.normalise_header(text) == f.sheet_column, (f.name, text)
    assert not set(register_format.OTHER_COLUMNS) & {f.sheet_column for f in FIELDS}
    assert set(index.values()) == set(register_format.columns())


def test_a_personal_field_is_never_public_nor_listed():
    assert not CouncilField("referent", "text", "Référent", "Referent", personal=True).public
    with pytest.raises(ValueError, match="personal"):
        CouncilField("referent", "text", "Référent", "Referent", personal=True, in_list=True)
    with pytest.raises(ValueError):
        CouncilField("x; DROP TABLE register.council", "text", "X", "X")


def test_edit_whitelist_and_body():
    assert set(register_edit.EDITABLE) == set(names(editable=True)), "api/queries/register_edit.py EDITABLE"
    assert known(CouncilFields.model_fields) == set(names(editable=True)), "api/routers/register_edit.py"


def test_dashboard_field_lists():
    assert council_view.LAID_OUT <= set(names(public=True)), "dashboard/council_view.py LAID_OUT"
    assert set(council_edit.SCALARS) == set(names(in_form=True)), "dashboard/council_edit.py SCALARS"
    assert set(names(in_form=True)) <= set(names(editable=True))
    assert known(get_type_hints(answers.Council)) == set(names(in_list=True)), "dashboard/answers.py Council"


def test_api_schemas():
    assert known(schemas.CouncilItem.model_fields) == set(names(in_list=True)), "api/schemas.py CouncilItem"
    assert known(schemas.CouncilDetail.model_fields) == set(names(public=True)), "api/schemas.py CouncilDetail"


def test_answers_list_card_and_csv_export(client):
    listed = client.get(API + "/councils", params={"limit": 1}).json()["items"][0]
    assert known(listed) == set(names(in_list=True)), "api/sql/councils_list.sql"
    card = client.get(API + f"/councils/{listed['id']}").json()
    assert known(card) == set(names(public=True)), "api/queries/councils.py get_council"
    header = next(csv.reader(io.StringIO(client.get(API + "/exports/councils.csv").text)))
    assert known(header) == set(names(in_list=True)), "CSV export"
