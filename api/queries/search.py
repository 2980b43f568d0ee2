"""Place search by name, for the search box: folded, accent- and article-insensitive, trigram-indexed."""
import json

from sqlalchemy import Connection, text

from api.queries.sqlfiles import sql

KINDS = ("commune", "arrondissement", "ancienne", "epci", "departement", "region", "qpv", "council")
# word_similarity of the words typed within a name: 0.5 lets "roubai" or "marseile" through, not "paris" for "pau".
THRESHOLD = 0.5


def search_places(conn: Connection, q: str, kinds: list[str] | None, limit: int) -> list[dict]:
    # Read connections are in autocommit (api/deps.py): the threshold is set for the session and reset
    # after the search, so that it never outlives this request on the pooled connection.
    conn.execute(text("SELECT set_config('pg_trgm.word_similarity_threshold', :t, false)"), {"t": str(THRESHOLD)})
    try:
        rows = conn.execute(sql("search"), {"q": q, "kinds": kinds or None, "limit": limit}).mappings()
        return [dict(r) for r in rows]
    finally:
        conn.execute(text("RESET pg_trgm.word_similarity_threshold"))


def in_view(conn: Connection, west: float, south: float, east: float, north: float, limit: int) -> dict:
    answer = conn.execute(sql("in_view"), {"west": west, "south": south, "east": east, "north": north,
                                           "limit": limit}).scalar()
    return json.loads(answer)


def place_labels(conn: Connection, min_population: int) -> str:
    return conn.execute(sql("place_labels"), {"min_population": min_population}).scalar()


def contours(conn: Connection, west: float, south: float, east: float, north: float, limit: int) -> str:
    return conn.execute(sql("contours"), {"west": west, "south": south, "east": east, "north": north,
                                          "limit": limit}).scalar()
