"""One council's card, from the directory (/annuaire/<id>); signed-in users allowed to see more get
the private panel, editors the editing forms (dashboard/council_edit.py)."""
import dash
from dash import callback, dcc, html

from dashboard import council_edit, session
from dashboard.client import ApiError
from dashboard.components import error_box, sign_in_needed
from dashboard.context import api
from dashboard.council_edit import edit_forms
from dashboard.council_view import private_panel, public_card
from dashboard.i18n import t

dash.register_page(__name__, path_template="/annuaire/<council_id>", title="CLSM — fiche", name="Fiche")
save = callback(*council_edit.SAVE_CALLBACK, prevent_initial_call=True)(council_edit.save)


def signed_in_parts(c: dict, lang: str) -> list:
    """Private panel and forms, only for whom the API would serve them (it checks again)."""
    user = session.current_user()
    if not session.can_read_private(user, c["region_code"]):
        return []
    try:
        private, etag = session.user_api().private_council(c["id"])
    except ApiError as exc:  # 401: the session ended (token expired or revoked) -> say so, offer to sign in
        return [sign_in_needed(lang, f"/annuaire/{c['id']}") if exc.status == 401 else error_box(exc, lang)]
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
