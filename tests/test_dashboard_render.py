"""First render (issues 15 and 18): the map's layers as versioned files, hints in the page head,
Plotly's basic bundle, and no callback round trip after a page's content on the map and overview."""
import io
import json
import re
import sys
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from PIL import Image
from selenium.webdriver.support.ui import WebDriverWait

from api.app import create_app
from core.vocabularies import QPV_STATUSES
from dashboard import map_layers, map_picture, preload
from dashboard.app import create_dash_app
from dashboard.components import MAP_LOOK, STATUS_COLOURS, STATUS_OUTLINES
from tests.api_fixtures import api_register  # noqa: F401 (fixture)
from tests.browser import browser, severe_console_errors  # noqa: F401 (fixture)
from tests.live_servers import live_api, live_dashboard  # noqa: F401 (fixtures)
from tests.test_api_layers_exports import _pixel

DASHBOARD = Path(__file__).parent.parent / "dashboard"
BASIC_TRACES = {"Bar", "Scatter", "Pie"}  # what plotly.js's basic bundle draws


@pytest.fixture(scope="module")
def client(api_register):  # noqa: F811
    return create_dash_app(api_register, http=TestClient(create_app(api_register))).server.test_client()


def test_every_chart_is_drawn_by_the_basic_bundle():
    used = {name for path in DASHBOARD.rglob("*.py")
            for name in re.findall(r"\bgo\.([A-Z]\w+)\(", path.read_text(encoding="utf-8"))} - {"Figure"}
    assert used and used <= BASIC_TRACES, used - BASIC_TRACES
    assert not any("plotly.express" in p.read_text(encoding="utf-8") for p in DASHBOARD.rglob("*.py"))


def test_plotly_is_served_from_the_basic_bundle(client):
    body = client.get(preload.PLOTLY, headers={"Accept-Encoding": "gzip"})
    assert body.status_code == 200 and body.headers["Content-Encoding"] == "gzip"
    assert b"plotly.js (basic - minified)" in client.get(preload.PLOTLY).get_data()[:200]


def test_map_page_head_asks_for_its_first_drawing_early(client):
    """The national view: its layers' picture first, in the head; its layers at low priority, after
    Dash's scripts (before them, they delayed the scripts); a shaded or searched view: the layers
    themselves, in the head."""
    html = client.get("/").get_data(as_text=True)
    head = html[:html.index("</head>")]
    after_scripts = html[html.rindex("<script"):]
    pattern = r'<link (fetchpriority="low" )?rel="preload" href="/couches/([\w.@]+)\?v=\w+" as="(\w+)"'
    assert re.findall(pattern, head) == [("", "picture.png", "image")]
    assert re.findall(pattern, after_scripts) == [('fetchpriority="low" ', f"{name}.geojson", "fetch")
                                                  for name in ("councils", "qpv", "departements", "regions")]
    srcset = re.search(r'as="image" imagesrcset="([^"]+)"', head).group(1)  # the screen's density chooses
    assert re.fullmatch(r"/couches/picture\.png\?v=(\w+) 1x, /couches/picture@2x\.png\?v=\1 2x", srcset)
    layout = client.get("/_dash-layout", headers={"Referer": "http://localhost/"}).get_json()
    assert f'"data-picture-srcset": "{srcset}"' in json.dumps(layout)  # the map's image: the same set
    assert 'href="/_dash-component-suites/dash_leaflet/async-GeoJSON.js" as="script"' in head
    for query in ("?mode=share_covered", "?place=commune:90010&bbox=6.8,47.6,6.9,47.7"):
        shaded = client.get("/" + query).get_data(as_text=True)
        layers = re.findall(r'<link rel="preload" href="(/couches/\w+\.geojson\?v=\w+)" as="fetch" crossorigin',
                            shaded)
        assert {re.search(r"/couches/(\w+)", u).group(1) for u in layers} == {"councils", "qpv", "departements",
                                                                             "regions"}
        assert "picture" not in shaded
    overview = client.get("/vue-ensemble").get_data(as_text=True)
    assert 'href="/_dash-component-suites/dash/dcc/async-dropdown.js" as="script"' in overview
    assert preload.PLOTLY not in overview and "async-graph" not in overview and "/couches/" not in overview
    directory = client.get("/annuaire").get_data(as_text=True)
    assert re.findall(r'rel="preload" href="([^"]+)"', directory) == ["/_dash-layout", "/_dash-dependencies"]


