"""The register importer on small spreadsheets: lenient parsing, EPCI expansion, former communes,
upsert/replace, idempotence, provenance."""
from datetime import date, datetime

import pytest

from etl.register import import_register
from tests.register_sheets import clear_register, council, state, write_csv, write_xlsx


@pytest.fixture
def db_clean(geography, db):
    clear_register(db)
    return db


def one(db, query, *params):
    return db.execute(query, params).fetchone()


def test_french_spreadsheet_quirks(db_clean, database_url, tmp_path):
    rows = [council(statut=" Arrêté ", historique_statut="15/03/2014 en projet | 2015-01-05 actif | "
                    "30/06/2022 Arrêté : fin du financement", etp_coordination=" 0,5 ", territoire=" 90010 ; 90075 "),
            council(identifiant="clsm-0002", statut="En Projet", territoire="Valdoie (90); essert (90)",
                    date_creation="", etp_coordination="1", echelle="Intercommunale")]
    path = write_csv(tmp_path / "reg.csv", rows, delimiter=";", encoding="utf-8-sig")
    result = import_register(database_url, path)
    assert result.inserted == ["CLSM-0001", "CLSM-0002"] and not result.errors
    assert one(db_clean, "SELECT status, fte, budget_eur, created_on, scale, region_code, departement_code "
                         "FROM register.council WHERE id = 'CLSM-0001'") == \
        ("arrete", 0.5, 32000, date(2016, 2, 1), "communal", "27", "90")
    history = db_clean.execute("SELECT status, from_date, note FROM register.status_history "
                               "WHERE council_id = 'CLSM-0001' ORDER BY from_date").fetchall()
    assert history == [("en_projet", date(2014, 3, 15), None), ("actif", date(2015, 1, 5), None),
                       ("arrete", date(2022, 6, 30), "fin du financement")]
    names = [r[0] for r in db_clean.execute("SELECT commune_code FROM register.territory "
                                            "WHERE council_id = 'CLSM-0002' ORDER BY 1")]
    assert names == ["90039", "90099"]  # Essert, Valdoie: resolved by name within the département
    assert one(db_clean, "SELECT governance FROM register.council WHERE id = 'CLSM-0001'")[0] == \
        ["copil", "groupes_de_travail"]


def test_windows_1252_comma_csv(db_clean, database_url, tmp_path):
    rows = [council(nom="CLSM test — Châtenois-les-Forges", territoire="90022", etp_coordination="0.8",
                    budget_coordination_eur="50000")]
    rows[0]["nom"] = "CLSM test - Châtenois-les-Forges"  # no em dash in Windows-1252's reach for Excel users
    path = write_csv(tmp_path / "reg.csv", rows, delimiter=",", encoding="cp1252")
    import_register(database_url, path)
    assert one(db_clean, "SELECT name, fte FROM register.council")[0] == "CLSM test - Châtenois-les-Forges"


def test_xlsx_with_typed_cells(db_clean, database_url, tmp_path):
    rows = [council(territoire=90010, date_creation=datetime(2017, 9, 1), etp_coordination=1.0,
                    budget_coordination_eur=65000.0, annee_financement=2024)]
    path = write_xlsx(tmp_path / "reg.xlsx", rows)
    result = import_register(database_url, path)
    assert result.loaded == 1
    assert one(db_clean, "SELECT created_on, fte FROM register.council") == (date(2017, 9, 1), 1)
    assert one(db_clean, "SELECT count(*), sum(amount_eur) FROM register.funding") == (2, 32000)


def test_epci_siren_expands_to_member_communes(db_clean, database_url, tmp_path):
    path = write_csv(tmp_path / "reg.csv", [council(echelle="intercommunal", territoire="249000241")])
    import_register(database_url, path)
    members = one(db_clean, "SELECT count(*) FROM geo.commune WHERE epci_code = '249000241'")[0]
    assert members == 27
    assert one(db_clean, "SELECT count(*), min(via_epci), max(via_epci) FROM register.territory") == \
        (27, "249000241", "249000241")


