"""Vector tiles from shapes prepared at load (geo.tile_shape, migration 0017): the same features as
simplifying the display contours on every request, as the tiles were built before."""
import math

import pytest

from tests.api_fixtures import api_register, client  # noqa: F401 (fixtures)

BELFORT = (6.86, 47.64)
# What a tile held before shapes were prepared: display contours simplified on the fly.
ON_THE_FLY = """
SELECT code, ST_AsText(ST_AsMVTGeom({geom}, ST_TileEnvelope(%(z)s, %(x)s, %(y)s), 4096, 64, true))
FROM {table} WHERE geom_3857 && ST_TileEnvelope(%(z)s, %(x)s, %(y)s) {where}"""
PREPARED = """
SELECT code, ST_AsText(ST_AsMVTGeom(geom, ST_TileEnvelope(%(z)s, %(x)s, %(y)s), 4096, 64, true))
FROM geo.tile_shape WHERE layer = %(layer)s AND zoom = %(z)s AND geom && ST_TileEnvelope(%(z)s, %(x)s, %(y)s)"""


def tile_of(lon: float, lat: float, z: int) -> tuple[int, int]:
    n = 2 ** z
    return int((lon + 180) / 360 * n), int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)


def features(db, query: str, **params) -> dict:
    return {code: geom for code, geom in db.execute(query, params).fetchall() if geom is not None}


@pytest.mark.parametrize("z", range(5, 10))
def test_prepared_commune_shapes_equal_on_the_fly_simplification(client, db, z):
    x, y = tile_of(*BELFORT, z)
    before = features(db, ON_THE_FLY.format(geom="ST_Simplify(geom_3857, geo.tile_tolerance(%(z)s))",
                                            table="geo.commune", where="AND is_base_unit"), z=z, x=x, y=y)
    after = features(db, PREPARED, layer="communes", z=z, x=x, y=y)
    assert before and after == before
    tile = client.get(f"/api/v1/tiles/communes/{z}/{x}/{y}.pbf").content
    assert all(code.encode() in tile for code in after)  # every prepared feature is in the served tile


@pytest.mark.parametrize("z", range(5, 10))
def test_prepared_qpv_shapes_keep_every_qpv(client, db, z):
    x, y = tile_of(*BELFORT, z)
    before = features(db, ON_THE_FLY.format(geom="geom_3857", table="geo.qpv", where=""), z=z, x=x, y=y)
    after = features(db, PREPARED, layer="qpv", z=z, x=x, y=y)
    assert before and set(after) == set(before)  # simplified, never dropped
    tile = client.get(f"/api/v1/tiles/qpv/{z}/{x}/{y}.pbf").content
    assert all(code.encode() in tile for code in after)


def test_every_base_commune_and_qpv_has_its_shapes(db):
    missing = db.execute(
        "SELECT count(*) FROM geo.qpv q, generate_series(5, 9) z WHERE q.geom_3857 IS NOT NULL AND NOT EXISTS "
        "(SELECT 1 FROM geo.tile_shape t WHERE t.layer = 'qpv' AND t.zoom = z AND t.code = q.code)").fetchone()[0]
    assert missing == 0
    assert db.execute("SELECT count(*) FROM geo.tile_shape WHERE layer = 'communes' AND zoom = 9").fetchone()[0] == \
        db.execute("SELECT count(*) FROM geo.commune WHERE is_base_unit AND geom_3857 IS NOT NULL").fetchone()[0]