def test_picture_is_styled_like_the_layers(client):
    """The API's picture with the layers' colours and sizes (components.MAP_LOOK), drawn as a palette PNG
    per screen density and kept for good under its data version: every QPV a dot of its status's colour
    where the layer puts it."""
    html = client.get("/").get_data(as_text=True)
    url = re.search(r'href="(/couches/picture\.png\?v=\w+)"', html).group(1)
    style = map_layers.picture_css()
    assert f"path.actif{{stroke:{STATUS_COLOURS['actif']};fill:{STATUS_COLOURS['actif']};fill-opacity:0.35" in style
    assert (f"path.qpv-edge.partiel{{stroke:{STATUS_OUTLINES['partiel']}}}"
            f"path.qpv.partiel{{stroke:{STATUS_COLOURS['partiel']}}}") in style
    top = MAP_LOOK["qpv"]["top"]
    assert f"path.qpv-edge.top{{stroke:{top['color']};stroke-width:{2 * top['radius'] + top['weight']}px}}" in style
    images = {}
    for density, file in ((1, "picture.png"), (2, "picture@2x.png")):
        answer = client.get(url.replace("picture.png", file), headers={"Accept-Encoding": "br"})
        assert answer.headers["Content-Type"] == "image/png" and "immutable" in answer.headers["Cache-Control"]
        assert "Content-Encoding" not in answer.headers  # compressed already
        images[density] = Image.open(io.BytesIO(answer.get_data()))
        assert images[density].mode == "P" and images[density].size == (476 * density, 460 * density)
    picture = images[1].convert("RGBA")
    assert picture.getpixel((0, 0))[3] == 0  # the map shows through
    qpv = [(_pixel(*f["geometry"]["coordinates"], 5.5), f["properties"])
           for f in client.get(url.replace("picture.png", "qpv.geojson")).get_json()["features"]]
    def near(colour: str, x: float, y: float, reach: int = 3) -> bool:  # a pixel of that colour on its dot
        return any(_close(picture.getpixel((round(x) + dx, round(y) + dy)), colour)
                   for dx in range(-reach, reach + 1) for dy in range(-reach, reach + 1))
    # the fixture's QPV overlap in two cities, its covered ones under the others: the dots drawn on top
    assert any(near(STATUS_COLOURS["non_couvert"], *xy) for xy, p in qpv if p["status"] == "non_couvert")
    assert any(near(STATUS_COLOURS["partiel"], *xy) for xy, p in qpv if p["status"] == "partiel")
    assert any(near(top["color"], *xy, reach=top["radius"] + 1)  # the ring of the first ranked
               for xy, p in qpv if p["rank"] and p["rank"] <= MAP_LOOK["qpv"]["topRank"])
    assert client.get("/couches/picture.geojson").status_code == 404


def test_picture_is_drawn_while_its_page_loads(api_register):  # noqa: F811
    """A data version's images are drawn once the national view is asked for, before the browser asks
    for them: a first visitor's scripts load meanwhile."""
    server = create_dash_app(api_register, http=TestClient(create_app(api_register))).server
    layers = server.extensions[map_layers.KEY]
    assert not layers.built
    server.test_client().get("/?mode=share_covered")  # a shaded view shows no picture
    time.sleep(0.5)
    assert not any(name.startswith("picture") for name in layers.built)
    server.test_client().get("/")
    version = layers.data_version()
    deadline = time.monotonic() + 30
    while any(layers.built.get(file, ("",))[0] != version for file in map_layers.PICTURE_FILES):
        assert time.monotonic() < deadline
        time.sleep(0.1)


def _close(pixel: tuple, colour: str) -> bool:
    return pixel[3] > 200 and max(abs(a - int(colour[i:i + 2], 16)) for a, i in zip(pixel, (1, 3, 5))) < 40


