"""Every list of council fields in the code agrees with core/council_fields.py: the table, the
importer, the edit whitelist and body, the API's schemas and answers (list, card, CSV export) and
the dashboard's field lists. A field added to the spec and the migration, and missed by one of
them, fails here with the name of the copy that missed it."""
import csv
import dataclasses
import io
from typing import get_type_hints

from api import schemas
from api.queries import register_edit
from api.routers.register_edit import CouncilFields
from core.council_fields import FIELDS, names
from core.models import Council
from dashboard import answers, council_edit
from etl import register, register_format
from etl.register_rows import CouncilRow
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
    assert set(register.COUNCIL_COLUMNS) == set(names(imported=True)), "etl/register.py COUNCIL_COLUMNS"
    assert set(names(imported=True)) <= {f.name for f in dataclasses.fields(CouncilRow)}, "etl/register_rows.py"
    sheet = [f.sheet_column for f in FIELDS if f.sheet_column]
    assert set(sheet) <= set(register_format.COLUMNS), "etl/register_format.py COLUMNS"


def test_edit_whitelist_and_body():
    assert set(register_edit.COUNCIL_FIELDS) == ALL, "api/queries/register_edit.py COUNCIL_FIELDS"
    assert set(register_edit.EDITABLE) == set(names(editable=True)), "api/queries/register_edit.py EDITABLE"
    assert known(CouncilFields.model_fields) == set(names(editable=True)), "api/routers/register_edit.py"


def test_dashboard_field_lists():
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
