"""Small pieces shared by the pages: error messages, KPI cards, tables, chart styling."""
import csv
import io

import dash
import plotly.graph_objects as go
from dash import ClientsideFunction, Input, Output, State, dcc, html

from core.csvsafe import safe_row
from dashboard import formatting, session
from dashboard.client import ApiError
from dashboard.formatting import grid_percent
from dashboard.i18n import t

# Okabe-Ito: distinguishable with the common colour-vision deficiencies.
# Passed to assets/map.js through the layers' hideout: the colours are defined here only.
STATUS_COLOURS = {"actif": "#0072B2", "en_projet": "#E69F00", "en_sommeil": "#999999", "arrete": "#555555",
                  "couvert": "#009E73", "partiel": "#F0E442", "non_couvert": "#D55E00"}
# Outline of each symbol: the yellow "partiel" needs a dark ring to reach 3:1 against the map (WCAG 1.4.11).
STATUS_OUTLINES = {"couvert": "#00573f", "partiel": "#6b5a00", "non_couvert": "#8a3200"}
BLUE = "#000091"
# Single-hue sequential ramp for shading: readable without colour vision.
CHOROPLETH_RAMP = ["#f7fcf5", "#c7e9c0", "#74c476", "#31a354", "#006d2c"]
NO_DATA_GREY = "#d9d9d9"


# How each symbol is drawn besides its colour (Leaflet path options, pixels): read by assets/map.js and
# by the map's first-view picture (map_layers.picture_css), which must look the same.
MAP_LOOK = {
    "council": {"actif": {"weight": 1, "fillOpacity": 0.35},
                "en_projet": {"weight": 2, "dashArray": "4 3", "fillOpacity": 0.05},
                "other": {"weight": 1, "fillOpacity": 0.15}},
    "qpv": {"radius": 4, "weight": 1, "fillOpacity": 0.95,
            "topRank": 100, "top": {"radius": 6, "weight": 2, "color": "#000000"}},  # the 100 first uncovered
    "departement": {"weight": 0.6}, "region": {"weight": 1.6},
}


def map_colours() -> dict:
    """What assets/map.js needs to draw the layers (it keeps no colour or size of its own)."""
    return {"status": STATUS_COLOURS, "outline": STATUS_OUTLINES, "ramp": CHOROPLETH_RAMP, "none": NO_DATA_GREY,
            "area": BLUE, "look": MAP_LOOK}


def error_box(exc: ApiError, lang: str) -> html.Div:
    """4xx: what the user asked for does not exist or is not valid (their input, not our fault);
    5xx and unreachable: the data service did not answer properly."""
    if exc.status in (400, 404, 422):
        key = "not_found_input" if exc.status == 404 else "invalid_input"
        return html.Div([html.Strong(t(key, lang)), html.Span(f" — {exc.detail}")],
                        className="fr-alert fr-alert-info", role="alert")
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


def number(value: float | int | None, digits: int = 0, lang: str = "fr") -> str:
    return formatting.number(value, digits, lang)


def percent(share: float | None, lang: str = "fr") -> str:
    return formatting.percent(share, 1, lang)


def table(columns: list[tuple[str, str]], rows: list[dict], caption: str = "", lang: str = "fr") -> html.Table:
    head = html.Thead(html.Tr([html.Th(label, scope="col") for _, label in columns]))
    body = html.Tbody([html.Tr([html.Td(_cell(r.get(key), lang)) for key, _ in columns]) for r in rows])
    # Scrolls sideways on a phone: focusable and named, so a keyboard can scroll it too.
    return html.Div(html.Table(([html.Caption(caption)] if caption else []) + [head, body], className="fr-table"),
                    className="table-scroll", tabIndex="0", role="region",
                    **{"aria-label": caption or t("table", lang)})


def _cell(value, lang: str = "fr"):
    if isinstance(value, bool):
        return t("yes" if value else "no", lang)
    if isinstance(value, float):
        return number(value, 2, lang)
    if isinstance(value, int):
        return number(value, 0, lang)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return "" if value is None else str(value)


