"""Callback answers kept for anonymous visitors: the same inputs under the same data version give the
same answer, so a page's content (figures, tables, the overview's charts) is built and compressed
once, not once per visitor. The map's layers are files of their own (dashboard/map_layers.py).

The same for the layout, which holds a page's first view: keyed by that page's address.

Only for requests without a session cookie (nobody signed in: nothing private or personal in the
answer), only 200 answers without Set-Cookie, and never when an API call failed during the request
(an error message must not be served to others). Keyed by the request body, the accepted encodings
and the API's data version (asked at most once a second), so an edit shows at once; bounded in size;
per process."""
import hashlib
import threading
import time
from collections import OrderedDict

import flask

from core.settings import Settings
from dashboard import context, first_view

CALLBACKS = "/_dash-update-component"
VERSION_TTL_S = 1.0
KEPT_HEADERS = ("Content-Type", "Content-Encoding", "Vary")


class AnswerCache:
    def __init__(self, max_bytes: int):
        self.max_bytes, self.size = max_bytes, 0
        self.items: OrderedDict[str, tuple[bytes, dict]] = OrderedDict()
        self.lock = threading.Lock()
        self.version: tuple[float, str | None] = (0.0, None)

    def data_version(self) -> str | None:
        checked, version = self.version
        if time.monotonic() - checked > VERSION_TTL_S:
            try:
                version = context.api().health()["data_version"]
            except Exception:  # noqa: BLE001 - no version, no caching (the page shows the error itself)
                version = None
            self.version = (time.monotonic(), version)
        return version

    def get(self, key: str):
        with self.lock:
            found = self.items.get(key)
            if found:
                self.items.move_to_end(key)
            return found

    def put(self, key: str, body: bytes, headers: dict) -> None:
        if len(body) > self.max_bytes // 8:
            return
        with self.lock:
            if key in self.items:
                return
            self.items[key] = (body, headers)
            self.size += len(body)
            while self.size > self.max_bytes:
                _, (old, _) = self.items.popitem(last=False)
                self.size -= len(old)


def _asked(request) -> bytes | None:
    """What an answer depends on besides the data: a callback's inputs, or the address of the page whose
    first view the layout holds (dashboard/first_view.py)."""
    if request.method == "POST" and request.path == CALLBACKS:
        return request.get_data()
    if request.method == "GET" and request.path == first_view.LAYOUT:
        return repr(first_view.address()).encode()
    return None


def _key(cache: AnswerCache) -> str | None:
    request = flask.request
    asked = None if request.cookies else _asked(request)
    if asked is None:
        return None
    version = cache.data_version()
    if version is None:
        return None
    digest = hashlib.sha256(request.path.encode() + b"|" + asked)
    digest.update(f"|{request.headers.get('Accept-Encoding', '')}|{version}".encode())
    return digest.hexdigest()


def _note_failure(_error) -> None:
    if flask.has_request_context():
        flask.g.clsm_api_failed = True


def install(server: flask.Flask, settings: Settings) -> None:
    """Call after the rate limit's before_request (hits are counted too) and after compression is set
    up: the answer is stored compressed, as sent."""
    if settings.dashboard_answer_cache_mb <= 0:
        return
    cache = AnswerCache(settings.dashboard_answer_cache_mb * 1024 * 1024)
    server.extensions[context.KEY]["api"].on_failure(_note_failure)

    @server.before_request
    def _serve_kept():
        key = _key(cache)
        if key is None:
            return None
        found = cache.get(key)
        if found is None:
            flask.g.clsm_answer_key = key
            return None
        body, headers = found
        return flask.Response(body, status=200, headers={**headers, "X-Answer-Cache": "hit"})

    def _keep(response: flask.Response) -> flask.Response:
        key = flask.g.pop("clsm_answer_key", None)
        if (key and response.status_code == 200 and not response.direct_passthrough
                and "Set-Cookie" not in response.headers and not flask.g.get("clsm_api_failed")):
            cache.put(key, response.get_data(), {h: response.headers[h] for h in KEPT_HEADERS if h in response.headers})
        return response

    # After-request functions run last-registered first: at the front of the list, this one runs
    # after flask-compress, so the answer is kept compressed (a hit is not compressed again).
    server.after_request_funcs.setdefault(None, []).insert(0, _keep)
