"""Stage -> validate -> swap, shared by every loader.

Loads go into a scratch schema; the serving schema changes only in the final swap, one
transaction, so a failed or killed load leaves the previous data serving."""
import json
import re
import threading
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from importlib.resources import files

import psycopg
from psycopg import sql

from core.errors import DataError, RowProblem

ETL_LOCK = 7_251_001  # pg advisory lock: one ETL at a time


def read_sql(name: str) -> str:
    return (files("etl") / "sql" / f"{name}.sql").read_text(encoding="utf-8")


class Done(str):
    """A lane item marking a named step as done (see After)."""


class After(tuple):
    """A lane item: wait until other lanes have passed these Done steps."""

    def __new__(cls, *steps: str):
        return super().__new__(cls, steps)


class _Aborted(Exception):
    """A lane gave up waiting because another lane failed."""


LaneItem = str | tuple[str, dict] | sql.Composable | Done | After


def run_parallel(dsn: str, lanes: Sequence[Sequence[LaneItem]]) -> None:
    """Runs lanes of SQL side by side, one connection per lane (a PostGIS statement uses one core;
    a third lane on two cores fills the gaps of the others). Items of a lane run in order: a script
    name, a (name, params) single statement with parameters, or a composed statement; Done and
    After order steps across lanes without a barrier for all. A failed lane stops the waiting
    ones; its error is the one raised."""
    done: dict[str, threading.Event] = {}
    for steps in (item for lane in lanes for item in lane if isinstance(item, After)):
        done.update((step, threading.Event()) for step in steps)
    failed = threading.Event()

    def wait(steps: After) -> None:
        while not all(done[step].wait(0.02) for step in steps):
            if failed.is_set():
                raise _Aborted

    def lane(items: Sequence[LaneItem]) -> None:
        try:
            with psycopg.connect(dsn, autocommit=True) as conn:
                conn.execute("SET jit = off")
                for item in items:
                    if isinstance(item, Done):
                        done.setdefault(item, threading.Event()).set()
                    elif isinstance(item, After):
                        wait(item)
                    elif isinstance(item, sql.Composable):
                        conn.execute(item)
                    else:
                        name, params = (item, None) if isinstance(item, str) else item
                        conn.execute(read_sql(name), params)
        except BaseException:
            failed.set()
            raise

    with ThreadPoolExecutor(max_workers=len(lanes)) as pool:
        futures = [pool.submit(lane, items) for items in lanes]
    errors = [f.exception() for f in futures if f.exception() and not isinstance(f.exception(), _Aborted)]
    if errors:
        raise errors[0]


def lock(conn: psycopg.Connection) -> None:
    if not conn.execute("SELECT pg_try_advisory_lock(%s)", (ETL_LOCK,)).fetchone()[0]:
        raise DataError("another ETL run holds the lock; wait for it to finish")


def reset_schema(conn: psycopg.Connection, schema: str) -> None:
    conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))
    conn.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))


def clone_tables(conn: psycopg.Connection, source_schema: str, stage: str, tables: Sequence[str]) -> None:
    """Empty copies of serving tables (columns, defaults, checks; no foreign keys, no indexes)."""
    for table in tables:
        conn.execute(sql.SQL("CREATE UNLOGGED TABLE {}.{} "
                             "(LIKE {}.{} INCLUDING DEFAULTS INCLUDING CONSTRAINTS)").format(
            sql.Identifier(stage), sql.Identifier(table), sql.Identifier(source_schema), sql.Identifier(table)))
        conn.execute(sql.SQL("ALTER TABLE {}.{} ADD PRIMARY KEY ({})").format(
            sql.Identifier(stage), sql.Identifier(table), sql.SQL(", ").join(
                sql.Identifier(c) for c in primary_key(conn, source_schema, table))))


def clone_for_rename(conn: psycopg.Connection, source_schema: str, stage: str, table: str) -> None:
    """A logged copy without indexes, to be filled, indexed (index_statements) and then renamed in
    place of the serving table (swap_by_rename): only for tables no foreign key points to."""
    conn.execute(sql.SQL("CREATE TABLE {}.{} (LIKE {}.{} INCLUDING DEFAULTS INCLUDING CONSTRAINTS "
                         "INCLUDING STORAGE)").format(sql.Identifier(stage), sql.Identifier(table),
                                                      sql.Identifier(source_schema), sql.Identifier(table)))


