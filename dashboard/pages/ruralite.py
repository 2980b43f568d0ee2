"""Ruralité: share of inhabitants covered by density class (France, régions), rural communes of
multi-commune councils, and uncovered rural EPCI (docs/coverage-history.md, docs/coverage-density.md)."""
import dash
import dash_ag_grid as dag
import plotly.graph_objects as go
from dash import Input, Output, State, callback, dcc, html

from dashboard.client import ApiError
from dashboard.components import (
    BLUE,
    chart,
    download_link,
    error_box,
    figure_layout,
    grid_columns,
    kpi,
    number,
    percent,
    query_sync,
)
from dashboard.context import api
from dashboard.i18n import lang_of, t

dash.register_page(__name__, path="/ruralite", title="CLSM — ruralité", name="Ruralité")
SYNC = query_sync("rural", {"region": ("r-region", "value"), "min_rural": ("r-min-rural", "value")})
CLASSES = ("dense", "intermediaire", "rural")
RURAL, URBAN = "#D55E00", "#0072B2"  # Okabe-Ito, as components.STATUS_COLOURS
REACH_COLUMNS = ["name", "scale", "departement_code", "n_communes", "rural_communes", "rural_communes_share",
                 "population", "rural_population_share", "main_commune", "main_commune_share"]
EPCI_COLUMNS = ["code", "nom", "type", "departement_code", "population", "n_communes", "rural_communes",
                "rural_population_share", "planned"]
HEADERS = {"name": "name", "scale": "scale", "departement_code": "departement", "n_communes": "n_communes",
           "rural_communes": "rural_communes", "rural_communes_share": "rural_communes_share",
           "population": "population", "rural_population_share": "rural_population_share",
           "main_commune": "main_commune", "main_commune_share": "main_commune_share", "code": "code",
           "nom": "name", "type": "type", "planned": "planned_here"}
SHARES = {"rural_communes_share", "rural_population_share", "main_commune_share"}


def min_share(raw) -> float:
    try:
        return min(1.0, max(0.0, float(raw)))
    except (TypeError, ValueError):
        return 0.5


def columns(keys: list[str], lang: str) -> list[dict]:
    return grid_columns(keys, HEADERS, lang, tuple(SHARES))


def layout(lang: str = "fr", region: str | None = None, min_rural: str | None = None, **_) -> html.Div:
    try:
        regions = api().regions()["items"]
    except ApiError as exc:
        return error_box(exc, lang)
    return html.Div([
        html.H2(t("rural_title", lang)),
        html.P(t("density_thresholds", lang), id="r-thresholds", className="caveat"),
        dcc.Loading(html.Div(id="r-density")),
        html.Div([
            html.Div([html.Label(t("region", lang), htmlFor="r-region"),
                      dcc.Dropdown(id="r-region", value=region, placeholder=t("all_france", lang),
                                   options=[{"label": r["nom"], "value": r["code"]} for r in regions])]),
        ], className="filters"),
        html.H2(t("rural_reach_title", lang)),
        html.P(t("rural_reach_note", lang)),
        html.Div(id="r-reach-totals"),
        dag.AgGrid(id="r-reach", columnDefs=columns(REACH_COLUMNS, lang), rowData=[], style={"height": "320px"},
                   dashGridOptions={"pagination": True}),
        html.H2(t("uncovered_rural_title", lang)),
        html.Div([html.Div([html.Label(t("min_rural_share", lang), htmlFor="r-min-rural"),
                            dcc.Slider(id="r-min-rural", min=0, max=1, step=0.1, value=min_share(min_rural),
                                       marks={i / 4: f"{i * 25}\u202f%" for i in range(5)})],
                           className="slider-wide")], className="filters"),
        dag.AgGrid(id="r-epci", columnDefs=columns(EPCI_COLUMNS, lang), rowData=[], style={"height": "320px"},
                   dashGridOptions={"pagination": True}),
        html.Div(id="r-error"), SYNC,
    ])


