"""Régions, départements, communes: existence checks and names."""
from sqlalchemy import Connection, text

from core.errors import NotFound

LEVELS = {"region": "geo.region", "departement": "geo.departement", "commune": "geo.commune", "epci": "geo.epci"}


def area_name(conn: Connection, level: str, code: str) -> str:
    nom = conn.execute(text(f"SELECT nom FROM {LEVELS[level]} WHERE code = :code"), {"code": code}).scalar()
    if nom is None:
        raise NotFound(f"unknown {level} code {code!r}", parameter="code")
    return nom
