"""Named SQL files under api/sql/, read once."""
from functools import cache
from importlib.resources import files

from sqlalchemy import Connection, TextClause, text


@cache
def sql(name: str) -> TextClause:
    return text((files("api") / "sql" / f"{name}.sql").read_text(encoding="utf-8"))


def paged(conn: Connection, query: TextClause, params: dict) -> tuple[list[dict], int]:
    """Rows of a query that selects `count(*) OVER () AS total`, and that total (also past the end)."""
    rows = [dict(r) for r in conn.execute(query, params).mappings()]
    if rows:
        total = rows[0]["total"]
    elif params.get("offset"):
        total = paged(conn, query, {**params, "offset": 0, "limit": 1})[1]
    else:
        total = 0
    for r in rows:
        r.pop("total")
    return rows, total
