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
from typing import NamedTuple

import httpx
from selenium.webdriver.support.ui import WebDriverWait

from bench.common import row
from bench.live import chromium, free_port, serve_process
from core.settings import PROJECT_ROOT

RUNS = 7  # rounds; each page render follows a bare page render (drift of the machine cancels out)


def _count(selector: str) -> str:
    return f"return document.querySelectorAll('{selector}').length"


# When a page is drawn: the page's own clock (ms since its navigation started) the first time the test
# holds, polled every 20 ms (the page is idle once drawn); for the map, when its picture was painted (LCP
# below). The browser's start-up is left out of every page's time alike.
def _at(count: str, at_least: int) -> str:
    return f"return (function () {{ {count} }})() >= {at_least} ? performance.now() : 0"


# The map: its national view, drawn as one picture of the layers, first as an image of the page before
# the map library runs (the map's holder stamps it), then by the map itself (the map stamps it,
# MAP_READY_AT: it can be moved from then on); then every council, QPV, département and région feature
# added to the map as an interactive feature, which the page counts per layer on the map's element
# (data-drawn-<layer id>): its canvas leaves no element per feature.
MAP_READY_AT = ("const m = document.getElementById('map');"
                "return m ? Number(m.getAttribute('data-drawn-picture-at')) : 0")
MAP_PICTURE = ("const h = document.querySelector('.map-holder'), m = document.getElementById('map');"
               "return (h && h.hasAttribute('data-drawn-first-picture-at')) ||"
               " (m && m.getAttribute('data-drawn-picture') === '1') ? 1 : 0")
# When the page's largest content was painted, as the browser reports it (Largest Contentful Paint),
# recorded from the page's start with its element's id or class (while it is in the page): the national
# picture on the map, the heading on the bare page; Dash's "Loading..." text, painted first, is not the
# page's content. A stamp written by the page runs in a task of its own, after any task queued before it
# (the map library's 50 ms run), and a poll adds its own delay: a paint is compared with a paint.
RECORD_PAINTS = """window.clsmPaints = []; new PerformanceObserver(list => list.getEntries().forEach(e =>
  window.clsmPaints.push([e.renderTime || e.loadTime, e.element ? e.element.id || e.element.className : ''])))
  .observe({type: 'largest-contentful-paint', buffered: true});"""
LOADING = "_dash-loading"
PICTURES = ("map-first-picture", "leaflet-image-layer")
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


class Render(NamedTuple):
    seen: float  # ms until the page's test held (polled)
    size: int  # bytes transferred by then
    painted: float  # ms until its largest content was painted (LCP), once the test held
    shown: str  # that content: its element's id or class
    all: float  # ms until `then` held too: the map's every feature drawn
    ready: float  # the map's own picture drawn: it can be moved from then on


def _painted(driver, wanted: tuple[str, ...]) -> tuple[float, str]:
    """(ms, element) of the largest paint of the page's content: one of `wanted` if given (the map's picture;
    else its latest paint after 2 s)."""
    deadline = time.monotonic() + 2

    def latest(d) -> list | None:
        paints = [p for p in d.execute_script("return window.clsmPaints || []") if p[1] != LOADING]
        found = [p for p in paints if not wanted or any(w in p[1].split() for w in wanted)]
        return (found or (paints if time.monotonic() > deadline else []))[-1:] or None
    return tuple(WebDriverWait(driver, 10, poll_frequency=0.02).until(latest)[0])


def _render(url: str, count: str, at_least: int = 1, then: tuple[str, int] | None = None) -> Render:
    """A fresh browser (empty cache) per render: a first visit, as a member of the public makes it; every
    time on the page's own clock."""
    driver = chromium()
    try:
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": RECORD_PAINTS})
        driver.get(url)
        wait = WebDriverWait(driver, 60, poll_frequency=0.02)
        seen = wait.until(lambda d: d.execute_script(_at(count, at_least)))
        size = driver.execute_script(BYTES)
        painted, shown = _painted(driver, PICTURES if then else ())
        later = wait.until(lambda d: d.execute_script(_at(*then))) if then else seen
        ready = driver.execute_script(MAP_READY_AT) if then else 0
        return Render(seen, size, painted, shown, later, ready)
    finally:
        driver.quit()


def _first_render(page: Render, is_map: bool) -> float:
    """The map: when its national picture was painted (LCP; if the largest paint was something else, the
    map's own stamp, later); other pages: when their test held."""
    if is_map:
        return page.painted if any(p in page.shown.split() for p in PICTURES) else page.ready
    return page.seen


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
            bare = [_render(bare_url, _count("#ready"))]
            first = _render(dash_url + path, count, at_least, then)  # the API computes its answers
            later, floor, empty = [], [], []
            for _ in range(RUNS - 1):
                bare.append(_render(bare_url, _count("#ready")))
                later.append(_render(dash_url + path, count, at_least, then))
                if is_map:
                    floor.append(_render(floor_url, _count(".leaflet-overlay-pane path"), n).seen)
                    empty.append(_render(empty_url, _count(".leaflet-map-pane")).seen)
            # The bare renders interleaved with this page's, on the same clock: a paint against a paint for
            # the map, the test polled against the test polled for the others.
            baseline = statistics.median(b.painted if is_map else b.seen for b in bare)
            polled = statistics.median(b.seen for b in bare)
            bare_all += [b.seen for b in bare]
            goal = {"carte": "≤ 1.5× bare (issue 15); < 2000 ms, ≤ 1.3× (18)",
                    "vue-ensemble": "≤ 1.5× bare"}.get(name, "")
            what = f"national view: {n} features in one picture, painted, " if is_map else ""
            size, against = first.size / 1024, f"bare Dash {baseline:.0f} ms"
            rows.append(row(f"dashboard {name}: first render ({what}{size:.0f} KB transferred)",
                            _first_render(first, is_map), "ms", against, baseline, goal))
            rows.append(row(f"dashboard {name}: next visits (API answers cached), median",
                            statistics.median(_first_render(r, is_map) for r in later), "ms", against, baseline, goal))
            if is_map:
                polled_bare, every = f"bare Dash {polled:.0f} ms", statistics.median(r.all for r in later)
                floor_ms = statistics.median(floor)
                rows += [row(f"dashboard {name}: the map itself drawn (can be moved), next visits, median (first "
                             "render as measured up to session 26)", statistics.median(r.ready for r in later), "ms",
                             polled_bare, polled, ""),
                         row(f"dashboard {name}: every one of the {n} features drawn interactive, first visit",
                             first.all, "ms", polled_bare, polled, ""),
                         row(f"dashboard {name}: every feature interactive, next visits, median", every, "ms",
                             polled_bare, polled, ""),
                         row(f"dashboard {name}: Dash + dash-leaflet alone drawing the same {n} features (floor)",
                             floor_ms, "ms", polled_bare, polled, ""),
                         row(f"dashboard {name}: Dash + an empty dash-leaflet map (the library's start-up alone)",
                             statistics.median(empty), "ms", polled_bare, polled, ""),
                         row(f"dashboard {name}: every feature interactive, next visits, against that floor", every,
                             "ms", f"floor {floor_ms:.0f} ms", floor_ms, "")]
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
