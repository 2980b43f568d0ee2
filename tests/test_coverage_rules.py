"""The coverage rules of migration 0016, at their thresholds (docs/coverage.md): the one place the
ETL refresh and the history queries take them from."""
import pytest


@pytest.mark.parametrize("share, status", [
    (1.0, "couvert"), (0.5, "couvert"), (0.4999, "partiel"), (0.05, "partiel"), (0.0499, "non_couvert"),
    (0.0, "non_couvert"),
])
def test_qpv_status(db, share, status):
    assert db.execute("SELECT coverage.qpv_status(%s)", (share,)).fetchone()[0] == status


@pytest.mark.parametrize("active, planned, prevu", [
    (0.2, 0.5, True), (0.0, 0.9, True), (0.2, 0.4999, False), (0.5, 1.0, False), (0.6, 0.6, False),
])
def test_qpv_prevu(db, active, planned, prevu):
    assert db.execute("SELECT coverage.qpv_prevu(%s, %s)", (active, planned)).fetchone()[0] is prevu


def test_council_units_count_paris_as_its_arrondissements_never_twice(db, geography):
    db.execute("DELETE FROM register.council WHERE id LIKE 'RULES-%%'")
    db.execute("INSERT INTO register.council (id, name, status, scale) VALUES "
               "('RULES-P', 'Paris', 'actif', 'communal'), ('RULES-A', 'Paris 13e', 'actif', 'infra_communal')")
    db.execute("INSERT INTO register.territory (council_id, commune_code) VALUES "
               "('RULES-P', '75056'), ('RULES-P', '75113'), ('RULES-A', '75113')")
    try:
        units = db.execute("SELECT council_id, unit_code FROM coverage.council_units() "
                           "WHERE council_id LIKE 'RULES-%%' ORDER BY 1, 2").fetchall()
        arrondissements = [r[0] for r in db.execute(
            "SELECT code FROM geo.commune WHERE parent_code = '75056' AND is_base_unit ORDER BY code")]
    finally:
        db.execute("DELETE FROM register.council WHERE id LIKE 'RULES-%%'")
    assert arrondissements and "75056" not in [u for _, u in units]
    assert units == [("RULES-A", "75113")] + [("RULES-P", code) for code in arrondissements]
