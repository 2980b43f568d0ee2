"""One council's card, from the directory (/annuaire/<id>); signed-in users allowed to see more get
the private panel, editors the editing forms (dashboard/council_edit.py)."""
import dash
from dash import dcc, html

from dashboard import session
from dashboard.client import ApiError
from dashboard.components import error_box, number, table
from dashboard.context import api
from dashboard.council_edit import edit_forms, private_panel
from dashboard.i18n import label_or, t

dash.register_page(__name__, path_template="/annuaire/<council_id>", title="CLSM — fiche", name="Fiche")


def public_card(c: dict, lang: str) -> list:
    return [
        html.H2(c["name"]),
        html.P(f"{t(c['status'], lang)} · {c['scale']} · {c['region_nom']} · {number(c['population'])} "
               f"{t('inhabitants', lang)} · {t('fte', lang)} {c['fte']} · {t('budget', lang)} "
               f"{number(c['budget_eur'])} € · {t('quality', lang)} {c['quality_score']}", id="fiche-summary"),
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
            ], id="fiche-history"),
        ], className="grid-2"),
    ]


def signed_in_parts(c: dict, lang: str) -> list:
    """Private panel and forms, only for whom the API would serve them (it checks again)."""
    user = session.current_user()
    if not session.can_read_private(user, c["region_code"]):
        return []
    try:
        private, etag = session.user_api().private_council(c["id"])
    except ApiError as exc:
        return [error_box(exc, lang)]
    parts = [html.Div(private_panel(private, lang), id="fiche-private")]
    if session.can_edit(user):
        parts += [edit_forms(private, lang), html.Div(id="fiche-message", **{"aria-live": "polite"}),
                  dcc.Store(id="fiche-etag", data=etag), dcc.Store(id="fiche-id", data=c["id"])]
    return parts


def layout(council_id: str = "", lang: str = "fr", **_) -> html.Div:
    try:
        c = api().council(council_id)
    except ApiError as exc:
        return error_box(exc, lang)
    return html.Div([
        dcc.Link(t("back", lang), href="/annuaire" + ("?lang=en" if lang == "en" else "")),
        html.Div(public_card(c, lang), id="fiche-public"),
        *signed_in_parts(c, lang),
    ])
