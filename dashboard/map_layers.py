"""The map's national layers as files of the dashboard, /couches/<name>.geojson?v=<data version>.

Leaflet fetches them itself (GeoJSON `url`), so their 1.2 MB are not carried in Dash's page answer,
which the renderer walks and compares on each update (a second of a first visit on a busy machine).
Each is built and compressed once per data version and process; the version in the URL lets browsers
keep it for good and the page head ask for it before Dash starts (dashboard.preload)."""
import gzip
import json
import threading
import time

import brotli
import flask

from dashboard import context
from dashboard.client import ApiClient, ApiError

PATH = "/couches/"
QUERIES = {"councils": {}, "qpv": {"as_points": "true"},  # one point per QPV: a fifth of the contours' weight
           "departements": {}, "regions": {}}
VERSION_TTL_S = 1.0
KEY = "clsm_map_layers"


class Layers:
    """The current data version's layers: parsed (for the pages), and as bytes, br and gzip (to serve).
    Holds its app's API client: usable from the layout's worker threads (no request context there)."""

    def __init__(self, client: ApiClient):
        self.client = client
        self.lock = threading.Lock()
        self.version: tuple[float, str | None] = (0.0, None)
        self.built: dict[str, tuple[str, dict, dict[str, bytes]]] = {}  # name -> (version, data, bodies)

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
        with self.lock:  # one build per layer and version, even when the five requests arrive together
            found = self.built.get(name)
            if not found or found[0] != version:
                found = self.built[name] = (version, *self._build(name))
        return found

    def data(self, name: str) -> dict:
        """A layer as the pages read it (raises ApiError as the client does)."""
        return self.get(name)[1]

    def url(self, name: str) -> str:
        return f"{PATH}{name}.geojson?v={self.data_version()}"

    def _build(self, name: str) -> tuple[dict, dict[str, bytes]]:
        data = self.client.layer(name, **QUERIES[name])
        if name == "regions":
            with_rural_shares(data, self.client.density_regions()["items"])
        return data, _bodies(data)


def _bodies(data: dict) -> dict[str, bytes]:
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    return {"": raw, "br": brotli.compress(raw, quality=5), "gzip": gzip.compress(raw, 6)}


def with_rural_shares(regions: dict, density: list[dict]) -> None:
    """Adds each région's share of rural inhabitants covered (None: no rural commune) to its feature."""
    shares = {r["code"]: r["rural_share_covered"] for r in density}
    for f in regions["features"]:
        f["properties"]["rural_share_covered"] = shares.get(f["properties"]["code"])


def layers() -> Layers:
    """The layers of the app serving the current request."""
    return flask.current_app.extensions[KEY]


def _serve(name: str) -> flask.Response:
    if name not in QUERIES:
        flask.abort(404)
    try:
        version, _, bodies = layers().get(name)
    except ApiError as exc:  # the page says what failed (its own calls fail too); the map stays empty
        return flask.Response(f"{exc.title}: {exc.detail}", status=502, mimetype="text/plain",
                              headers={"Cache-Control": "no-store"})
    accepted = flask.request.headers.get("Accept-Encoding", "")
    encoding = next((e for e in ("br", "gzip") if e in accepted), "")
    response = flask.Response(bodies[encoding], mimetype="application/geo+json")
    if encoding:
        response.headers["Content-Encoding"] = encoding  # flask-compress leaves it as it is
    response.headers["Vary"] = "Accept-Encoding"
    fresh = flask.request.args.get("v") == version
    response.headers["Cache-Control"] = "public, max-age=31536000, immutable" if fresh else "no-cache"
    return response


def install(server: flask.Flask) -> None:
    """After context.configure: the layers are asked for with the app's own API client."""
    server.extensions[KEY] = Layers(server.extensions[context.KEY]["api"])
    server.add_url_rule(PATH + "<name>.geojson", "map_layer", _serve)
