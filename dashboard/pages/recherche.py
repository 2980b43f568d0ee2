"""Recherche: what covers a place, by map click, coordinates or commune code."""
import dash
import dash_leaflet as dl
from dash import Input, Output, State, callback, ctx, dcc, html

from dashboard.client import ApiError
from dashboard.components import error_box, number
from dashboard.context import api
from dashboard.i18n import lang_of, t

dash.register_page(__name__, path="/recherche", title="CLSM — recherche", name="Recherche")


def layout(lang: str = "fr", commune: str = "", lon: str | None = None, lat: str | None = None, **_) -> html.Div:
    try:
        departements = api().layer("departements")
    except ApiError as exc:
        return error_box(exc, lang)
    return html.Div([
        html.H2(t("lookup_title", lang)), html.P(t("lookup_hint", lang)),
        html.Div([
            html.Div([html.Label(t("longitude", lang), htmlFor="r-lon"), dcc.Input(id="r-lon", type="number", value=_float(lon))]),
            html.Div([html.Label(t("latitude", lang), htmlFor="r-lat"), dcc.Input(id="r-lat", type="number", value=_float(lat))]),
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
            found = api().lookup(commune=commune.strip())
        else:
            found = api().lookup(lon=lon, lat=lat)
    except ApiError as exc:
        return error_box(exc, lang)
    return render(found, lang)


def _float(raw: str | None) -> float | None:
    try:
        return float(raw) if raw else None
    except ValueError:
        return None


def render(found: dict, lang: str) -> list:
    place = found["commune"]
    lines = [html.H3(f"{place['nom']} ({place['code']}) — {number(place['population'])} {t('inhabitants', lang)}"),
             html.P(f"EPCI : {(found['epci'] or {}).get('nom', '–')}"),
             html.P(f"{t('departement', lang)} : {found['departement']['nom']} · {t('region', lang)} : "
                    f"{found['region']['nom']}")]
    if found.get("qpv"):
        lines.append(html.P(f"QPV : {found['qpv']['nom']} ({t(found['qpv']['status'], lang)})"))
    active = found["councils_active"]
    lines.append(html.P(f"{t('actif', lang)} : " + ", ".join(c["name"] for c in active)) if active
                 else html.P(t("no_council", lang)))
    if found["councils_planned"]:
        lines.append(html.P(f"{t('en_projet', lang)} : " + ", ".join(c["name"] for c in found["councils_planned"])))
    if found.get("nearest_active"):
        n = found["nearest_active"]
        lines.append(html.P(f"{t('nearest', lang)} : {n['name']} ({n['distance_km']} km)"))
    return lines
