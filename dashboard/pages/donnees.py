"""Données: sources, vintages, licences, hashes; every export; the coverage definition."""
import dash
from dash import html

from dashboard.client import ApiError
from dashboard.components import error_box, table
from dashboard.context import api
from dashboard.i18n import t

dash.register_page(__name__, path="/donnees", title="CLSM — données", name="Données")


def layout(lang: str = "fr", **_) -> html.Div:
    try:
        sources = api().sources()["sources"]
    except ApiError as exc:
        return error_box(exc, lang)
    links = [html.A(f"{kind} · {fmt.upper()}", href=api().export_url(kind, fmt), className="button",
                    download="", style={"marginRight": "8px", "marginBottom": "8px"})
             for kind in ("councils", "qpv") for fmt in ("csv", "geojson", "gpkg")]
    return html.Div([
        html.H2(t("sources_title", lang)),
        table([("name", t("source", lang)), ("vintage", t("vintage", lang)), ("licence", t("licence", lang)),
               ("origin", "origine" if lang == "fr" else "origin"), ("sha256", "SHA-256"),
               ("rows_loaded", t("rows", lang)), ("loaded_at", t("loaded_at", lang))], sources),
        html.H2(t("exports_title", lang)), html.Div(links, id="exports"),
        html.P(html.A(t("metadata", lang), href=api().export_url("metadata", "json"))),
        html.H2(t("definition_title", lang)), html.P(t("definition", lang)),
    ])