def _indexes(conn: psycopg.Connection, schema: str, table: str) -> list[tuple]:
    """(name, CREATE INDEX statement, constraint name, constraint definition) of a table's indexes."""
    return conn.execute(
        """SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid), c.conname, pg_get_constraintdef(c.oid)
           FROM pg_index i LEFT JOIN pg_constraint c ON c.conindid = i.indexrelid AND c.conrelid = i.indrelid
           WHERE i.indrelid = %s::regclass ORDER BY 2""", (f"{schema}.{table}",)).fetchall()


def index_statements(conn: psycopg.Connection, source_schema: str, stage: str, table: str) -> list[sql.Composable]:
    """The serving table's indexes and key constraints, same names, on the stage copy: built once
    after the bulk insert rather than updated row by row."""
    target = sql.SQL("{}.{}").format(sql.Identifier(stage), sql.Identifier(table))
    out: list[sql.Composable] = []
    for _, indexdef, constraint, constraintdef in _indexes(conn, source_schema, table):
        if constraint:
            out.append(sql.SQL("ALTER TABLE {} ADD CONSTRAINT {} {}").format(
                target, sql.Identifier(constraint), sql.SQL(constraintdef)))
        else:
            # The table is schema-qualified unless the connection's search_path holds its schema.
            on = next((o for o in (f" ON {source_schema}.{table} ", f" ON {table} ") if o in indexdef), None)
            if on is None:
                raise DataError(f"cannot rebuild index of {source_schema}.{table}: {indexdef}")
            out.append(sql.SQL(indexdef.replace(on, f" ON {stage}.{table} ", 1)))
    return out


def drop_secondary_indexes(conn: psycopg.Connection, schema: str, table: str) -> list[sql.Composable]:
    """Drops the indexes that back no constraint; returns the statements that rebuild them. For a
    first load into an empty table, in the swap transaction: one build instead of row-by-row inserts."""
    rebuild = []
    for name, indexdef, constraint, _ in _indexes(conn, schema, table):
        if not constraint:
            conn.execute(sql.SQL("DROP INDEX {}").format(sql.SQL(name)))
            rebuild.append(sql.SQL(indexdef))
    return rebuild


def drop_foreign_keys(conn: psycopg.Connection, schema: str, table: str) -> list[sql.Composable]:
    """Drops the table's foreign keys; returns the statements that add them back. For a first load
    into an empty table, in the swap transaction: one anti-join per key at the end instead of a
    trigger lookup per row and key (geo.commune: four keys, 35,000 rows)."""
    rows = conn.execute("SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                        "WHERE conrelid = %s::regclass AND contype = 'f' ORDER BY 1", (f"{schema}.{table}",)).fetchall()
    target = sql.SQL("{}.{}").format(sql.Identifier(schema), sql.Identifier(table))
    for name, _ in rows:
        conn.execute(sql.SQL("ALTER TABLE {} DROP CONSTRAINT {}").format(target, sql.Identifier(name)))
    return [sql.SQL("ALTER TABLE {} ADD CONSTRAINT {} {}").format(target, sql.Identifier(name), sql.SQL(definition))
            for name, definition in rows]


def swap_by_rename(conn: psycopg.Connection, stage: str, schema: str, table: str) -> None:
    """Inside the swap transaction: the stage copy takes the serving table's place (readers of the
    table wait for the commit, so call it last)."""
    conn.execute(sql.SQL("DROP TABLE {}.{}").format(sql.Identifier(schema), sql.Identifier(table)))
    conn.execute(sql.SQL("ALTER TABLE {}.{} SET SCHEMA {}").format(
        sql.Identifier(stage), sql.Identifier(table), sql.Identifier(schema)))


_COPY_CONTEXT = re.compile(r"COPY (\w+), line (\d+)(?:, column (\w+))?")


def copy_rows(conn: psycopg.Connection, table: str, columns: Sequence[str], rows: Iterable[tuple],
              file_name: str, binary_types: Sequence[str] | None = None) -> int:
    """COPY rows whose first item is the file row number (kept as column src_row). Rows may be a
    generator: they stream to the server while the file is still being read. With binary_types
    (PostgreSQL type names of the columns after src_row; 'bytea' for WKB geometry) the COPY is
    binary: no text escaping on the client, no parsing on the server."""
    stmt = sql.SQL("COPY {} ({}) FROM STDIN{}").format(
        sql.SQL(table), sql.SQL(", ").join(sql.Identifier(c) for c in ("src_row", *columns)),
        sql.SQL(" (FORMAT BINARY)" if binary_types else ""))
    src_rows: list[int] = []  # COPY line -> file row, for error messages
    try:
        with conn.transaction(), conn.cursor().copy(stmt) as copy:
            if binary_types:
                copy.set_types(["int4", *binary_types])
            for row in rows:
                src_rows.append(row[0])
                copy.write_row(row)
    except (psycopg.errors.DataError, psycopg.errors.InternalError) as exc:
        if "COPY" not in (exc.diag.context or ""):
            raise
        raise _copy_problem(exc, src_rows, file_name) from exc
    return len(src_rows)


def _copy_problem(exc: psycopg.Error, src_rows: list[int], file_name: str) -> DataError:
    context = exc.diag.context or ""
    match = _COPY_CONTEXT.search(context)
    row = column = value = None
    if match:
        line = int(match.group(2))
        row = src_rows[line - 1] if 0 < line <= len(src_rows) else None
        column = match.group(3)
    reason = (exc.diag.message_primary or str(exc)).strip()
    return DataError(f"{file_name}: row {row}: {reason}", [RowProblem(file_name, row, column, value, reason)])


def primary_key(conn: psycopg.Connection, schema: str, table: str) -> list[str]:
    return [r[0] for r in conn.execute(
        """SELECT a.attname FROM pg_index i
           JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
           WHERE i.indrelid = %s::regclass AND i.indisprimary ORDER BY array_position(i.indkey, a.attnum)""",
        (f"{schema}.{table}",)).fetchall()]


def table_columns(conn: psycopg.Connection, schema: str, table: str) -> list[str]:
    return [r[0] for r in conn.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_schema=%s AND table_name=%s "
        "ORDER BY ordinal_position", (schema, table)).fetchall()]


