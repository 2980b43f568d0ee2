"""A second QPV list loaded beside the current one leaves every current coverage figure unchanged
(docs/qpv-lists.md): the coverage refresh and the history SQL read geo.qpv_current."""
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from etl.coverage import refresh_coverage
from etl.register import import_register
from tests.register_sheets import clear_register, council, write_csv

FAKE = "QP090999"  # a 2015-style code
URLS = ["/api/v1/coverage/summary", "/api/v1/coverage/regions", "/api/v1/qpv?limit=1000",
        "/api/v1/qpv/priority?limit=1000", "/api/v1/coverage/history/summary?as_of=2020-01-01",
        "/api/v1/coverage/series?level=region&code=27", "/api/v1/coverage/history/qpv?limit=1000"]


def snapshot(db, client) -> tuple:
    tables = db.execute("SELECT (SELECT md5(string_agg(q::text, ',' ORDER BY qpv_code)) FROM coverage.qpv q), "
                        "(SELECT md5(string_agg(c::text, ',' ORDER BY council_id)) FROM "
                        "(SELECT council_id, n_units, population, n_qpv, qpv_population FROM coverage.council) c)"
                        ).fetchone()
    return tables, [client.get(url).json() for url in URLS]


@pytest.fixture
def registered(geography, db, database_url, tmp_path):
    clear_register(db)
    import_register(database_url, write_csv(tmp_path / "r.csv", [
        council(identifiant="CLSM-BEL", territoire="90010"),
        council(identifiant="CLSM-VAL", territoire="90099", statut="en projet", date_creation="")]))
    refresh_coverage(database_url)
    yield db
    db.execute("DELETE FROM geo.qpv_commune WHERE qpv_code = %s", (FAKE,))
    db.execute("DELETE FROM geo.qpv WHERE code = %s", (FAKE,))


def test_second_list_does_not_change_current_coverage(registered, database_url, geography):
    db, client = registered, TestClient(create_app(geography))
    before = snapshot(db, client)
    # A fake 2015 QPV over Belfort, with its overlaps: it would be couvert if anything read it.
    db.execute("""INSERT INTO geo.qpv (code, nom, liste, departement_code, region_code, population, taux_pauvrete_60,
                                       area_m2, repaired, geom, geom_display)
                  SELECT %s, 'Faux quartier 2015', '2015', '90', '27', 99999, 80, area_m2, false, geom, geom_display
                  FROM geo.commune WHERE code = '90010'""", (FAKE,))
    db.execute("INSERT INTO geo.qpv_commune SELECT %s, '90010', area_m2, true FROM geo.commune WHERE code = '90010'",
               (FAKE,))
    assert db.execute("SELECT count(*) FROM geo.qpv_current WHERE code = %s", (FAKE,)).fetchone()[0] == 0
    refresh_coverage(database_url, ["CLSM-BEL"])  # incremental
    assert snapshot(db, client) == before
    refresh_coverage(database_url)  # full
    after = snapshot(db, client)
    assert after == before and FAKE not in str(after)


def test_the_setting_names_the_list(registered):
    assert registered.execute("SELECT value FROM meta.setting WHERE key = 'qpv_current_list'").fetchone() == ("2024",)
    assert registered.execute("SELECT count(*) FROM geo.qpv_current").fetchone()[0] == \
        registered.execute("SELECT count(*) FROM geo.qpv").fetchone()[0]
