"""Register revisions: nothing an import does is ever lost.

Each import (revert, restore) is a row of register.revision holding the whole register as it stood
before (register.revision_snapshot, JSONB per table), so a revert puts back every row exactly,
ids included. Councils an import removes are also archived one by one (register.council_archive),
with their history, territories, funding and contacts, and can be restored alone. Every function
runs in the caller's transaction."""
import getpass
import json
import os
from dataclasses import dataclass

import psycopg

from core.errors import Conflict, NotFound

# Register tables in insertion order, with the key that orders their rows.
TABLES = {"council": "id", "status_history": "id", "territory": "council_id, commune_code", "funding": "id",
          "contact": "id"}
CHILD_TABLES = [t for t in TABLES if t != "council"]


@dataclass(frozen=True)
class Actor:
    """Who does it: an API user, or the system user running the CLI (role 'cli')."""

    username: str
    role: str

    @classmethod
    def cli(cls) -> "Actor":
        return cls(os.environ.get("CLSM_USER") or getpass.getuser(), "cli")


def begin(conn: psycopg.Connection, actor: Actor, action: str, file_name: str | None = None,
          sha256: str | None = None) -> int:
    """A new revision, with the register as it stands now (before the change) saved in it."""
    revision = conn.execute(
        "INSERT INTO register.revision (username, action, file_name, sha256) VALUES (%s, %s, %s, %s) RETURNING id",
        (actor.username, action, file_name, sha256)).fetchone()[0]
    for table, key in TABLES.items():
        conn.execute(f"INSERT INTO register.revision_snapshot (revision_id, table_name, rows) "
                     f"SELECT %s, %s, coalesce(jsonb_agg(to_jsonb(t) ORDER BY {key}), '[]') FROM register.{table} t",
                     (revision, table))
    return revision


def finish(conn: psycopg.Connection, revision: int, actor: Actor, counts: dict, removed: list[str],
           changed: bool, **extra) -> int:
    """Counts on the revision, and its audit event (in the same transaction). Returns the event id."""
    conn.execute("UPDATE register.revision SET counts = %s, removed_ids = %s WHERE id = %s",
                 (json.dumps(counts), removed, revision))
    action, file_name, sha = conn.execute("SELECT action, file_name, sha256 FROM register.revision WHERE id = %s",
                                          (revision,)).fetchone()
    after = {"revision": revision, "file": file_name, "sha256": sha, "counts": counts, "removed": removed, **extra}
    return conn.execute(
        "INSERT INTO audit.event (username, role, action, entity, entity_id, after, register_change) "
        "VALUES (%s, %s, %s, 'register', %s, %s, %s) RETURNING id",
        (actor.username, actor.role, f"register.{action}", str(revision), json.dumps(after, ensure_ascii=False),
         changed)).fetchone()[0]


def archive(conn: psycopg.Connection, revision: int, council_ids: list[str]) -> None:
    """Soft delete, first half: each council with all its rows, kept before the import removes it."""
    children = ", ".join(
        f"'{t}', (SELECT coalesce(jsonb_agg(to_jsonb(x) ORDER BY {TABLES[t]}), '[]') FROM register.{t} x "
        f"WHERE x.council_id = c.id)" for t in CHILD_TABLES)
    conn.execute(f"INSERT INTO register.council_archive (council_id, revision_id, name, record) "
                 f"SELECT c.id, %s, c.name, jsonb_build_object('council', to_jsonb(c), {children}) "
                 f"FROM register.council c WHERE c.id = ANY(%s)", (revision, council_ids))


def _insert_rows(conn: psycopg.Connection, table: str, rows_json: str) -> None:
    conn.execute(f"INSERT INTO register.{table} SELECT * FROM jsonb_populate_recordset(NULL::register.{table}, "
                 f"%s::jsonb)", (rows_json,))


