"""Vue d'ensemble: KPIs, funding, coordination FTE and creations of the chosen area (région or
département); the two by-région charts say they are national and highlight the chosen région."""
import dash
from dash import Input, Output, State, callback, dcc, html

from dashboard.bar_chart import Bar, columns, horizontal_bars
from dashboard.client import ApiError
from dashboard.components import download_link, error_box, kpi, query_sync
from dashboard.context import api
from dashboard.formatting import euros, number, percent
from dashboard.i18n import label_or, lang_of, t

dash.register_page(__name__, path="/vue-ensemble", title="CLSM — vue d'ensemble", name="Vue d'ensemble")
SYNC = query_sync("overview", {"region": ("f-region", "value"), "departement": ("f-departement", "value")})


def layout(lang: str = "fr", region: str | None = None, departement: str | None = None, **_) -> html.Div:
    """Drawn whole here, filters, KPIs and charts: no callback round trip before the first chart
    (and the département's options are there before its dropdown checks its value against them)."""
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
                      dcc.Dropdown(id="f-departement", value=departement, options=departements_of(region),
                                   placeholder=t("all_departements", lang))]),
        ], className="filters"),
        dcc.Loading(html.Div(body(region, departement, lang), id="overview-body")), SYNC,
    ])


@callback(Output("f-departement", "options"), Input("f-region", "value"), prevent_initial_call=True)
def departement_options(region):
    return departements_of(region)


def departements_of(region: str | None) -> list[dict]:
    if not region:
        return []
    try:
        items = api().departements(region)["items"]
    except ApiError:
        return []  # the body callback shows the error
    return [{"label": f"{d['code']} {d['nom']}", "value": d["code"]} for d in items]


def area_of(region: str | None, departement: str | None) -> tuple[str, str | None]:
    """The level and code every figure of the page follows: the département when chosen, else the région."""
    if departement:
        return "departement", departement
    return ("region", region) if region else ("national", None)


@callback(Output("overview-body", "children"), Input("f-region", "value"), Input("f-departement", "value"),
          State("url", "search"), prevent_initial_call=True)
def overview(region, departement, search):
    return body(region, departement, lang_of(search))


def body(region: str | None, departement: str | None, lang: str) -> list:
    """KPIs and the five charts of the area."""
    level, code = area_of(region, departement)
    area = {"region": region if not departement else None, "departement": departement}
    try:
        s = api().summary(level, code)
        funding = api().funding("source", **area)
        by_region = api().funding("region")
        fte = api().fte(**area)
        created = api().created_per_year(**area)["items"]
    except ApiError as exc:
        return error_box(exc, lang)
    name, register = s["nom"], t("source_register_demo" if s["demo_data"] else "source_register", lang)
    kpis = html.Div([
        kpi(t("kpi_active", lang), number(s["councils"]["actif"], lang=lang), name),
        kpi(t("kpi_planned", lang), number(s["councils"]["en_projet"], lang=lang)),
        kpi(t("kpi_population", lang), number(s["population"]["covered"], lang=lang),
            percent(s["population"]["share"], lang=lang)),
        kpi(t("kpi_qpv_covered", lang), number(s["qpv"]["couvert"]["count"], lang=lang),
            f"/ {number(s['qpv']['total'], lang=lang)}"),
        kpi(t("kpi_qpv_uncovered", lang), number(s["qpv"]["uncovered"]["count"], lang=lang)),
        kpi(t("kpi_fte", lang), number(s["fte"]["total"], 1, lang),
            f"{number(s['fte']['per_100k'], 2, lang)} {t('per_100k', lang)}"),
        kpi(t("co_funded", lang), percent(funding["co_funded_share"], lang=lang)),
    ], className="kpis", id="kpis")
    charts = [
        funding_chart(funding, name, register, lang),
        by_region_chart(by_region["items"], "amount_eur", region, lang, register, year=_year(by_region)),
        fte_chart(fte, name, register, lang),
        by_region_chart(fte["by_region"], "fte_per_100k", region, lang, register),
        created_chart(created, name, register, lang),
    ]
    return [kpis, html.Div(charts, className="grid-2", id="overview-charts")]


def _year(funding: dict) -> int | None:
    return funding["items"][0]["year"] if funding["items"] else None


