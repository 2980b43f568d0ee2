"""The map's national layers as files of the dashboard, /couches/<name>.geojson?v=<data version>, and
their picture for the map's first view, /couches/picture.png and picture@2x.png?v=<data version>.

Leaflet fetches them itself (GeoJSON `url`), so their 1.2 MB are not carried in Dash's page answer,
which the renderer walks and compares on each update (a second of a first visit on a busy machine).
Each is built and compressed once per data version and process; the version in the URL lets browsers
keep it for good and the page head ask for it before Dash starts (dashboard.preload).

The picture: drawing the ~2,100 features as interactive layers costs a first visit more than the rest of
the page (bench/findings.md); the first view shows them as one image: an SVG drawn by the API in
PostGIS, styled here like the layers and made a PNG (map_picture). Until the map library has run, the
page shows it as an image of its own, where the map will draw it (first_picture_box); the layers replace
it once drawn (assets/map.js pictureDrawn)."""
import gzip
import json
import logging
import math
import threading
import time

import brotli
import flask

from core.vocabularies import QPV_STATUSES
from dashboard import context, map_picture
from dashboard.client import ApiClient, ApiError
from dashboard.components import STATUS_COLOURS, STATUS_OUTLINES, map_colours

PATH = "/couches/"
QUERIES = {"councils": {}, "qpv": {"as_points": "true"},  # one point per QPV: a fifth of the contours' weight
           "departements": {}, "regions": {}}
LABELS = "labels"  # city names (shown from zoom 6: none in the national view)
PICTURE = "picture"
# The map's first view, metropolitan France with Corsica (zoom 5.5 holds it in a 1440×900 window), and the
# frame of its picture, drawn 1:1 at that zoom.
FRANCE_BOUNDS = [[41.3, -5.2], [51.15, 9.6]]
FRANCE_VIEW = {"center": [46.25, 2.3], "zoom": 5.5}
PICTURE_FILES = {map_picture.file_name(d): d for d in map_picture.DENSITIES}  # its images, by file
VERSION_TTL_S = 1.0
KEY = "clsm_map_layers"
log = logging.getLogger(__name__)


def _pixel(lat: float, lng: float, zoom: float) -> tuple[float, float]:
    """Web Mercator pixel of a point at a zoom, as Leaflet's EPSG:3857 projects it (256 px tiles)."""
    size = 256 * 2 ** zoom
    y = math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))
    return size * (lng + 180) / 360, size * (0.5 - y / (2 * math.pi))


def first_picture_box() -> dict[str, str]:
    """Where Leaflet draws the picture in the first view, from the map's centre: its image, shown before the
    map library has run (pages/carte.py), takes that place. The centre is at 50 % of the map's box whatever
    its size; Leaflet rounds each corner to a pixel."""
    (south, west), (north, east) = FRANCE_BOUNDS
    centre_x, centre_y = _pixel(*FRANCE_VIEW["center"], FRANCE_VIEW["zoom"])
    left, top = (round(v) for v in _pixel(north, west, FRANCE_VIEW["zoom"]))
    right, bottom = (round(v) for v in _pixel(south, east, FRANCE_VIEW["zoom"]))
    return {"left": f"calc(50% - {centre_x - left:.1f}px)", "top": f"calc(50% - {centre_y - top:.1f}px)",
            "width": f"{right - left}px", "height": f"{bottom - top}px"}


def shows_picture(mode: str | None, place: str | None, bbox: str | None) -> bool:
    """The picture stands in for the layers in the national view only: no place searched, no shading."""
    return not place and not bbox and mode in (None, "", "none")


def page_shows_picture() -> bool:
    """Whether the page this request asks for is the national view (its HTML: preloads, scripts)."""
    args = flask.request.args
    return flask.request.path == "/" and shows_picture(args.get("mode"), args.get("place"), args.get("bbox"))


