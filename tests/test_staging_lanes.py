"""Lanes of SQL side by side (etl.staging.run_parallel): Done/After order steps across lanes, and a
failed lane stops the lanes waiting for it and its own error is raised."""
import psycopg
import pytest
from psycopg import sql

from core.db import psycopg_dsn
from etl import staging


@pytest.fixture
def schema(db):
    db.execute("DROP SCHEMA IF EXISTS lanes_test CASCADE")
    db.execute("CREATE SCHEMA lanes_test")
    yield "lanes_test"
    db.execute("DROP SCHEMA lanes_test CASCADE")


def test_after_waits_for_the_step_of_another_lane(database_url, db, schema):
    staging.run_parallel(psycopg_dsn(database_url), [
        [staging.After("made"), sql.SQL("INSERT INTO lanes_test.t SELECT n + 1 FROM lanes_test.t")],
        [sql.SQL("SELECT pg_sleep(0.3)"), sql.SQL("CREATE TABLE lanes_test.t AS SELECT 1 AS n"),
         staging.Done("made")]])
    assert [n for (n,) in db.execute("SELECT n FROM lanes_test.t ORDER BY n")] == [1, 2]


def test_a_failed_lane_raises_its_error_and_releases_the_lanes_waiting_for_it(database_url, db, schema):
    # The waiting lane comes first: its giving up must not hide the real error.
    with pytest.raises(psycopg.errors.UndefinedTable):
        staging.run_parallel(psycopg_dsn(database_url), [
            [staging.After("made"), sql.SQL("CREATE TABLE lanes_test.never AS SELECT 1")],
            [sql.SQL("SELECT * FROM lanes_test.missing"), staging.Done("made")]])
    assert db.execute("SELECT to_regclass('lanes_test.never')").fetchone()[0] is None
