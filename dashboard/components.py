"""Small pieces shared by the pages: error messages, KPI cards, tables, chart styling."""
import csv
import io

import dash
import plotly.graph_objects as go
from dash import ClientsideFunction, Input, Output, State, dcc, html

from core.csvsafe import safe_row
from dashboard import session
from dashboard.client import ApiError
from dashboard.i18n import t

# Okabe-Ito: distinguishable with the common colour-vision deficiencies.
STATUS_COLOURS = {"actif": "#0072B2", "en_projet": "#E69F00", "en_sommeil": "#999999", "arrete": "#555555",
                  "couvert": "#009E73", "partiel": "#F0E442", "non_couvert": "#D55E00"}
BLUE = "#000091"
# Single-hue sequential ramp for shading (also in assets/map.js areaStyle): readable without colour vision.
CHOROPLETH_RAMP = ["#f7fcf5", "#c7e9c0", "#74c476", "#31a354", "#006d2c"]


def error_box(exc: ApiError, lang: str) -> html.Div:
    return html.Div([html.Strong(t("error", lang)), html.Span(f" — {exc.title}: {exc.detail}")],
                    className="fr-alert", role="alert")


def refusal_box(exc: ApiError, lang: str) -> html.Div:
    """A write the API refused (4xx: invalid value, conflict, too large...): say so with its reason;
    5xx and unreachable stay 'the data service did not answer properly'."""
    if not 400 <= exc.status < 500:
        return error_box(exc, lang)
    reasons = "; ".join(f"{e.get('parameter', '')}: {e.get('reason', '')}" for e in exc.errors if "reason" in e)
    return html.Div([html.Strong(t("not_saved", lang)), f" {exc.detail}" + (f" — {reasons}" if reasons else "")],
                    className="fr-alert", role="alert")


def sign_in_needed(lang: str, path: str) -> html.Div:
    """What a page reserved to some roles shows to everyone else (the API refuses them anyway)."""
    if session.current_user():  # signed in, but with a role that may not do this
        return html.Div(t("not_allowed", lang), className="fr-alert", role="alert", id="sign-in-needed")
    expired = session.just_expired()
    suffix = "&lang=en" if lang == "en" else ""
    return html.Div([
        html.P(t("session_expired" if expired else "sign_in_required", lang)),
        html.A(t("sign_in", lang), href=f"/connexion?next={path}{suffix}", className="button"),
    ], className="fr-alert", role="alert", id="sign-in-needed")


def kpi(label: str, value: str, note: str = "") -> html.Div:
    return html.Div([html.Div(value, className="kpi-value"), html.Div(label, className="kpi-label"),
                     html.Div(note, className="kpi-note")], className="kpi")


def number(value: float | int | None, digits: int = 0) -> str:
    if value is None:
        return "–"
    return f"{value:,.{digits}f}".replace(",", "\u202f")


def percent(share: float | None) -> str:
    return "–" if share is None else f"{share * 100:.1f}\u202f%"


def table(columns: list[tuple[str, str]], rows: list[dict], caption: str = "") -> html.Table:
    head = html.Thead(html.Tr([html.Th(label, scope="col") for _, label in columns]))
    body = html.Tbody([html.Tr([html.Td(_cell(r.get(key))) for key, _ in columns]) for r in rows])
    return html.Table(([html.Caption(caption)] if caption else []) + [head, body], className="fr-table")


def _cell(value):
    if isinstance(value, float):
        return number(value, 2)
    if isinstance(value, int):
        return number(value)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return "" if value is None else str(value)


def figure_layout(fig: go.Figure, title: str) -> go.Figure:
    fig.update_layout(title=title, template="simple_white", margin=dict(l=40, r=10, t=50, b=40), height=320,
                      font=dict(family="Marianne, Arial, sans-serif"), colorway=[BLUE, "#E69F00", "#009E73"])
    return fig


def query_sync(page: str, fields: dict[str, tuple[str, str]]) -> html.Div:
    """A store plus a clientside callback mirroring `fields` (query key -> (component id, prop)) into the
    address bar: the page's current view is then a shareable URL."""
    dash.clientside_callback(ClientsideFunction("clsm", "syncQuery"), Output(f"{page}-query", "data"),
                             *[Input(cid, prop) for cid, prop in fields.values()], State(f"{page}-keys", "data"))
    return html.Div([dcc.Store(id=f"{page}-keys", data=list(fields)), dcc.Store(id=f"{page}-query")])


def grid_columns(keys: list[str], headers: dict[str, str], lang: str, shares: tuple[str, ...] = (),
                 wide: tuple[str, ...] = ("nom", "name")) -> list[dict]:
    """AG Grid columns, sortable and filterable; `shares` (0-1) shown as percentages, sorted as numbers."""
    defs = []
    for k in keys:
        d = {"field": k, "headerName": t(headers[k], lang), "sortable": True, "filter": True}
        if k in shares:
            d["valueFormatter"] = {"function": "params.value == null ? '–' : d3.format('.0%')(params.value)"}
        if k in wide:
            d["minWidth"] = 280
        defs.append(d)
    return defs


def csv_download(rows: list[dict] | None, columns: list[str], filename: str) -> dict:
    """dcc.Download data for the rows shown in a grid (the columns on screen, in order)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, columns, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(safe_row(row) for row in rows or [])
    return {"content": out.getvalue(), "filename": filename, "type": "text/csv"}
