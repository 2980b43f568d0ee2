"""Priorités: the planner's table of uncovered QPV (weights, filters, whole list, CSV/XLSX from the
API), its map in step (the filtered rows only, row click zooms, QPV click highlights the row), the
scenario from the selected rows or from names; rural territory without a council (EPCI with no
covered commune, by population), CSV."""

import dash
import dash_ag_grid as dag
import dash_leaflet as dl
from dash import Input, Output, State, callback, ctx, dcc, html, no_update

from dashboard import session
from dashboard.client import ApiError
from dashboard.components import csv_download, error_box, grid_columns, map_colours, query_sync
from dashboard.context import api, scenario_requires_login
from dashboard.i18n import lang_of, t
from dashboard.scenario_view import scenario_result

dash.register_page(__name__, path="/priorites", title="CLSM — priorités", name="Priorités")
COLUMNS = ["rank", "code", "nom", "communes", "epci", "departement", "region", "status", "share_active", "prevu",
           "planned_council", "population", "taux_pauvrete_60", "distance_km", "c_population", "c_poverty",
           "c_distance", "missing", "score"]
HEADERS = {"rank": "rank", "code": "code", "nom": "name", "communes": "communes", "epci": "epci",
           "departement": "departement", "region": "region_col", "status": "status", "share_active": "share_active",
           "prevu": "prevu", "planned_council": "planned_council", "population": "population",
           "taux_pauvrete_60": "poverty", "distance_km": "distance_km", "c_population": "c_population",
           "c_poverty": "c_poverty", "c_distance": "c_distance", "missing": "missing", "score": "score"}
RURAL_COLUMNS = ["code", "nom", "type", "departement_code", "population", "n_communes", "rural_communes",
                 "rural_population_share", "planned"]
RURAL_HEADERS = {"code": "code", "nom": "name", "type": "type", "departement_code": "departement",
                 "population": "population", "n_communes": "n_communes", "rural_communes": "rural_communes",
                 "rural_population_share": "rural_population_share", "planned": "planned_here"}
VIEWS = ("qpv", "rural")
SYNC = query_sync("priorities", {"region": ("p-region", "value"), "departement": ("p-departement", "value"),
                                 "status": ("p-status", "value"), "prevu": ("p-prevu", "value"),
                                 "completeness": ("p-completeness", "value"),
                                 "w_population": ("w_population", "value"),
                                 "w_poverty": ("w_poverty", "value"), "w_distance": ("w_distance", "value"),
                                 "view": ("p-view", "value"), "min_rural": ("p-min-rural", "value")})
FRANCE = {"center": [46.6, 2.4], "zoom": 5}
HIGHLIGHT = {"styleConditions": [{"condition": "params.data.highlight",
                                  "style": {"backgroundColor": "#fff3b0", "fontWeight": "bold"}}]}


def _trigger() -> str | None:
    """The component that fired the callback (None when called outside one, e.g. in tests)."""
    try:
        return ctx.triggered_id
    except Exception:  # dash raises its own MissingCallbackContextException outside a callback
        return None


def _weight(raw: str) -> float:
    try:
        return min(3.0, max(0.0, float(raw)))
    except (TypeError, ValueError):
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


def _choice(cid: str, label: str, lang: str, value, options: list[tuple[str, str]], placeholder: str) -> html.Div:
    return html.Div([html.Label(t(label, lang), htmlFor=cid),
                     dcc.Dropdown(id=cid, value=value or None, placeholder=t(placeholder, lang),
                                  options=[{"label": t(k, lang), "value": v} for v, k in options])])


def _columns(lang: str) -> list[dict]:
    defs = grid_columns(COLUMNS, HEADERS, lang, ("share_active",))
    defs[0].update(checkboxSelection=True, headerCheckboxSelection=True, minWidth=110, pinned="left")
    return defs


