"""Coverage on the fixture geography, against answers computed by hand from geo.qpv_commune."""
import pytest

from etl.coverage import refresh_coverage
from etl.register import import_register
from tests.register_sheets import clear_register, council, write_csv

VALDOIE, OFFEMONT = "90099", "90075"  # QN09006M: ~24% in Valdoie, ~76% in Offemont
REGISTER = [
    council(identifiant="CLSM-VAL", territoire=VALDOIE),
    council(identifiant="CLSM-P13", echelle="infra-communal", territoire="75113"),
    council(identifiant="CLSM-SUD", echelle="intercommunal", territoire="249000241"),
    council(identifiant="CLSM-OFF", statut="en projet", date_creation="", territoire=OFFEMONT),
]


@pytest.fixture
def covered(geography, db, database_url, tmp_path):
    clear_register(db)
    import_register(database_url, write_csv(tmp_path / "reg.csv", REGISTER))
    refresh_coverage(database_url)
    return db


def qpv(db, code):
    return db.execute("SELECT share_active, share_with_planned, status, prevu, active_councils, planned_councils, "
                      "distance_km FROM coverage.qpv WHERE qpv_code = %s", (code,)).fetchone()


def overlap_share(db, qpv_code, *communes):
    return db.execute("SELECT sum(qc.overlap_m2) / min(q.area_m2) FROM geo.qpv_commune qc JOIN geo.qpv q "
                      "ON q.code = qc.qpv_code WHERE qc.qpv_code = %s AND qc.commune_code = ANY(%s)",
                      (qpv_code, list(communes))).fetchone()[0]


def test_qpv_spanning_two_communes_one_covered(covered):
    share, with_planned, status, prevu, active, planned, distance = qpv(covered, "QN09006M")
    assert share == pytest.approx(overlap_share(covered, "QN09006M", VALDOIE)) and 0.05 <= share < 0.5
    assert status == "partiel" and active == ["CLSM-VAL"] and distance == 0
    # The council en_projet on Offemont would bring it above one half: prevu.
    assert with_planned == pytest.approx(overlap_share(covered, "QN09006M", VALDOIE, OFFEMONT))
    assert prevu is True and planned == ["CLSM-OFF"]


def test_arrondissement_council_covers_its_arrondissement_only(covered):
    units = covered.execute("SELECT unit_code FROM coverage.unit WHERE 'CLSM-P13' = ANY(active_councils)").fetchall()
    assert units == [("75113",)]
    assert qpv(covered, "QN07501M")[2] == "couvert"  # wholly in the 13e
    assert qpv(covered, "QN07502M")[2] == "non_couvert"  # 10e/19e
    row = covered.execute("SELECT n_units, n_communes, population, n_qpv FROM coverage.council "
                          "WHERE council_id = 'CLSM-P13'").fetchone()
    pop13 = covered.execute("SELECT population FROM geo.commune WHERE code = '75113'").fetchone()[0]
    n13 = covered.execute("SELECT count(*) FROM geo.qpv_commune qc JOIN geo.qpv q ON q.code = qc.qpv_code "
                          "WHERE commune_code = '75113' AND overlap_m2 >= 0.5 * q.area_m2").fetchone()[0]
    assert row == (1, 1, pop13, n13) and n13 >= 3


def test_epci_council_expanded_to_its_members(covered):
    row = covered.execute("SELECT n_units, population, ST_IsValid(geom), ST_NPoints(geom_display) < ST_NPoints(geom)"
                          " FROM coverage.council WHERE council_id = 'CLSM-SUD'").fetchone()
    members = covered.execute("SELECT count(*), sum(population) FROM geo.commune "
                              "WHERE epci_code = '249000241'").fetchone()
    assert row == (members[0], members[1], True, True)
    assert covered.execute("SELECT count(*) FROM coverage.unit WHERE 'CLSM-SUD' = ANY(active_councils) "
                           "AND is_covered").fetchone()[0] == 27


def test_planned_units_and_councils_not_active_are_not_covered(covered):
    assert covered.execute("SELECT is_covered, is_planned FROM coverage.unit WHERE unit_code = %s",
                           (OFFEMONT,)).fetchone() == (False, True)


def test_paris_named_with_an_arrondissement_is_not_counted_twice(geography, db, database_url, tmp_path):
    clear_register(db)
    import_register(database_url, write_csv(tmp_path / "paris.csv", [
        council(identifiant="CLSM-PAR", echelle="mixte", territoire="75056; 75113")]))
    refresh_coverage(database_url)
    paris = db.execute("SELECT sum(population), count(*) FROM geo.commune WHERE parent_code = '75056'").fetchone()
    assert db.execute("SELECT population, n_units, n_communes FROM coverage.council").fetchone() == \
        (paris[0], 20, 1)
    assert db.execute("SELECT sum(population), count(*) FROM coverage.unit WHERE is_covered").fetchone() == paris
    assert db.execute("SELECT count(*) FROM coverage.unit WHERE unit_code = '75056'").fetchone()[0] == 0
    shares = db.execute("SELECT max(share_active) FROM coverage.qpv WHERE qpv_code LIKE 'QN075%'").fetchone()[0]
    assert shares <= 1.0


