"""Figures by area stored by the coverage refresh (coverage.area_figures, migration 0018) are the
figures computed on the fly: after a full refresh, after edits of one council through the API
(incremental refresh of the régions it touches), and against the on-the-fly summary of the
materialised coverage (api/sql/coverage_summary.sql) for the nation, every région and département."""
import json
from datetime import date

import psycopg
import pytest

from api.queries import coverage, history
from api.queries.sqlfiles import sql
from core.db import get_engine, psycopg_dsn
from etl.coverage import refresh_coverage, yearly_days
from tests.auth_fixtures import BELFORT, api  # noqa: F401

BASE = "/api/v1/councils"
COMPUTED = ("SELECT f.* FROM coverage.figures_at(%(days)s::date[]) f "
            "WHERE f.level <> 'departement' OR f.day = 'infinity'")
DIFFERENCE = (f"SELECT count(*) FROM ((SELECT * FROM coverage.area_figures EXCEPT {COMPUTED}) "
              f"UNION ALL ({COMPUTED} EXCEPT SELECT * FROM coverage.area_figures)) d")


def stored_minus_computed(url: str) -> int:
    days = "{" + ",".join([d.isoformat() for d in yearly_days()] + ["infinity"]) + "}"
    with psycopg.connect(psycopg_dsn(url)) as db:
        return db.execute(DIFFERENCE, {"days": days}).fetchone()[0]


def assert_summaries_are_the_on_the_fly_ones(url: str, departements: int | None = None) -> None:
    with get_engine(url).connect() as conn:
        areas = [("national", None)]
        areas += [("region", c) for c, in conn.exec_driver_sql("SELECT code FROM geo.region ORDER BY code")]
        areas += [("departement", c) for c, in conn.exec_driver_sql("SELECT code FROM geo.departement ORDER BY code")
                  ][:departements]
        for level, code in areas:
            params = {k: code if level == k else None for k in ("region", "departement", "epci")}
            on_the_fly = json.loads(conn.execute(sql("coverage_summary"), params).scalar_one())
            stored = coverage.summary(conn, level, code)
            assert {k: stored[k] for k in on_the_fly} == on_the_fly, (level, code)


def assert_series_is_the_computed_one(url: str) -> None:
    """The stored yearly series is what the status history gives on each 1 January."""
    with get_engine(url).connect() as conn:
        stored = history.series_all(conn)
        computed = history.series_all(conn, stored=False)
        assert stored == computed
        this_year = date(date.today().year, 1, 1)
        summary = history.summary(conn, this_year, "national", None)
        row = stored["FR"][-1]
        assert row["date"] == this_year.isoformat()
        assert (row["councils_active"], row["population_covered"], row["qpv_couvert"]) == (
            summary["councils"]["actif"], summary["population"]["covered"], summary["qpv"]["couvert"]["count"])


def last_refresh(url: str) -> str:
    with psycopg.connect(psycopg_dsn(url)) as db:
        return db.execute("SELECT scope FROM coverage.refresh ORDER BY id DESC LIMIT 1").fetchone()[0]


def test_stored_figures_after_a_full_refresh(api):  # noqa: F811
    url = api.settings.database_url
    refresh_coverage(url)
    assert stored_minus_computed(url) == 0
    assert_summaries_are_the_on_the_fly_ones(url)
    assert_series_is_the_computed_one(url)


@pytest.mark.parametrize("edit", [
    {"communes": ["90010", "90001", "90099"]},
    {"fte": 2.5},
    {"region_code": "11", "departement_code": "75"},
])
def test_stored_figures_after_an_edit_of_one_council(api, edit):  # noqa: F811
    url = api.settings.database_url
    etag = api.client.get(f"{BASE}/{BELFORT}/private", headers=api.headers("editor")).headers["ETag"]
    answer = api.client.patch(f"{BASE}/{BELFORT}", json=edit, headers=api.headers("editor", **{"If-Match": etag}))
    assert answer.status_code == 200, answer.text
    assert last_refresh(url) == BELFORT  # incremental
    assert stored_minus_computed(url) == 0
    assert_summaries_are_the_on_the_fly_ones(url)
    assert_series_is_the_computed_one(url)


@pytest.mark.parametrize("status, from_date", [("en_sommeil", "2026-01-01"), ("en_projet", "2012-05-01")])
def test_stored_figures_after_a_status_change(api, status, from_date):  # noqa: F811
    url = api.settings.database_url
    etag = api.client.get(f"{BASE}/{BELFORT}/private", headers=api.headers("editor")).headers["ETag"]
    answer = api.client.post(f"{BASE}/{BELFORT}/status", json={"status": status, "from_date": from_date},
                             headers=api.headers("editor", **{"If-Match": etag}))
    assert answer.status_code == 200, answer.text
    assert last_refresh(url) == BELFORT
    assert stored_minus_computed(url) == 0
    assert_summaries_are_the_on_the_fly_ones(url)
    assert_series_is_the_computed_one(url)


def test_national_stored_figures(demo, national_url):
    assert stored_minus_computed(national_url) == 0
    assert_summaries_are_the_on_the_fly_ones(national_url, departements=12)
    with get_engine(national_url).connect() as conn:
        national = coverage.summary(conn, "national", None)["qpv"]
        regions = coverage.by_area(conn, "region")
        assert national["uncovered"]["count"] == sum(r["qpv_uncovered"] for r in regions)  # outside any ARS: apart
        assert national["total"] == sum(r["qpv_total"] for r in regions) + national["outside_ars"]["count"]
