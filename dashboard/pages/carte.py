"""Carte: councils by status, QPV by coverage (priority ones flagged), région/département outlines
and shading; the régions table is the map's accessible alternative."""
from concurrent.futures import ThreadPoolExecutor

import dash
import dash_leaflet as dl
from dash import Input, Output, State, callback, ctx, dcc, html

from dashboard.client import ApiError
from dashboard.components import CHOROPLETH_RAMP, STATUS_COLOURS, error_box, number, percent, query_sync, table
from dashboard.context import api, basemap_url
from dashboard.i18n import label_or, lang_of, t

dash.register_page(__name__, path="/", title="CLSM — carte", name="Carte")

FRANCE = {"center": [46.6, 2.4], "zoom": 6}
OVERSEAS = {"Guadeloupe": ([16.2, -61.5], 9), "Martinique": ([14.65, -61.0], 10), "Guyane": ([4.0, -53.0], 7),
            "La Réunion": ([-21.1, 55.5], 9), "Mayotte": ([-12.8, 45.15], 10)}
MODES = ("none", "share_covered", "councils_per_100k", "rural_share_covered")
REGION_MODES = ("rural_share_covered",)  # shaded on régions: the API gives the rural share by région only
SCALE = {"share_covered": 1.0, "councils_per_100k": 1.5, "rural_share_covered": 0.5}  # as areaStyle in map.js
SYNC = query_sync("map", {"mode": ("choropleth", "value")})


def js(name: str) -> dict:
    return {"variable": f"dashExtensions.default.{name}"}


def layout(lang: str = "fr", mode: str = "none", **_) -> html.Div:
    mode = mode if mode in MODES else "none"
    client = api()
    layers = {"councils": {}, "qpv": {"as_points": "true"},  # one point per QPV: a fifth of the contours' weight
              "departements": {}, "regions": {}}
    # The four layers at once: the first render waits for the slowest one, not for their sum.
    with ThreadPoolExecutor(len(layers) + 1) as pool:
        futures = {name: pool.submit(client.layer, name, **params) for name, params in layers.items()}
        rural = pool.submit(client.density_regions)
    try:
        councils, qpv, departements, regions = (futures[name].result() for name in layers)
        with_rural_shares(regions, rural.result()["items"])
    except ApiError as exc:
        return error_box(exc, lang)
    base = [dl.TileLayer(url=basemap_url(), attribution="© basemap")] if basemap_url() else []
    leaflet = dl.Map(base + [
        dl.GeoJSON(data=departements, id="layer-departements", style=js("areaStyle"), hideout=hideouts(mode)[0]),
        dl.GeoJSON(data=regions, id="layer-regions", style=js("areaStyle"), hideout=hideouts(mode)[1],
                   interactive=False),
        dl.GeoJSON(data=councils, id="layer-councils", style=js("councilStyle")),
        dl.GeoJSON(data=qpv, id="layer-qpv", pointToLayer=js("qpvPoint")),
        dl.ScaleControl(position="bottomleft", imperial=False),
    ], id="map", center=FRANCE["center"], zoom=FRANCE["zoom"], style={"height": "68vh"})
    return html.Div([
        html.Div([
            html.Div([html.Label(t("choropleth", lang), htmlFor="choropleth"),
                      dcc.RadioItems(id="choropleth", value=mode, inline=True,
                                     options=[{"label": t(k, lang), "value": k} for k in MODES])]),
            html.Div([html.Span(t("overseas", lang) + " : "),
                      html.Button(t("metropole", lang), id="zoom-metropole", className="button")] +
                     [html.Button(name, id={"type": "zoom", "name": name}, className="button") for name in OVERSEAS],
                     className="zoom-buttons"),
        ], className="filters"),
        html.Div([
            html.Div(leaflet, role="region", **{"aria-label": t("map_label", lang)}),
            html.Aside([_legend(lang), html.Div(id="choropleth-legend"), html.P(t("click_hint", lang)),
                        html.Div(id="map-detail", **{"aria-live": "polite"})], className="card"),
        ], className="map-layout"),
        html.Details([html.Summary(t("table_alt", lang)), table(
            [("nom", t("region", lang)), ("councils_active", t("actif", lang)), ("councils_planned", t("en_projet", lang)),
             ("population_covered", t("kpi_population", lang)), ("share_covered", t("share_covered", lang)),
             ("councils_per_100k", t("councils_per_100k", lang)), ("qpv_couvert", t("couvert", lang)),
             ("qpv_non_couvert", t("non_couvert", lang)), ("rural_share_covered", t("kpi_rural_share", lang))],
            [{**f["properties"], "rural_share_covered": percent(f["properties"]["rural_share_covered"])}
             for f in regions["features"]])],
            id="map-table"),
        SYNC,
    ])