class Layers:
    """The current data version's layers: parsed (for the pages), and as bytes, br and gzip (to serve).
    Holds its app's API client: usable from the layout's worker threads (no request context there)."""

    def __init__(self, client: ApiClient):
        self.client = client
        self.locks: dict[str, threading.Lock] = {}
        self.version: tuple[float, str | None] = (0.0, None)
        self.built: dict[str, tuple[str, dict, dict[str, bytes]]] = {}  # name -> (version, data, bodies)
        self.drawing: str | None = None  # the data version whose picture images are being drawn ahead

    def data_version(self) -> str:
        checked, version = self.version
        if version is None or time.monotonic() - checked > VERSION_TTL_S:
            version = self.client.health()["data_version"]
            self.version = (time.monotonic(), version)
        return version

    def get(self, name: str) -> tuple[str, dict, dict[str, bytes]]:
        version = self.data_version()
        found = self.built.get(name)
        if found and found[0] == version:
            return found
        with self.locks.setdefault(name, threading.Lock()):  # one build per layer and version, however many ask
            found = self.built.get(name)
            if not found or found[0] != version:
                found = self.built[name] = (version, *self._build(name))
        return found

    def data(self, name: str) -> dict:
        """A layer as the pages read it (raises ApiError as the client does)."""
        return self.get(name)[1]

    def url(self, name: str, density: int = 1) -> str:
        file = map_picture.file_name(density) if name == PICTURE else f"{name}.geojson"
        return f"{PATH}{file}?v={self.data_version()}"

    def picture_srcset(self) -> str:
        """The picture for each screen density, as an <img> or a preload's srcset."""
        return ", ".join(f"{self.url(PICTURE, d)} {d}x" for d in map_picture.DENSITIES)

    def prepare_pictures(self) -> None:
        """Draws this data version's picture images in the background, when not drawn yet (~0.4 and ~0.7 s
        at 1x and 2x): asked for with a page, they are ready by the time its scripts have loaded."""
        version = self.data_version()
        if self.drawing != version and any(self.built.get(file, ("",))[0] != version for file in PICTURE_FILES):
            self.drawing = version  # one drawing per version, however many visitors arrive meanwhile
            threading.Thread(target=self._draw_pictures, daemon=True).start()

    def _draw_pictures(self) -> None:
        try:
            for file in PICTURE_FILES:
                self.get(file)
        except Exception as exc:  # noqa: BLE001 - ahead of time only: the browser's own request says what failed
            log.info("map picture not drawn ahead: %s", exc)

    def _build(self, name: str) -> tuple[dict | None, dict[str, bytes]]:
        if name == PICTURE:  # the styled SVG, drawn as one image per screen density (PICTURE_FILES)
            look = map_colours()["look"]
            svg = self.client.layer_picture(FRANCE_BOUNDS, FRANCE_VIEW["zoom"], look["qpv"]["topRank"])
            start = svg.index(">") + 1
            return None, {"svg": (svg[:start] + f"<style>{picture_css()}</style>" + svg[start:]).encode()}
        if name in PICTURE_FILES:
            svg = self.get(PICTURE)[2]["svg"].decode()
            return None, {"": map_picture.png(svg, PICTURE_FILES[name])}
        data = self.client.place_labels() if name == LABELS else self.client.layer(name, **QUERIES[name])
        if name == "regions":
            with_rural_shares(data, self.client.density_regions()["items"])
        return data, _bodies(data)


def _bodies(data: dict | str) -> dict[str, bytes]:
    text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    raw = text.encode()
    return {"": raw, "br": brotli.compress(raw, quality=5), "gzip": gzip.compress(raw, 6)}