@callback(Output("r-density", "children"), Input("url", "pathname"), State("url", "search"))
def density(_, search):
    """France by class and every région (rural vs dense/intermediate): independent of the filters."""
    lang = lang_of(search)
    try:
        nation = api().density()
        by_region = api().density_regions()["items"]
    except ApiError as exc:
        return error_box(exc, lang)
    classes = {c["density_class"]: c for c in nation["classes"]}
    gap = nation["rural_gap"]
    kpis = html.Div([
        kpi(t("kpi_rural_share", lang), percent(nation["rural_share_covered"], lang),
            f"{number(classes.get('rural', {}).get('population_covered'), lang=lang)} / "
            f"{number(classes.get('rural', {}).get('population'), lang=lang)} {t('inhabitants', lang)}"),
        kpi(t("kpi_urban_share", lang), percent(nation["urban_share_covered"], lang)),
        kpi(t("kpi_rural_gap", lang), "–" if gap is None else f"{gap * 100:+.1f}"),
    ], className="kpis", id="r-kpis")
    national = go.Figure(go.Bar(
        x=[t(f"density_{k}", lang) for k in CLASSES if k in classes],
        y=[100 * (classes[k]["share_covered"] or 0) for k in CLASSES if k in classes],
        marker_color=[BLUE, URBAN, RURAL][:len(classes)],
        customdata=[f"{number(classes[k]['population_covered'], lang=lang)} / "
                    f"{number(classes[k]['population'], lang=lang)}"
                    for k in CLASSES if k in classes],
        hovertemplate="%{x}: %{y:.1f} % (%{customdata})<extra></extra>"))
    national.update_yaxes(title=t("share_pct", lang), range=[0, 100])
    names = [r["nom"] for r in by_region]
    regional = go.Figure([
        go.Bar(x=names, y=[_pct(r["rural_share_covered"]) for r in by_region], name=t("density_rural", lang),
               marker_color=RURAL),
        go.Bar(x=names, y=[_pct(r["urban_share_covered"]) for r in by_region], name=t("urban", lang),
               marker_color=URBAN, marker_pattern_shape="/"),  # pattern: not told apart by colour alone
    ])
    regional.update_layout(barmode="group")
    regional.update_yaxes(title=t("share_pct", lang), range=[0, 100])
    source = t("source_density", lang)
    national_rows = [{"classe": k, **{c: classes[k][c] for c in ("population", "population_covered", "share_covered")}}
                     for k in CLASSES if k in classes]
    region_rows = [{c: r.get(c) for c in ("code", "nom", "rural_share_covered", "urban_share_covered")}
                   for r in by_region]
    return [kpis, html.Div([
        chart(figure_layout(national, t("density_national", lang), lang), source,
              download_link(national_rows, lang), "r-chart-national", lang),
        chart(figure_layout(regional, t("density_by_region", lang) + f"<br><sup>{t('national_figure', lang)}</sup>",
                            lang), source, download_link(region_rows, lang), "r-chart-regions", lang),
    ], className="grid-2")]


def _pct(share: float | None) -> float | None:
    return None if share is None else 100 * share


@callback(Output("r-reach", "rowData"), Output("r-reach-totals", "children"), Output("r-epci", "rowData"),
          Output("r-error", "children"), Input("r-region", "value"), Input("r-min-rural", "value"),
          State("url", "search"))
def lists(region, min_rural, search):
    lang = lang_of(search)
    try:
        reach = api().rural_reach(region=region, limit=1000)  # multi-commune councils: a few hundred at most
        epci = api().every_item(api().uncovered_rural_epci, min_rural_share=min_share(min_rural), region=region)
    except ApiError as exc:
        return [], None, [], error_box(exc, lang)
    totals = reach["totals"]
    summary = html.P(
        f"{t('rural_reach_totals', lang)} : {number(totals['councils'], lang=lang)} {t('councils', lang)}, "
        f"{number(totals['rural_communes'], lang=lang)} / {number(totals['communes'], lang=lang)} "
        f"{t('rural_communes', lang)}, "
        f"{percent(totals['rural_population_share'], lang)} {t('rural_population_share', lang)}", id="r-totals")
    rows = [{c: r[c] for c in REACH_COLUMNS} for r in reach["items"]]
    return rows, summary, epci_rows(epci, lang), None


def epci_rows(items: list[dict], lang: str) -> list[dict]:
    return [{**{c: e[c] for c in EPCI_COLUMNS}, "planned": t("yes" if e["planned"] else "no", lang)} for e in items]