def upsert_from_stage(conn: psycopg.Connection, stage: str, schema: str, table: str) -> int:
    """Insert new rows, update changed ones; unchanged rows are not rewritten."""
    cols = table_columns(conn, schema, table)
    keys = primary_key(conn, schema, table)
    others = [c for c in cols if c not in keys]
    ident = sql.Identifier
    query = sql.SQL(
        "INSERT INTO {s}.{t} AS cur ({cols}) SELECT {cols} FROM {st}.{t} "
        "ON CONFLICT ({keys}) DO UPDATE SET {sets} WHERE ({cur}) IS DISTINCT FROM ({exc})"
    ).format(
        s=ident(schema), t=ident(table), st=ident(stage),
        cols=sql.SQL(", ").join(map(ident, cols)), keys=sql.SQL(", ").join(map(ident, keys)),
        sets=sql.SQL(", ").join(sql.SQL("{c} = EXCLUDED.{c}").format(c=ident(c)) for c in others),
        cur=sql.SQL(", ").join(sql.SQL("cur.{}").format(ident(c)) for c in others),
        exc=sql.SQL(", ").join(sql.SQL("EXCLUDED.{}").format(ident(c)) for c in others),
    )
    return conn.execute(query).rowcount


def insert_from_stage(conn: psycopg.Connection, stage: str, schema: str, table: str) -> int:
    """Into an empty serving table (a first load): a plain insert, without the per-row conflict
    check of upsert_from_stage (a quarter of the communes' insert)."""
    cols = sql.SQL(", ").join(map(sql.Identifier, table_columns(conn, schema, table)))
    query = sql.SQL("INSERT INTO {s}.{t} ({c}) SELECT {c} FROM {st}.{t}").format(
        s=sql.Identifier(schema), t=sql.Identifier(table), c=cols, st=sql.Identifier(stage))
    return conn.execute(query).rowcount


def delete_missing(conn: psycopg.Connection, stage: str, schema: str, table: str) -> int:
    keys = primary_key(conn, schema, table)
    match = sql.SQL(" AND ").join(sql.SQL("s.{c} = cur.{c}").format(c=sql.Identifier(c)) for c in keys)
    return conn.execute(sql.SQL("DELETE FROM {}.{} cur WHERE NOT EXISTS (SELECT 1 FROM {}.{} s WHERE {})").format(
        sql.Identifier(schema), sql.Identifier(table), sql.Identifier(stage), sql.Identifier(table), match)).rowcount


def record_source(conn: psycopg.Connection, source, sha256: str, rows_loaded: int, rows_rejected: int,
                  duration_s: float, details: dict | None = None) -> None:
    conn.execute(
        """INSERT INTO meta.sources (name, vintage, licence, origin, file_name, sha256, rows_loaded,
                                     rows_rejected, duration_s, details)
           VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)""",
        (source.name, source.vintage, source.licence, source.origin, source.file_name, sha256,
         rows_loaded, rows_rejected, round(duration_s, 3), json.dumps(details or {})))


def current_hashes(conn: psycopg.Connection) -> dict[str, str]:
    return dict(conn.execute("SELECT name, sha256 FROM meta.current_sources").fetchall())