def layout(lang: str = "fr", region: str | None = None, departement: str | None = None, status: str | None = None,
           prevu: str | None = None, completeness: str | None = None, w_population: str = "1",
           w_poverty: str = "1", w_distance: str = "1", view: str = "qpv", min_rural: str | None = None,
           **_) -> html.Div:
    try:
        regions = api().regions()["items"]
    except ApiError as exc:
        return error_box(exc, lang)
    qpv_view = [
        html.H2(t("priority_title", lang)),
        html.Div([
            html.Div([html.Label(t("departement", lang), htmlFor="p-departement"),
                      dcc.Dropdown(id="p-departement", value=departement, placeholder=t("all_departements", lang))]),
            _choice("p-status", "status", lang, status, [("non_couvert", "non_couvert"), ("partiel", "partiel")],
                    "all_statuses"),
            _choice("p-prevu", "prevu", lang, prevu, [("true", "prevu_only"), ("false", "not_prevu")], "any"),
            _choice("p-completeness", "completeness", lang, completeness,
                    [("complete", "complete"), ("incomplete", "incomplete")], "any"),
        ], className="filters"),
        html.Div([
            _slider("w_population", lang, w_population), _slider("w_poverty", lang, w_poverty),
            _slider("w_distance", lang, w_distance),
            html.Button(t("download_csv", lang), id="p-download-btn", className="button"),
            html.Button(t("download_xlsx", lang), id="p-download-xlsx", className="button"),
            dcc.Download(id="p-download"),
        ], className="filters"),
        html.Div(id="p-error"), html.P(id="p-count", **{"aria-live": "polite"}), html.P(id="p-profile"),
        html.Div([
            dag.AgGrid(id="p-grid", columnDefs=_columns(lang), rowData=[], style={"height": "420px"},
                       getRowId="params.data.code", getRowStyle=HIGHLIGHT,
                       dashGridOptions={"pagination": True, "paginationPageSize": 50, "rowSelection": "multiple",
                                        "suppressRowClickSelection": True}),
            dl.Map([dl.GeoJSON(id="p-map-qpv", pointToLayer={"variable": "dashExtensions.default.qpvPoint"},
                               hideout={"colours": map_colours()}),
                    dl.LayerGroup(id="p-highlight")],
                   id="p-map", center=FRANCE["center"], zoom=FRANCE["zoom"], style={"height": "420px"}),
        ], className="grid-2"),
        html.Span(id="p-map-zoom", hidden=True),
        html.Button(t("selection_scenario", lang), id="s-from-selection", className="button"),
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
            html.Div([html.Label(t("scenario_places", lang), htmlFor="s-places"),
                      dcc.Dropdown(id="s-places", multi=True, options=[], placeholder="Belfort, Grand Belfort…")],
                     className="slider-wide"),
            html.Div([html.Label(t("scenario_codes", lang), htmlFor="s-communes"),
                      dcc.Input(id="s-communes", type="text", placeholder="90010, Valdoie")]),
            html.Div([html.Label(t("scenario_epci", lang), htmlFor="s-epci"),
                      dcc.Input(id="s-epci", type="text", placeholder="200069052")]),
            html.Button(t("compute", lang), id="s-compute", className="button"),
        ], className="filters"),
        dcc.Loading(html.Div(id="s-result", **{"aria-live": "polite"})),
    ]


def _params(region, departement, status, prevu, completeness, w_population, w_poverty, w_distance) -> dict:
    return {"region": region, "departement": departement, "status": status, "prevu": prevu,
            "completeness": completeness, "w_population": _weight(w_population), "w_poverty": _weight(w_poverty),
            "w_distance": _weight(w_distance)}


def _names(items: list[dict], key: str = "nom") -> str:
    return ", ".join(i[key] for i in items)


