"""Rural coverage on the fixture geography: by density class, rural reach, uncovered EPCI."""
import psycopg
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from core.db import psycopg_dsn
from etl.coverage import refresh_coverage
from etl.register import import_register
from tests.register_sheets import clear_register, council, write_csv

SUD = "249000241"  # CC du Sud Territoire: 27 communes, mostly rural
REGISTER = [
    council(identifiant="CLSM-BEL", territoire="90010"),
    council(identifiant="CLSM-SUD", echelle="intercommunal", territoire=SUD),
    council(identifiant="CLSM-P13", echelle="infra-communal", territoire="75113"),
    council(identifiant="CLSM-OFF", statut="en projet", date_creation="", territoire="90075; 90099",
            echelle="intercommunal"),
]


@pytest.fixture(scope="module")
def client(geography, database_url, tmp_path_factory):
    with psycopg.connect(psycopg_dsn(database_url), autocommit=True) as db:
        clear_register(db)
    import_register(database_url, write_csv(tmp_path_factory.mktemp("rural") / "reg.csv", REGISTER))
    refresh_coverage(database_url)
    return TestClient(create_app(geography))


@pytest.fixture
def one(database_url):
    with psycopg.connect(psycopg_dsn(database_url)) as db:
        yield lambda query, *args: db.execute(query, args).fetchone()


def test_coverage_by_density_class(client, one):
    body = client.get("/api/v1/coverage/density").json()
    classes = {c["density_class"]: c for c in body["classes"]}
    # Covered rural inhabitants: the rural communes of the Sud Territoire (Belfort and the 13e are not rural).
    rural_sud = one("SELECT count(*), sum(population) FROM geo.commune WHERE epci_code = %s "
                    "AND density_class = 'rural'", SUD)
    assert one("SELECT density_class FROM geo.commune WHERE code = '90010'")[0] != "rural"
    assert classes["rural"]["communes_covered"] == rural_sud[0] and rural_sud[0] > 20
    assert classes["rural"]["population_covered"] == rural_sud[1]
    rural_all = one("SELECT sum(population) FROM geo.commune WHERE is_base_unit AND density_class = 'rural'")[0]
    assert classes["rural"]["share_covered"] == pytest.approx(rural_sud[1] / rural_all, abs=1e-4)
    total = one("SELECT sum(population) FROM geo.commune WHERE is_base_unit AND density_class IS NOT NULL")[0]
    assert sum(c["population"] for c in classes.values()) == total  # arrondissements, never Paris twice
    assert body["rural_gap"] == pytest.approx(body["rural_share_covered"] - body["urban_share_covered"], abs=1e-4)
    assert "data_version" in body and body["nom"] == "France"


def test_density_by_region_and_departement(client):
    dep = client.get("/api/v1/coverage/density", params={"level": "departement", "code": "90"}).json()
    paris = client.get("/api/v1/coverage/density", params={"level": "departement", "code": "75"}).json()
    assert [c for c in paris["classes"] if c["density_class"] == "rural"] == []
    regions = {r["code"]: r for r in client.get("/api/v1/coverage/density/regions").json()["items"]}
    rural90 = next(c for c in dep["classes"] if c["density_class"] == "rural")
    assert regions["27"]["rural_covered"] == rural90["population_covered"]
    assert regions["11"]["rural_population"] == 0 and regions["11"]["urban_covered"] > 0


def test_rural_reach_of_multi_commune_councils(client, one):
    body = client.get("/api/v1/councils/rural-reach").json()
    assert [i["id"] for i in body["items"]] == ["CLSM-SUD"]  # communal and infra-communal: one commune
    sud = body["items"][0]
    n, rural, pop, rural_pop = one("SELECT count(*), count(*) FILTER (WHERE density_class = 'rural'), sum(population),"
                                   " sum(population) FILTER (WHERE density_class = 'rural') FROM geo.commune "
                                   "WHERE epci_code = %s", SUD)
    assert (sud["n_communes"], sud["rural_communes"], sud["population"], sud["rural_population"]) == \
        (n, rural, pop, rural_pop)
    assert sud["rural_population_share"] == pytest.approx(rural_pop / pop, abs=1e-4)
    main = one("SELECT nom, population FROM geo.commune WHERE epci_code = %s ORDER BY population DESC LIMIT 1", SUD)
    assert sud["main_commune"] == main[0] and sud["main_commune_share"] == pytest.approx(main[1] / pop, abs=1e-4)
    assert body["totals"]["councils"] == 1 and body["totals"]["rural_population"] == rural_pop
    planned = client.get("/api/v1/councils/rural-reach", params={"status": "en_projet"}).json()
    assert [i["id"] for i in planned["items"]] == ["CLSM-OFF"] and planned["items"][0]["n_communes"] == 2
    # The detail route still answers for real ids.
    assert client.get("/api/v1/councils/CLSM-SUD").status_code == 200


def test_uncovered_epci_ranked_by_population(client, one):
    body = client.get("/api/v1/epci/uncovered-rural").json()
    with_covered = one("SELECT array_agg(DISTINCT g.epci_code) FROM geo.commune g JOIN coverage.unit u "
                       "ON u.unit_code = g.code WHERE u.is_covered")[0]
    all_epci = one("SELECT array_agg(DISTINCT epci_code) FROM geo.commune WHERE epci_code IS NOT NULL")[0]
    assert {i["code"] for i in body["items"]} == set(all_epci) - set(with_covered)
    assert body["items"] and SUD not in [i["code"] for i in body["items"]]
    pops = [i["population"] for i in body["items"]]
    assert pops == sorted(pops, reverse=True)
    first = body["items"][0]
    assert first["rural_population_share"] == pytest.approx(first["rural_population"] / first["population"], abs=1e-4)
    strict = client.get("/api/v1/epci/uncovered-rural", params={"min_rural_share": 1}).json()
    assert all(i["rural_population"] == i["population"] for i in strict["items"])
    assert client.get("/api/v1/epci/uncovered-rural", params={"min_rural_share": 2}).status_code == 422
