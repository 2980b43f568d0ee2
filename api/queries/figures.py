"""Coverage figures by area: one definition (coverage.figures_at, migration 0018) for today and any
past day. The coverage refresh stores today's rows and those of each 1 January (the yearly series)
in coverage.area_figures; other days are computed from the status history."""
import json
from datetime import date
from functools import cache

from sqlalchemy import Connection, TextClause, text

from api.queries.sqlfiles import sql
from etl.coverage import yearly_days

TODAY = "{infinity}"  # the stored day of today's figures: the register as it stands


@cache
def query(source: str, builder: str) -> TextClause:
    """`figures` (api/sql/figures_<source>.sql: stored or computed) followed by api/sql/<builder>.sql."""
    return text(f"WITH figures AS (\n{sql('figures_' + source).text})\n{sql(builder).text}")


def regions_of(conn: Connection, level: str, code: str | None) -> list[str] | None:
    """The régions whose figures an area needs computed (None: all)."""
    if level == "region":
        return [code]
    if level == "departement":
        return [conn.execute(text("SELECT region_code FROM geo.departement WHERE code = :c"), {"c": code}).scalar()]
    return None


def is_stored(days: list[date]) -> bool:
    """Days the refresh stores for the régions and the nation: 1 January of the series' years."""
    return set(days) <= set(yearly_days())


def series_rows(conn: Connection, days: list[date], stored: bool = True) -> list[dict]:
    """Rows of area_series.sql on `days`: stored when they are days of the yearly series (and all
    there), else computed."""
    if stored and is_stored(days):
        rows = [dict(r) for r in conn.execute(query("stored", "area_series"), {"days": days}).mappings()]
        if sum(r["area"] == "FR" for r in rows) == len(set(days)):
            return rows
    params = {"days": days, "regions": None}
    return [dict(r) for r in conn.execute(query("computed", "area_series"), params).mappings()]


def summary(conn: Connection, day: date, level: str, code: str | None) -> dict:
    """area_summary.sql on one past day: stored rows when the day is one of the series (nation and
    régions), else computed."""
    params = {"days": [day], "level": level, "code": code}
    if level in ("national", "region") and is_stored([day]):
        found = json.loads(conn.execute(query("stored", "area_summary"), params).scalar_one())
        if found["councils"]["actif"] is not None:
            return found
    params["regions"] = regions_of(conn, level, code)
    return json.loads(conn.execute(query("computed", "area_summary"), params).scalar_one())
