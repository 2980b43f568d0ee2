"""A page's first view in Dash's first answer (`/_dash-layout`): the frame (dashboard/shell.py) and the
page's content, built for the address the browser asks from, instead of by two callbacks once an
empty frame has been drawn: one round trip and one render pass less on every first visit.

The address is the Referer of that request (this site sends it whole to itself: Referrer-Policy
same-origin). Both Locations carry it, so mounting them changes nothing and the routing callbacks
wait for the next navigation. Without a Referer, or if building the page fails, the frame is empty
and those callbacks fill it, as Dash pages does on its own."""
import logging
from html import escape as html_escape
from urllib.parse import urlsplit

import dash
import flask
from dash import _pages, dcc, html
from dash.dash import _ID_CONTENT, _ID_DUMMY, _ID_LOCATION, _ID_STORE

from dashboard import shell
from dashboard.components import map_colours
from dashboard.i18n import lang_of, t

LAYOUT = "/_dash-layout"
log = logging.getLogger(__name__)


def address() -> tuple[str, str] | None:
    """(pathname, search) of the page whose layout is asked for, or None outside that request."""
    if not flask.has_request_context() or flask.request.path != LAYOUT or not flask.request.referrer:
        return None
    parts = urlsplit(flask.request.referrer)
    return parts.path or "/", f"?{parts.query}" if parts.query else ""


def _found(app: dash.Dash, pathname: str) -> tuple[dict, dict]:
    """(Dash page, path variables) at this address: the not-found page if none."""
    found, variables = _pages._path_to_page(app.strip_relative_path(pathname))
    if not found:
        found = next(p for module, p in _pages.PAGE_REGISTRY.items() if module.endswith(".not_found_404"))
    return found, variables or {}


def _title(found: dict, variables: dict) -> str:
    return found["title"](**variables) if callable(found["title"]) else found["title"]


def page(app: dash.Dash, pathname: str, search: str) -> tuple:
    """(content, title) of the page at this address, as Dash pages' router would build them."""
    found, variables = _found(app, pathname)
    content = found["layout"]
    if callable(content):
        content = content(**{**variables, **_pages._parse_query_string(search)})
    return content, _title(found, variables)


def tab_title(app: dash.Dash, pathname: str, lang: str) -> str:
    """The tab's title of the page at this address, in its language (the menu's pages; others: Dash
    pages' title)."""
    pair = shell.page_titles().get(pathname)
    return pair[lang == "en"] if pair else _title(*_found(app, pathname))


def _built(app: dash.Dash, at: tuple[str, str] | None) -> tuple:
    """(address, frame, (content, title)); no address and empty parts when there is nothing to build."""
    if at is not None:
        try:
            return at, shell.parts(*at), page(app, *at)
        except Exception:  # noqa: BLE001 - the callbacks build it again, and show the error where it belongs
            log.exception("first view of %s", at)
            flask.g.clsm_api_failed = True  # so the answer cache does not keep this fallback
    return None, (None, None, None, "fr", t("skip", "fr")), (None, None)


def layout(app: dash.Dash) -> html.Div:
    at, (top, banner, footer, lang, skip), (content, title) = _built(app, address())
    where = {"pathname": at[0], "search": at[1]} if at else {}
    container = html.Div([dcc.Location(id=_ID_LOCATION, refresh="callback-nav", **where),
                          html.Div(content, id=_ID_CONTENT, disable_n_clicks=True),
                          dcc.Store(id=_ID_STORE, data={"title": title} if title else None),
                          html.Div(id=_ID_DUMMY, disable_n_clicks=True)])
    return html.Div([
        dcc.Location(id="url", refresh=False, **where),  # nothing writes to it: never reloads the page
        html.A(skip, href="#content", className="skip-link", id="skip-link"),
        html.Header(top, id="header", className="site-header"),
        html.Div(banner, id="demo-banner"),
        html.Main(container, id="content", tabIndex="-1"),
        html.Footer(footer, id="footer", className="site-footer"),
        dcc.Store(id="page-titles", data=shell.page_titles()), dcc.Store(id="map-colours", data=map_colours()),
        dcc.Store(id="lang-applied"),
    ], id="shell", lang=lang)


def install(app: dash.Dash) -> None:
    server, index = app.server, app.interpolate_index

    def in_its_language(**parts) -> str:  # screen readers read the page before Dash has run
        lang = lang_of("?" + flask.request.query_string.decode("latin-1"))
        parts["title"] = html_escape(tab_title(app, flask.request.path, lang))  # callbacks: on navigation only
        return index(**parts).replace("<html>", f'<html lang="{lang}">', 1)

    app.interpolate_index = in_its_language

    @server.after_request
    def _varies(response: flask.Response) -> flask.Response:
        if flask.request.path == LAYOUT:  # one URL, an answer per page and per visitor
            response.vary.update(("Referer", "Cookie"))
        return response
