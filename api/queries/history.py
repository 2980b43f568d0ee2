"""Coverage as it stood on a past date, and the yearly series, from the status history."""
from datetime import date

from sqlalchemy import Connection, text

from api.queries import figures
from api.queries.areas import area_name
from api.queries.sqlfiles import paged, sql
from core.errors import InvalidParameter
from etl.coverage import yearly_days  # noqa: F401 (the series' days, also used by the tests)

GEOGRAPHY_SOURCES = ("communes", "qpv")  # meta.sources names whose vintage the answers carry


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
    """Today's summary figures as they stood on `as_of` (FTE is not historised: left out)."""
    nom, _ = area_filter(conn, level, code)
    found = figures.summary(conn, as_of, level, code)
    found.pop("fte")
    return {"as_of": as_of.isoformat(), "level": level, "code": code if level != "national" else None, "nom": nom,
            **found, "geography": geography_vintage(conn)}


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
    return paged(conn, sql("history_qpv"), params)


NATION = "FR"  # area of the national rows in area_series.sql (sorted first, then the régions by code)


def series_all(conn: Connection, days: list[date] | None = None, stored: bool = True) -> dict[str, list[dict]]:
    """{area: rows}: 'FR' (the nation) and every région; the yearly series is read from the rows the
    coverage refresh stored (`stored` False: computed from the status history)."""
    out: dict[str, list[dict]] = {}
    for r in figures.series_rows(conn, days or yearly_days(), stored):
        out.setdefault(r.pop("area"), []).append(r | {"date": r["date"].isoformat()})
    return out


def series(conn: Connection, region: str | None, days: list[date] | None = None) -> list[dict]:
    """Rows {date, councils_active, ...} of the nation (region None) or of one région."""
    return series_all(conn, days).get(region or NATION, [])


def series_by_region(conn: Connection, days: list[date] | None = None) -> dict[str, list[dict]]:
    return {k: v for k, v in series_all(conn, days).items() if k != NATION}
