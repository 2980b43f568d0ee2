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

from core import council_fields
from core.csvsafe import safe_row
from core.db import raw_connection
from core.errors import Conflict, DataError, RowProblem
from core.files import atomic_text
from etl import register_format as fmt
from etl import register_revisions as revisions
from etl import staging
from etl.coverage import refresh_coverage
from etl.register_diff import Diff, field_changes
from etl.register_revisions import Actor
from etl.register_rows import CouncilRow, Geography, validate_sheet
from etl.report import Report
from etl.sources import Source
from etl.spreadsheet import Sheet, read_sheet

STAGE = "register_stage"
SOURCE_NAME = "CLSM register"
CHILDREN = {  # table -> compared columns (besides council_id)
    "territory": ["commune_code", "via_epci"],
    "status_history": ["status", "from_date", "note"],
    "funding": ["source", "year", "amount_eur"],
    "contact": ["name", "email", "phone", "role"],
}


@dataclass
class ImportResult:
    file: str
    sha256: str = ""
    loaded: int = 0
    rejected: int = 0
    inserted: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    warnings: list[RowProblem] = field(default_factory=list)
    errors: list[RowProblem] = field(default_factory=list)
    skipped: list[RowProblem] = field(default_factory=list)  # comment, total, note rows: listed, not loaded
    rejects_file: Path | None = None
    diff: Diff = field(default_factory=Diff)
    dry_run: bool = False
    blocked: bool = False  # invalid rows and no skip_invalid: nothing loads
    revision: int | None = None
    notes: list[str] = field(default_factory=list)  # what the reader decided: sheet, header row

    @property
    def changed(self) -> list[str]:
        return sorted(set(self.inserted + self.updated + self.removed))

    def counts(self) -> dict:
        return {"loaded": self.loaded, "rejected": self.rejected, "new": len(self.inserted),
                "updated": len(self.updated), "removed": len(self.removed), "kept": len(self.diff.kept),
                "unchanged": len(self.diff.unchanged), "warnings": len(self.warnings),
                "skipped": len(self.skipped), "changed": len(self.changed)}


def council_columns() -> list[str]:
    """The columns of register.council the importer writes, "id" first (core/council_fields.py)."""
    return council_fields.names(imported=True)


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
                    today: date | None = None, dry_run: bool = False, actor: Actor | None = None,
                    refresh: bool = False, confirm: str | None = None,
                    lock_timeout_ms: int | None = None, profile: dict[str, str] | None = None) -> ImportResult:
    """Import (or, with ``dry_run``, preview exactly what importing would do: the same steps, rolled
    back). ``confirm``: the SHA-256 of the previewed file; another file is refused. With ``refresh``
    coverage is recomputed in the import's own transaction."""
    report = report or Report("register")
    path, today, actor = Path(path), today or date.today(), actor or Actor.cli()
    started = time.perf_counter()
    with report.stage("read spreadsheet") as st:
        sheet = read_sheet(path, fmt.header_score)
        st.rows = len(sheet.rows)
    result = ImportResult(sheet.file, sha256=register_source(path, False).sha256(), dry_run=dry_run,
                          notes=list(sheet.notes))
    if confirm and confirm.lower() != result.sha256:
        raise Conflict(f"{sheet.file} is not the previewed file (SHA-256 {result.sha256[:12]}…, previewed "
                       f"{confirm[:12]}…): preview it again before loading")
    with raw_connection(database_url, autocommit=True) as conn:
        staging.lock(conn)
        with report.stage("validate rows") as st:
            councils, result.errors, result.warnings = validate_sheet(sheet, Geography.read(conn), today, profile)
            st.rows = len(councils)
        result.skipped = list(sheet.skipped)
        rejected_rows = sorted({p.row for p in result.errors if p.row is not None and p.row > sheet.header_row})
        result.rejected = len(rejected_rows)
        file_level = any(p.row is None or p.row <= sheet.header_row for p in result.errors)
        result.blocked = bool(result.errors) and (not skip_invalid or file_level)
        target = rejects_path or rejects_path_for(path)
        if result.errors:
            result.rejects_file = write_rejects(sheet, result.errors, target)
        elif target.is_file() and not dry_run:
            target.unlink()  # a clean file leaves no stale rejects from an earlier run
        if result.blocked and (file_level or not dry_run):
            raise DataError(f"{sheet.file}: {len(result.errors)} problem(s) in {result.rejected} row(s); nothing "
                            f"was loaded (rejected rows in {result.rejects_file})", result.errors)
        try:
            with report.stage("stage (COPY)") as st:
                st.rows = _stage(conn, councils, sheet.file)
            _compare_and_swap(conn, result, sheet, councils, replace, actor, report, started, refresh,
                              lock_timeout_ms)
        finally:
            if not conn.closed and not conn.broken:
                conn.execute(f"DROP SCHEMA IF EXISTS {STAGE} CASCADE")
    result.loaded = 0 if dry_run and result.blocked else len(councils)
    verb = "would be" if dry_run else "were"
    report.notes.append(f"{len(councils)} valid council(s) in the file: {len(result.inserted)} new, "
                        f"{len(result.updated)} updated, {len(result.removed)} removed, {len(result.diff.unchanged)} "
                        f"unchanged {verb} loaded; {result.rejected} row(s) rejected, {len(result.skipped)} skipped")
    report.notes += result.notes
    report.notes += [f"warning: {w}" for w in result.warnings]
    return result


