"""Coverage figures: one area, or every région / département."""
import json
from functools import cache

from sqlalchemy import Connection, TextClause, text

from api.queries import figures
from api.queries.areas import area_name
from api.queries.sqlfiles import sql
from core.errors import InvalidParameter


@cache
def _today() -> TextClause:
    """The stored figures (area_summary.sql) and the councils and stored funding (area_today.sql) in
    one statement: one round trip."""
    return text(f"SELECT ({figures.query('stored', 'area_summary').text}\n) AS figures,\n"
                f"({sql('area_today').text}\n) AS extra")


def summary(conn: Connection, level: str, code: str | None) -> dict:
    """The nation, a région or a département: sums of the stored figures and funding (≤ 120 rows
    each), with the area's councils; an EPCI (not stored): computed on the fly."""
    if level == "national":
        nom, params = "France", {"region": None, "departement": None, "epci": None}
    else:
        if not code:
            raise InvalidParameter(f"level={level} needs a code", parameter="code")
        nom = area_name(conn, level, code)
        params = {key: code if level == key else None for key in ("region", "departement", "epci")}
    if level == "epci":
        found = json.loads(conn.execute(sql("coverage_summary"), params).scalar_one())
        extra = json.loads(conn.execute(sql("coverage_council_funding"), params).scalar_one())
    else:
        stored = conn.execute(_today(), {"days": figures.TODAY, "level": level, "code": code, **params}).one()
        found, extra = json.loads(stored.figures), json.loads(stored.extra)
    return {"level": level, "code": code if level != "national" else None, "nom": nom,
            "council_list": extra["council_list"], **found, "funding": extra["funding"]}


def by_area(conn: Connection, level: str, region: str | None = None) -> list[dict]:
    rows = conn.execute(sql("coverage_by_area"), {"level": level, "region": region}).mappings()
    return [dict(r) for r in rows]


@cache
def _table() -> TextClause:
    """The by_area rows, each with the QPV apart (one init plan), in one statement: one round trip."""
    return text(f"SELECT t.*, ({sql('coverage_qpv_apart').text}\n) AS qpv_apart\n"
                f"FROM ({sql('coverage_by_area').text}\n) t ORDER BY t.code")


def table(conn: Connection, level: str, region: str | None = None) -> dict:
    """/coverage/regions and /departements: every row of the level (of one région) and the QPV apart."""
    rows = [dict(r) for r in conn.execute(_table(), {"level": level, "region": region}).mappings()]
    found = rows[0]["qpv_apart"] if rows else conn.execute(sql("coverage_qpv_apart"), {"region": region}).scalar_one()
    for r in rows:
        del r["qpv_apart"]
    return {"items": rows, "total": len(rows), "qpv_apart": _apart_groups(found, level, region)}


EMPTY = {"total": 0, "couvert": 0, "partiel": 0, "non_couvert": 0, "uncovered": 0, "prevu": 0}


def _apart_groups(found: str | None, level: str, region: str | None) -> dict:
    """QPV in no row of the by_area table, so that rows + apart = the summary of the same filter."""
    found = json.loads(found or "{}")
    groups = ["outside_ars"] if region is None else []
    if level == "departement":
        groups.append("no_departement")
    return {g: found.get(g, EMPTY) for g in groups}
