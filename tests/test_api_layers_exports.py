"""Map layers, vector tiles and exports: they parse back and hold the rows of the lists."""
import csv
import io
import json
import math
import re
import xml.etree.ElementTree as ET
from collections import Counter

import geopandas as gpd
import pyogrio

from tests.api_fixtures import api_register, client  # noqa: F401 (fixtures)

API = "/api/v1"


def test_councils_layer(client):
    layer = client.get(API + "/layers/councils.geojson")
    assert layer.headers["content-type"] == "application/geo+json"
    body = layer.json()
    assert body["type"] == "FeatureCollection" and body["demo_data"] is False
    assert {f["id"] for f in body["features"]} == {"CLSM-BEL", "CLSM-VAL", "CLSM-P13",
                                                   "CLSM-SUD", "CLSM-OFF", "CLSM-P18"}
    simplified = client.get(API + "/layers/councils.geojson", params={"tolerance": 0.01}).content
    assert len(simplified) < len(layer.content)
    active = client.get(API + "/layers/councils.geojson", params={"status": "actif"}).json()
    assert len(active["features"]) == 4


def test_qpv_and_area_layers(client):
    qpv = client.get(API + "/layers/qpv.geojson").json()
    assert len(qpv["features"]) == 28
    assert {"status", "prevu", "priority_score", "rank"} <= set(qpv["features"][0]["properties"])
    top = client.get(API + "/layers/qpv.geojson", params={"priority_top": 3}).json()["features"]
    assert sorted(f["properties"]["rank"] for f in top) == [1, 2, 3]
    deps = client.get(API + "/layers/departements.geojson").json()
    belfort = next(f for f in deps["features"] if f["id"] == "90")
    assert belfort["properties"]["councils_active"] == 3 and belfort["geometry"]["type"] == "MultiPolygon"
    assert client.get(API + "/layers/regions.geojson").json()["features"]


FRANCE = (-5.2, 41.3, 9.6, 51.15)  # the dashboard's first view (dashboard/map_layers.FRANCE_BOUNDS)
SVG = "{http://www.w3.org/2000/svg}"


def _pixel(lon: float, lat: float, zoom: float) -> tuple[float, float]:
    """Where Leaflet puts a point at a zoom, from the frame's north-west corner (EPSG:3857 pixels)."""
    scale = 256 * 2 ** zoom

    def xy(lo: float, la: float) -> tuple[float, float]:
        north = math.log(math.tan(math.pi / 4 + math.radians(la) / 2))
        return (lo + 180) / 360 * scale, (1 - north / math.pi) / 2 * scale
    (x, y), (x0, y0) = xy(lon, lat), xy(FRANCE[0], FRANCE[3])
    return x - x0, y - y0


