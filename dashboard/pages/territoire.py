"""Territoire: the profile of a région, département or EPCI for an ARS briefing: its councils,
coverage against France, uncovered and planned QPV, rural coverage, funding and FTE, the trend
since 2010; one click prints it on A4 (dashboard/assets/print.css). Every figure from the API."""
import dash
import plotly.graph_objects as go
from dash import Input, Output, dcc, html

from dashboard.client import ApiError
from dashboard.components import error_box, figure_layout, kpi, number, percent, table
from dashboard.context import api
from dashboard.i18n import t

dash.register_page(__name__, path="/territoire", title="CLSM — territoire", name="Territoire")
LEVELS = ("region", "departement", "epci")


def _href(lang: str, **query) -> str:
    pairs = [f"{k}={v}" for k, v in query.items() if v] + (["lang=en"] if lang == "en" else [])
    return "?" + "&".join(pairs)


def _area_filter(level: str, code: str) -> dict:
    return {level: code}


def _kpis(area: dict, france: dict, lang: str) -> html.Div:
    qpv, fqpv = area["qpv"], france["qpv"]
    return html.Div([
        kpi(t("kpi_population", lang), percent(area["population"]["share"]),
            f"{number(area['population']['covered'])} · France {percent(france['population']['share'])}"),
        kpi(t("kpi_active", lang), number(area["councils"]["actif"]),
            f"{t('kpi_planned', lang)} : {number(area['councils']['en_projet'])}"),
        kpi(t("kpi_qpv_covered", lang), f"{number(qpv['couvert']['count'])} / {number(qpv['total'])}",
            "France " + percent(fqpv["couvert"]["count"] / max(1, fqpv["total"] - fqpv["outside_ars"]["count"]))),
        kpi(t("qpv_uncovered", lang), number(qpv["uncovered"]["count"]),
            f"{t('partiel', lang)} : {number(qpv['partiel']['count'])}"),
        kpi(t("prevu", lang), number(qpv["prevu"]["count"]), number(qpv["prevu"]["population"]) + " hab."),
        kpi(t("kpi_fte", lang), number(area["fte"]["total"], 1),
            f"{number(area['fte']['per_100k'], 3)} {t('per_100k', lang)} · "
            f"France {number(france['fte']['per_100k'], 3)}"),
    ], className="kpis", id="t-kpis")


def _trend(level: str, area: dict, region: str | None, lang: str) -> html.Div:
    """The yearly series is kept per région: a département or an EPCI shows its région's."""
    series = api().series(region) if region else api().series()
    nation = api().series()
    fig = go.Figure([go.Scatter(x=[p["date"] for p in s["items"]], y=[p["population_share"] for p in s["items"]],
                                name=s["nom"], mode="lines+markers") for s in (series, nation)])
    figure_layout(fig, t("trend_title", lang)).update_layout(yaxis_tickformat=".0%")
    note = "" if level == "region" else t("trend_of_region", lang).format(region=series["nom"])
    return html.Div([dcc.Graph(figure=fig, config={"displaylogo": False, "displayModeBar": False}),
                     html.P(note, className="note")], id="t-trend")


def _rural(level: str, code: str, lang: str) -> html.Div | None:
    if level == "epci":
        return None
    density = api().density(level, code)
    rows = [{"class": t(f"density_{c['density_class']}", lang),
             "communes": f"{c['communes_covered']} / {c['communes']}",
             "share": percent(c["share_covered"])} for c in density["classes"]]
    return table([("class", t("density_class", lang)), ("communes", t("communes", lang)),
                  ("share", t("share_covered_col", lang))], rows, t("rural_coverage", lang))


def _epci_links(qpv: list[dict], level: str, lang: str) -> html.P | None:
    """The EPCI of the uncovered QPV, each to its own profile."""
    epcis = {e["code"]: e["nom"] for q in qpv for e in q["epci"]}
    if level == "epci" or not epcis:
        return None
    links = [html.A(nom, href="/territoire" + _href(lang, level="epci", code=c)) for c, nom in sorted(epcis.items())]
    return html.P([t("epci", lang) + " : ", *[p for link in links for p in (link, " · ")][:-1]],
                  className="no-print", id="t-epci")


def profile(level: str, code: str, lang: str) -> list:
    area, france = api().summary(level, code), api().summary()
    region = code if level == "region" else None
    qpv = api().qpv_priority(limit=1000, **_area_filter(level, code))["items"]
    if level != "region" and qpv:
        region = qpv[0]["region_code"]
    if level == "departement" and not region:
        region = next((d["region_code"] for d in api().departements()["items"] if d["code"] == code), None)
    councils = [{**c, "status": t(c["status"], lang)} for c in area["council_list"] or []]
    listed = [{"rank": q["rank"], "nom": f"{q['nom']} ({q['code']})",
               "communes": ", ".join(c["nom"] for c in q["communes"]),
               "status": t(q["status"], lang), "prevu": t("yes" if q["prevu"] else "no", lang),
               "population": q["population"], "score": q["score"]} for q in qpv[:25]]
    funding = [{"source": f["source"], "amount": number(f["amount_eur"]) + " €", "councils": f["councils"],
                "year": f["year"]} for f in area["funding"]]
    return [
        html.H2(f"{area['nom']} — {t(level, lang)}", id="t-title"),
        _kpis(area, france, lang),
        html.Div([
            table([("name", t("name", lang)), ("status", t("status", lang)), ("fte", t("fte", lang))], councils,
                  t("territory_councils", lang)),
            table([("rank", t("rank", lang)), ("nom", "QPV"), ("communes", t("communes", lang)),
                   ("status", t("status", lang)), ("prevu", t("prevu", lang)),
                   ("population", t("population", lang)), ("score", t("score", lang))], listed,
                  t("territory_qpv", lang).format(n=len(qpv))),
        ], className="grid-2"),
        html.Div([_rural(level, code, lang),
                  table([("source", t("source", lang)), ("amount", t("amount", lang)),
                         ("councils", t("kpi_active", lang)), ("year", t("year", lang))], funding,
                        t("funding_by_source", lang))], className="grid-2"),
        _trend(level, area, region, lang),
        _epci_links(qpv, level, lang),
        html.P(html.A(t("open_priorities", lang), href="/priorites" + _href(
            lang, region=region, departement=code if level == "departement" else None)), className="no-print"),
    ]


def layout(lang: str = "fr", level: str = "region", code: str | None = None, **_) -> html.Div:
    level = level if level in LEVELS else "region"
    try:
        regions = api().regions()["items"]
        body = profile(level, code, lang) if code else [html.P(t("territory_pick", lang))]
    except ApiError as exc:
        return error_box(exc, lang)
    links = [html.A(r["nom"], href="/territoire" + _href(lang, level="region", code=r["code"]))
             for r in regions]
    return html.Div([
        html.Div([html.Span(t("territory_regions", lang) + " : "),
                  *[part for link in links for part in (link, " · ")][:-1]], className="no-print", id="t-regions"),
        html.Button(t("print_a4", lang), id="t-print", className="button no-print"),
        html.Div(body, id="t-profile", className="print-a4"),
    ])


dash.clientside_callback("function (n) { if (n) { window.print(); } return ''; }",
                         Output("t-print", "title"), Input("t-print", "n_clicks"), prevent_initial_call=True)
