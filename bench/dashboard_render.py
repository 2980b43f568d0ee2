"""First full render of the dashboard pages with national data (the map: its national view, drawn as one
picture of its layers, then every feature interactive), in headless Chromium on loopback,
against a bare Dash page served the same way in the same run; bytes transferred per page. The map
page is also measured against its floor: a Dash page holding only a dash-leaflet map of the same
national features, what drawing them with these libraries costs before anything of ours."""
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from selenium.webdriver.support.ui import WebDriverWait

from bench.common import row
from bench.live import chromium, free_port, serve_process
from core.settings import PROJECT_ROOT

RUNS = 7  # rounds; each page render follows a bare page render (drift of the machine cancels out)


def _count(selector: str) -> str:
    return f"return document.querySelectorAll('{selector}').length"


# When a page is drawn: the page's own clock (ms since its navigation started) the first time the test
# holds. A count is polled (every 20 ms: the page is idle once drawn); the map's national view stamps
# the frame that painted its picture itself (data-drawn-picture-at), as its main thread goes straight
# on to the interactive layers and a poll would wait for them. The browser's start-up is left out of
# every page's time alike.
def _at(count: str, at_least: int) -> str:
    return f"return (function () {{ {count} }})() >= {at_least} ? performance.now() : 0"


# The map: its national view, drawn as one picture of the layers; then every council, QPV, département
# and région feature added to the map as an interactive feature, which the page counts per layer on the
# map's element (data-drawn-<layer id>): its canvas leaves no element per feature.
MAP_PICTURE = ("const m = document.getElementById('map');"
               "return m && m.getAttribute('data-drawn-picture') === '1' ? 1 : 0")
MAP_PICTURE_AT = ("const m = document.getElementById('map');"
                  "return m ? Number(m.getAttribute('data-drawn-picture-at')) : 0")
MAP_DRAWN = ("const m = document.getElementById('map'); return m ? ['councils', 'qpv', 'departements', 'regions']"
             ".reduce((n, k) => n + Number(m.getAttribute('data-drawn-layer-' + k) || 0), 0) : 0")
PAGES = {"carte": ("/", MAP_PICTURE),
         "vue-ensemble": ("/vue-ensemble", _count("#overview-charts figure:has(.bar, .column)")),  # HTML bars
         "priorites": ("/priorites", _count(".ag-row")), "annuaire": ("/annuaire", _count(".ag-row")),
         "donnees": ("/donnees", _count("#exports a"))}
BYTES = "return performance.getEntriesByType('resource').reduce((s, e) => s + (e.encodedBodySize || 0), 0)" \
        " + performance.getEntriesByType('navigation')[0].encodedBodySize"


# The map page's national layers: council territories, QPV points, région and département outlines.
LAYERS = (("councils", {}), ("qpv", {"as_points": "true"}), ("regions", {}), ("departements", {}))

BARE = """
import sys, dash
from dash import html
app = dash.Dash(__name__, serve_locally=True)
from dashboard.app import compress
compress(app.server)  # served the same way as ours
app.layout = html.Div([html.H1("bare"), html.Div("ready", id="ready")])
app.run(host="127.0.0.1", port=int(sys.argv[1]))
"""


# Ours as in production: in a process of its own, not sharing the measuring process's GIL (as the bare
# page and the floor are served).
DASHBOARD = """
import sys
from werkzeug.serving import make_server
from core.settings import get_settings
from dashboard.app import create_dash_app
app = create_dash_app(get_settings().model_copy(update={"api_base_url": sys.argv[1]}))
make_server("127.0.0.1", int(sys.argv[2]), app.server, threaded=True).serve_forever()
"""


FLOOR = """
import sys, httpx, dash, dash_leaflet as dl
from dash import html
from bench.dashboard_render import LAYERS
from dashboard.app import compress
api, port = sys.argv[1], int(sys.argv[2])
layers = [httpx.get(f"{api}/api/v1/layers/{name}.geojson", params=params, timeout=60).json() for name, params in LAYERS]
app = dash.Dash(__name__, serve_locally=True, assets_folder=sys.argv[3])
compress(app.server)
app.layout = html.Div([html.H1("floor"), dl.Map([dl.GeoJSON(data=layer, pointToLayer={"variable": "floor.point"})
                                                for layer in layers], center=[46.6, 2.4], zoom=5.5,
                                               style={"height": "500px"})])
app.run(host="127.0.0.1", port=port)
"""
# The map library's own start-up: a Dash page holding an empty dash-leaflet map, drawn once Leaflet has
# laid out its panes. What any map page costs over the bare page before anything of ours.
EMPTY_MAP = """
import sys, dash, dash_leaflet as dl
from dash import html
from dashboard.app import compress
app = dash.Dash(__name__, serve_locally=True)
compress(app.server)
app.layout = html.Div([html.H1("map"), dl.Map([], center=[46.6, 2.4], zoom=5.5, style={"height": "500px"})])
app.run(host="127.0.0.1", port=int(sys.argv[1]))
"""
FLOOR_JS = "window.floor = {point: (feature, latlng) => L.circleMarker(latlng, {radius: 4})};"  # SVG paths