def _row(r: dict, lang: str) -> dict:
    """One grid row: the API's figures as they are, lists joined, statuses translated."""
    return {**{k: r.get(k) for k in ("rank", "code", "nom", "share_active", "population", "taux_pauvrete_60",
                                     "distance_km", "score")},
            "communes": _names(r["communes"]), "epci": _names(r["epci"]),
            "departement": r["departement_nom"] or r["departement_code"], "region": r["region_nom"],
            "status": t(r["status"], lang), "prevu": t("yes" if r["prevu"] else "no", lang),
            "planned_council": _names(r["planned_councils"], "name"),
            "c_population": r["weighted"]["population"], "c_poverty": r["weighted"]["poverty"],
            "c_distance": r["weighted"]["distance"],
            "missing": ", ".join(t(f"component_{m}", lang) for m in r["missing"]),
            "point": r["point"], "status_code": r["status"], "highlight": False}


def _features(rows: list[dict]) -> dict:
    """The rows as map points (the API's point inside each QPV): the map shows exactly the table."""
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "id": r["code"], "geometry": {"type": "Point", "coordinates": r["point"]},
         "properties": {"code": r["code"], "nom": r["nom"], "status": r["status_code"], "rank": r["rank"]}}
        for r in rows if r["point"]]}


def _bounds(rows: list[dict]) -> dict:
    """The map's view on the filtered rows (a margin so that one QPV is not shown at street level)."""
    points = [r["point"] for r in rows if r["point"]]
    if not points:
        return dict(FRANCE)
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    return {"bounds": [[min(lats) - 0.02, min(lons) - 0.02], [max(lats) + 0.02, max(lons) + 0.02]],
            "transition": "flyToBounds"}


@callback(Output("p-grid", "rowData"), Output("p-map-qpv", "data"), Output("p-error", "children"),
          Output("p-count", "children"), Output("p-map", "viewport"),
          Input("p-region", "value"), Input("w_population", "value"), Input("w_poverty", "value"),
          Input("w_distance", "value"), State("url", "search"), Input("p-departement", "value"),
          Input("p-status", "value"), Input("p-prevu", "value"), Input("p-completeness", "value"))
def ranking(region, w_population, w_poverty, w_distance, search, departement=None, status=None, prevu=None,
            completeness=None):
    lang = lang_of(search)
    params = _params(region, departement, status, prevu, completeness, w_population, w_poverty, w_distance)
    try:
        ranked = api().every_item(api().qpv_priority, **params)
        incomplete = api().qpv_priority(limit=1, **{**params, "completeness": "incomplete"})["total"]
        outside = 0 if region or departement else api().qpv_priority(limit=1, outside_ars="true")["total"]
    except ApiError as exc:
        return [], None, error_box(exc, lang), None, no_update
    rows = [_row(r, lang) for r in ranked]
    count = t("priority_count", lang).format(n=len(rows), incomplete=incomplete, outside=outside)
    # All of France: the mainland view (the overseas rows are there, a région filter goes to them).
    return rows, _features(rows), None, count, _bounds(rows) if region or departement else dict(FRANCE)


@callback(Output("p-profile", "children"), Input("p-region", "value"), Input("p-departement", "value"),
          State("url", "search"))
def profile_link(region, departement, search):
    """The filtered area's profile page (dashboard/pages/territoire.py)."""
    if not region and not departement:
        return None
    lang = lang_of(search)
    level, code = ("departement", departement) if departement else ("region", region)
    suffix = "&lang=en" if lang == "en" else ""
    return html.A(t("territory_profile", lang), href=f"/territoire?level={level}&code={code}{suffix}",
                  id="p-profile-link")


@callback(Output("p-departement", "options"), Output("p-departement", "value"), Input("p-region", "value"),
          State("p-departement", "value"))
def departements(region, current):
    try:
        items = api().departements(region)["items"]
    except ApiError:
        return [], None
    options = [{"label": f"{d['nom']} ({d['code']})", "value": d["code"]} for d in items]
    return options, current if current in {d["code"] for d in items} else None


@callback(Output("p-map", "viewport", allow_duplicate=True), Output("p-highlight", "children"),
          Input("p-grid", "cellClicked"),
          State("p-grid", "rowData"), prevent_initial_call=True)
