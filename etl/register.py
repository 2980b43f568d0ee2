"""Council register import: read (CSV/XLSX) -> validate every row -> stage (COPY) -> swap.

By default a file with any invalid row loads nothing; ``skip_invalid`` loads the valid rows. Both
write the rejected rows with their reasons next to the file. Councils are upserted by id; those
absent from the file are kept unless ``replace``. The swap is one transaction: an interrupted
import leaves the previous register serving."""
import csv
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import psycopg
from psycopg import sql

from core.db import raw_connection
from core.errors import DataError, RowProblem
from core.files import atomic_text
from etl import staging
from etl.register_rows import CouncilRow, Geography, validate_sheet
from etl.report import Report
from etl.sources import Source
from etl.spreadsheet import Sheet, read_sheet

STAGE = "register_stage"
SOURCE_NAME = "CLSM register"
COUNCIL_COLUMNS = ["id", "name", "status", "created_on", "scale", "region_code", "departement_code",
                   "carrier_type", "carrier_name", "fte", "budget_eur", "governance", "themes", "demo",
                   "source", "updated_on", "quality_score"]
CHILDREN = {  # table -> compared columns (besides council_id)
    "territory": ["commune_code", "via_epci"],
    "status_history": ["status", "from_date", "note"],
    "funding": ["source", "year", "amount_eur"],
    "contact": ["name", "email", "phone", "role"],
}


@dataclass
class ImportResult:
    file: str
    loaded: int = 0
    rejected: int = 0
    inserted: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    warnings: list[RowProblem] = field(default_factory=list)
    errors: list[RowProblem] = field(default_factory=list)
    rejects_file: Path | None = None

    @property
    def changed(self) -> list[str]:
        return sorted(set(self.inserted + self.updated + self.removed))


def register_source(path: Path, demo: bool) -> Source:
    if demo:
        return Source(SOURCE_NAME, path.name, "demonstration (generated)", "generated demonstration data (MIT)",
                      "etl/demo_register.py: deterministic generator calibrated on public national figures",
                      path)
    return Source(SOURCE_NAME, path.name, date.today().isoformat(), "not open data (national resource centre)",
                  "spreadsheet of the national CLSM resource centre", path)


def rejects_path_for(path: Path) -> Path:
    return path.with_name(f"{path.stem}.rejets.csv")


def import_register(database_url: str, path: Path, skip_invalid: bool = False, replace: bool = False,
                    rejects_path: Path | None = None, report: Report | None = None,
                    today: date | None = None) -> ImportResult:
    report = report or Report("register")
    path, today = Path(path), today or date.today()
    started = time.perf_counter()
    with report.stage("read spreadsheet") as st:
        sheet = read_sheet(path)
        st.rows = len(sheet.rows)
    result = ImportResult(sheet.file)
    with raw_connection(database_url, autocommit=True) as conn:
        staging.lock(conn)
        with report.stage("validate rows") as st:
            councils, result.errors, result.warnings = validate_sheet(sheet, Geography.read(conn), today)
            st.rows = len(councils)
        rejected_rows = sorted({p.row for p in result.errors if p.row is not None and p.row > 1})
        result.rejected = len(rejected_rows)
        target = rejects_path or rejects_path_for(path)
        if result.errors:
            result.rejects_file = write_rejects(sheet, result.errors, target)
        elif target.is_file():
            target.unlink()  # a clean file leaves no stale rejects from an earlier run
        if result.errors and (not skip_invalid or any(p.row in (None, 1) for p in result.errors)):
            raise DataError(f"{sheet.file}: {len(result.errors)} problem(s) in {result.rejected} row(s); nothing "
                            f"was loaded (rejected rows in {result.rejects_file})", result.errors)
        with report.stage("stage (COPY)") as st:
            st.rows = _stage(conn, councils, sheet.file)
        with report.stage("swap into register") as st:
            source = register_source(path, demo=bool(councils) and all(c.demo for c in councils))
            with conn.transaction():
                _swap(conn, result, replace)
                staging.record_source(conn, source, source.sha256(), len(councils), result.rejected,
                                      time.perf_counter() - started,
                                      {"inserted": len(result.inserted), "updated": len(result.updated),
                                       "removed": len(result.removed), "warnings": len(result.warnings)})
            st.rows = len(result.changed)
        conn.execute(f"DROP SCHEMA IF EXISTS {STAGE} CASCADE")
    result.loaded = len(councils)
    report.notes.append(f"{result.loaded} council(s) in the file: {len(result.inserted)} new, {len(result.updated)} "
                        f"updated, {len(result.removed)} removed; {result.rejected} row(s) rejected")
    report.notes += [f"warning: {w}" for w in result.warnings]
    return result