def _serve(script: str, *args: str, env: dict | None = None) -> tuple[str, callable]:
    """In its own process: Dash keeps callbacks in module globals, a second app here would take them."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-c", script, *args[:1], str(port), *args[1:]],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=PROJECT_ROOT, env=env)
    url = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            httpx.get(url, timeout=1)
            break
        except httpx.HTTPError:
            time.sleep(0.1)
    return url, proc.terminate


def _render(url: str, count: str, at_least: int = 1, then: tuple[str, int] | None = None) -> tuple[float, int, float]:
    """A fresh browser (empty cache) per render: a first visit, as a member of the public makes it.
    (ms until the script `count` returns at least `at_least`, bytes transferred by then, ms until
    `then` = (count, at least) holds too: the map's every feature drawn), on the page's own clock."""
    driver = chromium()
    try:
        driver.get(url)
        wait = WebDriverWait(driver, 60, poll_frequency=0.02)
        drawn_at = MAP_PICTURE_AT if count == MAP_PICTURE else _at(count, at_least)
        first = wait.until(lambda d: d.execute_script(drawn_at))
        size = driver.execute_script(BYTES)
        later = wait.until(lambda d: d.execute_script(_at(*then))) if then else first
        return first, size, later
    finally:
        driver.quit()


def run(database_url: str) -> list[dict]:
    env = {**os.environ, "DATABASE_URL": database_url, "CLSM_RATE_LIMIT_PER_MINUTE": "0",
           "CLSM_DASHBOARD_RATE_LIMIT_PER_MINUTE": "0"}
    api, api_url = serve_process(["--factory", "api.app:create_app"], env, PROJECT_ROOT)
    dash_url, stop_dash = _serve(DASHBOARD, api_url, env=env)
    bare_url, stop_bare = _serve(BARE)
    assets = tempfile.TemporaryDirectory()
    (Path(assets.name) / "floor.js").write_text(FLOOR_JS)
    floor_url, stop_floor = _serve(FLOOR, api_url, assets.name)
    empty_url, stop_empty = _serve(EMPTY_MAP)
    try:
        layers = [httpx.get(f"{api_url}/api/v1/layers/{name}.geojson", params=params, timeout=60).json()
                  for name, params in LAYERS]
        drawn = {"carte": sum(len(layer["features"]) for layer in layers), "vue-ensemble": 5}  # its 5 charts
        bare_all: list[float] = []
        rows = []
        for name, (path, count) in PAGES.items():
            n = drawn.get(name, 1)
            is_map = name == "carte"
            at_least, then = (1, (MAP_DRAWN, n)) if is_map else (n, None)  # the map: picture, then features
            bare = [_render(bare_url, _count("#ready"))[0]]
            first, size, first_all = _render(dash_url + path, count, at_least, then)  # the API computes its answers
            later, later_all, floor, empty = [], [], [], []
            for _ in range(RUNS - 1):
                bare.append(_render(bare_url, _count("#ready"))[0])
                seen, _, seen_all = _render(dash_url + path, count, at_least, then)
                later.append(seen)
                later_all.append(seen_all)
                if is_map:
                    floor.append(_render(floor_url, _count(".leaflet-overlay-pane path"), n)[0])
                    empty.append(_render(empty_url, _count(".leaflet-map-pane"))[0])
            baseline = statistics.median(bare)  # the bare renders interleaved with this page's
            bare_all += bare
            goal = {"carte": "< 2000 ms, ≤ 1.3× bare", "vue-ensemble": "≤ 1.5× bare"}.get(name, "")
            what = f"national view: {n} features in one picture, " if is_map else ""
            rows.append(row(f"dashboard {name}: first render ({what}{size / 1024:.0f} KB transferred)", first, "ms",
                            f"bare Dash {baseline:.0f} ms", baseline, goal))
            rows.append(row(f"dashboard {name}: next visits (API answers cached), median", statistics.median(later),
                            "ms", f"bare Dash {baseline:.0f} ms", baseline, goal))
            if is_map:
                rows.append(row(f"dashboard {name}: every one of the {n} features drawn interactive, first visit",
                                first_all, "ms", f"bare Dash {baseline:.0f} ms", baseline, ""))
                rows.append(row(f"dashboard {name}: every feature interactive, next visits, median",
                                statistics.median(later_all), "ms", f"bare Dash {baseline:.0f} ms", baseline, ""))
                rows.append(row(f"dashboard {name}: Dash + dash-leaflet alone drawing the same {n} features (floor)",
                                statistics.median(floor), "ms", f"bare Dash {baseline:.0f} ms", baseline, ""))
                rows.append(row(f"dashboard {name}: Dash + an empty dash-leaflet map (the library's start-up alone)",
                                statistics.median(empty), "ms", f"bare Dash {baseline:.0f} ms", baseline, ""))
                rows.append(row(f"dashboard {name}: every feature interactive, next visits, against that floor",
                                statistics.median(later_all), "ms", f"floor {statistics.median(floor):.0f} ms",
                                statistics.median(floor), ""))
        rows.insert(0, row("dashboard: bare Dash page, first render (baseline, median of all rounds)",
                           statistics.median(bare_all), "ms"))
    finally:
        stop_empty()
        stop_floor()
        assets.cleanup()
        stop_bare()
        stop_dash()
        api.terminate()
    return rows


if __name__ == "__main__":
    from bench.__main__ import print_rows
    from core.settings import get_settings

    print_rows(run(get_settings().database_url))