def test_picture_draws_each_qpv_class_as_the_layer_does():
    """A QPV as the API draws it (a zero-length stroke of its class's paths), styled by the page and made a
    PNG: a dot of its status's colour inside a ring of its outline's (of black among the first ranked),
    of the circle's size on the layer. The round cap is what draws it: a renderer without it draws none."""
    classes = [[status] + top for status in QPV_STATUSES for top in ([], ["top"])]
    dots = "".join(f'<path class="qpv-edge {" ".join(c)}" d="M{10 + 20 * i} 10h0"/>'
                   f'<path class="qpv {" ".join(c)}" d="M{10 + 20 * i} 10h0"/>' for i, c in enumerate(classes))
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{20 * len(classes)}" height="20">'
           f'<style>{map_layers.picture_css()}</style>{dots}</svg>')
    image = Image.open(io.BytesIO(map_picture.png(svg, 2))).convert("RGBA")
    for i, (status, *top) in enumerate(classes):
        look = MAP_LOOK["qpv"]["top"] if top else MAP_LOOK["qpv"]
        x, y = 2 * (10 + 20 * i), 20
        assert _close(image.getpixel((x, y)), STATUS_COLOURS[status]), (status, top)
        edge = MAP_LOOK["qpv"]["top"]["color"] if top else STATUS_OUTLINES[status]
        assert _close(image.getpixel((x + 2 * look["radius"] - 1, y)), edge), (status, top)  # its ring
        assert image.getpixel((x + 2 * look["radius"] + look["weight"] + 1, y))[3] == 0  # no wider


def test_picture_is_drawn_outside_the_server_process(monkeypatch):
    """resvg keeps the interpreter's lock while it draws: in the server's process, every other request
    of that process would wait for it. Here it cannot run, and the image is drawn all the same."""
    monkeypatch.setitem(sys.modules, "resvg_py", None)  # importing it here fails
    svg = '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="2"><path d="M0 1h4" stroke="#000"/></svg>'
    image = Image.open(io.BytesIO(map_picture.png(svg, 2)))
    assert image.size == (8, 4) and image.mode == "P"


def test_layers_are_versioned_compressed_files(client):
    html = client.get("/?mode=share_covered").get_data(as_text=True)
    url = re.search(r'href="(/couches/councils\.geojson\?v=\w+)"', html).group(1)
    packed = client.get(url, headers={"Accept-Encoding": "br, gzip"})
    assert packed.status_code == 200 and packed.headers["Content-Encoding"] == "br"
    assert "immutable" in packed.headers["Cache-Control"] and packed.headers["Vary"] == "Accept-Encoding"
    plain = client.get(url)
    assert plain.headers.get("Content-Encoding") is None and len(packed.get_data()) < len(plain.get_data()) / 3
    councils = plain.get_json()
    assert councils["type"] == "FeatureCollection" and councils["features"]
    assert {"id", "name", "status"} <= set(councils["features"][0]["properties"])
    stale = client.get("/couches/councils.geojson?v=old")  # today's data, not to be kept under that name
    assert stale.get_json() == councils and stale.headers["Cache-Control"] == "no-cache"
    qpv = client.get(url.replace("councils", "qpv")).get_json()
    assert qpv["features"][0]["geometry"]["type"] == "Point"  # one point per QPV at national zoom
    assert client.get("/couches/communes.geojson").status_code == 404


def test_a_failing_api_leaves_the_layer_empty_not_cached(api_register):  # noqa: F811
    app = create_dash_app(api_register.model_copy(update={"api_base_url": "http://127.0.0.1:9"}))
    with app.server.test_client() as c:
        answer = c.get("/couches/councils.geojson?v=x")
        assert answer.status_code == 502 and answer.headers["Cache-Control"] == "no-store"
        assert c.get("/").status_code == 200  # the page itself loads (its layout says what failed)


def _callbacks(driver) -> list[str]:
    return driver.execute_script("return performance.getEntriesByType('resource')"
                                 ".filter(e => e.name.includes('_dash-update-component')).map(e => e.name)")


