"""Figures by area stored by the coverage refresh (coverage.area_figures, migration 0018) and the
funding by area (coverage.area_funding, migration 0021) are the figures computed on the fly: after a
full refresh, after edits of one council through the API (incremental refresh of the régions it
touches; funding lines alone), after imports, and against the on-the-fly summary of the materialised
coverage and register (api/sql/coverage_summary.sql, coverage_council_funding.sql) for the nation,
every région and département."""
import json
from datetime import date

import psycopg
import pytest

from api.queries import coverage, history
from api.queries.sqlfiles import sql
from core.db import get_engine, psycopg_dsn
from etl.coverage import refresh_coverage, yearly_days
from etl.register import import_register
from tests.auth_fixtures import BELFORT, api  # noqa: F401
from tests.register_sheets import council, write_csv

BASE = "/api/v1/councils"
COMPUTED = ("SELECT f.* FROM coverage.figures_at(%(days)s::date[]) f "
            "WHERE f.level <> 'departement' OR f.day = 'infinity'")
DIFFERENCE = (f"SELECT count(*) FROM ((SELECT * FROM coverage.area_figures EXCEPT {COMPUTED}) "
              f"UNION ALL ({COMPUTED} EXCEPT SELECT * FROM coverage.area_figures)) d")
EXPANDED = "SELECT council_id, unit_code FROM coverage.council_units()"
UNITS_DIFFERENCE = (f"SELECT count(*) FROM ((SELECT * FROM coverage.council_unit EXCEPT {EXPANDED}) "
                    f"UNION ALL ({EXPANDED} EXCEPT SELECT * FROM coverage.council_unit)) d")
FUNDING = "SELECT * FROM coverage.funding_by_area()"
FUNDING_DIFFERENCE = (f"SELECT count(*) FROM ((SELECT * FROM coverage.area_funding EXCEPT {FUNDING}) "
                      f"UNION ALL ({FUNDING} EXCEPT SELECT * FROM coverage.area_funding)) d")


def stored_minus_computed(url: str) -> int:
    days = "{" + ",".join([d.isoformat() for d in yearly_days()] + ["infinity"]) + "}"
    with psycopg.connect(psycopg_dsn(url)) as db:
        # the stored council → unit expansion (migration 0019) is the expansion of the register
        assert db.execute(UNITS_DIFFERENCE).fetchone()[0] == 0
        return db.execute(DIFFERENCE, {"days": days}).fetchone()[0] + db.execute(FUNDING_DIFFERENCE).fetchone()[0]


def assert_summaries_are_the_on_the_fly_ones(url: str, departements: int | None = None) -> None:
    with get_engine(url).connect() as conn:
        areas = [("national", None)]
        areas += [("region", c) for c, in conn.exec_driver_sql("SELECT code FROM geo.region ORDER BY code")]
        areas += [("departement", c) for c, in conn.exec_driver_sql("SELECT code FROM geo.departement ORDER BY code")
                  ][:departements]
        for level, code in areas:
            params = {k: code if level == k else None for k in ("region", "departement", "epci")}
            on_the_fly = json.loads(conn.execute(sql("coverage_summary"), params).scalar_one())
            on_the_fly |= json.loads(conn.execute(sql("coverage_council_funding"), params).scalar_one())
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


def test_stored_funding_after_an_edit_of_funding_lines(api):  # noqa: F811
    """Funding lines alone: no coverage refresh, the stored funding rewritten; a newer year moves the
    latest year, hence every area's funding."""
    url = api.settings.database_url
    refreshes = last_refresh(url)
    before = api.client.get("/api/v1/coverage/summary").json()["funding"]
    for lines in ([{"source": "caf", "year": 2100, "amount_eur": 5000.5}], []):
        etag = api.client.get(f"{BASE}/{BELFORT}/private", headers=api.headers("editor")).headers["ETag"]
        answer = api.client.patch(f"{BASE}/{BELFORT}", json={"funding": lines},
                                  headers=api.headers("editor", **{"If-Match": etag}))
        assert answer.status_code == 200, answer.text
        assert last_refresh(url) == refreshes  # not a coverage input
        assert stored_minus_computed(url) == 0
        assert_summaries_are_the_on_the_fly_ones(url)
        funding = api.client.get("/api/v1/coverage/summary").json()["funding"]
        if lines:
            assert funding == [{"source": "caf", "amount_eur": 5000.5, "councils": 1, "year": 2100}]
    ars = lambda found: next(f for f in found if f["source"] == "ars")  # noqa: E731
    assert (ars(funding)["councils"], ars(funding)["amount_eur"]) == (  # the fixture's line gone
        ars(before)["councils"] - 1, pytest.approx(ars(before)["amount_eur"] - 12345.67))


