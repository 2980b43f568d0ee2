"""Dashboard render on national data, in headless Chromium over loopback.

Measures the first full render of the map page (navigation start -> every council and QPV drawn,
cold browser cache) against a baseline measured in the same run: a static, empty Dash page served
the same way. Also the payload of every page (all bytes the browser received, and the data part:
Dash layout and callback answers). Run alone: `python -m bench.dashboard_render [--screenshots DIR]`."""
import argparse
import logging
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import dash
import httpx
from dash import html
from werkzeug.serving import make_server

from bench.common import row
from core.settings import PROJECT_ROOT, Settings, get_settings
from dashboard.app import create_dash_app

PAGES = {"carte": "/", "vue-ensemble": "/vue-ensemble", "priorites": "/priorites", "annuaire": "/annuaire",
         "recherche": "/recherche?commune=75056", "donnees": "/donnees"}
GOAL_S = 2.0
# Resolves with performance.now() (ms since navigation start) once `ready` holds; polled every 10 ms.
WAIT_JS = """const done = arguments[arguments.length - 1], ready = new Function(arguments[0]);
const tick = () => { try { if (ready()) return done(performance.now()); } catch (e) {} setTimeout(tick, 10); };
tick();"""
MAP_READY = ("const paths = document.querySelectorAll('.leaflet-overlay-pane path').length;"
             "return paths >= {n} && document.querySelector('#footer small') !== null;")
SETTLED = ("return document.querySelector('#footer small') !== null"
           " && !document.querySelector('[data-dash-is-loading=\"true\"], .dash-spinner, ._dash-loading')"
           " && [...document.querySelectorAll('.dash-graph')].every(g => g.querySelector('.main-svg'))"
           " && [...document.querySelectorAll('.ag-root-wrapper')].every(g => g.querySelector('.ag-row'));")
PAYLOAD_JS = """const all = [performance.getEntriesByType('navigation')[0], ...performance.getEntriesByType('resource')];
const size = e => e.encodedBodySize || e.transferSize || 0;
return [all.reduce((s, e) => s + size(e), 0),
        all.filter(e => /_dash-(layout|update-component|dependencies)/.test(e.name)).reduce((s, e) => s + size(e), 0)];"""


def _timeline(driver) -> list:
    return driver.execute_script("return performance.getEntriesByType('resource').map(e => "
                                 "[e.name.slice(-40), Math.round(e.startTime), Math.round(e.responseEnd), e.encodedBodySize])")


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def _serve_api(database_url: str):
    """The API in its own process, as `make run` serves it (not sharing the dashboard's interpreter)."""
    port = _port()
    env = {**os.environ, "CLSM_DATABASE_URL": database_url}
    proc = subprocess.Popen([sys.executable, "-m", "uvicorn", "--factory", "api.app:create_app", "--host", "127.0.0.1",
                             "--port", str(port), "--log-level", "warning"], cwd=PROJECT_ROOT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(base + "/api/v1/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or proc.poll() is not None:
                raise RuntimeError("the API did not start")
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        proc.wait(10)


@contextmanager
def _serve_wsgi(flask_app):
    server = make_server("127.0.0.1", _port(), flask_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(10)


def _empty_dash_app() -> dash.Dash:
    app = dash.Dash("empty", serve_locally=True, assets_folder=str(Path(__file__).parent / "no-assets"))
    app.layout = html.Div([html.H1("vide", id="empty"), html.Footer(html.Small("ok"), id="footer")])
    return app


def _timed_render(url: str, ready_js: str, screenshot: Path | None = None) -> tuple[float, list[int]]:
    """A fresh browser (cold cache): seconds from navigation start to `ready_js`, and the payload."""
    from tests.browser import chromium

    driver = chromium()
    try:
        driver.set_script_timeout(60)
        driver.get(url)
        ms = driver.execute_async_script(WAIT_JS, ready_js)
        driver.execute_async_script(WAIT_JS, SETTLED)
        time.sleep(0.5)  # late callbacks (legend, URL sync) finish their requests
        payload = driver.execute_script(PAYLOAD_JS)
        if screenshot:
            driver.save_screenshot(str(screenshot))
        return ms / 1000, payload
    finally:
        driver.quit()


def run(database_url: str, screenshots: Path | None = None) -> list[dict]:
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no access log lines in the results
    settings = get_settings().model_copy(update={"database_url": Settings(database_url=database_url).database_url})
    with _serve_api(settings.database_url) as api_url, _serve_wsgi(_empty_dash_app().server) as empty_url:
        dashboard = create_dash_app(settings.model_copy(update={"api_base_url": api_url}))
        client = dashboard.server.extensions["clsm_dashboard"]["api"]
        n_features = sum(len(client.layer(name, **params)["features"])
                         for name, params in (("councils", {}), ("qpv", {"as_points": "true"})))
        pages = {**PAGES, "fiche": "/annuaire/" + client.councils(limit=1, status="actif")["items"][0]["id"]}
        with _serve_wsgi(dashboard.server) as dash_url:
            baseline_s, baseline_payload = _timed_render(empty_url + "/", SETTLED)
            if screenshots:
                screenshots.mkdir(parents=True, exist_ok=True)
            first_s, _ = _timed_render(dash_url + "/", MAP_READY.replace("{n}", str(n_features)),
                                       screenshots / "carte.png" if screenshots else None)
            again = [_timed_render(dash_url + "/", MAP_READY.replace("{n}", str(n_features)))[0] for _ in range(2)]
            payloads = {name: _timed_render(dash_url + path, SETTLED,
                                            screenshots / f"{name}.png" if screenshots else None)[1]
                        for name, path in pages.items()}
    rows = [row(f"dashboard: map page first full render ({n_features} council + QPV features)", first_s, "s",
                f"empty Dash page ({baseline_s:.2f} s)", baseline_s, f"< {GOAL_S:.0f} s"),
            row("dashboard: map page render, median of 3 fresh browsers", statistics.median([first_s, *again]), "s",
                f"empty Dash page ({baseline_s:.2f} s)", baseline_s, f"< {GOAL_S:.0f} s")]
    base_kb = baseline_payload[0] / 1024
    for name, (total, data) in payloads.items():
        rows.append(row(f"dashboard payload: {name} (of which data {data / 1024:.0f} KB)", total / 1024, "KB",
                        f"empty Dash page ({base_kb:.0f} KB)", base_kb))
    return rows


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--screenshots", type=Path, help="also save a screenshot of each page in this folder")
    args = parser.parse_args()
    from bench.__main__ import print_rows

    print_rows(run(get_settings().database_url, args.screenshots))
    sys.exit(0)
