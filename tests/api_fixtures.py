"""A known register on the fixture geography, imported by the real importer, for the API tests.
Contacts carry private values that no public answer may ever contain."""
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from etl.coverage import refresh_coverage
from etl.register import import_register
from tests.register_sheets import clear_register, council, write_csv

PRIVATE = {"coordinateur_nom": "Zébulon Secretnom", "coordinateur_email": "zebulon.secret@example.org",
           "coordinateur_telephone": "06 12 34 56 78"}
REGISTER = [
    council(identifiant="CLSM-BEL", nom="CLSM test — Belfort", territoire="90010", **PRIVATE),
    council(identifiant="CLSM-VAL", nom="CLSM test — Valdoie", territoire="90099", etp_coordination="1",
            financement_ars="", budget_coordination_eur="60 000", financement_commune_epci="60000"),
    council(identifiant="CLSM-P13", nom="CLSM test — Paris 13e", echelle="infra-communal", territoire="75113",
            date_creation="15/03/2012"),
    council(identifiant="CLSM-SUD", nom="CLSM test — Sud Territoire", echelle="intercommunal",
            territoire="249000241", date_creation="01/09/2019"),
    council(identifiant="CLSM-OFF", nom="CLSM test — Offemont", statut="en projet", date_creation="",
            territoire="90075"),
    council(identifiant="CLSM-P18", nom="CLSM test — Paris 18e", statut="en sommeil", territoire="75118",
            echelle="infra-communal"),
]


@pytest.fixture(scope="module")
def api_register(geography, database_url, tmp_path_factory):
    import psycopg

    from core.db import psycopg_dsn

    with psycopg.connect(psycopg_dsn(database_url), autocommit=True) as db:
        clear_register(db)
    import_register(database_url, write_csv(tmp_path_factory.mktemp("reg") / "reg.csv", REGISTER))
    refresh_coverage(database_url)
    return geography


@pytest.fixture(scope="module")
def client(api_register) -> TestClient:
    return TestClient(create_app(api_register))
