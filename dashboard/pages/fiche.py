"""One council's card, from the directory (/annuaire/<id>)."""
import dash
from dash import dcc, html

from dashboard.client import ApiError
from dashboard.components import error_box, number, table
from dashboard.context import api
from dashboard.i18n import label_or, t

dash.register_page(__name__, path_template="/annuaire/<council_id>", title="CLSM — fiche", name="Fiche")


def layout(council_id: str = "", lang: str = "fr", **_) -> html.Div:
    try:
        c = api().council(council_id)
    except ApiError as exc:
        return error_box(exc, lang)
    return html.Div([
        dcc.Link(t("back", lang), href="/annuaire" + ("?lang=en" if lang == "en" else "")),
        html.H2(c["name"]),
        html.P(f"{t(c['status'], lang)} · {c['scale']} · {c['region_nom']} · {number(c['population'])} "
               f"{t('inhabitants', lang)} · {t('fte', lang)} {c['fte']} · {t('budget', lang)} "
               f"{number(c['budget_eur'])} € · {t('quality', lang)} {c['quality_score']}"),
        html.Div([
            table([("code", "INSEE"), ("nom", t("name", lang)), ("type", t("type", lang)), ("population", t("population", lang))],
                  c["territory"], t("territory", lang)),
            html.Div([
                html.P([html.Strong(t("funding", lang) + " : "),
                        ", ".join(label_or("funding_" + s, s, lang) for s in c["funding_sources"])]),
                table([("status", t("status", lang)), ("from_date", t("date", lang)), ("note", t("note", lang))],
                      [{**h, "status": t(h["status"], lang)} for h in c["status_history"]],
                      t("history", lang)),
                table([("code", "QPV"), ("nom", t("name", lang)), ("share", t("share", lang))], c["qpv"], "QPV"),
            ]),
        ], className="grid-2"),
    ])
