"""Vue d'ensemble: KPIs, funding, coordination FTE and creations, driven by région/département."""
import dash
import plotly.graph_objects as go
from dash import Input, Output, State, callback, dcc, html

from dashboard.client import ApiError
from dashboard.components import error_box, figure_layout, kpi, number, percent, query_sync
from dashboard.context import api
from dashboard.i18n import label_or, lang_of, t

dash.register_page(__name__, path="/vue-ensemble", title="CLSM — vue d'ensemble", name="Vue d'ensemble")
SYNC = query_sync("overview", {"region": ("f-region", "value"), "departement": ("f-departement", "value")})


def layout(lang: str = "fr", region: str | None = None, departement: str | None = None, **_) -> html.Div:
    try:
        regions = api().regions()["items"]
    except ApiError as exc:
        return error_box(exc, lang)
    return html.Div([
        html.Div([
            html.Div([html.Label(t("region", lang), htmlFor="f-region"),
                      dcc.Dropdown(id="f-region", value=region, placeholder=t("all_france", lang),
                                   options=[{"label": r["nom"], "value": r["code"]} for r in regions])]),
            html.Div([html.Label(t("departement", lang), htmlFor="f-departement"),
                      dcc.Dropdown(id="f-departement", value=departement, placeholder="–")]),
        ], className="filters"),
        dcc.Loading(html.Div(id="overview-body")), SYNC,
    ])


@callback(Output("f-departement", "options"), Input("f-region", "value"))
def departement_options(region):
    if not region:
        return []
    try:
        items = api().departements(region)["items"]
    except ApiError:
        return []  # the body callback shows the error
    return [{"label": f"{d['code']} {d['nom']}", "value": d["code"]} for d in items]


@callback(Output("overview-body", "children"), Input("f-region", "value"), Input("f-departement", "value"),
          State("url", "search"))
def overview(region, departement, search):
    lang = lang_of(search)
    level, code = ("departement", departement) if departement else (("region", region) if region else ("national", None))
    try:
        s = api().summary(level, code)
        funding = api().funding("source", region)
        by_region = api().funding("region")
        fte = api().fte(region)
        created = api().created_per_year(region)["items"]
    except ApiError as exc:
        return error_box(exc, lang)
    kpis = html.Div([
        kpi(t("kpi_active", lang), number(s["councils"]["actif"]), s["nom"]),
        kpi(t("kpi_planned", lang), number(s["councils"]["en_projet"])),
        kpi(t("kpi_population", lang), number(s["population"]["covered"]), percent(s["population"]["share"])),
        kpi(t("kpi_qpv_covered", lang), number(s["qpv"]["couvert"]["count"]), f"/ {s['qpv']['total']}"),
        kpi(t("kpi_qpv_uncovered", lang), number(s["qpv"]["non_couvert"]["count"])),
        kpi(t("kpi_fte", lang), number(s["fte"]["total"], 1), f"{s['fte']['per_100k']} {t('per_100k', lang)}"),
        kpi(t("co_funded", lang), percent(funding["co_funded_share"])),
    ], className="kpis", id="kpis")
    charts = [
        _bar([label_or(f"funding_{i['key']}", i["label"], lang) for i in funding["items"]],
             [i["amount_eur"] for i in funding["items"]], t("funding_by_source", lang)),
        _bar([i["label"] for i in by_region["items"]], [i["amount_eur"] for i in by_region["items"]], t("funding_by_region", lang)),
        _bar([b["label"] for b in fte["bins"]], [b["councils"] for b in fte["bins"]], t("fte_distribution", lang)),
        _bar([r["nom"] for r in fte["by_region"]], [r["fte_per_100k"] for r in fte["by_region"]], t("fte_per_100k", lang)),
        _bar([i["year"] for i in created], [i["created"] for i in created], t("created_per_year", lang)),
    ]
    return [kpis, html.Div([dcc.Graph(figure=f, config={"displaylogo": False, "displayModeBar": False}) for f in charts], className="grid-2")]


def _bar(x, y, title: str) -> go.Figure:
    return figure_layout(go.Figure(go.Bar(x=x, y=y)), title)
