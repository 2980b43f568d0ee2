"""Who is signed in to the dashboard. The API token lives in the Flask session: a signed, HttpOnly,
SameSite=Strict cookie that page scripts cannot read; it never goes into a dcc.Store or a URL.

The role and région kept here only decide which controls to show; the API checks them on every call."""
import hashlib
import hmac
import time
from urllib.parse import unquote, urlsplit

import flask

from core.security import signing_key
from core.settings import Settings
from dashboard.client import ApiClient, ApiError
from dashboard.context import api

KEY = "clsm_user"
EXPIRED = "clsm_expired"
EDITORS = ("editor", "admin")


def cookie_key(settings: Settings) -> str:
    """Derived from the API's signing key (never that key itself); without CLSM_SECRET_KEY that is
    core.security's random per-process key, with its warning."""
    return hmac.new(signing_key(settings).encode(), b"clsm dashboard session cookie", hashlib.sha256).hexdigest()


def configure(server: flask.Flask, settings: Settings) -> None:
    server.secret_key = cookie_key(settings)
    server.config.update(SESSION_COOKIE_NAME="clsm_session", SESSION_COOKIE_HTTPONLY=True,
                         SESSION_COOKIE_SAMESITE="Strict", SESSION_COOKIE_SECURE=settings.dashboard_cookie_secure)
    # POST (a form), not a link: another site cannot sign people out with an <img> or a link.
    server.add_url_rule("/deconnexion", "sign_out", _sign_out_view, methods=["POST"])


def _sign_out_view():
    sign_out()
    lang = flask.request.args.get("lang")
    return flask.redirect("/?lang=en" if lang == "en" else "/")


def sign_in(username: str, password: str) -> dict:
    """Ask the API for a token, then who we are; keep both in the session. Raises ApiError."""
    client = api()
    answer = client.login(username, password, client_ip=flask.request.remote_addr)
    me = client.with_token(answer["access_token"]).me()
    user = {"username": me["username"], "role": me["role"], "region_code": me["region_code"],
            "token": answer["access_token"], "expires_at": time.time() + answer["expires_in"] - 30}
    flask.session.clear()
    flask.session[KEY] = user
    return user


def safe_next(path: str | None) -> str | None:
    """The path of this site to return to after signing in, or None. Browsers drop tabs and newlines
    inside a URL and read a backslash as a slash ('/\t/evil.example' is '//evil.example' to them), so
    the value is percent-decoded until stable, refused with any control character, space or
    backslash, and kept only as a path: no scheme, no host, one leading slash."""
    if not path:
        return None
    decoded = path
    for _ in range(4):
        decoded, previous = unquote(decoded), decoded
        if decoded == previous:
            break
    if any(ch <= " " or ch in "\\\x7f" for ch in decoded) or not decoded.startswith("/") or decoded.startswith("//"):
        return None
    parts = urlsplit(decoded)
    if parts.scheme or parts.netloc:
        return None
    return parts.path


def sign_out(expired: bool = False) -> None:
    flask.session.clear()
    if expired:
        flask.session[EXPIRED] = True


def current_user() -> dict | None:
    """{username, role, region_code} of the signed-in user, or None (also once the token has expired)."""
    user = flask.session.get(KEY)
    if user and user["expires_at"] < time.time():
        sign_out(expired=True)
        return None
    return {k: user[k] for k in ("username", "role", "region_code")} if user else None


def just_expired() -> bool:
    """True once after the session ended by itself (to say so instead of a bare 'sign in')."""
    return bool(flask.session.pop(EXPIRED, False))


def can_edit(user: dict | None) -> bool:
    return bool(user) and user["role"] in EDITORS


def can_read_private(user: dict | None, region_code: str | None) -> bool:
    """Mirrors api.auth.may_read_private: the national centre everywhere, an ARS in its own région."""
    if not user:
        return False
    return user["role"] in EDITORS or (user["role"] == "ars" and region_code is not None
                                       and region_code == user["region_code"])


class SignedInClient:
    """The app's client with the session's token; a 401 (token expired or revoked, user disabled)
    ends the session, so the next page shows the sign-in message."""

    def __init__(self, client: ApiClient):
        self._client = client

    def __getattr__(self, name):
        method = getattr(self._client, name)
        if not callable(method):
            return method

        def call(*args, **kwargs):
            try:
                return method(*args, **kwargs)
            except ApiError as exc:
                if exc.status == 401:
                    sign_out(expired=True)
                raise
        return call


def user_api() -> ApiClient:
    """A client acting as the signed-in user. Public reads keep using context.api(): anonymous
    answers are cached by the API, signed-in ones never are."""
    user = flask.session.get(KEY)
    if not user:
        raise ApiError(401, "Not signed in", "sign in first")
    return SignedInClient(api().with_token(user["token"]))  # type: ignore[return-value]
