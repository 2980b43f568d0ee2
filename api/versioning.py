"""Data version, ETag and Cache-Control for every GET.

The answer to a GET depends only on the data version and the URL, so the ETag is computed before
the handler runs and a matching If-None-Match is answered 304 without touching the data."""
import hashlib
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

import psycopg
from fastapi import FastAPI
from fastapi.responses import Response
from sqlalchemy.exc import DBAPIError
from starlette.datastructures import Headers, MutableHeaders

from core.db import get_engine

VERSION_TTL_S = 1.0  # a load or an edit is seen by every worker within a second
UNCACHED = ("/health", "/docs", "/openapi.json")
# Protected answers (api/auth.py): never a shared-cache ETag; /private carries the council's own ETag.
PRIVATE = ("/private", "/auth/me", "/auth/api-tokens", "/users", "/audit", "/audit/export.csv")


@dataclass
class DataState:
    version: str
    demo_data: bool
    read_at: float


def current_state(app: FastAPI) -> DataState:
    state: DataState | None = getattr(app.state, "data_state", None)
    if state is None or time.monotonic() - state.read_at > VERSION_TTL_S:
        settings = app.state.settings
        with get_engine(settings.read_database_url or settings.database_url).connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT")  # one statement: no BEGIN/ROLLBACK trips
            state = app.state.data_state = read_state(conn)
    return state


_STATE = "SELECT (SELECT version FROM meta.data_version), EXISTS (SELECT 1 FROM register.council WHERE demo)"


def read_state(conn) -> DataState:
    """Prepared on each pooled connection at its first read: planning the version view's DISTINCT ON
    and init plans costs more than running them, and this runs every VERSION_TTL_S in each worker."""
    version, demo = conn.connection.driver_connection.execute(_STATE, prepare=True).fetchone()
    return DataState(version, demo, time.monotonic())


class ResponseCache:
    """Answers by ETag. Correct by construction: an ETag names one data version and one URL, and a
    new load changes the version. Bounded in entries, in total bytes and in the size of one answer
    (16 MB: the councils layer of a register ten times today's weighs 5 MB)."""

    def __init__(self, entries: int = 512, max_bytes: int = 16 << 20, total_bytes: int = 128 << 20):
        self.entries, self.max_bytes, self.total_bytes = entries, max_bytes, total_bytes
        self._items: OrderedDict[str, tuple[bytes, str]] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def get(self, etag: str) -> tuple[bytes, str] | None:
        with self._lock:
            item = self._items.get(etag)
            if item is not None:
                self._items.move_to_end(etag)
            return item

    def put(self, etag: str, body: bytes, media_type: str) -> None:
        if len(body) > self.max_bytes:
            return
        with self._lock:
            old = self._items.pop(etag, None)
            self._size += len(body) - (len(old[0]) if old else 0)
            self._items[etag] = (body, media_type)
            while len(self._items) > self.entries or self._size > self.total_bytes:
                self._size -= len(self._items.popitem(last=False)[1][0])


def etag_for(version: str, scope) -> str:
    query = scope.get("query_string", b"").decode("latin-1")
    digest = hashlib.blake2s(f"{scope['path']}?{query}".encode(), digest_size=6).hexdigest()
    return f'"{version}-{digest}"'


class ConditionalGet:
    """ETag, 304 and the answer cache for every public GET, as plain ASGI: no per-request task
    group or body re-streaming (Starlette's BaseHTTPMiddleware cost a millisecond per tile)."""

    def __init__(self, app, api: FastAPI):
        self.app, self.api = app, api
        self.cache = ResponseCache() if api.state.settings.response_cache else None

    async def __call__(self, scope, receive, send):
        path = scope.get("path", "")
        if scope["type"] != "http" or scope["method"] != "GET" or any(path.endswith(u) for u in UNCACHED + PRIVATE):
            return await self.app(scope, receive, send)
        if "authorization" in Headers(scope=scope):
            # A signed-in caller may see private fields: never shared caches nor our memory cache.
            return await self.app(scope, receive, _with_headers(send, {"Cache-Control": "private, no-store"}))
        try:
            state = current_state(self.api)
        except (DBAPIError, psycopg.Error):  # the version is read on the driver connection (read_state)
            return await self.app(scope, receive, send)  # the handler answers with the 503 problem
        scope.setdefault("state", {})["data"] = state
        etag = etag_for(state.version, scope)
        headers = {"ETag": etag, "Cache-Control": self.api.state.settings.cache_control,
                   "X-Data-Version": state.version}
        if etag in Headers(scope=scope).get("if-none-match", ""):
            return await Response(status_code=304, headers=headers)(scope, receive, send)
        cached = self.cache.get(etag) if self.cache else None
        if cached:
            return await Response(content=cached[0], media_type=cached[1], headers=headers)(scope, receive, send)
        await self.app(scope, receive, self._answer(send, etag, headers))

    def _answer(self, send, etag: str, headers: dict):
        """Adds the headers to a 200 and keeps its body in the cache (errors pass untouched)."""
        start, chunks = None, []

        async def sender(message):
            nonlocal start
            if message["type"] == "http.response.start":
                if message["status"] != 200:
                    start = False
                    return await send(message)
                response_headers = MutableHeaders(raw=message["headers"])
                response_headers.update(headers)
                if self.cache is None or "content-disposition" in response_headers:
                    start = False
                    return await send(message)
                start = message
                return None
            if start is False:
                return await send(message)
            chunks.append(message.get("body", b""))
            if message.get("more_body"):
                return None
            body = b"".join(chunks)
            self.cache.put(etag, body, MutableHeaders(raw=start["headers"]).get("content-type", "application/json"))
            await send(start)
            await send({"type": "http.response.body", "body": body})
        return sender


def _with_headers(send, headers: dict):
    async def sender(message):
        if message["type"] == "http.response.start":
            MutableHeaders(raw=message["headers"]).update(headers)
        await send(message)
    return sender


def install(app: FastAPI) -> None:
    app.add_middleware(ConditionalGet, api=app)