# Drawn: the map's council and QPV features on its canvas (counted by the page), the overview's charts
# with their bars.
OVERVIEW_DRAWN = "return document.querySelectorAll('#overview-charts figure:has(.bar, .column)').length"
DRAWN = {"/": "const m = document.getElementById('map'); return m ? Number(m.getAttribute('data-drawn-layer-councils')"
              " || 0) + Number(m.getAttribute('data-drawn-layer-qpv') || 0) : 0",
         "/vue-ensemble": OVERVIEW_DRAWN}


@pytest.mark.browser
@pytest.mark.parametrize("path, at_least", [("/", 30), ("/vue-ensemble", 5)])
def test_first_render_needs_no_callback_after_the_page(browser, live_dashboard, path, at_least):
    """Frame and page content come with Dash's layout, asked for by the page's head while Dash's
    scripts load: no callback before the map or charts are drawn."""
    browser.get(live_dashboard + path)
    WebDriverWait(browser, 30).until(lambda d: d.execute_script(DRAWN[path]) >= at_least)
    browser.execute_script("return new Promise(r => setTimeout(r, 1000))")
    assert _callbacks(browser) == []
    asked = browser.execute_script("return performance.getEntriesByType('resource').filter(e => "
                                   "/_dash-(layout|dependencies)$/.test(e.name)).map(e => e.initiatorType)")
    assert asked == ["link", "link"]  # the preloads, used by Dash: each asked once
    names = browser.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert not any("axe" in n for n in names)  # the accessibility checker is for tests only
    assert not severe_console_errors(browser), severe_console_errors(browser)


# Before Dash's renderer runs: count the store's changes (every one runs every mounted component's
# selector) and keep the callbacks completed.
STORE_WATCH = """window.dash_stores = []; window.__changes = 0;
window.dash_stores.push = function (store) { store.subscribe(function () { window.__changes += 1; });
    return Array.prototype.push.call(this, store); };"""
EXPORTS_DRAWN = "return document.querySelectorAll('#exports a').length"
COMPONENTS = """return (function count(node) {
    if (Array.isArray(node)) { return node.reduce((n, c) => n + count(c), 0); }
    if (!node || typeof node !== 'object' || !node.namespace) { return 0; }
    return 1 + Object.values(node.props || {}).reduce((n, v) => n + count(v), 0);
})(window.store.getState().layout.components)"""


@pytest.mark.browser
@pytest.mark.parametrize("path, drawn, callbacks", [("/", DRAWN["/"], 2), ("/vue-ensemble", OVERVIEW_DRAWN, 0),
                                                     ("/donnees", EXPORTS_DRAWN, 0)])
def test_first_view_mounts_without_callbacks_or_a_store_change_per_component(browser, live_dashboard, path, drawn,
                                                                             callbacks):
    """No callback runs to start a page, not even in the browser: its language, title and address come
    with it, and the map's view (fitted on a phone's narrow screen by assets/map.js). The map's two,
    in the browser, after its picture is drawn: one adds the layers, and the click relay runs once as
    they arrive (carte.py).
    Mounting the page changes Dash's store a few times, not once per component (assets/quiet_mount.js)."""
    watch = browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": STORE_WATCH})
    try:
        browser.get(live_dashboard + path)
        WebDriverWait(browser, 30).until(lambda d: d.execute_script(drawn) >= 1)
        browser.execute_script("return new Promise(r => setTimeout(r, 1000))")
        state = browser.execute_script("return [window.store.getState().callbacks.completed, window.__changes]")
        components = browser.execute_script(COMPONENTS)
    finally:
        browser.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument", {"identifier": watch["identifier"]})
    assert state[0] == callbacks
    assert components > 60 and state[1] < 0.75 * components, (state, components)  # was ~1.6 per component
    assert browser.title == {"/": "CLSM — carte", "/vue-ensemble": "CLSM — vue d'ensemble",
                             "/donnees": "CLSM — données"}[path]
    assert not severe_console_errors(browser), severe_console_errors(browser)


PICTURE = """const m = document.getElementById('map'); return m && [m.getAttribute('data-drawn-picture'),
    document.querySelectorAll('#map .leaflet-image-layer').length, Number(m.getAttribute('data-drawn-layer-councils')),
    Number(m.getAttribute('data-drawn-layer-regions'))]"""


