"""Provenance and data version."""
from sqlalchemy import Connection, text

SOURCE_COLUMNS = ("name", "vintage", "licence", "origin", "file_name", "sha256", "rows_loaded", "rows_rejected",
                  "loaded_at", "duration_s")
# One statement (one round trip): the version, the demo flag and every source row.
_PROVENANCE = text(
    "SELECT v.version, v.demo, " + ", ".join(f"s.{c}" for c in SOURCE_COLUMNS) + " "
    "FROM (SELECT (SELECT version FROM meta.data_version) AS version, "
    "EXISTS (SELECT 1 FROM register.council WHERE demo) AS demo) v "
    "LEFT JOIN meta.current_sources s ON true ORDER BY s.name")


def provenance(conn: Connection) -> tuple[str, bool, list[dict]]:
    """(data version, demonstration data present, sources by name)."""
    rows = conn.execute(_PROVENANCE).mappings().all()
    sources = [{c: r[c] for c in SOURCE_COLUMNS} for r in rows if r["name"] is not None]
    return rows[0]["version"], rows[0]["demo"], sources


def sources(conn: Connection) -> list[dict]:
    rows = conn.execute(text(f"SELECT {', '.join(SOURCE_COLUMNS)} FROM meta.current_sources ORDER BY name"))
    return [dict(r) for r in rows.mappings()]
