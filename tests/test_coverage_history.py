"""Coverage as it stood on past dates, from hand-built status histories with known answers."""
from datetime import date

import psycopg
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.queries import history
from core.db import get_engine, psycopg_dsn
from etl.coverage import refresh_coverage
from etl.register import import_register
from tests.register_sheets import clear_register, council, write_csv

BELFORT, VALDOIE = "90010", "90099"
REGISTER = [  # Belfort: active 2016, dormant 2020, active again 2022. Valdoie: en projet 2019, active 2021.
    council(identifiant="CLSM-BEL", territoire=BELFORT, date_creation="01/03/2016",
            historique_statut="01/03/2016 actif | 01/02/2020 en sommeil | 01/04/2022 actif"),
    council(identifiant="CLSM-VAL", territoire=VALDOIE, date_creation="15/05/2021",
            historique_statut="10/09/2019 en projet | 15/05/2021 actif"),
]


@pytest.fixture(scope="module")
def dated(geography, database_url, tmp_path_factory):
    with psycopg.connect(psycopg_dsn(database_url), autocommit=True) as db:
        clear_register(db)
    import_register(database_url, write_csv(tmp_path_factory.mktemp("hist") / "reg.csv", REGISTER))
    refresh_coverage(database_url)
    return geography


@pytest.fixture(scope="module")
def conn(dated, database_url):
    with get_engine(database_url).connect() as c:
        yield c


@pytest.fixture(scope="module")
def pop(dated, database_url):
    with psycopg.connect(psycopg_dsn(database_url)) as db:
        return dict(db.execute("SELECT code, population FROM geo.commune WHERE code IN (%s, %s)",
                               (BELFORT, VALDOIE)).fetchall())


def qpv_share(database_url, qpv_code, *communes) -> float:
    with psycopg.connect(psycopg_dsn(database_url)) as db:
        return db.execute("SELECT coalesce(sum(qc.overlap_m2), 0) / min(q.area_m2) FROM geo.qpv q "
                          "LEFT JOIN geo.qpv_commune qc ON qc.qpv_code = q.code AND qc.commune_code = ANY(%s) "
                          "WHERE q.code = %s", (list(communes), qpv_code)).fetchone()[0]


@pytest.mark.parametrize("day, actif, en_projet, en_sommeil, covered, planned", [
    (date(2015, 6, 1), 0, 0, 0, (), ()),
    (date(2017, 1, 1), 1, 0, 0, (BELFORT,), ()),
    (date(2019, 12, 31), 1, 1, 0, (BELFORT,), (VALDOIE,)),
    (date(2020, 2, 1), 0, 1, 1, (), (VALDOIE,)),  # the step's own day counts
    (date(2021, 6, 1), 1, 0, 1, (VALDOIE,), ()),
    (date(2023, 1, 1), 2, 0, 0, (BELFORT, VALDOIE), ()),
])
def test_summary_on_a_date(conn, pop, day, actif, en_projet, en_sommeil, covered, planned):
    s = history.summary(conn, day, "national", None)
    assert s["councils"] == {"actif": actif, "en_projet": en_projet, "en_sommeil": en_sommeil, "arrete": 0}
    assert s["population"]["covered"] == sum(pop[c] for c in covered)
    assert s["population"]["planned"] == sum(pop[c] for c in planned)
    assert s["communes"]["covered"] == len(covered)


def test_qpv_status_follows_the_history(conn, database_url):
    # QN09006M lies ~24% in Valdoie: partiel once Valdoie is active.
    share = qpv_share(database_url, "QN09006M", VALDOIE)
    rows = {d: history.qpv(conn, d, None, None, "90", 100, 0)[0] for d in (date(2018, 1, 1), date(2021, 6, 1))}
    before = next(r for r in rows[date(2018, 1, 1)] if r["code"] == "QN09006M")
    after = next(r for r in rows[date(2021, 6, 1)] if r["code"] == "QN09006M")
    assert before["status"] == "non_couvert" and before["share_active"] == 0
    assert after["status"] == "partiel" and after["share_active"] == pytest.approx(share, abs=1e-4)


def test_qpv_in_belfort_lost_then_regained(conn, database_url):
    with psycopg.connect(psycopg_dsn(database_url)) as db:
        code = db.execute("SELECT qpv_code FROM geo.qpv_commune qc JOIN geo.qpv q ON q.code = qc.qpv_code "
                          "WHERE commune_code = %s AND overlap_m2 >= 0.5 * q.area_m2 ORDER BY 1 LIMIT 1",
                          (BELFORT,)).fetchone()[0]
    status = {d.year: next(r["status"] for r in history.qpv(conn, d, None, None, "90", 100, 0)[0] if r["code"] == code)
              for d in (date(2017, 1, 1), date(2021, 1, 1), date(2023, 1, 1))}
    assert status == {2017: "couvert", 2021: "non_couvert", 2023: "couvert"}


