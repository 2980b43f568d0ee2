"""Dash front end: `create_dash_app(settings)`; pages under dashboard/pages (use_pages)."""
import functools
import json
from pathlib import Path

import dash
import flask_compress
import httpx
from dash import ClientsideFunction, Input, Output
from dash.dash import _ID_DUMMY

from core.settings import Settings, get_settings
from dashboard import context, first_view, lazy_libraries, map_layers, preload, security, session, shell
from dashboard.client import ApiClient
from dashboard.search_box import register_search_callbacks

HERE = Path(__file__).parent


def create_dash_app(settings: Settings | None = None, transport: httpx.BaseTransport | None = None,
                    http: httpx.Client | None = None) -> dash.Dash:
    """transport/http: serve the API in-process (tests); by default the API at settings.api_base_url."""
    settings = settings or get_settings()
    app = dash.Dash(__name__, use_pages=True, pages_folder=str(HERE / "pages"), assets_folder=str(HERE / "assets"),
                    serve_locally=True, suppress_callback_exceptions=True, title="CLSM — carte nationale",
                    update_title=None,
                    meta_tags=[{"name": "clsm-mainland-bounds", "content": json.dumps(map_layers.FRANCE_BOUNDS)}])
    compress(app.server)
    client = ApiClient(settings.api_base_url, transport=transport, http=http, public_url=settings.public_api_url)
    context.configure(app.server, client, basemap_url=settings.basemap_url,
                      scenario_requires_login=settings.scenario_requires_login, brand=settings.brand)
    session.configure(app.server, settings)
    security.install(app, settings)
    map_layers.install(app.server)
    preload.install(app)
    first_view.install(app)
    lazy_libraries.install(app)
    app.layout = functools.partial(first_view.layout, app)
    _register_shell_callbacks(app)
    register_search_callbacks(app)
    # Page modules register their callbacks in a process-wide list that the first app to serve a
    # request takes whole; claim them now so a second app in this process (tests, benchmark) gets its own.
    app._setup_server()
    _register_pages_router(app)
    return app


def _register_pages_router(app: dash.Dash) -> None:
    """Dash pages registers its router's callbacks on the first request a process serves. Threads
    serving the first requests at once raced it: a response's Content-Security-Policy, computed once
    meanwhile, lacked the hash of the router's inline title script, which the browser then blocked
    (seen with gunicorn's threads). Registered here, before any request."""
    with app.server.test_request_context():
        for hook in app.server.before_request_funcs.get(None, []):
            if getattr(hook, "__name__", "") == "router_sync":
                hook()
    # Its title callback too runs on navigation only: the first view's HTML has the page's title.
    for registered in app._callback_list:
        if registered["output"] == f"{_ID_DUMMY}.children":
            registered["prevent_initial_call"] = True


class _AssetCache:
    """Compressed bodies of the versioned script and style files (their URLs change with their
    content), so each is compressed once per process, not on every page load; callback answers
    (POST) and pages are compressed each time and never kept."""

    def __init__(self):
        self._items: dict[str, bytes] = {}

    def get(self, key: str) -> bytes | None:
        return self._items.get(key)

    def set(self, key: str, value: bytes) -> None:
        if not key.endswith(";"):
            self._items[key] = value


def _asset_key(request) -> str:
    assets = request.method == "GET" and request.path.startswith(("/_dash-component-suites/", "/assets/"))
    return request.full_path if assets else ""


def compress(server) -> None:
    """Brotli or gzip: Dash's own JavaScript is 2.8 MB, 0.7 MB compressed."""
    server.config.update(COMPRESS_ALGORITHM=["br", "gzip"], COMPRESS_CACHE_BACKEND=_AssetCache,
                         COMPRESS_CACHE_KEY=_asset_key)
    flask_compress.Compress(server)


def _register_shell_callbacks(app: dash.Dash) -> None:
    # The first view comes with the layout (dashboard/first_view.py): this redraws it on navigation.
    app.callback(Output("header", "children"), Output("demo-banner", "children"), Output("footer", "children"),
                 Output("shell", "lang"), Output("skip-link", "children"),
                 Input("url", "pathname"), Input("url", "search"), prevent_initial_call=True)(shell.parts)

    # On navigation only: the first view's HTML has its language and title (first_view.install).
    dash.clientside_callback(ClientsideFunction("clsm", "setLang"), Output("lang-applied", "data"),
                             Input("shell", "lang"), Input("url", "pathname"), Input("page-titles", "data"),
                             prevent_initial_call=True)
