"""The priority method and one definition of "uncovered" (docs/coverage.md), on the fixture register
with three fake QPV added: one with no published poverty rate but the largest population (it must
not outrank complete QPV), one in région 84 where no council is active (its distance component is
the stated maximum, never a distance to Belfort), one in French Polynesia (outside any ARS:
counted apart everywhere)."""
import csv
import io

import pytest
from openpyxl import load_workbook

from etl.coverage import refresh_coverage
from tests.api_fixtures import api_register, client  # noqa: F401 (fixtures)

API = "/api/v1"
NO_POVERTY, NO_COUNCIL, POLYNESIA, SAINT_MARTIN = "QN09099X", "QN06999X", "QN98799X", "QN97899X"
FAKES = (NO_POVERTY, NO_COUNCIL, POLYNESIA, SAINT_MARTIN)


def add_qpv(db, code: str, dep: str | None, region: str | None, population, poverty, commune: str | None,
            lon: float = 0, lat: float = 0) -> None:
    """A small square QPV over the given commune's point on surface (or at lon/lat without one)."""
    centre = ("(SELECT ST_PointOnSurface(geom) FROM geo.commune WHERE code = %(commune)s)" if commune
              else "ST_SetSRID(ST_MakePoint(%(lon)s, %(lat)s), 4326)")
    db.execute(f"""INSERT INTO geo.qpv (code, nom, liste, departement_code, region_code, population, taux_pauvrete_60,
                                        area_m2, repaired, geom, geom_display)
                   SELECT %(code)s, 'Quartier factice ' || %(code)s, '2024', %(dep)s, %(region)s, %(population)s,
                          %(poverty)s, ST_Area(g::geography), false, g, g
                   FROM (SELECT ST_Multi(ST_Expand({centre}, 0.002)) AS g) s""",
               dict(code=code, dep=dep, region=region, population=population, poverty=poverty, commune=commune,
                    lon=lon, lat=lat))
    if commune:
        db.execute("INSERT INTO geo.qpv_commune SELECT code, %s, area_m2, true FROM geo.qpv WHERE code = %s",
                   (commune, code))


def remove_fakes(db, database_url) -> None:
    for table, column in (("coverage.qpv", "qpv_code"), ("geo.qpv_commune", "qpv_code"), ("geo.qpv", "code")):
        db.execute(f"DELETE FROM {table} WHERE {column} = ANY (%s)", (list(FAKES),))
    refresh_coverage(database_url)


@pytest.fixture(scope="module")
def fakes(api_register, database_url):
    import psycopg

    from core.db import psycopg_dsn

    with psycopg.connect(psycopg_dsn(database_url), autocommit=True) as db:
        add_qpv(db, NO_POVERTY, "90", "27", 99_999, None, "90075")  # Offemont: not covered, a council en projet
        add_qpv(db, NO_COUNCIL, "69", "84", 5_000, 60.0, "69114")
        add_qpv(db, POLYNESIA, None, None, None, None, None, lon=-149.56, lat=-17.55)
        refresh_coverage(database_url)
        yield
        remove_fakes(db, database_url)


def get(client, path, expect=200, **params):
    response = client.get(API + path, params=params)
    assert response.status_code == expect, response.text
    return response.json()


def every(client, path, **params) -> list[dict]:
    body = get(client, path, limit=2, **params)
    items = body["items"]
    while body["next"]:  # the whole list through pagination, never cut
        body = client.get(body["next"]).json()
        items += body["items"]
    assert len(items) == body["total"]
    return items