def house_layout(title: str, lang: str = "fr", x_title: str | None = None, y_title: str | None = None) -> dict:
    """House style: French separators (or English), axis titles when given, legible on a phone."""
    layout = {"title": {"text": title, "font": {"size": 15}}, "template": "simple_white",
              "margin": {"l": 50, "r": 10, "t": 64, "b": 50}, "height": 340,
              "separators": formatting.plotly_separators(lang), "font": {"family": "Marianne, Arial, sans-serif"},
              "colorway": [BLUE, "#E69F00", "#009E73"]}
    if x_title:
        layout["xaxis"] = {"title": {"text": x_title}}
    if y_title:
        layout["yaxis"] = {"title": {"text": y_title}}
    return layout


def figure_layout(fig: go.Figure, title: str, lang: str = "fr", x_title: str | None = None,
                  y_title: str | None = None) -> go.Figure:
    """The house style on a plotly.py figure."""
    return fig.update_layout(house_layout(title, lang, x_title, y_title))


def chart(figure: go.Figure, source: str, download=None, graph_id: str | None = None,
          lang: str = "fr") -> html.Figure:
    """A chart with its source line and a 'download these data' link under it. Its height is kept
    before Plotly draws it: the page does not grow (nor gain a scroll bar, narrowing every chart,
    which Plotly would then draw again) as the charts arrive."""
    height = figure.layout.height
    graph = dcc.Graph(figure=figure, config={"displaylogo": False, "displayModeBar": False, "responsive": True,
                                             "locale": lang}, style={"height": f"{height}px"} if height else None,
                      **({"id": graph_id} if graph_id else {}))
    return html.Figure([graph, html.Figcaption(chart_caption(source, download, lang), className="chart-source")],
                       className="chart")


def chart_caption(source: str, download=None, lang: str = "fr") -> list:
    """What every chart says under it: its source, and a 'download these data' link when given."""
    caption = [html.Span(f"{t('source', lang).capitalize()} : {source}" if lang == "fr"
                         else f"{t('source', lang).capitalize()}: {source}")]
    return caption + [" · ", download] if download is not None else caption


def download_link(rows: list[dict], lang: str) -> html.A:
    """'Download these data': the rows behind a chart, as a CSV file."""
    return html.A(t("download_data", lang), href=csv_href(rows, list(rows[0]) if rows else []),
                  download="donnees.csv" if lang == "fr" else "data.csv", className="chart-download")


def csv_href(rows: list[dict], columns: list[str]) -> str:
    """A data: URL holding the chart's rows as CSV, for a plain download link."""
    from urllib.parse import quote
    return "data:text/csv;charset=utf-8," + quote(csv_download(rows, columns, "")["content"])


def query_sync(page: str, fields: dict[str, tuple[str, str]]) -> html.Div:
    """A store plus a clientside callback mirroring `fields` (query key -> (component id, prop)) into the
    address bar: the page's current view is then a shareable URL. From the first change on: the first
    view is built from the address it mirrors."""
    dash.clientside_callback(ClientsideFunction("clsm", "syncQuery"), Output(f"{page}-query", "data"),
                             *[Input(cid, prop) for cid, prop in fields.values()], State(f"{page}-keys", "data"),
                             prevent_initial_call=True)
    return html.Div([dcc.Store(id=f"{page}-keys", data=list(fields)), dcc.Store(id=f"{page}-query")])


def grid_columns(keys: list[str], headers: dict[str, str], lang: str, shares: tuple[str, ...] = (),
                 wide: tuple[str, ...] = ("nom", "name")) -> list[dict]:
    """AG Grid columns, sortable and filterable; `shares` (0-1) shown as percentages, sorted as numbers."""
    defs = []
    for k in keys:
        d = {"field": k, "headerName": t(headers[k], lang), "sortable": True, "filter": True}
        if k in shares:
            d["valueFormatter"] = grid_percent(lang)
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
