"""Map layers: GeoJSON feature collections and vector tiles, built in PostGIS."""
from functools import lru_cache

from sqlalchemy import Connection, text

from api.queries.sqlfiles import sql
from api.versioning import DataState

# Tiles: per layer, where shapes come from (code, geom in EPSG:3857) and the properties a map
# styles on (code, props). Never personal data.
PREPARED_ZOOMS = range(5, 10)  # geo.tile_shape (migration 0017)
TILE_SHAPES = {
    "communes": "SELECT code, geom_3857 AS geom FROM geo.commune WHERE is_base_unit AND geom_3857 IS NOT NULL",
    "qpv": "SELECT code, geom_3857 AS geom FROM geo.qpv WHERE geom_3857 IS NOT NULL",
    "councils": "SELECT council_id AS code, ST_Transform(geom_display, 3857) AS geom FROM coverage.council "
                "WHERE geom_display IS NOT NULL",
}
TILE_PROPS = {
    "communes": "SELECT g.code, jsonb_build_object('code', g.code, 'nom', g.nom, "
                "'population', g.population, 'density_class', g.density_class, "
                "'covered', coalesce(u.is_covered, false), 'planned', coalesce(u.is_planned, false)) AS props "
                "FROM geo.commune g LEFT JOIN coverage.unit u ON u.unit_code = g.code",
    "qpv": "SELECT q.code, jsonb_build_object('code', q.code, 'nom', q.nom, "
           "'population', q.population, 'status', cq.status, 'prevu', cq.prevu, "
           "'priority_score', round(cq.priority_score::numeric, 4)) AS props "
           "FROM geo.qpv q JOIN coverage.qpv cq ON cq.qpv_code = q.code",
    "councils": "SELECT c.id AS code, jsonb_build_object('id', c.id, 'name', c.name, "
                "'status', c.status, 'scale', c.scale, 'demo', c.demo) AS props FROM register.council c",
}


def councils_geojson(conn: Connection, state: DataState, status: str | None, region: str | None,
                     tolerance: float) -> str:
    return conn.execute(sql("layer_councils"), {"status": status, "region": region, "tolerance": tolerance,
                                                "version": state.version, "demo": state.demo_data}).scalar_one()


@lru_cache(maxsize=4)
def with_ranking(name: str):
    """A statement that reads the QPV priority ranking ({qpv_ranked}: one definition for every layer)."""
    return text(sql(name).text.replace("{qpv_ranked}", sql("qpv_ranked").text))


def qpv_geojson(conn: Connection, state: DataState, filters: dict) -> str:
    params = {**filters, "version": state.version, "demo": state.demo_data}
    return conn.execute(with_ranking("layer_qpv"), params).scalar_one()


def picture_svg(conn: Connection, state: DataState, box: tuple[float, float, float, float], zoom: float,
                top: int) -> str:
    west, south, east, north = box
    return conn.execute(with_ranking("layer_picture"), {"west": west, "south": south, "east": east, "north": north,
                                                         "zoom": zoom, "top": top, "version": state.version,
                                                         "demo": state.demo_data}).scalar_one()


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


@lru_cache(maxsize=64)
def tile_query(layer: str, z: int):
    """The tile statement of a layer at a zoom; layer and zoom are literals so that the planner
    picks the zoom's own partial index (they come from the route's closed set, never free text)."""
    shapes = TILE_SHAPES[layer]
    if layer in ("communes", "qpv") and z in PREPARED_ZOOMS:
        shapes = f"SELECT code, geom FROM geo.tile_shape WHERE layer = '{layer}' AND zoom = {int(z)}"
    return text(sql("tile").text.replace("{shapes}", shapes).replace("{props}", TILE_PROPS[layer]))


def tile(conn: Connection, layer: str, z: int, x: int, y: int) -> bytes:
    simplify = layer == "communes" and z < PREPARED_ZOOMS.start
    params = {"z": z, "x": x, "y": y, "layer": layer, "simplify": simplify}
    return bytes(conn.execute(tile_query(layer, z), params).scalar_one() or b"")
