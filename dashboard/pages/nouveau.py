"""Nouveau CLSM (editors, admins): the few fields a council needs to exist; the rest is edited on its
card afterwards. The id defaults to the next free CLSM-NNNN; région and département come from the
territory."""
import dash
from dash import Input, Output, State, callback, dcc, html

from core.models import COUNCIL_STATUSES, TERRITORY_SCALES
from dashboard import session
from dashboard.client import ApiError
from dashboard.components import refusal_box, sign_in_needed
from dashboard.council_edit import codes
from dashboard.i18n import lang_of, t

dash.register_page(__name__, path="/nouveau-clsm", title="CLSM — nouveau CLSM", name="Nouveau CLSM")


def layout(lang: str = "fr", **_) -> html.Div:
    if not session.can_edit(session.current_user()):
        return sign_in_needed(lang, "/nouveau-clsm")
    return html.Div([
        html.H2(t("new_council", lang)),
        html.Div([
            html.Div([html.Label(t("edit_name", lang), htmlFor="n-name"), dcc.Input(id="n-name", type="text")]),
            html.Div([html.Label(t("edit_scale", lang), htmlFor="n-scale"),
                      dcc.Dropdown(id="n-scale", value="communal", clearable=False, options=list(TERRITORY_SCALES))]),
            html.Div([html.Label(t("status", lang), htmlFor="n-status"),
                      dcc.Dropdown(id="n-status", value="en_projet", clearable=False,
                                   options=[{"label": t(s, lang), "value": s} for s in COUNCIL_STATUSES])]),
            html.Div([html.Label(t("edit_communes", lang), htmlFor="n-communes"), dcc.Input(id="n-communes")]),
            html.Div([html.Label(t("edit_epci", lang), htmlFor="n-epci"), dcc.Input(id="n-epci")]),
        ], className="form-grid"),
        html.Button(t("create", lang), id="n-create", className="button"),
        html.Div(id="n-result", **{"aria-live": "polite"}),
    ])


@callback(Output("n-result", "children"), Input("n-create", "n_clicks"), State("n-name", "value"),
          State("n-scale", "value"), State("n-status", "value"), State("n-communes", "value"),
          State("n-epci", "value"), State("url", "search"), prevent_initial_call=True)
def create(_, name, scale, status, communes, epci, search):
    lang = lang_of(search)
    if not session.can_edit(session.current_user()):
        return sign_in_needed(lang, "/nouveau-clsm")
    try:
        council, _ = session.user_api().create_council({"name": (name or "").strip(), "scale": scale,
                                                        "status": status, "communes": codes(communes),
                                                        "epci": codes(epci)})
    except ApiError as exc:
        return refusal_box(exc, lang)
    suffix = "?lang=en" if lang == "en" else ""
    return html.Div([t("created_council", lang) + " ",
                     dcc.Link(f"{council['id']} — {council['name']}", href=f"/annuaire/{council['id']}{suffix}")],
                    className="fr-success", role="status", id="n-created")
