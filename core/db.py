"""Database engines (one per URL, created lazily) and raw psycopg connections for COPY."""
from functools import lru_cache

import psycopg
from sqlalchemy import Engine, create_engine, make_url


@lru_cache(maxsize=8)
def get_engine(url: str) -> Engine:
    # pre_ping: recover by itself after a database restart.
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10, future=True)


def psycopg_dsn(url: str) -> str:
    """libpq connection string for raw psycopg work (COPY)."""
    u = make_url(url)
    parts = {"host": u.host, "port": u.port, "dbname": u.database, "user": u.username, "password": u.password}
    return " ".join(f"{k}={v}" for k, v in parts.items() if v is not None)


def raw_connection(url: str, autocommit: bool = False) -> psycopg.Connection:
    return psycopg.connect(psycopg_dsn(url), autocommit=autocommit)