def test_distance_to_the_nearest_active_territory(covered):
    # QN09001I lies in Belfort, not covered: its distance is to Valdoie (nearest active territory).
    expected = covered.execute(
        "SELECT ST_Distance(ST_PointOnSurface(q.geom)::geography, c.geom::geography) / 1000 "
        "FROM geo.qpv q, geo.commune c WHERE q.code = 'QN09001I' AND c.code = %s", (VALDOIE,)).fetchone()[0]
    assert qpv(covered, "QN09001I")[6] == pytest.approx(expected, rel=1e-6)
    assert 0 < expected < 10


def test_priority_components_and_missing_figures(covered, database_url):
    rows = covered.execute("SELECT priority_population, priority_poverty, priority_distance, priority_score, status "
                           "FROM coverage.qpv").fetchall()
    for population, poverty, distance, score, status in rows:
        assert all(0 <= c <= 1 for c in (population, poverty, distance))
        if status == "couvert":
            assert score is None
        else:
            assert score == pytest.approx((population + poverty + distance) / 3)
    saved = covered.execute("SELECT taux_pauvrete_60 FROM geo.qpv WHERE code = 'QN09001I'").fetchone()[0]
    covered.execute("UPDATE geo.qpv SET taux_pauvrete_60 = NULL WHERE code = 'QN09001I'")
    try:
        refresh_coverage(database_url)
        population, poverty, distance, score = covered.execute(
            "SELECT priority_population, priority_poverty, priority_distance, priority_score FROM coverage.qpv "
            "WHERE qpv_code = 'QN09001I'").fetchone()
        # Ranked apart (docs/coverage.md): no stored score, so it never outranks a complete QPV.
        assert poverty is None and population is not None and distance is not None and score is None
        missing = covered.execute("SELECT missing FROM coverage.qpv WHERE qpv_code = 'QN09001I'").fetchone()[0]
        assert missing == ["poverty"]
    finally:
        covered.execute("UPDATE geo.qpv SET taux_pauvrete_60 = %s WHERE code = 'QN09001I'", (saved,))


def snapshot(db) -> list:
    return [db.execute(q).fetchall() for q in (
        "SELECT * FROM coverage.unit ORDER BY unit_code",
        "SELECT council_id, n_units, n_communes, population, n_qpv, qpv_population, ST_AsText(geom) "
        "FROM coverage.council ORDER BY council_id",
        "SELECT qpv_code, round(share_active::numeric, 9), round(share_with_planned::numeric, 9), status, prevu, "
        "active_councils, planned_councils, round(distance_km::numeric, 6), round(priority_score::numeric, 9) "
        "FROM coverage.qpv ORDER BY qpv_code")]


def test_incremental_refresh_equals_full_refresh(covered, database_url, tmp_path):
    changes = [
        # Valdoie's council grows to Offemont: QN09006M becomes couvert; Paris 13e council stops.
        [council(identifiant="CLSM-VAL", territoire=f"{VALDOIE}; {OFFEMONT}"),
         council(identifiant="CLSM-P13", echelle="infra-communal", territoire="75113", statut="arrete")],
        [council(identifiant="CLSM-NEW", territoire="90010")],  # a new council in Belfort
    ]
    for n, rows in enumerate(changes):
        result = import_register(database_url, write_csv(tmp_path / f"change{n}.csv", rows))
        refresh_coverage(database_url, result.changed)
        incremental = snapshot(covered)
        refresh_coverage(database_url)
        assert incremental == snapshot(covered)
    assert qpv(covered, "QN09006M")[2] == "couvert"
    # Removing councils (--replace) is incremental too: their units and QPV are recomputed.
    result = import_register(database_url, write_csv(tmp_path / "only.csv", [council(identifiant="CLSM-NEW",
                                                                                    territoire="90010")]),
                             replace=True)
    refresh_coverage(database_url, result.changed)
    incremental = snapshot(covered)
    refresh_coverage(database_url)
    assert incremental == snapshot(covered)
    assert covered.execute("SELECT scope FROM coverage.refresh ORDER BY id DESC LIMIT 2").fetchall()[1][0] != "all"


def test_two_refreshes_inside_one_caller_transaction(covered, database_url):
    import psycopg

    from core.db import psycopg_dsn

    with psycopg.connect(psycopg_dsn(database_url)) as conn:  # not autocommit: one outer transaction
        refresh_coverage(conn, ["CLSM-VAL"])
        refresh_coverage(conn, ["CLSM-VAL"])
        refresh_coverage(conn)
        conn.rollback()