# Plain HTML bars (dashboard/bar_chart.py): no plotly.js on this page, whose charts are all bars.
def funding_chart(funding: dict, area: str, source: str, lang: str) -> html.Figure:
    items, year = funding["items"], _year(funding)
    labels = [label_or(f"funding_{i['key']}", i["label"], lang) for i in items]
    detail = f"{year or '–'} · {t('total', lang)} {euros(funding['total_eur'], lang)}"
    bars = [Bar(label, i["amount_eur"] / 1e6, euros(i["amount_eur"], lang)) for label, i in zip(labels, items)]
    rows = [{"source": label, "amount_eur": i["amount_eur"], "year": i["year"]} for label, i in zip(labels, items)]
    return horizontal_bars("chart-funding", f"{t('funding_by_source', lang)} — {area}", detail, bars,
                           t("amount_meur", lang), t("source", lang).capitalize(), source, _download(rows, lang), lang)


def by_region_chart(items: list[dict], key: str, region: str | None, lang: str, source: str,
                    year: int | None = None) -> html.Figure:
    """National by design (the comparison between régions): the chosen région stands out."""
    money = key == "amount_eur"
    names = {i.get("key", i.get("code")): i.get("label", i.get("nom")) for i in items}
    codes = list(names)
    title = t("funding_by_region" if money else "fte_per_100k", lang)
    detail = t("national_figure", lang) + (f" · {year}" if year else "")
    if money:
        detail += f" · {t('total', lang)} {euros(sum(i[key] for i in items), lang)}"
    bars = [Bar(names[c], i[key] / 1e6 if money else i[key],
                euros(i[key], lang) if money else number(i[key], 2, lang), muted=bool(region) and c != region)
            for c, i in zip(codes, items)]
    rows = [{"code": c, "nom": names[c], key: i[key]} for c, i in zip(codes, items)]
    return horizontal_bars("chart-funding-regions" if money else "chart-fte-regions",
                           f"{title} — {t('all_france', lang)}", detail, bars,
                           t("amount_meur" if money else "fte_per_100k_axis", lang), t("region", lang), source,
                           _download(rows, lang), lang)


def fte_bin_label(b: dict, lang: str) -> str:
    """Half-open bins written so they do not overlap: 0,75 à < 1 then 1 then > 1."""
    low, high = b["from"], b["to"]
    if low == 1.0 and high < 1.01:
        return number(1, 0, lang)
    if low > 1:
        return f"> {number(1, 0, lang)}"
    lo, hi = (number(v, 2, lang).rstrip("0").rstrip(",.") for v in (low, high))
    return f"{lo} {t('to_below', lang)} {hi}"


def fte_chart(fte: dict, area: str, source: str, lang: str) -> html.Figure:
    labels = [fte_bin_label(b, lang) for b in fte["bins"]]
    counts = [b["councils"] for b in fte["bins"]]
    detail = (f"{number(sum(counts), lang=lang)} {t('headline_active', lang)} · "
              f"{number(fte['total'], 1, lang)} {t('fte', lang)}")
    rows = [{"bin": label, "councils": c} for label, c in zip(labels, counts)]
    return horizontal_bars("chart-fte", f"{t('fte_distribution', lang)} — {area}", detail,
                           [Bar(label, c, number(c, lang=lang)) for label, c in zip(labels, counts)],
                           t("kpi_active", lang), t("fte_axis", lang), source, _download(rows, lang), lang,
                           show_category_axis=True)


def created_chart(created: list[dict], area: str, source: str, lang: str) -> html.Figure:
    detail = f"{t('total', lang)} {number(sum(i['created'] for i in created), lang=lang)}"
    counts = {i["year"]: i["created"] for i in created}  # the API leaves out the years without any
    span = range(min(counts), max(counts) + 1) if counts else []
    years = [(y, counts.get(y, 0), number(counts.get(y, 0), lang=lang)) for y in span]  # a column a year
    return columns("chart-created", f"{t('created_per_year', lang)} — {area}", detail, years,
                   t("councils_created_axis", lang), t("year", lang).capitalize(), source,
                   _download(created, lang), lang)  # a year labelled every 5: level labels on a phone too


def _download(rows: list[dict], lang: str) -> html.A:
    return download_link(rows, lang)