def test_stored_funding_after_imports(api, tmp_path):  # noqa: F811
    """An import that adds a council, then one that changes only its funding (incremental refreshes)."""
    url, added = api.settings.database_url, "CLSM-8001"  # not a fixture council
    def ars() -> dict:
        with get_engine(url).connect() as conn:
            return next(f for f in coverage.summary(conn, "national", None)["funding"] if f["source"] == "ars")

    before = ars()
    try:
        for amount in ("12000", "15000,50"):
            path = write_csv(tmp_path / "reg.csv", [council(identifiant=added, financement_ars=amount)])
            result = import_register(url, path, refresh=True)
            assert result.changed == [added] and not result.errors
            assert stored_minus_computed(url) == 0
            assert_summaries_are_the_on_the_fly_ones(url)
        assert (ars()["councils"], ars()["amount_eur"]) == (before["councils"] + 1,
                                                            pytest.approx(before["amount_eur"] + 15000.5))
    finally:
        with psycopg.connect(psycopg_dsn(url), autocommit=True) as db:
            db.execute("DELETE FROM register.council WHERE id = %s", (added,))
        refresh_coverage(url, [added])
    assert stored_minus_computed(url) == 0


def test_national_stored_figures(demo, national_url):
    assert stored_minus_computed(national_url) == 0
    assert_summaries_are_the_on_the_fly_ones(national_url, departements=12)
    with get_engine(national_url).connect() as conn:
        national = coverage.summary(conn, "national", None)["qpv"]
        regions = coverage.by_area(conn, "region")
        assert national["uncovered"]["count"] == sum(r["qpv_uncovered"] for r in regions)  # outside any ARS: apart
        assert national["total"] == sum(r["qpv_total"] for r in regions) + national["outside_ars"]["count"]


def stored_versions(url: str) -> dict:
    """(level, code, day) -> the row version (xmin) of every stored figure."""
    with psycopg.connect(psycopg_dsn(url)) as db:
        return {(lv, c, d): x for lv, c, d, x in db.execute(
            "SELECT level, code, day::text, xmin::text FROM coverage.area_figures")}


@pytest.mark.parametrize("method, path, body, regions, first_year", [
    ("post", "/status", {"status": "en_sommeil", "from_date": "2024-06-01"}, {"27"}, 2025),  # a past date
    ("patch", "", {"region_code": "11", "departement_code": "75"}, {"11", "27"}, 2018),  # actif since 2018
])
def test_incremental_refresh_rewrites_only_the_days_and_regions_a_change_alters(api, method, path, body,  # noqa: F811
                                                                                regions, first_year):
    url = api.settings.database_url
    before = stored_versions(url)
    etag = api.client.get(f"{BASE}/{BELFORT}/private", headers=api.headers("editor")).headers["ETag"]
    answer = getattr(api.client, method)(f"{BASE}/{BELFORT}{path}", json=body,
                                         headers=api.headers("editor", **{"If-Match": etag}))
    assert answer.status_code == 200, answer.text
    assert last_refresh(url) == BELFORT
    after = stored_versions(url)
    assert after.keys() == before.keys()
    rewritten = {key for key, version in after.items() if before[key] != version}
    with psycopg.connect(psycopg_dsn(url)) as db:
        region_of = dict(db.execute("SELECT code, region_code FROM geo.departement").fetchall())
    assert {region_of[code] if level == "departement" else code for level, code, _ in rewritten} == regions
    days = {d.isoformat() for d in yearly_days() if d.year >= first_year} | {"infinity"}
    assert {day for _, _, day in rewritten} == days
    assert stored_minus_computed(url) == 0
