"""Benchmark: coverage refresh on the national database, after one council changes (baseline: the
full refresh) and in full; QPV shares as sums of precomputed overlaps (baseline: ST_Intersection
with the active territories on the fly). Baselines are measured in the same run.

ratio = measured time / baseline time, as in every benchmark here (below 1: faster). Every change is rolled back: the
database is left as it was. Run alone: ``python -m bench.coverage_refresh`` (uses DATABASE_URL)."""
import statistics
import time

import psycopg

from core.db import raw_connection
from core.settings import Settings
from etl.coverage import refresh_coverage

# The same QPV shares from the geometries: QPV ∩ union of the active territories that touch it.
ON_THE_FLY_SHARES = """
SELECT q.code, coalesce(ST_Area(ST_Intersection(q.geom, ST_Union(c.geom))::geography) / q.area_m2, 0)
FROM geo.qpv q
LEFT JOIN (coverage.council c JOIN register.council r ON r.id = c.council_id AND r.status = 'actif')
       ON ST_Intersects(c.geom, q.geom)
WHERE q.code = ANY(%s)
GROUP BY q.code, q.geom, q.area_m2
"""
SAMPLE_COUNCILS = """
SELECT council_id FROM (
    SELECT council_id, row_number() OVER (PARTITION BY size_band ORDER BY council_id) AS n
    FROM (SELECT c.council_id, ntile(5) OVER (ORDER BY c.n_units, c.council_id) AS size_band
          FROM coverage.council c JOIN register.council r ON r.id = c.council_id WHERE r.status = 'actif') b
) s
WHERE n <= 2 ORDER BY council_id
"""  # two active councils of each size fifth


def _timed(action) -> float:
    started = time.perf_counter()
    action()
    return (time.perf_counter() - started) * 1000


SUM_SHARES = """
SELECT q.code, least(1.0, coalesce(sum(qc.overlap_m2) FILTER (WHERE u.is_covered), 0) / q.area_m2)
FROM geo.qpv q
LEFT JOIN geo.qpv_commune qc ON qc.qpv_code = q.code
LEFT JOIN coverage.unit u ON u.unit_code = qc.commune_code
WHERE q.code = ANY(%s)
GROUP BY q.code, q.area_m2
"""


def _council_qpv(conn: psycopg.Connection, council_id: str) -> list[str]:
    return [r[0] for r in conn.execute(
        "SELECT DISTINCT qc.qpv_code FROM coverage.unit u JOIN geo.qpv_commune qc ON qc.commune_code = u.unit_code "
        "WHERE %s = ANY(u.active_councils)", (council_id,))]


def _shares(conn: psycopg.Connection, query: str, codes: list[str]) -> tuple[float, dict]:
    out: dict = {}
    ms = _timed(lambda: out.update(conn.execute(query, (codes,)).fetchall()))
    return ms, out


def _one_council(conn: psycopg.Connection, council_id: str) -> tuple[float, float, float]:
    """(refresh ms after the council goes dormant, its QPV shares by sums ms, the same by
    ST_Intersection ms). Rolled back."""
    try:
        qpv = _council_qpv(conn, council_id)
        sums_ms, _ = _shares(conn, SUM_SHARES, qpv)
        geometry_ms, _ = _shares(conn, ON_THE_FLY_SHARES, qpv)
        conn.execute("UPDATE register.council SET status = 'en_sommeil' WHERE id = %s", (council_id,))
        return _timed(lambda: refresh_coverage(conn, [council_id])), sums_ms, geometry_ms
    finally:
        conn.rollback()


def _full(conn: psycopg.Connection) -> float:
    try:
        return _timed(lambda: refresh_coverage(conn))
    finally:
        conn.rollback()


def run(database_url: str) -> list[dict]:
    url = Settings(database_url=database_url).database_url
    with raw_connection(url) as conn:
        conn.execute("SET jit = off")
        councils = [r[0] for r in conn.execute(SAMPLE_COUNCILS)]
        codes = [r[0] for r in conn.execute("SELECT code FROM geo.qpv ORDER BY code")]
        conn.rollback()
        if not councils:
            raise SystemExit("no active council: load the register first (python -m etl all)")
        _one_council(conn, councils[0])  # warm the caches once
        singles = [_one_council(conn, c) for c in councils]
        full_ms = statistics.median(_full(conn) for _ in range(3))
        sums_ms, sums = _shares(conn, SUM_SHARES, codes)
        geometry_ms, geometry = _shares(conn, ON_THE_FLY_SHARES, codes)
        conn.rollback()
    one_ms = statistics.median(s[0] for s in singles)
    one_sums, one_geometry = statistics.median(s[1] for s in singles), statistics.median(s[2] for s in singles)
    gap = max(abs(sums[c] - geometry[c]) for c in codes)
    return [
        {"benchmark": f"coverage refresh after one council changes (median of {len(singles)} councils)",
         "value": round(one_ms, 1), "unit": "ms", "baseline": f"full refresh in the same run: {full_ms:.0f} ms",
         "ratio": round(one_ms / full_ms, 3), "goal": "< 200 ms on the national data"},
        {"benchmark": f"coverage refresh after one council changes (slowest of {len(singles)})",
         "value": round(max(s[0] for s in singles), 1), "unit": "ms",
         "baseline": f"full refresh in the same run: {full_ms:.0f} ms",
         "ratio": round(max(s[0] for s in singles) / full_ms, 3), "goal": "< 200 ms on the national data"},
        {"benchmark": "coverage full refresh (units, QPV shares, distances, priorities, territories)",
         "value": round(full_ms, 1), "unit": "ms", "baseline": "none (first implementation)", "ratio": None,
         "goal": "a few seconds"},
        {"benchmark": "QPV shares of one council's QPV, sums of precomputed overlaps (median)",
         "value": round(one_sums, 2), "unit": "ms",
         "baseline": f"ST_Intersection with the active territories on the fly: {one_geometry:.2f} ms",
         "ratio": round(one_sums / one_geometry, 3), "goal": "faster than the geometry operation"},
        {"benchmark": f"QPV shares of all {len(codes)} QPV, sums of precomputed overlaps",
         "value": round(sums_ms, 1), "unit": "ms",
         "baseline": f"ST_Intersection with the active territories on the fly: {geometry_ms:.0f} ms",
         "ratio": round(sums_ms / geometry_ms, 3), "goal": "faster than the geometry operation"},
        {"benchmark": "QPV share: max |sums of overlaps - ST_Intersection on the fly|, all QPV",
         "value": round(gap, 4), "unit": "share (0-1)", "baseline": "ST_Intersection on the fly", "ratio": None,
         "goal": "< 0.02 (overlaps under 1% of a QPV are dropped as border slivers)"},
    ]


if __name__ == "__main__":
    for row in run(Settings().database_url):
        print(row)
