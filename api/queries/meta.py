"""Provenance and data version."""
from sqlalchemy import Connection, text


def data_version(conn: Connection) -> str:
    return conn.execute(text("SELECT version FROM meta.data_version")).scalar_one()


def sources(conn: Connection) -> list[dict]:
    rows = conn.execute(text(
        "SELECT name, vintage, licence, origin, file_name, sha256, rows_loaded, rows_rejected, "
        "loaded_at, duration_s FROM meta.current_sources ORDER BY name")).mappings()
    return [dict(r) for r in rows]


def demo_data_present(conn: Connection) -> bool:
    return bool(conn.execute(text("SELECT EXISTS (SELECT 1 FROM register.council WHERE demo)")).scalar_one())