def test_former_commune_maps_with_a_warning(db_clean, database_url, tmp_path):
    path = write_csv(tmp_path / "reg.csv", [council(territoire="69101")])  # Jarnioux, now in 69114
    result = import_register(database_url, path)
    assert one(db_clean, "SELECT commune_code FROM register.territory")[0] == "69114"
    assert len(result.warnings) == 1
    warning = result.warnings[0]
    assert (warning.row, warning.column, warning.value) == (2, "territoire", "69101")
    assert "former commune" in warning.reason and "69114" in warning.reason


def test_reimport_is_idempotent(db_clean, database_url, tmp_path):
    path = write_csv(tmp_path / "reg.csv", [council(), council(identifiant="CLSM-0002", territoire="90075")])
    import_register(database_url, path)
    before = state(db_clean)
    again = import_register(database_url, path)
    assert (again.inserted, again.updated, again.removed) == ([], [], [])
    assert state(db_clean) == before  # same data version, same revisions, same rows


def test_upsert_keeps_absent_councils_unless_replace(db_clean, database_url, tmp_path):
    import_register(database_url, write_csv(tmp_path / "a.csv", [
        council(), council(identifiant="CLSM-0002", territoire="90075")]))
    changed = write_csv(tmp_path / "b.csv", [council(etp_coordination="1")])
    result = import_register(database_url, changed)
    assert result.updated == ["CLSM-0001"]
    assert one(db_clean, "SELECT fte, revision FROM register.council WHERE id = 'CLSM-0001'") == (1, 2)
    assert one(db_clean, "SELECT count(*) FROM register.council")[0] == 2
    result = import_register(database_url, changed, replace=True)
    assert result.removed == ["CLSM-0002"]
    assert [r[0] for r in db_clean.execute("SELECT id FROM register.council")] == ["CLSM-0001"]


def test_every_load_recorded_in_sources(db_clean, database_url, tmp_path):
    path = write_csv(tmp_path / "reg.csv", [council()])
    import_register(database_url, path)
    name, rows, rejected, sha = one(db_clean, "SELECT name, rows_loaded, rows_rejected, sha256 FROM "
                                              "meta.current_sources WHERE name = 'CLSM register'")
    assert (rows, rejected, len(sha)) == (1, 0, 64)


def test_quality_score_is_the_share_of_expected_fields(db_clean, database_url, tmp_path):
    bare = {"identifiant": "CLSM-0009", "nom": "Minimal", "statut": "en projet", "echelle": "communal",
            "territoire": "90010"}
    import_register(database_url, write_csv(tmp_path / "reg.csv", [council(), bare]))
    scores = dict(db_clean.execute("SELECT id, quality_score FROM register.council"))
    # council() fills creation date, région (derived), FTE, budget, governance, funding: 6 of 12.
    assert float(scores["CLSM-0001"]) == pytest.approx(6 / 12, abs=1e-3)
    assert float(scores["CLSM-0009"]) == pytest.approx(1 / 11, abs=1e-3)  # only the (derived) région


def test_committed_example_spreadsheet(db_clean, database_url):
    """tests/fixtures/register/example.csv, the example of docs/register-format.md (French headers)."""
    from tests.conftest import FIXTURES

    result = import_register(database_url, FIXTURES / "register" / "example.csv", today=date(2025, 7, 1))
    assert result.inserted == [f"CLSM-000{n}" for n in range(1, 6)] and not result.errors
    assert [w.reason for w in result.warnings] == ["former commune 69101 Jarnioux mapped to current commune 69114"]
    rows = db_clean.execute("SELECT id, status, scale, fte::float, budget_eur::float, region_code, "
                            "cardinality(governance) FROM register.council ORDER BY id").fetchall()
    assert rows == [("CLSM-0001", "actif", "communal", 1, 65000, "27", 3),
                    ("CLSM-0002", "en_projet", "intercommunal", 0.5, 32500, "27", 1),
                    ("CLSM-0003", "arrete", "infra_communal", 0.8, 52000, "11", 0),
                    ("CLSM-0004", "actif", "intercommunal", 0.3, 20000, "27", 1),
                    ("CLSM-0005", "actif", "communal", 0.2, 14000, "84", 0)]
    assert one(db_clean, "SELECT count(*) FROM register.funding WHERE council_id = 'CLSM-0001'")[0] == 4
    assert one(db_clean, "SELECT email FROM register.contact")[0] == "coordination@example.org"
