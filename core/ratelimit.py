"""Requests per visitor address in fixed one-minute windows, counted in PostgreSQL so every worker
of the API and of the dashboard shares one count (auth.rate_window, migration 0015)."""
import ipaddress
import random
import threading
import time
from functools import lru_cache

from sqlalchemy import Engine, create_engine, text

WINDOW_S = 60
_HIT = text(
    "INSERT INTO auth.rate_window AS w (key, window_start, hits) VALUES (:k, :w, 1) "
    "ON CONFLICT (key) DO UPDATE SET hits = CASE WHEN w.window_start = excluded.window_start "
    "THEN w.hits + 1 ELSE 1 END, window_start = excluded.window_start RETURNING hits")
_FORGET = text("DELETE FROM auth.rate_window WHERE window_start < :w")


@lru_cache(maxsize=8)
def _counter_engine(database_url: str) -> Engine:
    """Its own pool, in autocommit and without pre-ping: a hit is one round trip (the upsert alone is
    atomic), not four (ping, BEGIN, upsert, COMMIT), and holds the visitor's row only for the
    statement. A connection lost with a restart fails one hit, which fails open, and is replaced."""
    return create_engine(database_url, isolation_level="AUTOCOMMIT", pool_pre_ping=False, pool_size=4,
                         max_overflow=4, future=True)


def hit(database_url: str, key: str, now: float | None = None) -> tuple[int, int]:
    """(requests of ``key`` in the current window, this one included; seconds until the window ends)."""
    now = time.time() if now is None else now
    window = int(now // WINDOW_S)
    # auth.rate_window is UNLOGGED: writing there commits without waiting for a WAL flush, even with
    # synchronous_commit on (a counter is not worth a disk write per request).
    with _counter_engine(database_url).connect() as conn:
        hits = conn.execute(_HIT, {"k": key, "w": window}).scalar_one()
        if random.random() < 0.001:  # forget finished windows now and then: the table stays small
            conn.execute(_FORGET, {"w": window})
    return hits, max(1, int((window + 1) * WINDOW_S - now) + 1)


class Limiter:
    """A limit of ``per_minute`` requests per key, counted by hit(). A key found over the limit is
    remembered by this process until its window ends: its count can only grow within the window, so
    its further requests are refused without a round trip to PostgreSQL (an abusive address costs
    the database nothing after its first refusal, per worker)."""

    def __init__(self, database_url: str, per_minute: int):
        self.database_url, self.per_minute = database_url, per_minute
        self.over: dict[str, int] = {}  # key -> window it is over the limit in
        self.lock = threading.Lock()

    def known_over(self, key: str, now: float | None = None) -> int | None:
        """Seconds until the window ends if this process already saw ``key`` over the limit in it."""
        now = time.time() if now is None else now
        window = int(now // WINDOW_S)
        return max(1, int((window + 1) * WINDOW_S - now) + 1) if self.over.get(key) == window else None

    def check(self, key: str, now: float | None = None) -> int | None:
        """None if the request may pass, else the seconds until the key's window ends (Retry-After).
        Raises what hit() raises (the caller fails open)."""
        now = time.time() if now is None else now
        window = int(now // WINDOW_S)
        known = self.known_over(key, now)
        if known is not None:
            return known
        count, retry = hit(self.database_url, key, now)
        if count <= self.per_minute:
            return None
        with self.lock:
            if len(self.over) > 10_000:  # many addresses over the limit: keep this window's, bounded
                current = {k: w for k, w in self.over.items() if w == window}
                self.over = current if len(current) <= 10_000 else {}
            self.over[key] = window
        return retry


def _is_trusted(address: str, trusted: list[str]) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    return any(ip in ipaddress.ip_network(t, strict=False) for t in trusted)


def visitor_address(peer: str | None, forwarded_for: str | None, trusted: list[str]) -> str:
    """The visitor's address: the peer, unless the peer is a trusted proxy; then the right-most
    address of X-Forwarded-For that is not itself a trusted proxy (left ones can be forged)."""
    peer = peer or "unknown"
    if not forwarded_for or not _is_trusted(peer, trusted):
        return peer
    hops = [h.strip() for h in forwarded_for.split(",") if h.strip()]
    for hop in reversed(hops):
        if not _is_trusted(hop, trusted):
            return hop[:64]
    return hops[0][:64] if hops else peer
