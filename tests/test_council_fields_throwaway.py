"""Issue 17: a new council field is a migration + its entry in core/council_fields.py + its label.

Two throwaway fields are added to the spec (and their columns to register.council, as a migration
would), and nothing else: a public one must travel from a spreadsheet column named by its label to
the table, the card (GET /councils/{id} and the dashboard's), the list and the CSV export; a personal one must be
stored but reach none of them. The columns are dropped afterwards, the register emptied."""
import csv
import io

import psycopg
import pytest
from fastapi.testclient import TestClient

from api import schemas
from api.app import create_app
from core import council_fields
from core.council_fields import CouncilField
from core.db import get_engine, psycopg_dsn
from dashboard import answers, council_view
from etl.register import import_register
from tests.register_sheets import clear_register, council, write_csv

API = "/api/v1"
WEBSITE = CouncilField("site_web", "text", "Site internet", "Website", "site_internet", in_list=True,
                       synonyms=("site", "site web"))
REFERENT = CouncilField("referent_prive", "text", "Référent (nom)", "Referent (name)", "referent_prive",
                        personal=True)
URL, SECRET = "https://clsm-belfort.example.org", "Zoé Référente-Secrète"


@pytest.fixture
def throwaway_fields(geography, database_url, monkeypatch):
    """The spec with two more fields, and their columns; both gone afterwards."""
    monkeypatch.setattr(council_fields, "FIELDS", (*council_fields.FIELDS, WEBSITE, REFERENT))
    dsn = psycopg_dsn(database_url)
    with psycopg.connect(dsn, autocommit=True) as db:
        clear_register(db)
        db.execute("ALTER TABLE register.council ADD COLUMN site_web text, ADD COLUMN referent_prive text")
    try:
        yield geography
    finally:
        get_engine(database_url).dispose()  # no pooled connection keeps a plan that saw the columns
        with psycopg.connect(dsn, autocommit=True) as db:
            clear_register(db)
            db.execute("ALTER TABLE register.council DROP COLUMN site_web, DROP COLUMN referent_prive")


def _register(tmp_path, website: str, referent: str = SECRET):
    # Headers as a user writes them: the fields' French labels, not their column names.
    row = council(identifiant="CLSM-WEB", nom="CLSM test — Belfort", territoire="90010",
                  **{"Site internet": website, "Référent (nom)": referent})
    return write_csv(tmp_path / "register.csv", [row])


def test_a_field_added_to_the_spec_alone_reaches_the_importer_the_card_and_the_export(
        throwaway_fields, database_url, db, tmp_path):
    result = import_register(database_url, _register(tmp_path, URL))
    assert result.inserted == ["CLSM-WEB"]
    assert not [w for w in result.warnings if "unknown column" in w.reason], result.warnings
    assert db.execute("SELECT site_web, referent_prive FROM register.council WHERE id = 'CLSM-WEB'"
                      ).fetchone() == (URL, SECRET)

    client = TestClient(create_app(throwaway_fields))
    card = client.get(f"{API}/councils/CLSM-WEB")
    assert card.status_code == 200 and card.json()["site_web"] == URL
    listed = client.get(f"{API}/councils").json()["items"]
    assert [c["site_web"] for c in listed] == [URL]
    export = client.get(f"{API}/exports/councils.csv")
    rows = list(csv.DictReader(io.StringIO(export.text)))
    assert [r["site_web"] for r in rows] == [URL]
    for answer in (card, client.get(f"{API}/councils"), export, client.get(f"{API}/exports/councils.geojson")):
        assert "referent_prive" not in answer.text and SECRET not in answer.text

    # The schemas and the dashboard's answer shapes are built from the same spec.
    assert "site_web" in schemas.spec_fields(in_list=True) and "referent_prive" not in schemas.spec_fields(public=True)
    assert "site_web" in answers._spec(in_list=True)
    lines = str(council_view.other_fields(card.json(), "fr"))
    assert "Site internet : " in lines and URL in lines and SECRET not in lines

    # A changed value is a change the importer sees, field by field; a personal one is not told.
    again = import_register(database_url, _register(tmp_path, URL + "/contact", "Autre Référent"))
    assert again.updated == ["CLSM-WEB"]
    assert again.diff.updated["CLSM-WEB"]["site_web"] == (URL, URL + "/contact")
    assert again.diff.updated["CLSM-WEB"]["referent_prive"] == ("(modifié)", "(modifié)")
    assert db.execute("SELECT site_web FROM register.council WHERE id = 'CLSM-WEB'").fetchone() == (URL + "/contact",)
