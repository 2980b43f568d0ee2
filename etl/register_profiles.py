"""Import profiles: the user maps a workbook's own column labels to the register's columns once
('Nb ETP=etp_coordination'); the mapping is saved under a name and reused by later imports."""
import json

import psycopg

from core.errors import InvalidParameter
from etl import register_format as fmt


def parse_mapping(items: list[str]) -> dict[str, str]:
    """['Nb ETP=etp_coordination', …] -> {header_key: column}; an unknown column is refused."""
    out = {}
    for item in items:
        label, sep, column = item.rpartition("=")
        column = column.strip()
        if not sep or not label.strip():
            raise InvalidParameter(f"--map {item!r}: write 'label in your file=column', e.g. 'Nb ETP=etp_coordination'")
        if column not in fmt.columns():
            raise InvalidParameter(f"--map {item!r}: unknown register column {column!r} (columns: "
                                   f"{', '.join(fmt.columns())})")
        out[fmt.header_key(label)] = column
    return out


def load(conn: psycopg.Connection, name: str) -> dict[str, str]:
    row = conn.execute("SELECT mapping FROM register.import_profile WHERE name = %s", (name,)).fetchone()
    return dict(row[0]) if row else {}


def save(conn: psycopg.Connection, name: str, mapping: dict[str, str]) -> None:
    conn.execute("INSERT INTO register.import_profile (name, mapping) VALUES (%s, %s) ON CONFLICT (name) DO UPDATE "
                 "SET mapping = EXCLUDED.mapping, updated_at = now()", (name, json.dumps(mapping)))


def resolve(database_url: str, name: str | None, items: list[str]) -> dict[str, str] | None:
    """The mapping for an import: the saved profile, plus (and saved with it) the --map items."""
    from core.db import raw_connection

    mapping = parse_mapping(items)
    if not name:
        return mapping or None
    with raw_connection(database_url, autocommit=True) as conn:
        merged = {**load(conn, name), **mapping}
        if mapping:
            save(conn, name, merged)
    return merged