@pytest.mark.browser
def test_national_view_draws_the_picture_then_the_layers(browser, live_dashboard):
    """First the layers' picture (one image), then the interactive layers, which take its place."""
    browser.get(live_dashboard + "/")
    WebDriverWait(browser, 30).until(lambda d: (d.execute_script(PICTURE) or [None])[0] == "1")
    # fixture: 6 councils, 3 régions; the picture is gone once every layer it stood in for is drawn
    WebDriverWait(browser, 30).until(lambda d: d.execute_script(PICTURE)[1:] == [0, 6, 3])
    assert not severe_console_errors(browser), severe_console_errors(browser)
    browser.get(live_dashboard + "/?mode=share_covered")  # a shaded view: the layers at once, no picture
    WebDriverWait(browser, 30).until(lambda d: (d.execute_script(PICTURE) or [0, 0, 0])[2] == 6)
    assert browser.execute_script(PICTURE)[:2] == [None, 0]


PICTURES_ASKED = """return performance.getEntriesByType('resource').map(e => e.name)
    .filter(n => n.includes('/couches/picture')).map(n => n.split('/couches/')[1].split('?')[0])"""


@pytest.mark.parametrize("density, file", [(1, "picture.png"), (2, "picture@2x.png")])
def test_picture_for_the_screen_density(browser, live_dashboard, density, file):
    """An ordinary screen takes the 1x image, a high-density one (phones) the 2x: one image, asked for
    once, by the head's preload and the map's image alike (their srcset)."""
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                            {"width": 1280, "height": 900, "deviceScaleFactor": density, "mobile": False})
    try:
        browser.get(live_dashboard + "/")
        WebDriverWait(browser, 30).until(lambda d: (d.execute_script(PICTURE) or [None])[0] == "1")
        assert browser.execute_script(PICTURES_ASKED) == [file]
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


# Where each image of the national picture lay when it loaded: the page's own, then the map's.
RECORD_PICTURES = """window.pictureBoxes = {}; document.addEventListener('load', e => {
  const image = e.target, key = image.id === 'map-first-picture' ? 'first' :
    image.classList && image.classList.contains('leaflet-image-layer') ? 'map' : null;
  if (key) { const r = image.getBoundingClientRect(); window.pictureBoxes[key] = [r.left, r.top, r.width, r.height,
    typeof window.L]; } }, true);"""


@pytest.mark.browser
@pytest.mark.parametrize("width", [1440, 1024])
def test_picture_shown_before_the_map_library_where_the_map_draws_it(browser, live_dashboard, width):
    """The national view's first paint needs no map library: its picture is an image of the page, placed
    where the map then draws the same picture (within a pixel), so nothing moves when the map takes over."""
    browser.set_window_size(width, 900)
    browser.get(live_dashboard + "/")  # the picture drawn by the server once per data version, kept by the browser
    WebDriverWait(browser, 30).until(lambda d: (d.execute_script(PICTURE) or [None])[0] == "1")
    script = browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": RECORD_PICTURES})
    try:
        browser.get(live_dashboard + "/")
        WebDriverWait(browser, 30).until(lambda d: (d.execute_script(PICTURE) or [None])[0] == "1")
        boxes = browser.execute_script("return window.pictureBoxes")
        assert boxes["first"][4] == "undefined"  # drawn before Leaflet had run
        assert all(abs(a - b) <= 1 for a, b in zip(boxes["first"][:4], boxes["map"][:4])), boxes
        assert browser.execute_script("return document.querySelector('.map-holder')"
                                      ".hasAttribute('data-drawn-first-picture-at')")
    finally:
        browser.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument", {"identifier": script["identifier"]})
        browser.set_window_size(1440, 1000)


@pytest.mark.browser
def test_phone_map_draws_its_own_fitted_picture(browser, live_dashboard):
    """A phone's first view is fitted to its screen by the map: the page's own image is not shown there."""
    browser.set_window_size(390, 844)
    try:
        browser.get(live_dashboard + "/")
        WebDriverWait(browser, 30).until(lambda d: (d.execute_script(PICTURE) or [None])[0] == "1")
        assert not browser.find_element("id", "map-first-picture").is_displayed()
        assert not browser.execute_script("return document.querySelector('.map-holder')"
                                          ".hasAttribute('data-drawn-first-picture-at')")
    finally:
        browser.set_window_size(1440, 1000)