def test_picture_of_the_national_layers(client):
    """One path per layer and class (a QPV: a zero-length stroke of its class's paths, a dot under a round
    cap; its edge's path under its inside's), classed as the layers style them, each feature where
    Leaflet draws it at that zoom (the picture lies under the same map before the layers replace it)."""
    answer = client.get(API + "/layers/picture.svg", params={"bbox": ",".join(map(str, FRANCE)), "zoom": 5.5,
                                                             "top": 3})
    assert answer.status_code == 200 and answer.headers["content-type"] == "image/svg+xml"
    svg = ET.fromstring(answer.text)
    width, height = float(svg.get("width")), float(svg.get("height"))
    assert (round(width), round(height)) == (476, 460)
    assert svg.get("viewBox") == f"0 0 {svg.get('width')} {svg.get('height')}"
    qpv = client.get(API + "/layers/qpv.geojson", params={"as_points": True}).json()["features"]
    paths = [(p.get("class").split(), p.get("d")) for p in svg.iter(SVG + "path")]
    dots = [(i, classes[1:], d) for i, (classes, d) in enumerate(paths) if classes[0] == "qpv"]
    assert all(paths[i - 1] == (["qpv-edge", *classes], d) for i, classes, d in dots)  # its edge just under it
    points = {(float(x), float(y)): classes for _, classes, d in dots
              for x, y in re.findall(r"M(-?[\d.]+) (-?[\d.]+)h0", d)}
    assert len(points) == len(qpv)  # the fixture's QPV are all in metropolitan France
    for f in qpv:
        x, y = _pixel(*f["geometry"]["coordinates"], 5.5)
        classes = next(v for (cx, cy), v in points.items() if abs(cx - x) < 0.11 and abs(cy - y) < 0.11)
        p = f["properties"]
        assert classes == [p["status"]] + (["top"] if p["rank"] and p["rank"] <= 3 else []), p["code"]
    shapes = {classes[0]: d.count("M") for classes, d in paths if classes[0] not in ("qpv", "qpv-edge")}
    councils = client.get(API + "/layers/councils.geojson").json()["features"]
    statuses = Counter(f["properties"]["status"] for f in councils)
    assert set(shapes) - {"departement", "region"} == set(statuses)  # one path per status
    assert all(shapes[status] >= n for status, n in statuses.items())  # a ring or more per council
    assert shapes["departement"] >= len(client.get(API + "/layers/departements.geojson").json()["features"])
    assert shapes["region"] >= len(client.get(API + "/layers/regions.geojson").json()["features"])
    assert "fill=" not in answer.text and "stroke=" not in answer.text  # classes only: the page styles them
    too_big = client.get(API + "/layers/picture.svg", params={"bbox": "-180,-80,180,80", "zoom": 9})
    assert too_big.status_code == 422 and "zoom" in too_big.text


def test_vector_tiles(client):
    # Tile z=12 over Belfort: the QPV and the communes are in it.
    for layer in ("communes", "qpv", "councils"):
        tile = client.get(API + f"/tiles/{layer}/12/2126/1430.pbf")
        assert tile.status_code == 200 and tile.headers["content-type"] == "application/vnd.mapbox-vector-tile"
        assert len(tile.content) > 0, layer
        assert layer.encode() in tile.content  # the layer name is in the protobuf
        assert tile.headers["etag"]
    assert client.get(API + "/tiles/qpv/12/0/0.pbf").content == b""
    assert client.get(API + "/tiles/qpv/3/9/1.pbf").status_code == 422
    assert client.get(API + "/tiles/roads/3/1/1.pbf").status_code == 422


def test_csv_export_matches_the_list(client):
    listed = client.get(API + "/councils", params={"departement": "90", "limit": 1000}).json()["items"]
    export = client.get(API + "/exports/councils.csv", params={"departement": "90"})
    assert export.headers["content-disposition"].startswith("attachment")
    assert "describedby" in export.headers["link"]
    rows = list(csv.DictReader(io.StringIO(export.text)))
    assert [r["id"] for r in rows] == [c["id"] for c in listed]
    assert rows[0]["funding_sources"] == ";".join(listed[0]["funding_sources"])


def test_geojson_and_geopackage_exports(client, tmp_path):
    listed = client.get(API + "/qpv", params={"departement": "90", "limit": 1000}).json()["items"]
    geojson = client.get(API + "/exports/qpv.geojson", params={"departement": "90"})
    frame = gpd.read_file(io.BytesIO(geojson.content))
    assert sorted(frame["code"]) == sorted(q["code"] for q in listed)
    assert json.loads(geojson.content)["metadata"]["licence_geography"].startswith("Licence Ouverte")
    gpkg = client.get(API + "/exports/councils.gpkg")
    path = tmp_path / "c.gpkg"
    path.write_bytes(gpkg.content)
    councils = gpd.read_file(path, layer="councils")
    assert len(councils) == 6 and councils.crs.to_epsg() == 4326 and councils.geometry.notna().all()
    meta = pyogrio.read_dataframe(path, layer="metadata")
    values = dict(zip(meta["key"], meta["value"]))
    assert values["demo_data"] == "false" and "sha256" in values["sources"]


def test_export_metadata_side_file(client):
    meta = client.get(API + "/exports/metadata.json").json()
    assert meta["demo_data"] is False and meta["personal_data"].startswith("none")
    assert all(len(s["sha256"]) == 64 for s in meta["sources"])