def restore_council(conn: psycopg.Connection, council_id: str, actor: Actor) -> int:
    """Brings an archived council back as it was when removed; a new revision. Returns its id."""
    found = conn.execute("SELECT revision_id, record FROM register.council_archive WHERE council_id = %s "
                         "AND restored_at IS NULL ORDER BY revision_id DESC LIMIT 1", (council_id,)).fetchone()
    if found is None:
        raise NotFound(f"no archived council {council_id!r} (archived councils: `python -m etl register archived`)")
    if conn.execute("SELECT 1 FROM register.council WHERE id = %s", (council_id,)).fetchone():
        raise Conflict(f"council {council_id} is in the register again (imported since): nothing to restore")
    archived_in, record = found
    revision = begin(conn, actor, "restore")
    for table in TABLES:
        rows = [record["council"]] if table == "council" else record[table]
        _insert_rows(conn, table, json.dumps(rows))
    conn.execute("UPDATE register.council_archive SET restored_at = now() WHERE council_id = %s AND revision_id = %s",
                 (council_id, archived_in))
    finish(conn, revision, actor, {"restored": 1}, [], True, council=council_id, archived_in=archived_in)
    return revision


def revertible(conn: psycopg.Connection) -> tuple | None:
    """(id, action, at, file_name, counts) of the latest change not yet reverted (reverts excluded)."""
    return conn.execute(
        "SELECT id, action, at, file_name, counts FROM register.revision WHERE action <> 'revert' "
        "AND reverted_by IS NULL AND coalesce((counts->>'changed')::int, 1) > 0 ORDER BY id DESC LIMIT 1").fetchone()


def edits_since(conn: psycopg.Connection, revision: int) -> list[tuple]:
    """Council edits made through the API after a revision: a revert would undo them too."""
    return conn.execute(
        "SELECT e.id, e.at, e.username, e.action, e.entity_id FROM audit.event e, register.revision r "
        "WHERE r.id = %s AND e.register_change AND e.entity = 'council' AND e.at > r.at ORDER BY e.id",
        (revision,)).fetchall()


def revert(conn: psycopg.Connection, actor: Actor, force: bool = False) -> tuple[int, int]:
    """Puts the register back exactly as it was before the latest import (or restore).
    Returns (the revision undone, the new revert revision). Refuses (409) when councils were edited
    since, unless forced: those edits would be lost."""
    conn.execute("LOCK TABLE register.council IN EXCLUSIVE MODE")  # edits wait, then see the reverted rows
    target = revertible(conn)
    if target is None:
        raise NotFound("no import to revert")
    undone = target[0]
    edits = edits_since(conn, undone)
    if edits and not force:
        listed = ", ".join(f"{e[3]} {e[4]} by {e[2]}" for e in edits[:10])
        raise Conflict(f"{len(edits)} edit(s) since revision {undone} would be lost ({listed}); "
                       "use --force to revert anyway")
    revision = begin(conn, actor, "revert")
    conn.execute("DELETE FROM register.council")  # children follow (ON DELETE CASCADE)
    for table in TABLES:
        conn.execute(f"INSERT INTO register.{table} SELECT * FROM jsonb_populate_recordset(NULL::register.{table}, "
                     f"(SELECT rows FROM register.revision_snapshot WHERE revision_id = %s AND table_name = %s))",
                     (undone, table))
    # Councils this revert brings back are no longer waiting in the archive.
    conn.execute("UPDATE register.council_archive SET restored_at = now() WHERE revision_id = %s "
                 "AND restored_at IS NULL", (undone,))
    conn.execute("UPDATE register.revision SET reverts = %s WHERE id = %s", (undone, revision))
    conn.execute("UPDATE register.revision SET reverted_by = %s WHERE id = %s", (revision, undone))
    count = conn.execute("SELECT count(*) FROM register.council").fetchone()[0]
    finish(conn, revision, actor, {"councils": count, "changed": 1}, [], True, reverts=undone)
    return undone, revision


def history(conn: psycopg.Connection, limit: int = 20) -> list[tuple]:
    return conn.execute("SELECT id, at, username, action, file_name, counts, removed_ids, reverts, reverted_by "
                        "FROM register.revision ORDER BY id DESC LIMIT %s", (limit,)).fetchall()


def archived(conn: psycopg.Connection) -> list[tuple]:
    return conn.execute("SELECT council_id, name, revision_id, restored_at FROM register.council_archive "
                        "ORDER BY revision_id DESC, council_id").fetchall()
