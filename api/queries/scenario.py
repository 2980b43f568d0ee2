"""ARS scenario: what a council on a candidate territory would add. Reads only."""
import json

from sqlalchemy import Connection, text

from api.queries.sqlfiles import sql
from core.errors import InvalidParameter, NotFound


def coverage_gain(conn: Connection, communes: list[str], epci: str | None) -> dict:
    codes = [c.zfill(5) for c in communes]
    if epci:
        members = conn.execute(text("SELECT code FROM geo.commune WHERE epci_code = :e AND type = 'COM'"),
                               {"e": epci}).scalars().all()
        if not members:
            raise NotFound(f"unknown EPCI SIREN {epci!r}", parameter="epci")
        codes += members
    if not codes:
        raise InvalidParameter("give communes or an EPCI", parameter="communes")
    known = set(conn.execute(text("SELECT code FROM geo.commune WHERE code = ANY (:c)"), {"c": codes}).scalars())
    unknown = sorted(set(codes) - known)
    if unknown:
        raise NotFound(f"unknown commune code(s): {', '.join(unknown)}", parameter="communes")
    answer = json.loads(conn.execute(sql("scenario_gain"), {"units": sorted(set(codes))}).scalar_one())
    return {"epci": epci, **answer}