# Per chart: its id, bars (or columns) drawn, height and width of its box.
CHARTS = """return [...document.querySelectorAll('#overview-charts figure')].map(f => [f.id,
    f.querySelectorAll('.bar, .column').length, Math.round(f.getBoundingClientRect().height),
    Math.round(f.getBoundingClientRect().width)])"""


@pytest.mark.browser
@pytest.mark.parametrize("width, query", [(1440, ""), (1440, "?lang=en&region=27"), (390, ""), (390, "?lang=en")])
def test_overview_charts_are_drawn_once_with_their_bars(browser, live_dashboard, width, query):
    """The five charts arrive with the page, each with its bars, and keep their size afterwards (nothing
    drawn later moves the page), within the screen's width."""
    browser.set_window_size(width, 900)
    browser.get(live_dashboard + "/vue-ensemble" + query)
    WebDriverWait(browser, 30).until(lambda d: d.execute_script(OVERVIEW_DRAWN) == 5)
    drawn = browser.execute_script(CHARTS)
    browser.execute_script("return new Promise(r => setTimeout(r, 500))")
    assert browser.execute_script(CHARTS) == drawn
    assert [c[0] for c in drawn] == ["chart-funding", "chart-funding-regions", "chart-fte", "chart-fte-regions",
                                     "chart-created"]
    assert all(bars > 0 and height > 150 for _, bars, height, _ in drawn), drawn
    assert all(w <= browser.execute_script("return document.documentElement.clientWidth") for *_, w in drawn)
    browser.set_window_size(1440, 1000)


@pytest.mark.browser
def test_overview_first_visit_asks_for_no_plotly(browser, live_dashboard):
    """Its charts are HTML: neither plotly.js nor dcc.Graph's chunk is fetched; other pages still draw
    with Plotly when they need it."""
    browser.get(live_dashboard + "/vue-ensemble")
    WebDriverWait(browser, 30).until(lambda d: d.execute_script(OVERVIEW_DRAWN) == 5)
    browser.execute_script("return new Promise(r => setTimeout(r, 1000))")
    fetched = browser.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert not [n for n in fetched if "plotly" in n or "async-graph" in n], fetched
    assert not browser.find_elements("css selector", ".js-plotly-plot")


def _grid_script(html: str) -> bool:
    return bool(re.search(r'<script src="[^"]*/_dash-component-suites/dash_ag_grid/', html))


@pytest.mark.parametrize("path, grid", [("/", False), ("/vue-ensemble", False), ("/donnees", False),
                                        ("/annuaire/CLSM-BEL", False), ("/annuaire", True), ("/priorites", True),
                                        ("/ruralite", True)])
def test_grid_library_only_in_the_html_of_grid_pages(client, path, grid):
    """AG Grid's 1.3 MB: a script of the pages that draw a grid; the others name its file for later."""
    html = client.get(path).get_data(as_text=True)
    assert _grid_script(html) == grid
    assert not re.search(r'<script src="[^"]*/dash_table/', html)  # no page draws a DataTable
    assert 'data-namespace="dash_table"' in html
    assert ('name="clsm-lazy-library" data-namespace="dash_ag_grid"' in html) != grid


@pytest.mark.parametrize("path, leaflet", [("/?mode=share_covered", True), ("/recherche", True), ("/priorites", True),
                                           ("/vue-ensemble", False), ("/donnees", False), ("/annuaire", False)])
def test_map_library_only_in_the_html_of_map_pages(client, path, leaflet):
    """dash-leaflet's 0.3 MB: a script of the pages that draw a map; the others load it on demand (a map
    reached by the menu or the search box: test_dashboard_usability's search by name)."""
    html = client.get(path).get_data(as_text=True)
    assert bool(re.search(r'<script src="[^"]*/_dash-component-suites/dash_leaflet/', html)) == leaflet
    assert ('name="clsm-lazy-library" data-namespace="dash_leaflet"' in html) != leaflet


