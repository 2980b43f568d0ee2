"""Carte: councils by status, QPV by coverage (priority ones flagged), départements shading."""
import dash
import dash_leaflet as dl
from dash import Input, Output, State, callback, ctx, html, dcc

from dashboard.client import ApiError
from dashboard.components import STATUS_COLOURS, error_box, number, percent, table
from dashboard.context import api
from dashboard.i18n import lang_of, t

dash.register_page(__name__, path="/", title="CLSM — carte", name="Carte")

FRANCE = {"center": [46.6, 2.4], "zoom": 6}
OVERSEAS = {"Guadeloupe": ([16.2, -61.5], 9), "Martinique": ([14.65, -61.0], 10), "Guyane": ([4.0, -53.0], 7),
            "La Réunion": ([-21.1, 55.5], 9), "Mayotte": ([-12.8, 45.15], 10)}


def js(name: str) -> dict:
    return {"variable": f"dashExtensions.default.{name}"}


def layout(lang: str = "fr", mode: str = "none", **_) -> html.Div:
    try:
        councils = api().layer("councils")
        qpv = api().layer("qpv", as_points="true")
        departements = api().layer("departements")
        regions = api().regions()["items"]
    except ApiError as exc:
        return error_box(exc, lang)
    leaflet = dl.Map([
        dl.GeoJSON(data=departements, id="layer-departements", style=js("areaStyle"), hideout={"mode": mode}),
        dl.GeoJSON(data=councils, id="layer-councils", style=js("councilStyle")),
        dl.GeoJSON(data=qpv, id="layer-qpv", pointToLayer=js("qpvPoint")),
        dl.ScaleControl(position="bottomleft"),
    ], id="map", center=FRANCE["center"], zoom=FRANCE["zoom"], style={"height": "68vh"})
    return html.Div([
        html.Div([
            html.Div([html.Label(t("choropleth", lang), htmlFor="choropleth"),
                      dcc.RadioItems(id="choropleth", value=mode, inline=True, options=[
                          {"label": t(k, lang), "value": k} for k in ("none", "share_covered", "councils_per_100k")])]),
            html.Div([html.Span(t("overseas", lang) + " : "),
                      html.Button(t("metropole", lang), id="zoom-metropole", className="button")] +
                     [html.Button(name, id={"type": "zoom", "name": name}, className="button") for name in OVERSEAS]),
        ], className="filters"),
        html.Div([
            html.Div(leaflet),
            html.Aside([_legend(lang), html.P(t("click_hint", lang)), html.Div(id="map-detail", **{"aria-live": "polite"})],
                       className="card"),
        ], className="map-layout"),
        html.Details([html.Summary(t("table_alt", lang)), table(
            [("nom", t("region", lang)), ("councils_active", t("actif", lang)), ("councils_planned", t("en_projet", lang)),
             ("population_covered", t("kpi_population", lang)), ("share_covered", t("share_covered", lang)),
             ("qpv_couvert", t("couvert", lang)), ("qpv_non_couvert", t("non_couvert", lang))], regions)]),
    ])


def _legend(lang: str) -> html.Div:
    items = [html.Span([html.Span(className="swatch", style={"background": STATUS_COLOURS[k]}), t(k, lang)])
             for k in ("actif", "en_projet", "en_sommeil", "couvert", "partiel", "non_couvert")]
    return html.Div([html.H2(t("layers", lang))] + items, className="legend")


@callback(Output("layer-departements", "hideout"), Input("choropleth", "value"))
def shade(mode):
    return {"mode": mode}


@callback(Output("map", "viewport"), Input("zoom-metropole", "n_clicks"),
          Input({"type": "zoom", "name": dash.ALL}, "n_clicks"), prevent_initial_call=True)
def zoom_to(_, __):
    trigger = ctx.triggered_id
    if isinstance(trigger, dict):
        center, zoom = OVERSEAS[trigger["name"]]
        return {"center": center, "zoom": zoom}
    return dict(FRANCE)


@callback(Output("map-detail", "children"), Input("layer-councils", "clickData"), Input("layer-qpv", "clickData"),
          State("url", "search"), prevent_initial_call=True)
def detail(council_click, qpv_click, search):
    lang = lang_of(search)
    feature = council_click if ctx.triggered_id == "layer-councils" else qpv_click
    if not feature:
        return None
    props = feature["properties"]
    if ctx.triggered_id == "layer-qpv":
        return html.Div([html.H3(f"{props['nom']} ({props['code']})"),
                         html.P(f"{t(props['status'], lang)} — {percent(props['share_active'])}"),
                         html.P(f"{t('population', lang)} : {number(props['population'])}"),
                         html.P(f"Priorité : {props['priority_score']} (rang {props['rank']})" if props["rank"] else "")])
    try:
        council = api().council(props["id"])
    except ApiError as exc:
        return error_box(exc, lang)
    return council_card(council, lang)


def council_card(council: dict, lang: str) -> html.Div:
    territory = ", ".join(u["nom"] for u in council["territory"][:12]) + ("…" if len(council["territory"]) > 12 else "")
    return html.Div([
        html.H3(council["name"]),
        html.P(f"{t(council['status'], lang)} · {council['scale']} · {number(council['population'])} hab."),
        html.P(f"{t('territory', lang)} : {territory}"),
        html.P(f"{t('fte', lang)} : {council['fte']} · budget : {number(council['budget_eur'])} €"),
        html.P(f"{t('funding', lang)} : " + ", ".join(council["funding_sources"])),
        html.P(f"{t('history', lang)} : " + " → ".join(f"{t(h['status'], lang)} ({h['from_date']})"
                                                      for h in council["status_history"])),
        dcc.Link("→ " + t("nav_directory", lang), href=f"/annuaire/{council['id']}"),
    ])
