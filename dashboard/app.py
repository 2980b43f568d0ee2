"""Dash front end: `create_dash_app(settings)`; pages under dashboard/pages (use_pages)."""
from pathlib import Path
from urllib.parse import parse_qs, urlencode

import dash
import flask_compress
import httpx
from dash import ClientsideFunction, Input, Output, dcc, html

from core.settings import Settings, get_settings
from dashboard import context, lazy_libraries, map_layers, preload, security, session
from dashboard.client import ApiClient, ApiError
from dashboard.components import map_colours
from dashboard.i18n import lang_of, t
from dashboard.search_box import register_search_callbacks, search_box

HERE = Path(__file__).parent
NAV = [("nav_map", "/"), ("nav_overview", "/vue-ensemble"), ("nav_evolution", "/evolution"),
       ("nav_rural", "/ruralite"), ("nav_priorities", "/priorites"), ("nav_directory", "/annuaire"),
       ("nav_lookup", "/recherche"), ("nav_data", "/donnees")]
NAV_BY_ROLE = {"editor": [("nav_import", "/import")],
               "admin": [("nav_import", "/import"), ("nav_audit", "/journal"), ("nav_users", "/utilisateurs")]}


def create_dash_app(settings: Settings | None = None, transport: httpx.BaseTransport | None = None,
                    http: httpx.Client | None = None) -> dash.Dash:
    """transport/http: serve the API in-process (tests); by default the API at settings.api_base_url."""
    settings = settings or get_settings()
    app = dash.Dash(__name__, use_pages=True, pages_folder=str(HERE / "pages"), assets_folder=str(HERE / "assets"),
                    serve_locally=True, suppress_callback_exceptions=True, title="CLSM — carte nationale",
                    update_title=None)
    compress(app.server)
    client = ApiClient(settings.api_base_url, transport=transport, http=http, public_url=settings.public_api_url)
    context.configure(app.server, client, basemap_url=settings.basemap_url,
                      scenario_requires_login=settings.scenario_requires_login, brand=settings.brand)
    session.configure(app.server, settings)
    security.install(app, settings)
    map_layers.install(app.server)
    preload.install(app)
    lazy_libraries.install(app)
    app.index_string = app.index_string.replace("<html>", '<html lang="fr">')
    app.layout = html.Div([
        dcc.Location(id="url"),
        html.A("Aller au contenu", href="#content", className="skip-link", id="skip-link"),
        html.Header(id="header", className="site-header"),
        html.Div(id="demo-banner"),
        html.Main(dash.page_container, id="content", tabIndex="-1"),
        html.Footer(id="footer", className="site-footer"),
        dcc.Store(id="page-titles", data=page_titles()), dcc.Store(id="map-colours", data=map_colours()),
        dcc.Store(id="lang-applied"),
    ], id="shell", lang="fr")
    _register_shell_callbacks(app)
    register_search_callbacks(app)
    # Page modules register their callbacks in a process-wide list that the first app to serve a
    # request takes whole; claim them now so a second app in this process (tests, benchmark) gets its own.
    app._setup_server()
    return app


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


def with_lang(path: str, search: str, lang: str) -> str:
    query = {k: v[0] for k, v in parse_qs((search or "").lstrip("?")).items()}
    query["lang"] = lang
    return f"{path}?{urlencode(query)}"


def account(user: dict | None, pathname: str, lang: str) -> list:
    """Right of the header: 'Se connecter', or who is signed in, their role and a sign-out button."""
    suffix = "?lang=en" if lang == "en" else ""
    if user is None:
        back = "" if pathname in (None, "/", "/connexion") else ("&" if suffix else "?") + urlencode({"next": pathname})
        return [html.A(t("sign_in", lang), href=f"/connexion{suffix}{back}", id="sign-in-link")]
    return [
        html.Span([html.Strong(user["username"]), f" · {t('role_' + user['role'], lang)}"
                   + (f" {user['region_code']}" if user["region_code"] else "")], id="signed-in-user"),
        html.Form(html.Button(t("sign_out", lang), type="submit", className="link-button", id="sign-out"),
                  method="post", action="/deconnexion" + suffix),
    ]


def page_titles() -> dict:
    """Tab titles by path, in both languages: Dash pages set the French one, setLang the right one."""
    return {href: [f"CLSM — {t(key, 'fr').lower()}", f"CLSM — {t(key, 'en').lower()}"]
            for key, href in NAV + NAV_BY_ROLE["admin"] + [("sign_in_title", "/connexion")]}


def header(pathname: str, search: str, lang: str, user: dict | None = None) -> list:
    suffix = "?lang=en" if lang == "en" else ""
    entries = NAV + NAV_BY_ROLE.get(user["role"] if user else "", [])
    nav = html.Nav([dcc.Link(t(key, lang), href=href + suffix, className="nav-link active" if pathname == href
                             else "nav-link") for key, href in entries], id="site-nav", className="site-nav",
                   **{"aria-label": t("menu", lang)})
    # A plain link (full reload): the filters kept in the query string by syncQuery travel with it.
    toggle = html.A(t("switch_lang", lang), id="lang-toggle", className="lang-toggle",
                    lang="en" if lang == "fr" else "fr",
                    href=with_lang(pathname or "/", search, "fr" if lang == "en" else "en"))
    mark = [html.Span(context.brand(), className="marianne")] if context.brand() else []
    menu = html.Button(t("open_menu", lang), id="menu-toggle", className="menu-toggle", type="button",
                       **{"aria-expanded": "false", "aria-controls": "site-nav"})
    home = dcc.Link(html.H1(t("title", lang)), href="/" + suffix, className="brand-link")
    return [html.Div(mark + [home], className="brand"), menu, search_box(lang), nav,
            html.Div(account(user, pathname, lang) + [toggle], className="account")]


def demo_notice(lang: str) -> html.Details:
    """One line on a phone; the full text one tap away."""
    return html.Details([html.Summary(t("show_demo", lang)), html.P(t("demo_banner", lang))],
                        id="demo-notice", className="demo-banner", role="note")


def _register_shell_callbacks(app: dash.Dash) -> None:
    @app.callback(Output("header", "children"), Output("demo-banner", "children"), Output("footer", "children"),
                  Output("shell", "lang"), Output("skip-link", "children"),
                  Input("url", "pathname"), Input("url", "search"))
    def shell(pathname, search):
        lang = lang_of(search)
        top = header(pathname, search, lang, session.current_user())
        try:
            health = context.api().health()
        except ApiError as exc:
            alert = html.Div(f"{t('error', lang)} — {exc.title}: {exc.detail}", className="fr-alert", role="alert")
            return top, alert, "", lang, t("skip", lang)
        banner = demo_notice(lang) if health["demo_data"] else None
        footer = html.Small(f"{t('source_note', lang)} {health['data_version']}.")
        return top, banner, footer, lang, t("skip", lang)

    dash.clientside_callback(ClientsideFunction("clsm", "setLang"), Output("lang-applied", "data"),
                             Input("shell", "lang"), Input("url", "pathname"), Input("page-titles", "data"))
