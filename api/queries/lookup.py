"""Point or commune lookup."""
import json

from sqlalchemy import Connection, text

from api.queries.sqlfiles import sql
from core.errors import InvalidParameter, NotFound


def lookup_point(conn: Connection, lon: float, lat: float) -> dict:
    answer = conn.execute(sql("lookup"), {"lon": lon, "lat": lat, "unit": None, "whole": None}).scalar()
    if answer is None:
        raise InvalidParameter(f"no commune of France at lon={lon}, lat={lat} (outside France, or at sea)",
                               parameter="lon,lat")
    return json.loads(answer)


def lookup_commune(conn: Connection, code: str) -> dict:
    # A commune with arrondissements is looked up through its first arrondissement's parent.
    unit = conn.execute(text(
        "SELECT coalesce((SELECT a.code FROM geo.commune a WHERE a.parent_code = c.code ORDER BY a.code LIMIT 1), "
        "c.code) FROM geo.commune c WHERE c.code = :code OR c.code = lpad(:code, 5, '0')"), {"code": code}).scalar()
    if unit is None:
        raise NotFound(f"unknown commune code {code!r}", parameter="commune")
    whole = None if unit == code.zfill(5) else code.zfill(5)
    answer = json.loads(conn.execute(sql("lookup"), {"lon": 0, "lat": 0, "unit": unit, "whole": whole}).scalar())
    if whole and answer.get("arrondissement"):
        answer["arrondissement"] = None  # the caller asked about the whole commune
    return answer
