"""Coverage figures: one area, or every région / département."""
import json

from sqlalchemy import Connection

from api.queries.areas import area_name
from api.queries.sqlfiles import sql
from core.errors import InvalidParameter


def summary(conn: Connection, level: str, code: str | None) -> dict:
    if level == "national":
        nom, params = "France", {"region": None, "departement": None}
    else:
        if not code:
            raise InvalidParameter(f"level={level} needs a code", parameter="code")
        nom = area_name(conn, level, code)
        params = {"region": code if level == "region" else None, "departement": code if level == "departement" else None}
    figures = json.loads(conn.execute(sql("coverage_summary"), params).scalar_one())
    return {"level": level, "code": code if level != "national" else None, "nom": nom, **figures}


def by_area(conn: Connection, level: str, region: str | None = None) -> list[dict]:
    rows = conn.execute(sql("coverage_by_area"), {"level": level, "region": region}).mappings()
    return [dict(r) for r in rows]
