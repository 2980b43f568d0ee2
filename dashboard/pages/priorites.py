"""Priorités: uncovered QPV ranked with adjustable weights, their map, CSV; rural territory without a
council (EPCI with no covered commune, by population), CSV; the ARS scenario."""

import dash
import dash_ag_grid as dag
import dash_leaflet as dl
from dash import Input, Output, State, callback, dcc, html

from dashboard import session
from dashboard.client import ApiError
from dashboard.components import csv_download, error_box, grid_columns, number, query_sync, table
from dashboard.context import api, scenario_requires_login
from dashboard.i18n import lang_of, t

dash.register_page(__name__, path="/priorites", title="CLSM — priorités", name="Priorités")
COLUMNS = ["rank", "code", "nom", "departement_code", "population", "taux_pauvrete_60", "distance_km", "score"]
HEADERS = {"rank": "rank", "code": "code", "nom": "name", "departement_code": "departement", "population": "population",
           "taux_pauvrete_60": "poverty", "distance_km": "distance_km", "score": "score"}
RURAL_COLUMNS = ["code", "nom", "type", "departement_code", "population", "n_communes", "rural_communes",
                 "rural_population_share", "planned"]
RURAL_HEADERS = {"code": "code", "nom": "name", "type": "type", "departement_code": "departement",
                 "population": "population", "n_communes": "n_communes", "rural_communes": "rural_communes",
                 "rural_population_share": "rural_population_share", "planned": "planned_here"}
VIEWS = ("qpv", "rural")
SYNC = query_sync("priorities", {"region": ("p-region", "value"), "w_population": ("w_population", "value"),
                                 "w_poverty": ("w_poverty", "value"), "w_distance": ("w_distance", "value"),
                                 "view": ("p-view", "value"), "min_rural": ("p-min-rural", "value")})


def _weight(raw: str) -> float:
    try:
        return min(3.0, max(0.0, float(raw)))
    except ValueError:
        return 1.0


def _slider(key: str, lang: str, value: str) -> html.Div:
    value = _weight(value)
    return html.Div([html.Label(t(key, lang), htmlFor=key),
                     dcc.Slider(id=key, min=0, max=3, step=0.5, value=value, marks={i: str(i) for i in range(4)})])


def _share(raw) -> float:
    try:
        return min(1.0, max(0.0, float(raw)))
    except (TypeError, ValueError):
        return 0.5


def layout(lang: str = "fr", region: str | None = None, w_population: str = "1", w_poverty: str = "1",
           w_distance: str = "1", view: str = "qpv", min_rural: str | None = None, **_) -> html.Div:
    try:
        regions = api().regions()["items"]
    except ApiError as exc:
        return error_box(exc, lang)
    qpv_view = [
        html.H2(t("priority_title", lang)),
        html.Div([
            _slider("w_population", lang, w_population), _slider("w_poverty", lang, w_poverty),
            _slider("w_distance", lang, w_distance),
            html.Button(t("download_csv", lang), id="p-download-btn", className="button"),
            dcc.Download(id="p-download"),
        ], className="filters"),
        html.Div(id="p-error"),
        dcc.Loading(html.Div([
            dag.AgGrid(id="p-grid", columnDefs=[{"field": c, "headerName": t(HEADERS[c], lang), "sortable": True,
                                                 "filter": True} for c in COLUMNS],
                       rowData=[], style={"height": "360px"}, dashGridOptions={"pagination": True}),
            dl.Map([dl.GeoJSON(id="p-map-qpv", pointToLayer={"variable": "dashExtensions.default.qpvPoint"},
                               zoomToBounds=True)],
                   center=[46.6, 2.4], zoom=5, style={"height": "360px"}),
        ], className="grid-2")),
    ]
    rural_view = [
        html.H2(t("uncovered_rural_title", lang)),
        html.Div([
            html.Div([html.Label(t("min_rural_share", lang), htmlFor="p-min-rural"),
                      dcc.Slider(id="p-min-rural", min=0, max=1, step=0.1, value=_share(min_rural),
                                 marks={i / 4: f"{i * 25}\u202f%" for i in range(5)})], className="slider-wide"),
            html.Button(t("download_csv", lang), id="p-rural-download-btn", className="button"),
            dcc.Download(id="p-rural-download"),
        ], className="filters"),
        html.Div(id="p-rural-error"),
        dag.AgGrid(id="p-rural-grid", rowData=[], style={"height": "360px"}, dashGridOptions={"pagination": True},
                   columnDefs=grid_columns(RURAL_COLUMNS, RURAL_HEADERS, lang, ("rural_population_share",))),
    ]
    return html.Div([
        html.Div([
            html.Div([html.Label(t("region", lang), htmlFor="p-region"),
                      dcc.Dropdown(id="p-region", value=region, placeholder=t("all_france", lang),
                                   options=[{"label": r["nom"], "value": r["code"]} for r in regions])]),
        ], className="filters"),
        dcc.Tabs(id="p-view", value=view if view in VIEWS else "qpv", children=[
            dcc.Tab(qpv_view, label=t("view_qpv", lang), value="qpv", id="p-tab-qpv"),
            dcc.Tab(rural_view, label=t("view_rural", lang), value="rural", id="p-tab-rural"),
        ]),
        html.H2(t("scenario_title", lang)),
        *scenario_form(lang), SYNC,
    ])