def _compare_and_swap(conn: psycopg.Connection, result: ImportResult, sheet: Sheet, councils: list[CouncilRow],
                      replace: bool, actor: Actor, report: Report, started: float, refresh: bool,
                      lock_timeout_ms: int | None) -> None:
    """One transaction: lock, compare, and (unless a preview) archive, swap, record, refresh."""
    with conn.transaction() as tx:
        if lock_timeout_ms is not None:
            conn.execute(f"SET LOCAL lock_timeout = {int(lock_timeout_ms)}")
        # Edits (SELECT … FOR UPDATE) wait for the import, then see its rows: If-Match gives them 412.
        conn.execute("LOCK TABLE register.council IN EXCLUSIVE MODE")
        with report.stage("compare with the register") as st:
            changed = _compare(conn, result, replace, _claimed(sheet, {c.row for c in councils}))
            st.rows = len(changed)
        if result.dry_run or result.blocked:
            raise psycopg.Rollback(tx)
        with report.stage("swap into register") as st:
            result.revision = revisions.begin(conn, actor, "import", sheet.file, result.sha256)
            revisions.archive(conn, result.revision, result.removed)
            _apply(conn, result.removed, changed)
            source = register_source(Path(sheet.file), demo=bool(councils) and all(c.demo for c in councils))
            result.loaded = len(councils)
            staging.record_source(conn, source, result.sha256, len(councils), result.rejected,
                                  time.perf_counter() - started,
                                  {"inserted": len(result.inserted), "updated": len(result.updated),
                                   "removed": len(result.removed), "warnings": len(result.warnings),
                                   "revision": result.revision})
            revisions.finish(conn, result.revision, actor, result.counts(), result.removed, bool(result.changed),
                             inserted=result.inserted, updated=result.updated,
                             kept=[i for i, _, _ in result.diff.kept])
            st.rows = len(result.changed)
        if refresh:
            with report.stage("refresh coverage") as st:
                st.rows = refresh_coverage(conn, result.changed)


