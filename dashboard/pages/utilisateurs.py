"""Utilisateurs (admins): the accounts, a new account, disable or enable one. Every change is in the
audit log (the API writes it); passwords are typed here once and sent to the API, never shown."""
import dash
from dash import Input, Output, State, callback, ctx, dcc, html

from dashboard import session
from dashboard.client import ApiError
from dashboard.components import error_box, refusal_box, sign_in_needed, table
from dashboard.i18n import lang_of, t

dash.register_page(__name__, path="/utilisateurs", title="CLSM — utilisateurs", name="Utilisateurs")
ROLES = ("ars", "editor", "admin")


def is_admin() -> bool:
    user = session.current_user()
    return bool(user) and user["role"] == "admin"


def users_table(lang: str):
    try:
        items = session.user_api().users()["items"]
    except ApiError as exc:
        return error_box(exc, lang)
    rows = [{**u, "role": t("role_" + u["role"], lang), "disabled": t("yes" if u["disabled"] else "no", lang)}
            for u in items]
    return table([("username", t("username", lang)), ("role", t("audit_role", lang)),
                  ("region_code", t("region", lang)), ("disabled", t("user_disabled", lang))],
                 rows, t("users_title", lang))


def layout(lang: str = "fr", **_) -> html.Div:
    if not is_admin():
        return sign_in_needed(lang, "/utilisateurs")
    role_options = [{"label": t("role_" + r, lang), "value": r} for r in ROLES]
    return html.Div([
        html.H2(t("users_title", lang)),
        html.Div(users_table(lang), id="users-table"),
        html.H3(t("user_new", lang)),
        html.Div([
            html.Div([html.Label(t("username", lang), htmlFor="us-name"), dcc.Input(id="us-name", type="text")]),
            html.Div([html.Label(t("password", lang), htmlFor="us-password"),
                      dcc.Input(id="us-password", type="password", autoComplete="new-password")]),
            html.Div([html.Label(t("audit_role", lang), htmlFor="us-role"),
                      dcc.Dropdown(id="us-role", value="ars", clearable=False, options=role_options)]),
            html.Div([html.Label(t("user_region", lang), htmlFor="us-region"), dcc.Input(id="us-region", type="text")]),
            html.Button(t("create", lang), id="us-create", className="button"),
        ], className="filters"),
        html.H3(t("user_access", lang)),
        html.Div([
            html.Div([html.Label(t("username", lang), htmlFor="us-target"), dcc.Input(id="us-target", type="text")]),
            html.Button(t("user_disable", lang), id="us-disable", className="button"),
            html.Button(t("user_enable", lang), id="us-enable", className="button"),
        ], className="filters"),
        html.Div(id="us-result", **{"aria-live": "polite"}),
    ])


def change(action: str, name, password, role, region, target, lang: str):
    """action 'create', 'disable' or 'enable'; returns (message, refreshed table, password field)."""
    if not is_admin():
        return sign_in_needed(lang, "/utilisateurs"), dash.no_update, ""
    try:
        if action == "create":
            session.user_api().create_user((name or "").strip(), password or "", role, (region or "").strip() or None)
            done = (name or "").strip()
        else:
            done = (target or "").strip()
            session.user_api().change_user(done, disabled=action == "disable")
    except ApiError as exc:
        return refusal_box(exc, lang), dash.no_update, ""
    message = html.Div(f"{t('saved', lang)} {done}", className="fr-success", role="status", id="us-done")
    return message, users_table(lang), ""


@callback(Output("us-result", "children"), Output("users-table", "children"), Output("us-password", "value"),
          Input("us-create", "n_clicks"), Input("us-disable", "n_clicks"), Input("us-enable", "n_clicks"),
          State("us-name", "value"), State("us-password", "value"), State("us-role", "value"),
          State("us-region", "value"), State("us-target", "value"), State("url", "search"), prevent_initial_call=True)
def act(_, __, ___, name, password, role, region, target, search):
    action = {"us-create": "create", "us-disable": "disable", "us-enable": "enable"}[ctx.triggered_id]
    return change(action, name, password, role, region, target, lang_of(search))
