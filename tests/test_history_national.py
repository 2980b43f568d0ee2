"""The demonstration register's status histories against the national trajectory
(/work/shared/data/README.md): 35 active in 2010, ~100 end 2014, 244 active + 34 in preparation on
1 January 2020, ~254 + 78 in 2021, 260 in 2023, ~300 in 2025; ~20 million inhabitants in 2020."""
from datetime import date

from api.queries import history
from core.db import get_engine

SEED_YEARS = {  # day: (active range, in-preparation range or None)
    date(2010, 7, 1): ((28, 42), None),
    date(2015, 1, 1): ((92, 110), None),
    date(2020, 1, 1): ((236, 252), (28, 40)),
    date(2021, 1, 1): ((244, 264), (68, 88)),
    date(2023, 7, 1): ((255, 290), None),
    date(2025, 6, 30): ((290, 310), (90, 110)),
}


def test_demo_trajectory_matches_the_national_figures(demo, national_url):
    with get_engine(national_url).connect() as conn:
        rows = {date.fromisoformat(r["date"]): r for r in history.series(conn, None, list(SEED_YEARS))}
    for day, (active, planned) in SEED_YEARS.items():
        assert active[0] <= rows[day]["councils_active"] <= active[1], (day, rows[day])
        if planned:
            assert planned[0] <= rows[day]["councils_planned"] <= planned[1], (day, rows[day])
    assert 15e6 <= rows[date(2020, 1, 1)]["population_covered"] <= 23e6
    actives = [rows[d]["councils_active"] for d in sorted(rows)]
    assert actives == sorted(actives)  # dormant councils never outnumber the new ones in a year here


def test_series_of_every_region_adds_up_to_the_nation(demo, national_url):
    days = [date(2016, 1, 1), date(2022, 1, 1)]
    with get_engine(national_url).connect() as conn:
        nation = history.series(conn, None, days)
        regions = [r for code, in conn.exec_driver_sql("SELECT code FROM geo.region ORDER BY code")
                   for r in history.series(conn, code, days)]
        assert [r for rows in history.series_by_region(conn, days).values() for r in rows] == regions
    for i, day in enumerate(days):
        of_day = [r for r in regions if r["date"] == day.isoformat()]
        assert sum(r["population_covered"] for r in of_day) == nation[i]["population_covered"]
        assert sum(r["qpv_couvert"] for r in of_day) == nation[i]["qpv_couvert"]