def with_rural_shares(regions: dict, density: list[dict]) -> None:
    """Adds each région's share of rural inhabitants covered (None: no rural commune) to its feature."""
    shares = {r["code"]: r["rural_share_covered"] for r in density}
    for f in regions["features"]:
        f["properties"]["rural_share_covered"] = shares.get(f["properties"]["code"])


def hideouts(mode: str) -> tuple[dict, dict]:
    """(départements, régions) styling: each mode shades one level; régions keep their thicker outline."""
    return ({"mode": "none" if mode in REGION_MODES else mode},
            {"mode": mode if mode in REGION_MODES else "none", "weight": 1.6})


def _legend(lang: str) -> html.Div:
    items = [html.Span([html.Span(className=f"swatch swatch-{k}", style={"background": STATUS_COLOURS[k]}), t(k, lang)])
             for k in ("actif", "en_projet", "en_sommeil", "couvert", "partiel", "non_couvert")]
    flag = html.Span([html.Span(className="swatch swatch-priority"), t("priority_flag", lang)])
    return html.Div([html.H2(t("layers", lang))] + items + [flag], className="legend")


@callback(Output("layer-departements", "hideout"), Output("layer-regions", "hideout"),
          Output("choropleth-legend", "children"), Input("choropleth", "value"), State("url", "search"))
def shade(mode, search):
    departements, regions = hideouts(mode)
    if mode == "none":
        return departements, regions, None
    lang, share, top = lang_of(search), mode != "councils_per_100k", SCALE[mode]
    steps = [html.Span([html.Span(className="swatch", style={"background": c}),
                        percent(top * i / 5) if share else f"≥ {top * i / 5:.1f}"])
             for i, c in enumerate(CHOROPLETH_RAMP)]
    if mode in REGION_MODES:
        steps.append(html.Span([html.Span(className="swatch", style={"background": "#d9d9d9"}), t("no_rural", lang)]))
    return departements, regions, html.Div([html.H2(t(mode, lang))] + steps, className="legend")


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
    try:
        if ctx.triggered_id == "layer-qpv":
            return qpv_card(feature, lang)
        return council_card(api().council(feature["properties"]["id"]), lang)
    except ApiError as exc:
        return error_box(exc, lang)


def qpv_card(feature: dict, lang: str) -> html.Div:
    """Coverage from the layer; the priority components from /qpv/priority of its département."""
    props = feature["properties"]
    lines = [html.H3(f"{props['nom']} ({props['code']})"),
             html.P(f"{t(props['status'], lang)} — {t('share_active', lang)} {percent(props['share_active'])}"
                    + (f" · {t('prevu', lang)}" if props.get("prevu") else "")),
             html.P(f"{t('population', lang)} : {number(props['population'])}")]
    if props.get("rank"):
        lon, lat = feature["geometry"]["coordinates"][:2]
        departement = api().lookup(lon=lon, lat=lat)["departement"]["code"]
        ranked = api().qpv_priority(limit=1000, departement=departement)["items"]
        mine = next((q for q in ranked if q["code"] == props["code"]), None)
        lines.append(html.P(f"{t('priority_rank', lang)} : {props['rank']} · score {props['priority_score']}"))
        if mine:
            lines.append(table([("name", ""), ("value", "")], [
                {"name": t(f"component_{k}", lang), "value": v} for k, v in mine["components"].items()],
                t("priority_components", lang)))
    return html.Div(lines)


def council_card(council: dict, lang: str) -> html.Div:
    territory = ", ".join(u["nom"] for u in council["territory"][:12]) + ("…" if len(council["territory"]) > 12 else "")
    return html.Div([
        html.H3(council["name"]),
        html.P(f"{t(council['status'], lang)} · {council['scale']} · {number(council['population'])} {t('inhabitants', lang)}"),
        html.P(f"{t('territory', lang)} : {territory}"),
        html.P(f"{t('fte', lang)} : {council['fte']} · {t('budget', lang)} : {number(council['budget_eur'])} €"),
        html.P(f"{t('funding', lang)} : " + ", ".join(label_or("funding_" + s, s, lang)
                                                     for s in council["funding_sources"])),
        html.P(f"{t('history', lang)} : " + " → ".join(f"{t(h['status'], lang)} ({h['from_date']})"
                                                      for h in council["status_history"])),
        dcc.Link("→ " + t("card", lang), href=f"/annuaire/{council['id']}" + ("?lang=en" if lang == "en" else "")),
    ])