def write_rejects(sheet: Sheet, problems: list[RowProblem], target: Path) -> Path:
    """The rejected rows as they were, plus their row number and every reason (';'-separated CSV)."""
    reasons: dict[int, list[str]] = {}
    for p in problems:
        reasons.setdefault(p.row or 0, []).append(f"{p.column or ''}: {p.reason}" + (
            f" ({p.value})" if p.value not in (None, "") else ""))
    with atomic_text(target, encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["ligne", "erreurs", *sheet.header])
        for number, cells in sheet.rows:
            if number in reasons:
                writer.writerow([number, " | ".join(reasons.pop(number)), *(cells.get(h, "") for h in sheet.header)])
        for number, text in sorted(reasons.items()):  # file-level problems (header, missing column)
            writer.writerow([number or "", " | ".join(text)])
    return target


def _stage(conn: psycopg.Connection, councils: list[CouncilRow], file_name: str) -> int:
    staging.reset_schema(conn, STAGE)
    conn.execute(staging.read_sql("register_stage"))
    copy = lambda table, cols, rows: staging.copy_rows(conn, f"{STAGE}.{table}", cols, rows, file_name)  # noqa
    n = copy("council", COUNCIL_COLUMNS, ((c.row, *(getattr(c, k) for k in COUNCIL_COLUMNS)) for c in councils))
    copy("territory", ["council_id", "commune_code", "via_epci"],
         ((c.row, c.id, code, epci) for c in councils for code, epci in c.territory))
    copy("status_history", ["council_id", "status", "from_date", "note"],
         ((c.row, c.id, *h) for c in councils for h in c.history))
    copy("funding", ["council_id", "source", "year", "amount_eur"],
         ((c.row, c.id, *f) for c in councils for f in c.funding))
    copy("contact", ["council_id", "name", "email", "phone", "role"],
         ((c.row, c.id, *c.contact, "coordination") for c in councils if c.contact))
    for table in ("council", *CHILDREN):
        conn.execute(f"ANALYZE {STAGE}.{table}")
    return n


def _differs(conn: psycopg.Connection, table: str, key: str, columns: list[str]) -> set[str]:
    """Ids of staged councils whose rows in ``table`` differ (either way) from the serving ones."""
    cols = sql.SQL(", ").join(map(sql.Identifier, [key, *columns]))
    t, st = sql.Identifier("register", table), sql.Identifier(STAGE, table)
    staged = sql.SQL("SELECT id FROM {}").format(sql.Identifier(STAGE, "council"))
    query = sql.SQL("SELECT {k} FROM ((SELECT {c} FROM {st} EXCEPT SELECT {c} FROM {t} WHERE {k} IN ({s})) UNION "
                    "(SELECT {c} FROM {t} WHERE {k} IN ({s}) EXCEPT SELECT {c} FROM {st})) d").format(
        k=sql.Identifier(key), c=cols, st=st, t=t, s=staged)
    return {r[0] for r in conn.execute(query)}


def _swap(conn: psycopg.Connection, result: ImportResult, replace: bool) -> None:
    existing = {r[0] for r in conn.execute(f"SELECT id FROM register.council WHERE id IN (SELECT id FROM {STAGE}.council)")}
    staged = {r[0] for r in conn.execute(f"SELECT id FROM {STAGE}.council")}
    changed = _differs(conn, "council", "id", COUNCIL_COLUMNS[1:])
    for table, columns in CHILDREN.items():
        changed |= _differs(conn, table, "council_id", columns)
    result.inserted = sorted(staged - existing)
    result.updated = sorted(changed & existing)
    if replace:
        result.removed = [r[0] for r in conn.execute(
            f"DELETE FROM register.council WHERE id NOT IN (SELECT id FROM {STAGE}.council) RETURNING id")]
        result.removed.sort()
    if not changed:
        return
    conn.execute("CREATE TEMP TABLE changed_council ON COMMIT DROP AS SELECT unnest(%s::text[]) AS id",
                 (sorted(changed),))
    for table in CHILDREN:
        conn.execute(f"DELETE FROM register.{table} WHERE council_id IN (SELECT id FROM changed_council)")
    cols = ", ".join(COUNCIL_COLUMNS)
    sets = ", ".join(f"{c} = EXCLUDED.{c}" for c in COUNCIL_COLUMNS[1:])
    conn.execute(f"INSERT INTO register.council ({cols}) SELECT {cols} FROM {STAGE}.council "
                 f"WHERE id IN (SELECT id FROM changed_council) "
                 f"ON CONFLICT (id) DO UPDATE SET {sets}, revision = register.council.revision + 1")
    for table, columns in CHILDREN.items():
        cols = ", ".join(["council_id", *columns])
        conn.execute(f"INSERT INTO register.{table} ({cols}) SELECT {cols} FROM {STAGE}.{table} "
                     f"WHERE council_id IN (SELECT id FROM changed_council) ORDER BY src_row")
