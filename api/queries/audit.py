"""Audit log: every write through the API (who, when, what changed: before/after JSON)."""
import csv
import io
import json
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Connection, text

from core.csvsafe import safe_row

COLUMNS = ["id", "at", "username", "role", "action", "entity", "entity_id", "before", "after"]


def _json_default(value):
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def to_json(value) -> str | None:
    return None if value is None else json.dumps(value, default=_json_default, ensure_ascii=False, sort_keys=True)


def changed_fields(before: dict | None, after: dict | None) -> tuple[dict | None, dict | None]:
    """Only the fields that differ, on each side (whole records for a creation or a deletion)."""
    if before is None or after is None:
        return before, after
    keys = [k for k in sorted(set(before) | set(after)) if to_json(before.get(k)) != to_json(after.get(k))]
    return {k: before.get(k) for k in keys}, {k: after.get(k) for k in keys}


def record(conn: Connection, user, action: str, entity: str, entity_id: str | None, before: dict | None,
           after: dict | None, register_change: bool) -> int:
    """Inserted in the caller's transaction: the write and its audit row commit together."""
    return conn.execute(text(
        "INSERT INTO audit.event (username, role, action, entity, entity_id, before, after, register_change) "
        "VALUES (:u, :r, :a, :e, :i, CAST(:b AS jsonb), CAST(:af AS jsonb), :rc) RETURNING id"),
        {"u": user.username, "r": user.role, "a": action, "e": entity, "i": entity_id, "b": to_json(before),
         "af": to_json(after), "rc": register_change}).scalar_one()


def _where(entity: str | None, entity_id: str | None, username: str | None) -> tuple[str, dict]:
    clauses, params = [], {}
    for column, value in (("entity", entity), ("entity_id", entity_id), ("username", username)):
        if value is not None:
            clauses.append(f"{column} = :{column}")
            params[column] = value
    return ("WHERE " + " AND ".join(clauses)) if clauses else "", params


def list_events(conn: Connection, entity: str | None = None, entity_id: str | None = None,
                username: str | None = None, limit: int = 100, offset: int = 0) -> tuple[list[dict], int]:
    where, params = _where(entity, entity_id, username)
    total = conn.execute(text(f"SELECT count(*) FROM audit.event {where}"), params).scalar_one()
    rows = conn.execute(text(f"SELECT {', '.join(COLUMNS)} FROM audit.event {where} ORDER BY id DESC "
                             "LIMIT :limit OFFSET :offset"), {**params, "limit": limit, "offset": offset})
    return [dict(r) for r in rows.mappings()], total


def events_csv(conn: Connection, entity: str | None = None, entity_id: str | None = None,
               username: str | None = None) -> str:
    where, params = _where(entity, entity_id, username)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for row in conn.execute(text(f"SELECT {', '.join(COLUMNS)} FROM audit.event {where} ORDER BY id"), params):
        writer.writerow(safe_row([to_json(v) if isinstance(v, (dict, list)) else
                                  (v.isoformat() if isinstance(v, datetime) else v) for v in row]))
    return out.getvalue()