def test_missing_figure_never_raises_a_rank(client, fakes):
    ranked = every(client, "/qpv/priority")
    by_code = {r["code"]: r for r in ranked}
    fake = by_code[NO_POVERTY]
    assert fake["completeness"] == "incomplete" and fake["missing"] == ["poverty"]
    assert fake["components"]["poverty"] is None and fake["components"]["population"] == 1.0
    complete = [r["rank"] for r in ranked if r["completeness"] == "complete"]
    assert complete and fake["rank"] > max(complete)
    assert [r["rank"] for r in ranked] == list(range(1, len(ranked) + 1))
    # Without a weight on poverty nothing is missing: it is ranked with the others, by its score.
    no_poverty = {r["code"]: r for r in every(client, "/qpv/priority", w_poverty=0)}
    assert no_poverty[NO_POVERTY]["completeness"] == "complete"
    assert no_poverty[NO_POVERTY]["weighted"]["poverty"] is None
    assert get(client, "/qpv/priority", completeness="incomplete")["total"] == 1


def test_distance_within_the_health_territory(client, fakes):
    far = get(client, f"/qpv/{NO_COUNCIL}")
    # Région 84 has no active council: no distance to Belfort's councils, the stated maximum instead.
    assert far["distance_km"] is None and far["distance_rule"] == "no_active_council"
    assert far["components"]["distance"] == 1.0 and far["health_territory"] == "84"
    ranked = every(client, "/qpv/priority")
    assert all(r["distance_km"] is None or r["distance_km"] < 1000 for r in ranked)
    assert {r["distance_rule"] for r in ranked} == {"measured", "no_active_council"}
    assert POLYNESIA not in {r["code"] for r in ranked}


def test_outside_any_ars_counted_apart(client, fakes):
    summary = get(client, "/coverage/summary")["qpv"]
    assert summary["outside_ars"] == {"count": 1, "population": 0}
    assert summary["total"] == sum(summary[s]["count"] for s in ("couvert", "partiel", "non_couvert")) + 1
    apart = get(client, "/qpv/priority", outside_ars="true")
    assert [(r["code"], r["rank"], r["completeness"]) for r in apart["items"]] == [(POLYNESIA, None, "outside_ars")]
    one = get(client, f"/qpv/{POLYNESIA}")
    assert one["region_code"] is None and one["distance_rule"] == "outside_ars" and one["priority_score"] is None


def test_one_definition_of_uncovered(client, fakes):
    """Summary, régions and départements tables, QPV list, priority list, export and map layer:
    the same uncovered, partiel, non_couvert and prévu counts for the same filter."""
    for region in (None, "27", "11", "84"):
        area = {"region": region} if region else {}
        summary = (get(client, "/coverage/summary", level="region", code=region) if region
                   else get(client, "/coverage/summary"))["qpv"]
        uncovered = summary["uncovered"]["count"]
        assert uncovered == summary["partiel"]["count"] + summary["non_couvert"]["count"]
        assert get(client, "/qpv/priority", limit=1, **area)["total"] == uncovered
        for status in ("partiel", "non_couvert"):
            assert get(client, "/qpv", limit=1, status=status, outside_ars="false", **area)["total"] == \
                summary[status]["count"]
            assert get(client, "/qpv/priority", limit=1, status=status, **area)["total"] == summary[status]["count"]
        assert get(client, "/qpv/priority", limit=1, prevu="true", **area)["total"] == summary["prevu"]["count"]
        exported = list(csv.DictReader(io.StringIO(client.get(API + "/exports/qpv.csv", params=area).text)))
        inside = [q for q in exported if q["region_code"]]
        assert sum(q["status"] != "couvert" for q in inside) == uncovered
        layer = client.get(API + "/layers/qpv.geojson", params=area).json()["features"]
        assert sum(f["properties"]["status"] != "couvert" for f in layer if f["id"] != POLYNESIA) == uncovered
        planner = client.get(API + "/qpv/priority/export", params=area).text.splitlines()
        assert len([line for line in planner if not line.startswith("# ")]) - 1 == uncovered  # minus the header
    regions = get(client, "/coverage/regions")
    national = get(client, "/coverage/summary")["qpv"]
    for key, status in (("qpv_uncovered", "uncovered"), ("qpv_partiel", "partiel"),
                        ("qpv_non_couvert", "non_couvert"), ("qpv_prevu", "prevu")):
        assert sum(r[key] for r in regions["items"]) == national[status]["count"]
    assert regions["qpv_apart"]["outside_ars"]["uncovered"] == national["outside_ars"]["count"] == 1
    deps = get(client, "/coverage/departements")
    assert sum(d["qpv_uncovered"] for d in deps["items"]) + deps["qpv_apart"]["no_departement"]["uncovered"] \
        == national["uncovered"]["count"]


