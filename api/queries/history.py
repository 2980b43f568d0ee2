"""Coverage as it stood on a past date, and the yearly series, from the status history."""
import json
from datetime import date
from functools import cache
from importlib.resources import files

from sqlalchemy import Connection, TextClause, text

from api.queries.areas import area_name
from core.errors import InvalidParameter

SERIES_START = 2010
GEOGRAPHY_SOURCES = ("communes", "qpv")  # meta.sources names whose vintage the answers carry


@cache
def history_sql(name: str) -> TextClause:
    """history_base.sql (the CTEs) followed by api/sql/history_<name>.sql."""
    folder = files("api") / "sql"
    return text(folder.joinpath("history_base.sql").read_text(encoding="utf-8")
                + folder.joinpath(f"history_{name}.sql").read_text(encoding="utf-8"))


def check_as_of(as_of: date | None) -> date:
    """None means today; dates before 1990 or in the future are the caller's error."""
    if as_of is None:
        return date.today()
    if as_of < date(1990, 1, 1) or as_of > date.today():
        raise InvalidParameter("as_of must lie between 1990-01-01 and today", parameter="as_of")
    return as_of


def area_filter(conn: Connection, level: str, code: str | None) -> tuple[str, dict]:
    if level == "national":
        return "France", {"region": None, "departement": None}
    if not code:
        raise InvalidParameter(f"level={level} needs a code", parameter="code")
    return area_name(conn, level, code), {"region": code if level == "region" else None,
                                           "departement": code if level == "departement" else None}


def geography_vintage(conn: Connection) -> list[dict]:
    """The geography the figures are computed on (today's communes and QPV list, whatever the date)."""
    rows = conn.execute(text("SELECT name, vintage, loaded_at FROM meta.current_sources ORDER BY name")).mappings()
    current_list = conn.execute(text("SELECT value FROM meta.setting WHERE key = 'qpv_current_list'")).scalar()
    return {"sources": [{"name": r["name"], "vintage": r["vintage"]} for r in rows], "qpv_list": current_list}


def summary(conn: Connection, as_of: date, level: str, code: str | None) -> dict:
    nom, params = area_filter(conn, level, code)
    figures = json.loads(conn.execute(history_sql("summary"), {"days": [as_of], **params}).scalar_one())
    return {"as_of": as_of.isoformat(), "level": level, "code": code if level != "national" else None, "nom": nom,
            **figures, "geography": geography_vintage(conn)}


# The régions table is the series on one day: a row of it, under the names of /coverage/regions.
REGION_TABLE = {"population": "population", "population_covered": "population_covered",
                "population_share": "share_covered", "population_planned": "population_planned",
                "councils_active": "councils_active", "councils_planned": "councils_planned",
                "councils_per_100k": "councils_per_100k", "qpv_total": "qpv_total", "qpv_couvert": "qpv_couvert",
                "qpv_non_couvert": "qpv_non_couvert", "qpv_prevu": "qpv_prevu"}


def region_names(conn: Connection) -> dict[str, str]:
    return dict(conn.execute(text("SELECT code, nom FROM geo.region")).all())


def regions(conn: Connection, as_of: date) -> list[dict]:
    names = region_names(conn)
    return [{"code": code, "nom": names[code], **{new: rows[0][old] for old, new in REGION_TABLE.items()}}
            for code, rows in series_by_region(conn, [as_of]).items()]


def regions_table(conn: Connection, as_of: date) -> dict:
    """The answer of /coverage/history/regions (and of the deprecated /coverage/regions?as_of=)."""
    items = regions(conn, as_of)
    return {"as_of": as_of.isoformat(), "items": items, "total": len(items), "geography": geography_vintage(conn)}


def qpv(conn: Connection, as_of: date, status: str | None, region: str | None, departement: str | None,
        limit: int, offset: int) -> tuple[list[dict], int]:
    params = {"days": [as_of], "status": status, "region": region, "departement": departement,
              "limit": limit, "offset": offset}
    rows = [dict(r) for r in conn.execute(history_sql("qpv"), params).mappings()]
    total = rows[0]["total"] if rows else 0
    if not rows and offset:
        total = conn.execute(history_sql("qpv"), {**params, "offset": 0, "limit": 1}).mappings().first()
        total = total["total"] if total else 0
    for r in rows:
        r.pop("total")
    return rows, total


def yearly_days(today: date | None = None) -> list[date]:
    """1 January of each year since 2010, up to this year."""
    today = today or date.today()
    return [date(y, 1, 1) for y in range(SERIES_START, today.year + 1)]


NATION = "FR"  # area of the national rows in history_series.sql (sorted first, then the régions by code)


def series_all(conn: Connection, days: list[date] | None = None, region: str | None = None) -> dict[str, list[dict]]:
    """{area: rows} in one query: 'FR' (the nation) and every région, or `region` alone."""
    out: dict[str, list[dict]] = {}
    for r in conn.execute(history_sql("series"), {"days": days or yearly_days(), "region": region}).mappings():
        out.setdefault(r["area"], []).append({k: v for k, v in r.items() if k != "area"}
                                             | {"date": r["date"].isoformat()})
    return out


def series(conn: Connection, region: str | None, days: list[date] | None = None) -> list[dict]:
    """Rows {date, councils_active, ...} of the nation (region None) or of one région. The unfiltered
    query is used: filtering by région costs more than computing every région in one pass."""
    return series_all(conn, days).get(region or NATION, [])


def series_by_region(conn: Connection, days: list[date] | None = None) -> dict[str, list[dict]]:
    return {k: v for k, v in series_all(conn, days).items() if k != NATION}
