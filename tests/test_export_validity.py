"""Every geometry of every export, read back from the file, passes PostGIS's ST_IsValid."""
import json

import pyogrio
import pytest

from tests.api_fixtures import api_register, client  # noqa: F401 (fixtures)

API = "/api/v1"


@pytest.mark.parametrize("kind", ["councils", "qpv"])
def test_geojson_export_geometries_are_valid(client, db, kind):
    features = json.loads(client.get(f"{API}/exports/{kind}.geojson").content)["features"]
    shapes = [json.dumps(f["geometry"]) for f in features if f["geometry"]]
    assert shapes
    invalid = db.execute("SELECT count(*) FILTER (WHERE NOT ST_IsValid(ST_GeomFromGeoJSON(g))) "
                         "FROM unnest(%s::text[]) g", (shapes,)).fetchone()[0]
    assert invalid == 0


@pytest.mark.parametrize("kind", ["councils", "qpv"])
def test_geopackage_export_geometries_are_valid(client, db, kind, tmp_path):
    path = tmp_path / f"{kind}.gpkg"
    path.write_bytes(client.get(f"{API}/exports/{kind}.gpkg").content)
    frame = pyogrio.read_dataframe(path, layer=kind)
    geometries = [g.wkb for g in frame.geometry if g is not None]
    assert geometries
    invalid = db.execute("SELECT count(*) FILTER (WHERE NOT ST_IsValid(ST_GeomFromWKB(g))) "
                         "FROM unnest(%s::bytea[]) g", (geometries,)).fetchone()[0]
    assert invalid == 0


def test_simplified_slivers_are_repaired(db):
    """The case of the national QPV export: a display contour holding a sliver a few 1e-15 degrees
    wide is valid as stored, and invalid once written with 6 decimals; the export's repair keeps it valid."""
    from api.queries.exports import VALID

    sliver = ("MULTIPOLYGON(((6.927299999999992 49.176100000000005,6.9273 49.1761,6.927300000000001 "
              "49.17609999999999,6.927299999999992 49.176100000000005)),"
              "((6.92 49.17,6.93 49.17,6.93 49.18,6.92 49.17)))")
    raw, repaired = db.execute(
        f"SELECT ST_IsValid(ST_GeomFromGeoJSON(ST_AsGeoJSON(geom_display, 6))), "
        f"ST_IsValid(ST_GeomFromGeoJSON(ST_AsGeoJSON({VALID}, 6))) "
        f"FROM (SELECT ST_GeomFromText(%s, 4326) AS geom_display) x", (sliver,)).fetchone()
    assert (raw, repaired) == (False, True)