def test_planner_table_rows_filters_and_sort(client, fakes):
    row = get(client, "/qpv/priority", departement="90", limit=1)["items"][0]
    for field in ("rank", "code", "nom", "communes", "epci", "departement_nom", "region_nom", "status",
                  "share_active", "prevu", "planned_councils", "population", "taux_pauvrete_60", "distance_km",
                  "components", "weighted", "completeness", "missing", "score", "point", "weights"):
        assert field in row
    offemont = get(client, f"/qpv/{NO_POVERTY}")
    assert offemont["prevu"] and [c["id"] for c in offemont["councils"]] == ["CLSM-OFF"]
    planned = {r["code"]: r for r in every(client, "/qpv/priority", prevu="true")}
    assert planned[NO_POVERTY]["planned_councils"] == [{"id": "CLSM-OFF", "name": "CLSM test — Offemont"}]
    assert planned[NO_POVERTY]["communes"] == [{"code": "90075", "nom": "Offemont"}]
    by_population = [r["population"] for r in every(client, "/qpv/priority", sort="-population")]
    assert by_population == sorted(by_population, key=lambda p: -(p or 0))
    by_name = [r["nom"] for r in every(client, "/qpv/priority", sort="nom")]
    assert by_name == sorted(by_name)
    assert get(client, "/qpv/priority", 422, sort="colour")["errors"][0]["parameter"] == "sort"
    assert get(client, "/qpv/QN00000X", 404)["status"] == 404


def test_priority_export_records_how_it_was_made(client, fakes):
    params = {"region": "27", "w_distance": 2, "status": "non_couvert"}
    response = client.get(API + "/qpv/priority/export", params=params)
    assert response.status_code == 200 and "attachment" in response.headers["content-disposition"]
    lines = response.text.splitlines()
    header = dict(line.split(",", 1) for line in lines if line.startswith("# "))
    assert "distance=2" in header["# weights"] and "region=27" in header["# filters"]
    assert "status=non_couvert" in header["# filters"] and header["# data_version"]
    assert header["# generated_at"].startswith("20")
    rows = list(csv.DictReader(io.StringIO("\n".join(line for line in lines if not line.startswith("# ")))))
    assert len(rows) == get(client, "/qpv/priority", **params)["total"]
    xlsx = client.get(API + "/qpv/priority/export", params={**params, "format": "xlsx"}).content
    book = load_workbook(io.BytesIO(xlsx))
    assert book["priorites"].max_row == len(rows) + 1
    about = {r[0]: r[1] for r in book["metadata"].iter_rows(values_only=True)}
    assert "distance=2" in about["weights"] and about["data_version"] == header["# data_version"]


def test_saint_martin_belongs_to_the_ars_of_guadeloupe(client, fakes, db, database_url):
    add_qpv(db, SAINT_MARTIN, None, None, None, None, None, lon=-63.05, lat=18.07)
    try:
        refresh_coverage(database_url)
        one = get(client, f"/qpv/{SAINT_MARTIN}")
        assert (one["region_code"], one["health_territory"], one["distance_rule"]) == ("01", "978", "no_active_council")
        assert get(client, "/qpv/priority", region="01")["items"][0]["code"] == SAINT_MARTIN
        assert get(client, "/coverage/summary")["qpv"]["outside_ars"]["count"] == 1
    finally:
        db.execute("DELETE FROM coverage.qpv WHERE qpv_code = %s", (SAINT_MARTIN,))
        db.execute("DELETE FROM geo.qpv WHERE code = %s", (SAINT_MARTIN,))