def test_today_matches_the_materialised_coverage(conn, database_url):
    s = history.summary(conn, date.today(), "national", None)
    with psycopg.connect(psycopg_dsn(database_url)) as db:
        covered = db.execute("SELECT coalesce(sum(population), 0) FROM coverage.unit WHERE is_covered").fetchone()[0]
        couvert = db.execute("SELECT count(*) FROM coverage.qpv WHERE status = 'couvert'").fetchone()[0]
    assert s["population"]["covered"] == covered and s["qpv"]["couvert"]["count"] == couvert


def test_series_by_year(conn, pop):
    days = [date(y, 1, 1) for y in (2016, 2017, 2020, 2021, 2022, 2023)]
    rows = {r["date"][:4]: r for r in history.series(conn, None, days)}
    assert [rows[y]["councils_active"] for y in ("2016", "2017", "2020", "2021", "2022", "2023")] == [0, 1, 1, 0, 1, 2]
    assert [rows[y]["councils_planned"] for y in ("2016", "2020", "2021", "2022")] == [0, 1, 1, 0]
    assert rows["2023"]["population_covered"] == pop[BELFORT] + pop[VALDOIE]
    assert history.yearly_days(date(2026, 11, 23))[0] == date(2010, 1, 1)
    assert len(history.yearly_days(date(2026, 11, 23))) == 17


@pytest.fixture(scope="module")
def client(dated):
    return TestClient(create_app(dated))


def test_history_endpoints(client, pop):
    r = client.get("/api/v1/coverage/history/summary", params={"as_of": "2021-06-01", "level": "departement",
                                                               "code": "90"})
    assert r.status_code == 200 and r.headers["ETag"]
    body = r.json()
    assert body["as_of"] == "2021-06-01" and body["population"]["covered"] == pop[VALDOIE]
    assert body["geography"]["qpv_list"] == "2024" and "data_version" in body and "demo_data" in body
    regions = client.get("/api/v1/coverage/history/regions", params={"as_of": "2017-01-01"}).json()
    bfc = next(i for i in regions["items"] if i["code"] == "27")
    assert bfc["councils_active"] == 1 and bfc["population_covered"] == pop[BELFORT]
    qpv = client.get("/api/v1/coverage/history/qpv", params={"as_of": "2021-06-01", "status": "partiel"}).json()
    assert "QN09006M" in [i["code"] for i in qpv["items"]] and qpv["total"] == len(qpv["items"])
    series = client.get("/api/v1/coverage/series", params={"level": "region", "code": "27"}).json()
    assert series["items"][0]["date"] == "2010-01-01" and series["nom"]
    assert series["items"][-1]["councils_active"] == 2
    every = client.get("/api/v1/coverage/series", params={"level": "region"}).json()
    bfc = next(r for r in every["regions"] if r["code"] == "27")
    assert bfc["items"] == series["items"] and bfc["nom"] == series["nom"]


@pytest.mark.parametrize("params", [{"as_of": "2021-13-01"}, {"as_of": "1900-01-01"}, {"as_of": "2999-01-01"},
                                    {"as_of": "2021-01-01", "level": "region"}])
def test_bad_dates_and_levels_are_problems(client, params):
    r = client.get("/api/v1/coverage/history/summary", params=params)
    assert r.status_code == 422 and r.headers["content-type"].startswith("application/problem+json")


def test_unknown_region_is_404(client):
    assert client.get("/api/v1/coverage/series", params={"level": "region", "code": "99"}).status_code == 404


def test_as_of_on_the_coverage_endpoints(client):
    params = {"as_of": "2021-06-01", "level": "departement", "code": "90"}
    assert client.get("/api/v1/coverage/summary", params=params).json() == \
        client.get("/api/v1/coverage/history/summary", params=params).json()
    dated = client.get("/api/v1/coverage/regions", params={"as_of": "2017-01-01"}).json()
    assert dated["as_of"] == "2017-01-01"
    assert next(i for i in dated["items"] if i["code"] == "27")["councils_active"] == 1
    today = client.get("/api/v1/coverage/regions").json()
    assert "as_of" not in today and next(i for i in today["items"] if i["code"] == "27")["councils_active"] == 2
    assert client.get("/api/v1/coverage/summary", params={"as_of": "2999-01-01"}).status_code == 422
