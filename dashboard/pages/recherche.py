"""Recherche: what covers a place, by map click, coordinates, or a commune's name or code."""
import dash
import dash_leaflet as dl
from dash import Input, Output, State, callback, ctx, dcc, html

from dashboard.client import ApiError
from dashboard.components import error_box
from dashboard.context import api
from dashboard.i18n import lang_of, t
from dashboard.place_card import lookup_card

COMMUNE_KINDS = ["commune", "arrondissement", "ancienne"]

dash.register_page(__name__, path="/recherche", title="CLSM — recherche", name="Recherche")


def layout(lang: str = "fr", commune: str = "", lon: str | None = None, lat: str | None = None, **_) -> html.Div:
    try:
        departements = api().layer("departements")
    except ApiError as exc:
        return error_box(exc, lang)
    return html.Div([
        html.H2(t("lookup_title", lang)), html.P(t("lookup_hint", lang)),
        html.Div([
            html.Div([html.Label(t("longitude", lang), htmlFor="r-lon"),
                      dcc.Input(id="r-lon", type="number", value=_float(lon))]),
            html.Div([html.Label(t("latitude", lang), htmlFor="r-lat"),
                      dcc.Input(id="r-lat", type="number", value=_float(lat))]),
            html.Div([html.Label(t("commune_code", lang), htmlFor="r-commune"),
                      dcc.Input(id="r-commune", type="text", value=commune)]),
            html.Button(t("compute", lang), id="r-go", className="button"),
        ], className="filters"),
        html.Div([
            dl.Map([dl.GeoJSON(data=departements, style={"color": "#000091", "weight": 0.6, "fillOpacity": 0})],
                   id="r-map", center=[46.6, 2.4], zoom=5, style={"height": "55vh"}),
            dcc.Loading(html.Div(id="r-answer", className="card", **{"aria-live": "polite"})),
        ], className="map-layout"),
    ])


@callback(Output("r-answer", "children"), Input("r-go", "n_clicks"), Input("r-map", "clickData"),
          State("r-lon", "value"), State("r-lat", "value"), State("r-commune", "value"), State("url", "search"))
def answer(_, click, lon, lat, commune, search):
    """Also runs on load, so /recherche?commune=75113 or ?lon=..&lat=.. is a shareable answer."""
    lang = lang_of(search)
    if not (click and ctx.triggered_id == "r-map") and not commune and (lon is None or lat is None):
        return html.P(t("no_result", lang))
    try:
        if ctx.triggered_id == "r-map" and click:
            found = api().lookup(lon=click["latlng"]["lng"], lat=click["latlng"]["lat"])
        elif commune:
            found = api().lookup(commune=commune_code(commune.strip()))
        else:
            found = api().lookup(lon=lon, lat=lat)
    except ApiError as exc:
        return error_box(exc, lang)
    return lookup_card(found, lang)


def _float(raw: str | None) -> float | None:
    try:
        return float(raw) if raw else None
    except ValueError:
        return None


def commune_code(typed: str) -> str:
    """An INSEE code as typed, or the code of the best commune matching a name ("Roubaix", "Marseille 13e")."""
    if typed[:1].isdigit():
        return typed
    items = api().search(typed, kinds=COMMUNE_KINDS, limit=1)["items"]
    if not items:
        raise ApiError(404, "Not found", typed)
    return items[0]["code"]