def scenario_form(lang: str) -> list:
    """With CLSM_SCENARIO_REQUIRES_LOGIN the API refuses anonymous scenarios: offer to sign in instead."""
    if scenario_requires_login() and session.current_user() is None:
        suffix = "&lang=en" if lang == "en" else ""
        return [html.Div([t("scenario_sign_in", lang) + " ",
                          html.A(t("sign_in", lang), href=f"/connexion?next=/priorites{suffix}")],
                         className="fr-alert", id="scenario-sign-in")]
    return [
        html.Div([
            html.Div([html.Label(t("scenario_communes", lang), htmlFor="s-communes"),
                      dcc.Input(id="s-communes", type="text", placeholder="90010, 90099")]),
            html.Div([html.Label(t("scenario_epci", lang), htmlFor="s-epci"),
                      dcc.Input(id="s-epci", type="text", placeholder="200069052")]),
            html.Button(t("compute", lang), id="s-compute", className="button"),
        ], className="filters"),
        dcc.Loading(html.Div(id="s-result", **{"aria-live": "polite"})),
    ]


@callback(Output("p-grid", "rowData"), Output("p-map-qpv", "data"), Output("p-error", "children"),
          Input("p-region", "value"), Input("w_population", "value"), Input("w_poverty", "value"),
          Input("w_distance", "value"), State("url", "search"))
def ranking(region, w_population, w_poverty, w_distance, search):
    try:
        ranked = api().qpv_priority(limit=500, region=region, w_population=w_population, w_poverty=w_poverty,
                                    w_distance=w_distance)["items"]
        top = api().layer("qpv", as_points="true", region=region, priority_top=100)
    except ApiError as exc:
        return [], None, error_box(exc, lang_of(search))
    return [{c: r[c] for c in COLUMNS} for r in ranked], top, None


@callback(Output("p-download", "data"), Input("p-download-btn", "n_clicks"), State("p-grid", "rowData"),
          prevent_initial_call=True)
def download(_, rows):
    return csv_download(rows, COLUMNS, "qpv_priorites.csv")


@callback(Output("p-rural-grid", "rowData"), Output("p-rural-error", "children"), Input("p-region", "value"),
          Input("p-min-rural", "value"), State("url", "search"))
def rural_ranking(region, min_rural, search):
    """EPCI none of whose communes is covered, largest first (/epci/uncovered-rural)."""
    lang = lang_of(search)
    try:
        items = api().every_item(api().uncovered_rural_epci, min_rural_share=_share(min_rural), region=region)
    except ApiError as exc:
        return [], error_box(exc, lang)
    return [{**{c: e[c] for c in RURAL_COLUMNS}, "planned": t("yes" if e["planned"] else "no", lang)}
            for e in items], None


@callback(Output("p-rural-download", "data"), Input("p-rural-download-btn", "n_clicks"),
          State("p-rural-grid", "rowData"), prevent_initial_call=True)
def rural_download(_, rows):
    return csv_download(rows, RURAL_COLUMNS, "epci_ruraux_sans_clsm.csv")


@callback(Output("s-result", "children"), Input("s-compute", "n_clicks"), State("s-communes", "value"),
          State("s-epci", "value"), State("url", "search"), prevent_initial_call=True)
def scenario(_, communes, epci, search):
    lang = lang_of(search)
    codes = [c.strip() for c in (communes or "").replace(";", ",").split(",") if c.strip()]
    try:
        # Signed in: as that user (an ARS is limited to its région when the API requires a login).
        client = session.user_api() if session.current_user() else api()
        gain = client.coverage_gain(codes, (epci or "").strip() or None)
    except ApiError as exc:
        return error_box(exc, lang)
    return html.Div([
        html.P([html.Strong(t("population_new", lang) + " : "), number(gain["population_new"])], id="s-population"),
        table([("code", "QPV"), ("nom", t("name", lang)), ("population", t("population", lang)),
               ("share_before", t("before", lang)), ("share_after", t("after", lang))], gain["qpv_gained"], t("qpv_gained", lang)),
    ], className="card")
