"""Coverage figures by area: one definition (coverage.figures_at, migration 0018) for today and any
past day. The coverage refresh stores today's rows and those of each 1 January (the yearly series)
in coverage.area_figures; other days are computed from the status history."""
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


def series_rows(conn: Connection, days: list[date], stored: bool = True) -> list[dict]:
    """Rows of area_series.sql on `days`: stored when they are the yearly series (and complete), else
    computed."""
    if stored and days == yearly_days():
        rows = [dict(r) for r in conn.execute(query("stored", "area_series"), {"days": days}).mappings()]
        if sum(r["area"] == "FR" for r in rows) == len(days):
            return rows
    params = {"days": days, "regions": None}
    return [dict(r) for r in conn.execute(query("computed", "area_series"), params).mappings()]
