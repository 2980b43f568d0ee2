"""Requests per visitor address in fixed one-minute windows, counted in PostgreSQL so every worker
of the API and of the dashboard shares one count (auth.rate_window, migration 0015)."""
import ipaddress
import random
import time

from sqlalchemy import text

from core.db import get_engine

WINDOW_S = 60
_HIT = text(
    "INSERT INTO auth.rate_window AS w (key, window_start, hits) VALUES (:k, :w, 1) "
    "ON CONFLICT (key) DO UPDATE SET hits = CASE WHEN w.window_start = excluded.window_start "
    "THEN w.hits + 1 ELSE 1 END, window_start = excluded.window_start RETURNING hits")


def hit(database_url: str, key: str, now: float | None = None) -> tuple[int, int]:
    """(requests of ``key`` in the current window, this one included; seconds until the window ends)."""
    now = time.time() if now is None else now
    window = int(now // WINDOW_S)
    # auth.rate_window is UNLOGGED: a transaction writing only there commits without waiting for a
    # WAL flush, even with synchronous_commit on (a counter is not worth a disk write per request).
    with get_engine(database_url).begin() as conn:
        hits = conn.execute(_HIT, {"k": key, "w": window}).scalar_one()
        if random.random() < 0.001:  # forget finished windows now and then: the table stays small
            conn.execute(text("DELETE FROM auth.rate_window WHERE window_start < :w"), {"w": window})
    return hits, max(1, int((window + 1) * WINDOW_S - now) + 1)


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