def test_national_map_html_preloads_the_map_library_for_after_its_picture(client):
    """The national view's first view is an image of its layers: the map library is fetched with the page's
    scripts but runs once that image is drawn (a searched place's map needs it at once: the test above)."""
    html = client.get("/").get_data(as_text=True)
    assert not re.search(r'<script src="[^"]*/_dash-component-suites/dash_leaflet/', html)
    library = re.search(r'name="clsm-lazy-library" data-namespace="dash_leaflet" content="([^"]+)"', html).group(1)
    assert f'<link rel="preload" href="{library}" as="script">' in html
    assert re.search(r'<script src="[^"]*/_dash-component-suites/dash_leaflet/', client.get(
        "/?place=commune:90010&bbox=6.8,47.6,6.9,47.7").get_data(as_text=True))


@pytest.mark.browser
def test_grid_drawn_after_arriving_from_a_page_without_it(browser, live_dashboard):
    """From the map to the directory by the menu (no reload): the grid library loads then, rows show."""
    browser.get(live_dashboard + "/")
    WebDriverWait(browser, 30).until(lambda d: d.execute_script(
        "return document.querySelectorAll('#site-nav a').length") > 0)
    loaded = "return performance.getEntriesByType('resource').some(e => e.name.includes('/dash_ag_grid/dash_ag_grid'))"
    assert not browser.execute_script(loaded)
    browser.execute_script("document.querySelector('#site-nav a[href=\"/annuaire\"]').click()")
    WebDriverWait(browser, 30).until(lambda d: d.execute_script(
        "return document.querySelectorAll('#a-grid .ag-row').length") > 0)
    assert browser.execute_script(loaded)
    assert browser.execute_script("return performance.getEntriesByType('navigation').length") == 1  # no reload
    assert not severe_console_errors(browser), severe_console_errors(browser)


@pytest.mark.browser
def test_national_map_reached_by_the_menu_then_shaded(browser, live_dashboard):
    """From the overview to the map by the menu (no reload, the map library loaded then): its picture and
    layers are drawn, and a shading button shades the map and goes into the address."""
    browser.get(live_dashboard + "/vue-ensemble")
    WebDriverWait(browser, 30).until(lambda d: d.execute_script(
        "return document.querySelectorAll('#site-nav a').length") > 0)
    browser.execute_script("document.querySelector('#site-nav a[href=\"/\"]').click()")
    WebDriverWait(browser, 30).until(lambda d: (d.execute_script(PICTURE) or [None, 0, 0, 0])[2:] == [6, 3])
    browser.execute_script("document.getElementById('{\"mode\":\"share_covered\",\"type\":\"shade\"}').click()")
    WebDriverWait(browser, 10).until(lambda d: "mode=share_covered" in d.current_url)
    WebDriverWait(browser, 10).until(lambda d: "Population couverte" in d.find_element("id", "choropleth-legend").text)
    assert browser.execute_script("return performance.getEntriesByType('navigation').length") == 1  # no reload
    assert not severe_console_errors(browser), severe_console_errors(browser)


@pytest.mark.browser
def test_pages_run_without_dash_polyfill(browser, live_dashboard):
    """Dash's polyfill is left out (its 99 KB of core-js; it replaced trim with a slow one): the
    browser's own trim, and Dash's lazy components still load (assets/regenerator.js), here the
    directory's grid and a Plotly chart."""
    browser.get(live_dashboard + "/annuaire")
    WebDriverWait(browser, 30).until(lambda d: d.execute_script("return document.querySelectorAll('.ag-row').length"))
    names = browser.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert not any("polyfill" in n for n in names)
    assert browser.execute_script("return String.prototype.trim.toString().includes('[native code]')"
                                  " && '  a\\u00a0\\n'.trim() === 'a' && ' b '.trimStart() === 'b '")
    browser.get(live_dashboard + "/territoire?level=region&code=27")  # Plotly: a lazy component too
    drawn = "return document.querySelectorAll('#t-trend .js-plotly-plot .trace').length"
    WebDriverWait(browser, 30).until(lambda d: d.execute_script(drawn))
    assert not severe_console_errors(browser), severe_console_errors(browser)