def zoom_to_row(cell, rows):
    """A row clicked: the map flies to its QPV and rings it."""
    row = next((r for r in rows or [] if cell and r["code"] == cell.get("rowId")), None)
    if not row or not row["point"]:
        return no_update, no_update
    lon, lat = row["point"]
    return ({"center": [lat, lon], "zoom": 14, "transition": "flyTo"},
            [dl.CircleMarker(center=[lat, lon], radius=14, color="#000091", weight=4, fill=False, id="p-ring")])


@callback(Output("p-grid", "rowData", allow_duplicate=True), Output("p-grid", "scrollTo"),
          Input("p-map-qpv", "clickData"), State("p-grid", "rowData"), prevent_initial_call=True)
def highlight_row(feature, rows):
    """A QPV clicked on the map: its row is highlighted and scrolled into view."""
    if not feature or not rows:
        return no_update, no_update
    code = feature["properties"]["code"]
    rows = [{**r, "highlight": r["code"] == code} for r in rows]
    return rows, {"rowId": code, "rowPosition": "middle"}


dash.clientside_callback("function (zoom) { return String(zoom); }", Output("p-map-zoom", "children"),
                         Input("p-map", "zoom"))


@callback(Output("p-download", "data"), Input("p-download-btn", "n_clicks"), Input("p-download-xlsx", "n_clicks"),
          State("p-region", "value"), State("p-departement", "value"), State("p-status", "value"),
          State("p-prevu", "value"), State("p-completeness", "value"), State("w_population", "value"),
          State("w_poverty", "value"), State("w_distance", "value"), State("url", "search"), prevent_initial_call=True)
def download(_, __, region, departement, status, prevu, completeness, w_population, w_poverty, w_distance, search):
    """The API's file: the whole filtered list with its weights, date, data version and filters."""
    fmt = "xlsx" if _trigger() == "p-download-xlsx" else "csv"
    params = _params(region, departement, status, prevu, completeness, w_population, w_poverty, w_distance)
    try:
        content = api().qpv_priority_file(fmt, **params)
    except ApiError:
        return no_update
    return dcc.send_bytes(content, f"qpv_priorites.{fmt}")


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


@callback(Output("s-places", "options"), Input("s-places", "search_value"), State("s-places", "value"))
def place_suggestions(typed, chosen):
    """Autocomplete from /scenarios/places; the chosen ones stay among the options."""
    kept = [{"label": v, "value": v} for v in chosen or []]
    if not typed or len(typed.strip()) < 2:
        return kept if kept else no_update
    try:
        found = api().places(typed.strip())["items"]
    except ApiError:
        return kept
    labels = [f"{p['nom']} ({p['code']})" for p in found]
    return kept + [{"label": f"{label} — {p['kind'].upper()}" if p["kind"] == "epci" else label, "value": label}
                   for label, p in zip(labels, found) if label not in (chosen or [])]


@callback(Output("s-result", "children"), Input("s-compute", "n_clicks"), State("s-communes", "value"),
          State("s-epci", "value"), State("url", "search"), State("s-places", "value"),
          State("p-grid", "selectedRows"), Input("s-from-selection", "n_clicks"), prevent_initial_call=True)
def scenario(_, communes, epci, search, places=None, selected=None, __=None):
    """Names and codes typed or chosen, or the communes of the QPV ticked in the table."""
    lang = lang_of(search)
    typed = [c.strip() for c in (communes or "").replace(";", ",").split(",") if c.strip()]
    codes = [c for c in typed if c.isdigit() or c[:2] in ("2A", "2B")]
    names = [c for c in typed if c not in codes] + list(places or [])
    qpv = []
    if _trigger() == "s-from-selection":
        qpv, codes, names, epci = [r["code"] for r in selected or []], [], [], None
        if not qpv:
            return html.P(t("select_rows_first", lang), className="fr-alert")
    try:
        # Signed in: as that user (an ARS is limited to its région when the API requires a login).
        client = session.user_api() if session.current_user() else api()
        gain = client.coverage_gain(codes, (epci or "").strip() or None, names=names, qpv=qpv)
    except ApiError as exc:
        return error_box(exc, lang)
    return scenario_result(gain, lang)
