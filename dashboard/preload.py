"""What a page will need, asked for in the head of its HTML, so the browser fetches it while Dash's
own scripts load instead of after them: Dash asks for its layout (which holds the page's content,
dashboard/first_view.py) only once its scripts have run, and only then loads the component chunks and
data that content needs (round trips in a row otherwise).

Also: dcc.Graph draws with plotly.js's basic bundle (bar, scatter, pie: every chart here), 1.2 MB
of JavaScript instead of the full 4.7 MB that a first visit of a chart page otherwise parses. The
overview draws its bars in HTML (dashboard/bar_chart.py): it needs no Plotly, so none is preloaded."""
import functools
from pathlib import Path

import dash
import flask

from dashboard import first_view, map_layers

SUITES = "/_dash-component-suites/"
PLOTLY = SUITES + "plotly/package_data/plotly.min.js"  # where dcc.Graph loads Plotly from (serve_locally)
PLOTLY_BASIC = Path(__file__).parent / "vendor" / "plotly-basic.min.js"
DROPDOWN = SUITES + "dash/dcc/async-dropdown.js"
DASH_DEPENDENCIES = "/_dash-dependencies"
LOW = 'fetchpriority="low"'


def hints(path: str) -> tuple[list[str], list[str]]:
    """<link rel=preload> tags of a page (path without the query string): those for the head, and those
    of low priority, placed after Dash's scripts so that the scripts are asked for first (a browser
    opens six connections to a server, and asks in the document's order: -41 ms, bench/findings.md)."""
    # Dash's layout (the page's first view) and its callbacks, used by Dash's own requests for them.
    tags = [_link(first_view.LAYOUT, "fetch"), _link(DASH_DEPENDENCIES, "fetch")] + _page_hints(path)
    return [t for t in tags if LOW not in t], [t for t in tags if LOW in t]


def _page_hints(path: str) -> list[str]:
    if path == "/":
        picture = map_layers.page_shows_picture()
        # The national view draws the layers' picture first. Its layers, asked for beside Dash's scripts,
        # delayed them (0.4 s measured): at low priority they come after the scripts, in time for the
        # drawn picture's request (bench/findings.md, session 23).
        layers = map_layers.layers()  # the picture for this screen's density, as the map's image will choose
        first = [_link(layers.url(map_layers.PICTURE), "image", srcset=layers.picture_srcset())] if picture else []
        if picture:
            layers.prepare_pictures()  # drawn while the page's scripts load, if not drawn yet
        return first + [_link(layers.url(name), "fetch", low=picture) for name in map_layers.QUERIES] \
            + [_link(SUITES + "dash_leaflet/async-GeoJSON.js", "script")]
    if path == "/vue-ensemble":
        return [_link(DROPDOWN, "script")]
    return []


def _link(href: str, kind: str, low: bool = False, srcset: str | None = None) -> str:
    # fetch() asks in CORS mode with same-origin credentials: a preload only serves it with crossorigin.
    cors = ' crossorigin="anonymous"' if kind == "fetch" else ""
    priority = LOW + " " if low else ""
    images = f' imagesrcset="{srcset}"' if srcset else ""
    return f'<link {priority}rel="preload" href="{href}" as="{kind}"{images}{cors}>'


@functools.cache
def _plotly_basic_body() -> bytes:
    return PLOTLY_BASIC.read_bytes()


def _plotly_basic():
    if flask.request.path != PLOTLY:
        return None
    # In memory, not send_file: flask-compress leaves streamed files uncompressed.
    response = flask.Response(_plotly_basic_body(), mimetype="application/javascript")
    response.add_etag()
    return response.make_conditional(flask.request)


def install(app: dash.Dash) -> None:
    index = app.interpolate_index

    def with_hints(**parts) -> str:
        try:
            early, late = hints(flask.request.path)
        except Exception:  # noqa: BLE001 - a hint is an optimisation: the page loads without it
            early, late = [], []
        page = index(**parts).replace("<head>", "<head>\n" + "\n".join(early), 1)
        return page.replace("</body>", "\n".join(late) + "\n</body>", 1)

    app.interpolate_index = with_hints
    app.server.before_request(_plotly_basic)
