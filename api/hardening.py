"""Hardening middleware: security headers, CORS from settings, request size limit, per-visitor rate
limit of anonymous requests. Pure ASGI (no response buffering)."""
import hmac
import json
import logging

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from starlette.concurrency import run_in_threadpool

from core import ratelimit
from core.ratelimit import visitor_address
from core.security import SERVICE_HEADER, VISITOR_HEADER, decode_access_token, service_token
from core.settings import Settings

log = logging.getLogger("clsm.hardening")

SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"content-security-policy", b"frame-ancestors 'none'"),
    (b"referrer-policy", b"no-referrer"),
]
MULTIPART_OVERHEAD = 64 * 1024  # form fields and boundaries around an uploaded file


async def send_problem(send, status: int, title: str, detail: str, headers: list | None = None) -> None:
    body = json.dumps({"type": "about:blank", "title": title, "status": status, "detail": detail}).encode()
    await send({"type": "http.response.start", "status": status, "headers": [
        (b"content-type", b"application/problem+json"), (b"content-length", str(len(body)).encode()),
        *(headers or [])]})
    await send({"type": "http.response.body", "body": body})


class SecurityHeaders:
    """Also: an answer to a request carrying credentials is never stored by a shared cache."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        credentials = b"authorization" in dict(scope["headers"])

        async def with_headers(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                if credentials:
                    headers = [(k, v.replace(b"public", b"private") if k.lower() == b"cache-control" else v)
                               for k, v in headers] + [(b"vary", b"Authorization")]
                present = {k.lower() for k, _ in headers}
                message["headers"] = headers + [(k, v) for k, v in SECURITY_HEADERS if k not in present]
            await send(message)

        await self.app(scope, receive, with_headers)


class BodySizeLimit:
    """413 before reading a body whose Content-Length is too large; stops a chunked one mid-way."""

    def __init__(self, app, max_bytes: int):
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        length = dict(scope["headers"]).get(b"content-length")
        if length and length.isdigit() and int(length) > self.max_bytes:
            return await send_problem(send, 413, "Payload too large", f"request body over {self.max_bytes} bytes")
        state = {"seen": 0, "started": False, "rejected": False}

        async def counted():
            if state["rejected"]:
                return {"type": "http.disconnect"}
            message = await receive()
            state["seen"] += len(message.get("body", b""))
            if state["seen"] > self.max_bytes and not state["rejected"]:
                # Answer now and tell the app the client left: body parsers catch exceptions, not this.
                state["rejected"] = True
                if not state["started"]:
                    await send_problem(send, 413, "Payload too large", f"request body over {self.max_bytes} bytes")
                return {"type": "http.disconnect"}
            return message

        async def guarded_send(message):
            if state["rejected"]:
                return  # the 413 went out already
            state["started"] = True
            await send(message)

        await self.app(scope, counted, guarded_send)


class RateLimit:
    """Fixed one-minute window per visitor address, counted in PostgreSQL (core.ratelimit: shared by
    every worker). The visitor is the peer, the address a trusted proxy forwards (X-Forwarded-For),
    or the one the dashboard names (X-CLSM-Visitor) when it proves to be the dashboard with the
    service token (X-CLSM-Service). Requests with a valid bearer token are not limited: they are
    accountable. If the count cannot be kept (database down), requests pass: the routes answer 503."""

    def __init__(self, app, settings: Settings, per_minute: int):
        self.app, self.settings, self.per_minute = app, settings, per_minute
        self.service_token = service_token(settings).encode()
        self.limiter = ratelimit.Limiter(settings.database_url, per_minute)

    def _authenticated(self, headers: dict) -> bool:
        auth = headers.get(b"authorization", b"").decode("latin-1")
        if not auth.lower().startswith("bearer "):
            return False
        try:
            decode_access_token(self.settings, auth[7:].strip())
            return True
        except Exception:  # noqa: BLE001 - any bad token is simply anonymous here
            return False

    def visitor(self, scope, headers: dict) -> str | None:
        """None: the dashboard itself, with no visitor behind the call (not limited)."""
        given = headers.get(SERVICE_HEADER)
        if given is not None and hmac.compare_digest(given, self.service_token):
            named = headers.get(VISITOR_HEADER, b"").decode("latin-1").strip()[:64]
            return named or None
        peer = (scope.get("client") or ("unknown", 0))[0]
        forwarded = headers.get(b"x-forwarded-for", b"").decode("latin-1")
        return visitor_address(peer, forwarded, self.settings.trusted_proxies)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = dict(scope["headers"])
        visitor = self.visitor(scope, headers)
        scope.setdefault("state", {})["visitor"] = visitor or "dashboard"
        if visitor is None or self.per_minute <= 0 or self._authenticated(headers):
            return await self.app(scope, receive, send)
        key = f"api:{visitor}"
        try:
            retry = self.limiter.known_over(key)  # no thread, no database for a known abuser
            if retry is None:
                retry = await run_in_threadpool(self.limiter.check, key)
        except Exception as exc:  # noqa: BLE001 - fail open: the limiter must not take the service down
            log.warning("rate limit not counted: %s", str(exc).splitlines()[0][:200])
            return await self.app(scope, receive, send)
        if retry is not None:
            return await send_problem(send, 429, "Too many requests",
                                      f"more than {self.per_minute} requests a minute from this address; "
                                      "retry later or log in", [(b"retry-after", str(retry).encode())])
        await self.app(scope, receive, send)


def install(app: FastAPI, settings: Settings) -> None:
    """Added innermost first: security headers wrap everything, even 413 and 429 answers."""
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_upload_bytes + MULTIPART_OVERHEAD)
    app.add_middleware(RateLimit, settings=settings, per_minute=settings.rate_limit_per_minute)
    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins, allow_credentials=False,
                           allow_methods=["GET", "POST", "PATCH"],
                           allow_headers=["Authorization", "Content-Type", "If-Match", "If-None-Match"],
                           expose_headers=["ETag", "Location", "Retry-After"], max_age=600)
    app.add_middleware(SecurityHeaders)
