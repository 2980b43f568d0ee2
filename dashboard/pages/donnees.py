"""Données: the exports first (what a researcher comes for), then sources, vintages, licences and
hashes, and the coverage definition."""
import dash
from dash import html

from dashboard.client import ApiError
from dashboard.components import error_box, table
from dashboard.context import api
from dashboard.formatting import day, number
from dashboard.i18n import t

dash.register_page(__name__, path="/donnees", title="CLSM — données", name="Données")
FORMATS = ("csv", "geojson", "gpkg")


def layout(lang: str = "fr", **_) -> html.Div:
    try:
        sources = api().sources()["sources"]
    except ApiError as exc:
        return error_box(exc, lang)
    groups = [html.Div([html.H3(t(f"export_{kind}", lang)),
                        html.Ul([html.Li(html.A(f"{t('export_' + kind, lang)} — {t('fmt_' + fmt, lang)}",
                                                href=api().export_url(kind, fmt), download="", className="button"))
                                 for fmt in FORMATS], className="export-list")])
              for kind in ("councils", "qpv")]
    rows = [{**s, "sha256": s["sha256"][:12] + "…", "rows_loaded": number(s["rows_loaded"], lang=lang),
             "loaded_at": day(s["loaded_at"], lang)} for s in sources]
    return html.Div([
        html.H2(t("exports_title", lang)), html.P(t("exports_hint", lang)),
        html.Div(groups, id="exports", className="grid-2"),
        html.P(html.A(t("metadata", lang), href=api().export_url("metadata", "json"))),
        html.H2(t("sources_title", lang)),
        table([("name", t("source", lang)), ("vintage", t("vintage", lang)), ("licence", t("licence", lang)),
               ("origin", t("origin", lang)), ("sha256", t("hash_short", lang)),
               ("rows_loaded", t("rows", lang)), ("loaded_at", t("loaded_at", lang))], rows, lang=lang),
        html.H2(t("definition_title", lang)), html.P(t("definition", lang)),
    ])