def picture_css() -> str:
    """The picture's style: the layers' own (components.MAP_LOOK, assets/map.js), for its classes."""
    colours = map_colours()
    look = colours["look"]
    rules = ["path{fill:none;stroke-linecap:round;stroke-linejoin:round}"]
    rules += [f".{level}{{stroke:{colours['area']};stroke-width:{look[level]['weight']}px}}"
              for level in ("departement", "region")]
    for status, colour in STATUS_COLOURS.items():
        if status in QPV_STATUSES:  # a QPV: a dot of its outline's colour, under a dot of its own
            rules.append(f"path.qpv-edge.{status}{{stroke:{STATUS_OUTLINES[status]}}}path.qpv.{status}{{stroke:{colour}}}")
            continue
        council = look["council"].get(status, look["council"]["other"])
        dashes = f";stroke-dasharray:{council['dashArray']}" if council.get("dashArray") else ""
        rules.append(f"path.{status}{{stroke:{colour};fill:{colour};fill-opacity:{council['fillOpacity']};"
                     f"stroke-width:{council['weight']}px{dashes}}}")
    # Leaflet's circle: its outline, `weight` wide, centred on the edge at `radius` (sizes as the layer's)
    qpv, top = look["qpv"], look["qpv"]["top"]
    rules.append(f"path.qpv-edge{{stroke-width:{2 * qpv['radius'] + qpv['weight']}px}}"
                 f"path.qpv{{stroke-width:{2 * qpv['radius'] - qpv['weight']}px;stroke-opacity:{qpv['fillOpacity']}}}")
    rules.append(f"path.qpv-edge.top{{stroke:{top['color']};stroke-width:{2 * top['radius'] + top['weight']}px}}"
                 f"path.qpv.top{{stroke-width:{2 * top['radius'] - top['weight']}px}}")
    return "".join(rules)


def with_rural_shares(regions: dict, density: list[dict]) -> None:
    """Adds each région's share of rural inhabitants covered (None: no rural commune) to its feature."""
    shares = {r["code"]: r["rural_share_covered"] for r in density}
    for f in regions["features"]:
        f["properties"]["rural_share_covered"] = shares.get(f["properties"]["code"])


def layers() -> Layers:
    """The layers of the app serving the current request."""
    return flask.current_app.extensions[KEY]


def _serve_layer(name: str) -> flask.Response:
    if name not in QUERIES and name != LABELS:
        flask.abort(404)
    built = _built(name)
    if isinstance(built, flask.Response):
        return built
    version, bodies = built
    accepted = flask.request.headers.get("Accept-Encoding", "")
    encoding = next((e for e in ("br", "gzip") if e in accepted), "")
    response = flask.Response(bodies[encoding], mimetype="application/geo+json")
    if encoding:
        response.headers["Content-Encoding"] = encoding  # flask-compress leaves it as it is
    response.headers["Vary"] = "Accept-Encoding"
    return _kept(response, version)


def _serve_picture(file: str) -> flask.Response:
    built = _built(file)
    if isinstance(built, flask.Response):
        return built
    version, image = built
    return _kept(flask.Response(image[""], mimetype="image/png"), version)  # a PNG is compressed already


def _built(name: str) -> tuple[str, dict[str, bytes]] | flask.Response:
    try:
        version, _, bodies = layers().get(name)
    except ApiError as exc:  # the page says what failed (its own calls fail too); the map stays empty
        return flask.Response(f"{exc.title}: {exc.detail}", status=502, mimetype="text/plain",
                              headers={"Cache-Control": "no-store"})
    return version, bodies


def _kept(response: flask.Response, version: str) -> flask.Response:
    """Kept for good under its data version's URL; checked again under any other."""
    fresh = flask.request.args.get("v") == version
    response.headers["Cache-Control"] = "public, max-age=31536000, immutable" if fresh else "no-cache"
    return response


def install(server: flask.Flask) -> None:
    """After context.configure: the layers are asked for with the app's own API client."""
    server.extensions[KEY] = Layers(server.extensions[context.KEY]["api"])
    server.add_url_rule(PATH + "<name>.geojson", "map_layer", _serve_layer)
    for file in PICTURE_FILES:
        server.add_url_rule(PATH + file, f"map_{file}", _serve_picture, defaults={"file": file})
