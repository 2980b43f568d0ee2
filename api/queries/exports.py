"""Exports for researchers: the rows of the list endpoints (same filters), with geometry for
GeoJSON and GeoPackage, and the licence, demo flag and sources with hashes alongside.
Personal data (register.contact) is never read."""
import csv
import errno
import io
import json
import uuid
from datetime import datetime, timezone
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import shapely
from sqlalchemy import Connection, text

from api.queries import councils, qpv
from api.queries.meta import sources
from api.versioning import DataState
from core.csvsafe import safe_row
from core.files import atomic_path

GEOGRAPHY_LICENCE = "Licence Ouverte 2.0 (Etalab): IGN, INSEE, ANCT"
DEMO_REGISTER_TERMS = "Demonstration register: generated, fictitious councils (no real council is described)"
REAL_REGISTER_TERMS = "Register of the national CLSM resource centre: reuse under the centre's terms"


def metadata(conn: Connection, state: DataState) -> dict:
    return {
        "generated_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "data_version": state.version,
        "demo_data": state.demo_data,
        "licence_geography": GEOGRAPHY_LICENCE,
        "register_terms": DEMO_REGISTER_TERMS if state.demo_data else REAL_REGISTER_TERMS,
        "personal_data": "none: coordinator contacts are never exported",
        "sources": [{k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in s.items()}
                    for s in sources(conn)],
    }


def rows(conn: Connection, kind: str, filters: dict, sort: str = "name") -> list[dict]:
    if kind == "councils":
        items, _ = councils.list_councils(conn, filters, sort, None, 0)
    else:
        items, _ = qpv.list_qpv(conn, filters, None, 0)
    return items


# Display contours are simplified, which leaves slivers a few 1e-15 degrees wide: valid in PostGIS,
# but written with fewer decimals their rings collapse. Snapped to 1e-6 degree (0.1 m), repaired,
# snapped again (the repair's own noise) and kept as polygons: every exported geometry, read back
# from the file, passes ST_IsValid (tests/test_export_validity.py).
GRID = 0.000001
VALID = f"ST_Multi(ST_CollectionExtract(ST_SnapToGrid(ST_MakeValid(ST_SnapToGrid(geom_display, {GRID})), {GRID}), 3))"


def geometries(conn: Connection, kind: str, keys: list[str], fmt: str) -> dict[str, bytes | str]:
    """Display contours by key: GeoJSON text written by PostGIS for GeoJSON (rings oriented as RFC 7946
    asks, 6 decimals: the grid), WKB for GeoPackage."""
    column = f"ST_AsGeoJSON(ST_ForcePolygonCCW({VALID}), 6)" if fmt == "geojson" else f"ST_AsBinary({VALID})"
    query = (f"SELECT council_id, {column} FROM coverage.council WHERE council_id = ANY (:k)" if kind == "councils"
             else f"SELECT code, {column} FROM geo.qpv WHERE code = ANY (:k)")
    return {k: g if isinstance(g, str) else bytes(g)
            for k, g in conn.execute(text(query), {"k": keys}).all() if g is not None}


def _flat(value):
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    return value


def to_csv(items: list[dict]) -> str:
    out = io.StringIO()
    if items:
        writer = csv.DictWriter(out, list(items[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(safe_row({k: _flat(v) for k, v in item.items()}) for item in items)
    return out.getvalue()


def key_of(kind: str) -> str:
    return "id" if kind == "councils" else "code"


def to_geojson(items: list[dict], geoms: dict[str, str], kind: str, meta: dict) -> str:
    """The geometries are PostGIS's ST_AsGeoJSON text, spliced in as they are."""
    key = key_of(kind)
    features = ",".join('{"type": "Feature", "id": %s, "geometry": %s, "properties": %s}'
                        % (_json(i[key]), geoms.get(i[key], "null"), _json(i)) for i in items)
    return '{"type": "FeatureCollection", "metadata": %s, "features": [%s]}' % (_json(meta), features)


def _json(value) -> str:
    return json.dumps(value, default=str, ensure_ascii=False)


def to_geopackage(items: list[dict], geoms: dict[str, bytes], kind: str, meta: dict, directory: Path) -> Path:
    """A GeoPackage (layer `kind` + table `metadata`) written whole into `directory`, or a
    StorageError and no file. The caller deletes it once sent."""
    target = Path(directory) / f"clsm_{kind}_{uuid.uuid4().hex}.gpkg"
    with atomic_path(target, suffix=".gpkg") as temp:
        write_geopackage(items, geoms, kind, meta, temp)
    return target


def write_geopackage(items: list[dict], geoms: dict[str, bytes], kind: str, meta: dict, path: Path) -> None:
    key = key_of(kind)
    frame = pd.DataFrame([{k: _flat(v) for k, v in i.items()} for i in items])
    geometry = shapely.from_wkb([geoms.get(i[key]) for i in items])  # one vectorised call; None stays None
    layer = gpd.GeoDataFrame(frame, geometry=geometry, crs="EPSG:4326")
    info = pd.DataFrame({"key": list(meta), "value": [json.dumps(v, default=str, ensure_ascii=False)
                                                       if not isinstance(v, str) else v for v in meta.values()]})
    try:
        layer.to_file(path, layer=kind, driver="GPKG", engine="pyogrio")
        pyogrio.write_dataframe(info, path, layer="metadata", driver="GPKG", append=True)
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError) as exc:
        # GDAL reports a full disk as "disk I/O error" without an errno: keep its words.
        raise OSError(errno.EIO, f"GDAL could not write the GeoPackage ({exc})") from exc
