"""Coverage of base units, QPV and councils, computed in PostGIS (etl/sql/coverage_*.sql).

Full refresh: everything recomputed. Incremental (``council_ids``): only the base units the given
councils cover or covered, the QPV on them, those councils' territories, the QPV whose nearest
active territory may have moved, and the figures (today and yearly) of the régions they touch;
the funding by area always whole (etl/sql/coverage_funding.sql).
Both run in one transaction: readers never see half a refresh."""
import time
from collections.abc import Iterable
from datetime import date
from functools import cache

import psycopg
from psycopg import sql

from core.db import raw_connection
from etl import staging

FULL = ["coverage_scope_full", "coverage_council_units", "coverage_expand", "coverage_units", "coverage_councils",
        "coverage_qpv", "coverage_distance", "coverage_priority"]
SERIES_START = 2010  # the yearly series: 1 January of each year since then
COVERAGE_LOCK = 7_251_002  # pg advisory lock (etl.staging.ETL_LOCK is 7_251_001)
INCREMENTAL_LIMIT = 25  # more changed councils than this: a full refresh is faster
INCREMENTAL = ["coverage_regions_before", "coverage_council_units", "coverage_scope_incremental", "coverage_units",
               "coverage_councils", "coverage_qpv", "coverage_scope_after", "coverage_distance", "coverage_priority",
               "coverage_regions_after"]
# Dropped at the end: inside a caller's transaction, ON COMMIT DROP would wait for its commit.
TEMP_TABLES = ("scope_council, scope_unit, scope_qpv, scope_distance, council_unit, old_geom, changed_geom, "
               "scope_region, area_scope, council_unit_now, council_before, area_days")
read_sql = cache(staging.read_sql)


def yearly_days(today: date | None = None) -> list[date]:
    """1 January of each year since SERIES_START, up to this year."""
    today = today or date.today()
    return [date(y, 1, 1) for y in range(SERIES_START, today.year + 1)]


def refresh_area_figures(conn: psycopg.Connection, incremental: bool) -> None:
    """coverage.area_figures of every région and stored day, or (incremental) of the régions in
    scope_region on the days the change can alter (coverage_area_scope.sql)."""
    days = [d.isoformat() for d in yearly_days()] + ["infinity"]
    stored = {d for d, in conn.execute("SELECT DISTINCT day::text FROM coverage.area_figures")}
    incremental = incremental and stored == set(days)  # a new year (or nothing stored): every région
    conn.execute("CREATE TEMP TABLE area_days ON COMMIT DROP AS SELECT unnest(%s::date[]) AS day", (days,))
    conn.execute(read_sql("coverage_council_days"))
    if incremental:
        conn.execute(read_sql("coverage_area_scope"))
    else:
        conn.execute("CREATE TEMP TABLE area_scope ON COMMIT DROP AS "
                     "SELECT array_agg(day) AS days, NULL::text[] AS regions FROM area_days")
    days, regions = conn.execute("SELECT days::text[], regions FROM area_scope").fetchone()
    conn.execute(sql.SQL(read_sql("coverage_areas")).format(days=days, regions=regions))


def refresh_funding(conn: psycopg.Connection) -> None:
    """The stored funding by area alone, inside the caller's transaction, after a write that changed
    funding lines only (any other write refreshes coverage, which includes it)."""
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (COVERAGE_LOCK,))  # one writer of the stored rows
        conn.execute(read_sql("coverage_funding"))


def refresh_coverage(conn_or_url: psycopg.Connection | str, council_ids: Iterable[str] | None = None) -> int:
    """Refresh coverage; all of it when ``council_ids`` is None (or nothing was computed yet).
    Returns the number of QPV rows recomputed."""
    if isinstance(conn_or_url, str):
        with raw_connection(conn_or_url, autocommit=True) as conn:
            return refresh_coverage(conn, council_ids)
    conn = conn_or_url
    started = time.perf_counter()
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (COVERAGE_LOCK,))  # refreshes queue, never interleave
        conn.execute("SET LOCAL jit = off")  # planning JIT costs more than these queries
        computed = conn.execute("SELECT EXISTS (SELECT 1 FROM coverage.qpv)").fetchone()[0]
        ids = None if council_ids is None or not computed else sorted(set(council_ids))
        if ids is not None and len(ids) > INCREMENTAL_LIMIT:
            ids = None  # a bulk change: recomputing everything is faster
        if ids == []:
            return 0
        if ids is not None:
            conn.execute("CREATE TEMP TABLE scope_council ON COMMIT DROP AS SELECT unnest(%s::text[]) AS id", (ids,))
        for name in INCREMENTAL if ids is not None else FULL:
            conn.execute(read_sql(name))
        refresh_area_figures(conn, incremental=ids is not None)
        conn.execute(read_sql("coverage_funding"))
        rows = conn.execute("SELECT count(*) FROM scope_distance").fetchone()[0]
        scope = "all" if ids is None else ",".join(ids)
        conn.execute(f"DROP TABLE IF EXISTS {TEMP_TABLES}")
        conn.execute("INSERT INTO coverage.refresh (duration_ms, scope) VALUES (%s, %s)",
                     (round((time.perf_counter() - started) * 1000, 1), scope))
    return rows
