"""The dashboard facing the public: who the visitor is (behind a trusted proxy, from
X-Forwarded-For), a per-visitor limit shared by every worker (core.ratelimit, in PostgreSQL), the
visitor's address passed to the API with the dashboard's service token, and security headers."""
import logging
from urllib.parse import urlsplit

import dash
import flask

from core import ratelimit
from core.security import service_token
from core.settings import Settings
from dashboard import answer_cache, context

log = logging.getLogger("clsm.dashboard")
# Files (scripts, styles, images, the map's layers) are not counted: a page load fetches dozens of them.
UNCOUNTED = ("/_dash-component-suites/", "/assets/", "/_favicon.ico", "/favicon.ico", "/couches/")


def visitor() -> str | None:
    """The current request's visitor address; None outside a request (nobody to name)."""
    if not flask.has_request_context():
        return None
    if "clsm_visitor" not in flask.g:
        settings: Settings = flask.current_app.extensions["clsm_settings"]
        flask.g.clsm_visitor = ratelimit.visitor_address(
            flask.request.remote_addr, flask.request.headers.get("X-Forwarded-For"), settings.trusted_proxies)
    return flask.g.clsm_visitor


def _limit():
    settings: Settings = flask.current_app.extensions["clsm_settings"]
    if settings.dashboard_rate_limit_per_minute <= 0 or flask.request.path.startswith(UNCOUNTED):
        return None
    try:
        retry = flask.current_app.extensions["clsm_limiter"].check(f"dash:{visitor()}")
    except Exception as exc:  # noqa: BLE001 - fail open: the limiter must not take the site down
        log.warning("dashboard rate limit not counted: %s", str(exc).splitlines()[0][:200])
        return None
    if retry is None:
        return None
    body = ("Trop de requêtes depuis votre adresse : réessayez dans une minute. "
            "/ Too many requests from your address: retry in a minute.")
    return flask.Response(body, status=429, mimetype="text/plain", headers={"Retry-After": str(retry)})


def content_security_policy(app: dash.Dash, settings: Settings) -> str:
    """Scripts: our own files and Dash's inline renderer start-up (by hash), nothing else. Styles:
    'unsafe-inline', as Plotly and Leaflet write style elements and attributes at run time."""
    scripts = " ".join(app.csp_hashes())  # already quoted: 'sha256-…'
    tiles = ""
    if settings.basemap_url:
        parts = urlsplit(settings.basemap_url)
        tiles = f" {parts.scheme}://{parts.netloc.replace('{s}', '*')}"
    return "; ".join([
        "default-src 'self'", f"script-src 'self' {scripts}", "style-src 'self' 'unsafe-inline'",
        f"img-src 'self' data: blob:{tiles}", f"connect-src 'self'{tiles}", "font-src 'self' data:",
        "worker-src 'self' blob:", "object-src 'none'", "base-uri 'self'", "form-action 'self'",
        "frame-ancestors 'none'"])


def _headers_for(policy: str, hsts: bool) -> dict[str, str]:
    headers = {"Content-Security-Policy": policy, "X-Content-Type-Options": "nosniff",
               "X-Frame-Options": "DENY", "Referrer-Policy": "same-origin",
               "Permissions-Policy": "geolocation=(), camera=(), microphone=()",
               "Cross-Origin-Opener-Policy": "same-origin"}
    if hsts:  # only over HTTPS (the cookie setting says so): browsers ignore it on plain HTTP anyway
        headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    return headers


def install(app: dash.Dash, settings: Settings) -> None:
    """Call after context.configure (the API client must exist) and once the layout is set."""
    server = app.server
    server.extensions["clsm_settings"] = settings
    limit = settings.dashboard_rate_limit_per_minute
    server.extensions["clsm_limiter"] = ratelimit.Limiter(settings.database_url, limit)
    server.extensions[context.KEY]["api"].serve_visitors(service_token(settings), visitor)
    server.before_request(_limit)
    answer_cache.install(server, settings)  # after the limit: cached answers are counted too
    headers = {}

    @server.after_request
    def _secure(response: flask.Response) -> flask.Response:
        if not headers:  # the hashes of Dash's inline scripts are known once the app is set up
            headers.update(_headers_for(content_security_policy(app, settings), settings.dashboard_cookie_secure))
        for name, value in headers.items():
            response.headers.setdefault(name, value)
        return response
