"""Map layers: GeoJSON feature collections and vector tiles, built in PostGIS."""
from sqlalchemy import Connection, text

from api.queries.sqlfiles import sql
from api.versioning import DataState

# Tile sources: display contours and the properties a map styles on. Never personal data.
TILE_SOURCES = {
    "communes": "SELECT g.geom_3857 AS geom, jsonb_build_object('code', g.code, 'nom', g.nom, "
                "'population', g.population, 'density_class', g.density_class, "
                "'covered', coalesce(u.is_covered, false), 'planned', coalesce(u.is_planned, false)) AS props "
                "FROM geo.commune g LEFT JOIN coverage.unit u ON u.unit_code = g.code "
                "WHERE g.is_base_unit AND g.geom_3857 IS NOT NULL",
    "qpv": "SELECT q.geom_3857 AS geom, jsonb_build_object('code', q.code, 'nom', q.nom, "
           "'population', q.population, 'status', cq.status, 'prevu', cq.prevu, "
           "'priority_score', round(cq.priority_score::numeric, 4)) AS props "
           "FROM geo.qpv q JOIN coverage.qpv cq ON cq.qpv_code = q.code",
    "councils": "SELECT ST_Transform(cc.geom_display, 3857) AS geom, jsonb_build_object('id', c.id, 'name', c.name, "
                "'status', c.status, 'scale', c.scale, 'demo', c.demo) AS props "
                "FROM register.council c JOIN coverage.council cc ON cc.council_id = c.id "
                "WHERE cc.geom_display IS NOT NULL",
}


def councils_geojson(conn: Connection, state: DataState, status: str | None, region: str | None,
                     tolerance: float) -> str:
    return conn.execute(sql("layer_councils"), {"status": status, "region": region, "tolerance": tolerance,
                                                "version": state.version, "demo": state.demo_data}).scalar_one()


def qpv_geojson(conn: Connection, state: DataState, filters: dict) -> str:
    return conn.execute(sql("layer_qpv"), {**filters, "version": state.version, "demo": state.demo_data}).scalar_one()


def areas_geojson(conn: Connection, state: DataState, level: str) -> str:
    table = {"region": "geo.region", "departement": "geo.departement"}[level]
    query = text(
        "SELECT json_build_object('type', 'FeatureCollection', 'data_version', CAST(:version AS text), "
        "'demo_data', CAST(:demo AS boolean), 'features', coalesce(json_agg(json_build_object('type', 'Feature', "
        "'id', a.code, 'geometry', ST_AsGeoJSON(g.geom_display, 4)::json, 'properties', to_jsonb(a) - 'region_code' "
        f"|| jsonb_build_object('region_code', a.region_code)) ORDER BY a.code), '[]'))::text "
        f"FROM ({sql('coverage_by_area').text}) a JOIN {table} g ON g.code = a.code WHERE g.geom_display IS NOT NULL")
    return conn.execute(query, {"level": level, "region": None, "version": state.version,
                                "demo": state.demo_data}).scalar_one()


def tile(conn: Connection, layer: str, z: int, x: int, y: int) -> bytes:
    query = text(sql("tile").text.replace("{source}", TILE_SOURCES[layer]))
    # Half a pixel of a 256-px tile, in metres, for communes at low zoom; QPV are never dropped.
    tolerance = 40_075_016 / (2 ** z * 512) if layer == "communes" and z < 10 else 0.0
    params = {"z": z, "x": x, "y": y, "layer": layer, "tolerance": tolerance}
    return bytes(conn.execute(query, params).scalar_one() or b"")