def write_rejects(sheet: Sheet, problems: list[RowProblem], target: Path) -> Path:
    """The rejected rows as they were, plus their row number and every reason (';'-separated CSV)."""
    reasons: dict[int, list[str]] = {}
    for p in problems:
        reasons.setdefault(p.row or 0, []).append(f"{p.column or ''}: {p.reason}" + (
            f" ({p.value})" if p.value not in (None, "") else ""))
    with atomic_text(target, encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(safe_row(["ligne", "erreurs", *sheet.header]))
        for number, cells in sheet.rows:
            if number in reasons:
                writer.writerow(safe_row([number, " | ".join(reasons.pop(number)),
                                          *(cells.get(h, "") for h in sheet.header)]))
        for number, text in sorted(reasons.items()):  # file-level problems (header, missing column)
            writer.writerow(safe_row([number or "", " | ".join(text)]))
    return target


def _stage(conn: psycopg.Connection, councils: list[CouncilRow], file_name: str) -> int:
    staging.reset_schema(conn, STAGE)
    conn.execute(staging.read_sql("register_stage"))
    copy = lambda table, cols, rows: staging.copy_rows(conn, f"{STAGE}.{table}", cols, rows, file_name)  # noqa
    columns = council_columns()
    n = copy("council", columns, ((c.row, *(c.value(k) for k in columns)) for c in councils))
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


def _claimed(sheet: Sheet, loaded_rows: set[int]) -> dict[str, str]:
    """Ids and names of the rows not loaded -> why: --replace never removes a council whose row is
    in the file but was rejected (matched by id, or by name when the id itself is unreadable)."""
    columns = {fmt.normalise_header(h): h for h in sheet.header if h}
    out: dict[str, str] = {}
    for number, cells in sheet.rows:
        if number in loaded_rows:
            continue
        council_id = cells.get(columns.get("identifiant", ""), "").strip().upper()
        name = fmt.plain(cells.get(columns.get("nom", ""), ""))
        for key in (f"id:{council_id}" if council_id else "", f"name:{name}" if name else ""):
            if key:
                out.setdefault(key, f"row {number} of the file names it but was rejected")
    return out


def _compare(conn: psycopg.Connection, result: ImportResult, replace: bool, claimed: dict[str, str]) -> set[str]:
    """Fills result (ids and the field-by-field diff); returns the staged ids to write."""
    existing = {r[0] for r in conn.execute(f"SELECT id FROM register.council "
                                           f"WHERE id IN (SELECT id FROM {STAGE}.council)")}
    names = dict(conn.execute(f"SELECT id, name FROM {STAGE}.council"))
    changed = _differs(conn, "council", "id", council_columns()[1:])
    for table, columns in CHILDREN.items():
        changed |= _differs(conn, table, "council_id", columns)
    result.inserted = sorted(set(names) - existing)
    result.updated = sorted(changed & existing)
    diff = result.diff
    diff.names = names
    diff.new = [(i, names[i]) for i in result.inserted]
    fields = field_changes(conn, STAGE, result.updated)
    diff.updated = {i: fields.get(i, {}) for i in result.updated}
    diff.unchanged = sorted(existing - changed)
    if replace:
        for council_id, name in conn.execute(f"SELECT id, name FROM register.council WHERE id NOT IN "
                                             f"(SELECT id FROM {STAGE}.council) ORDER BY id"):
            why = claimed.get(f"id:{council_id}") or claimed.get(f"name:{fmt.plain(name)}")
            if why:
                diff.kept.append((council_id, name, why))
            else:
                diff.removed.append((council_id, name))
        result.removed = [i for i, _ in diff.removed]
    return changed


def _apply(conn: psycopg.Connection, removed: list[str], changed: set[str]) -> None:
    if removed:
        conn.execute("DELETE FROM register.council WHERE id = ANY(%s)", (removed,))
    if not changed:
        return
    conn.execute("CREATE TEMP TABLE changed_council ON COMMIT DROP AS SELECT unnest(%s::text[]) AS id",
                 (sorted(changed),))
    for table in CHILDREN:
        conn.execute(f"DELETE FROM register.{table} WHERE council_id IN (SELECT id FROM changed_council)")
    columns = council_columns()
    cols = ", ".join(f'"{c}"' for c in columns)  # names checked by the spec: quoting is enough
    sets = ", ".join(f'"{c}" = EXCLUDED."{c}"' for c in columns[1:])
    conn.execute(f"INSERT INTO register.council ({cols}) SELECT {cols} FROM {STAGE}.council "
                 f"WHERE id IN (SELECT id FROM changed_council) "
                 f"ON CONFLICT (id) DO UPDATE SET {sets}, revision = register.council.revision + 1")
    for table, columns in CHILDREN.items():
        cols = ", ".join(["council_id", *columns])
        conn.execute(f"INSERT INTO register.{table} ({cols}) SELECT {cols} FROM {STAGE}.{table} "
                     f"WHERE council_id IN (SELECT id FROM changed_council) ORDER BY src_row")
