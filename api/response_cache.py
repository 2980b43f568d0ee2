"""In-process cache of GET answers keyed by their ETag (data version + URL).

An answer depends only on the data version and the URL, so a cached body is exact until the data
version changes; then every key changes and old entries age out of the LRU. Some national
aggregates cost 100-400 ms of SQL (35,000 base units): the cache turns repeats into a dict lookup.
Downloads (exports) are not cached: they are large and rarely repeated."""
from collections import OrderedDict
from threading import Lock

MAX_ENTRY_BYTES = 2 * 1024 * 1024
MAX_TOTAL_BYTES = 64 * 1024 * 1024
SKIPPED_PREFIXES = ("/api/v1/exports/",)


class ResponseCache:
    def __init__(self, max_total: int = MAX_TOTAL_BYTES, max_entry: int = MAX_ENTRY_BYTES):
        self.max_total, self.max_entry = max_total, max_entry
        self._entries: OrderedDict[str, tuple[bytes, str]] = OrderedDict()
        self._size = 0
        self._lock = Lock()
        self.hits = self.misses = 0

    @staticmethod
    def cacheable(path: str) -> bool:
        return not path.startswith(SKIPPED_PREFIXES)

    def get(self, etag: str) -> tuple[bytes, str] | None:
        with self._lock:
            entry = self._entries.get(etag)
            if entry is None:
                self.misses += 1
                return None
            self._entries.move_to_end(etag)
            self.hits += 1
            return entry

    def put(self, etag: str, body: bytes, media_type: str) -> None:
        if len(body) > self.max_entry:
            return
        with self._lock:
            if etag in self._entries:
                return
            self._entries[etag] = (body, media_type)
            self._size += len(body)
            while self._size > self.max_total:
                _, (old, _) = self._entries.popitem(last=False)
                self._size -= len(old)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._size = 0
