"""Data version, ETag and Cache-Control for every GET.

The answer to a GET depends only on the data version and the URL, so the ETag is computed before
the handler runs and a matching If-None-Match is answered 304 without touching the data."""
import hashlib
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

from fastapi import FastAPI, Request
from fastapi.responses import Response
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

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
            state = app.state.data_state = read_state(conn)
    return state


def read_state(conn) -> DataState:
    version, demo = conn.execute(text(
        "SELECT (SELECT version FROM meta.data_version), "
        "EXISTS (SELECT 1 FROM register.council WHERE demo)")).one()
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


def etag_for(version: str, request: Request) -> str:
    digest = hashlib.blake2s(f"{request.url.path}?{request.url.query}".encode(), digest_size=6).hexdigest()
    return f'"{version}-{digest}"'


def install(app: FastAPI) -> None:
    cache = ResponseCache() if app.state.settings.response_cache else None

    @app.middleware("http")
    async def conditional_get(request: Request, call_next):
        path = request.url.path
        if request.method != "GET" or any(path.endswith(u) for u in UNCACHED + PRIVATE):
            return await call_next(request)
        if "authorization" in request.headers:
            # A signed-in caller may see private fields: never shared caches nor our memory cache.
            response = await call_next(request)
            response.headers["Cache-Control"] = "private, no-store"
            return response
        try:
            state = current_state(app)
        except DBAPIError:
            return await call_next(request)  # the handler answers with the 503 problem
        request.state.data = state
        etag = etag_for(state.version, request)
        headers = {"ETag": etag, "Cache-Control": app.state.settings.cache_control,
                   "X-Data-Version": state.version}
        if etag in request.headers.get("if-none-match", ""):
            return Response(status_code=304, headers=headers)
        cached = cache.get(etag) if cache else None
        if cached:
            return Response(content=cached[0], media_type=cached[1], headers=headers)
        response = await call_next(request)
        if response.status_code != 200:
            return response
        if cache is None or "content-disposition" in response.headers:
            response.headers.update(headers)
            return response
        body = b"".join([chunk async for chunk in response.body_iterator])
        media_type = response.headers.get("content-type", "application/json")
        cache.put(etag, body, media_type)
        return Response(content=body, media_type=media_type, headers=headers)
