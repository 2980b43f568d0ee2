"""Dash front end: `create_dash_app(settings)`; pages under dashboard/pages (use_pages)."""
from pathlib import Path
from urllib.parse import parse_qs, urlencode

import dash
import httpx
from dash import Input, Output, dcc, html

from core.settings import Settings, get_settings
from dashboard import context
from dashboard.client import ApiClient, ApiError
from dashboard.i18n import lang_of, t

HERE = Path(__file__).parent
NAV = [("nav_map", "/"), ("nav_overview", "/vue-ensemble"), ("nav_priorities", "/priorites"),
       ("nav_directory", "/annuaire"), ("nav_lookup", "/recherche"), ("nav_data", "/donnees")]


def create_dash_app(settings: Settings | None = None, transport: httpx.BaseTransport | None = None) -> dash.Dash:
    settings = settings or get_settings()
    context.configure(ApiClient(settings.api_base_url, transport=transport))
    app = dash.Dash(__name__, use_pages=True, pages_folder=str(HERE / "pages"), assets_folder=str(HERE / "assets"),
                    serve_locally=True, suppress_callback_exceptions=True, title="CLSM — carte nationale",
                    update_title=None)
    app.layout = html.Div([
        dcc.Location(id="url"),
        html.A("Aller au contenu" , href="#content", className="skip-link"),
        html.Header(id="header", className="site-header"),
        html.Div(id="demo-banner"),
        html.Main(dash.page_container, id="content", tabIndex="-1"),
        html.Footer(id="footer", className="site-footer"),
    ], lang="fr")
    _register_shell_callbacks(app)
    return app


def with_lang(path: str, search: str, lang: str) -> str:
    query = {k: v[0] for k, v in parse_qs((search or "").lstrip("?")).items()}
    query["lang"] = lang
    return f"{path}?{urlencode(query)}"


def _register_shell_callbacks(app: dash.Dash) -> None:
    @app.callback(Output("header", "children"), Output("demo-banner", "children"), Output("footer", "children"),
                  Input("url", "pathname"), Input("url", "search"))
    def shell(pathname, search):
        lang = lang_of(search)
        suffix = "?lang=en" if lang == "en" else ""
        nav = html.Nav([dcc.Link(t(key, lang), href=href + suffix,
                                 className="nav-link active" if pathname == href else "nav-link")
                        for key, href in NAV], **{"aria-label": "menu"})
        toggle = dcc.Link(t("switch_lang", lang), id="lang-toggle", className="lang-toggle",
                          href=with_lang(pathname or "/", search, "fr" if lang == "en" else "en"))
        header = [html.Div([html.Span("République française", className="marianne"),
                            html.H1(t("title", lang))], className="brand"), nav, toggle]
        try:
            health = context.api().health()
        except ApiError as exc:
            return header, html.Div(f"{t('error', lang)}: {exc.detail}", className="fr-alert", role="alert"), ""
        banner = html.Div(t("demo_banner", lang), id="demo-notice", className="demo-banner",
                          role="status") if health["demo_data"] else None
        footer = html.Small(f"{t('source_note', lang)} {health['data_version']}.")
        return header, banner, footer
