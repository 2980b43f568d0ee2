"""Connexion: username and password sent to the API by the server (never by page scripts); the
token stays in the session cookie. ARS users then land on their région, the national centre on the
directory."""
import dash
from dash import Input, Output, State, callback, dcc, html

from dashboard import session
from dashboard.client import ApiError
from dashboard.i18n import lang_of, t

dash.register_page(__name__, path="/connexion", title="CLSM — connexion", name="Connexion")


def layout(lang: str = "fr", next: str = "", **_) -> html.Div:  # noqa: A002 (the query key)
    expired = session.just_expired()
    notice = html.Div(t("session_expired", lang), className="fr-alert", role="alert") if expired else None
    user = session.current_user()
    return html.Div([
        html.H2(t("sign_in_title", lang)),
        notice,
        html.P(t("signed_in_as", lang) + " " + user["username"], className="fr-success") if user else None,
        html.Div([  # not a <form>: a browser submit would put the password in the URL
            html.Label(t("username", lang), htmlFor="login-username"),
            dcc.Input(id="login-username", type="text", autoComplete="username", required=True),
            html.Label(t("password", lang), htmlFor="login-password"),
            dcc.Input(id="login-password", type="password", autoComplete="current-password", required=True),
            html.Button(t("sign_in", lang), id="login-submit", type="button", className="button"),
        ], className="stacked", id="login-form"),
        html.Div(id="login-message", **{"aria-live": "assertive"}),
        html.P(t("sign_in_who", lang)),
        dcc.Store(id="login-next", data=next),
        dcc.Location(id="login-redirect", refresh=True),
    ])


def landing(user: dict, next_path: str | None, lang: str) -> str:
    """Where to go after signing in: back where the user came from (a path of this site only), else
    an ARS on its région's overview, the national centre on the directory."""
    suffix = "lang=en" if lang == "en" else ""
    if next_path := session.safe_next(next_path):
        return next_path + (f"?{suffix}" if suffix else "")
    if user["role"] == "ars" and user["region_code"]:
        return f"/vue-ensemble?region={user['region_code']}" + (f"&{suffix}" if suffix else "")
    return "/annuaire" + (f"?{suffix}" if suffix else "")


def login_error(exc: ApiError, lang: str) -> str:
    if exc.status == 401:
        return t("login_wrong", lang)
    if exc.status == 429:
        wait = exc.retry_after or 60
        return t("login_locked", lang).format(minutes=max(1, -(-wait // 60)))
    return f"{t('error', lang)} — {exc.title}: {exc.detail}"


@callback(Output("login-message", "children"), Output("login-redirect", "href"), Output("login-password", "value"),
          Input("login-submit", "n_clicks"), Input("login-password", "n_submit"), State("login-username", "value"),
          State("login-password", "value"), State("login-next", "data"), State("url", "search"),
          prevent_initial_call=True)
def sign_in(_, __, username, password, next_path, search):
    lang = lang_of(search)
    if not username or not password:
        return html.Div(t("login_missing", lang), className="fr-alert", role="alert"), dash.no_update, dash.no_update
    try:
        user = session.sign_in(username.strip(), password)
    except ApiError as exc:
        # The password field is emptied; the username stays for a retry.
        return html.Div(login_error(exc, lang), className="fr-alert", role="alert", id="login-error"), \
            dash.no_update, ""
    return html.Div(t("signed_in_as", lang) + " " + user["username"], className="fr-success"), \
        landing(user, next_path, lang), ""
