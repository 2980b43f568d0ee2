"""What an import changes, field by field: staged councils against the serving register.

The same function feeds the dry run and the load (the dry run is the load rolled back), so the
preview is what loading then does."""
from dataclasses import dataclass, field

import psycopg

from core import council_fields

# Children compared as whole lists; contacts are personal data: their values never enter a diff.
CHILD_COLUMNS = {
    "territory": ["commune_code", "via_epci"],
    "status_history": ["from_date", "status", "note"],
    "funding": ["year", "source", "amount_eur"],
    "contact": ["name", "email", "phone", "role"],
}
PRIVATE = {"contact"}
HIDDEN = {"revision", "src_row", "quality_score"}  # bookkeeping, derived: not the user's fields


@dataclass
class Diff:
    new: list[tuple[str, str]] = field(default_factory=list)  # (id, name)
    updated: dict[str, dict[str, tuple]] = field(default_factory=dict)  # id -> field -> (before, after)
    removed: list[tuple[str, str]] = field(default_factory=list)  # (id, name)
    kept: list[tuple[str, str, str]] = field(default_factory=list)  # (id, name, why not removed)
    unchanged: list[str] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"new": [{"id": i, "name": n} for i, n in self.new],
                "updated": [{"id": i, "name": self.names.get(i), "fields": {
                    k: {"before": b, "after": a} for k, (b, a) in f.items()}} for i, f in sorted(self.updated.items())],
                "removed": [{"id": i, "name": n} for i, n in self.removed],
                "kept": [{"id": i, "name": n, "reason": r} for i, n, r in self.kept],
                "unchanged": len(self.unchanged)}


def _text(value) -> str | None:
    return None if value is None else str(value)


def _child_lists(conn: psycopg.Connection, schema: str, table: str, ids: list[str]) -> dict[str, list]:
    cols = CHILD_COLUMNS[table]
    rows = conn.execute(f"SELECT council_id, array_agg(concat_ws(' ', {', '.join(cols)}) ORDER BY "
                        f"{', '.join(cols)}) FROM {schema}.{table} WHERE council_id = ANY(%s) GROUP BY 1", (ids,))
    return {i: list(v) for i, v in rows}


def field_changes(conn: psycopg.Connection, stage: str, ids: list[str]) -> dict[str, dict[str, tuple]]:
    """For councils in both the stage and the register: every field that differs (before, after)."""
    out: dict[str, dict[str, tuple]] = {i: {} for i in ids}
    personal = set(council_fields.names(personal=True))  # like contacts: changed, values untold
    for council_id, before, after in conn.execute(
            f"SELECT c.id, to_jsonb(c), to_jsonb(s) FROM register.council c JOIN {stage}.council s ON s.id = c.id "
            "WHERE c.id = ANY(%s)", (ids,)):
        for key in after:
            if key not in HIDDEN and _norm(before.get(key)) != _norm(after.get(key)):
                out[council_id][key] = ("(modifié)", "(modifié)") if key in personal else (before.get(key),
                                                                                       after.get(key))
    for table in CHILD_COLUMNS:
        serving, staged = _child_lists(conn, "register", table, ids), _child_lists(conn, stage, table, ids)
        for council_id in ids:
            b, a = serving.get(council_id, []), staged.get(council_id, [])
            if b != a:
                out[council_id][table] = ("(modifié)", "(modifié)") if table in PRIVATE else (b, a)
    return {i: f for i, f in out.items() if f}


def _norm(value):
    """JSON numbers from numeric columns: 0.5 and 0.50 are one value."""
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else value
