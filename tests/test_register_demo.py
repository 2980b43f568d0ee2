"""The demonstration register on the national geography: calibrated on the public national
figures (/work/shared/data/README.md), deterministic, loaded through the importer."""
import hashlib
import io
import os
import subprocess
import sys
from collections import Counter

import pytest
from rich.console import Console

from core.settings import PROJECT_ROOT, Settings
from etl import pipeline


def test_pipeline_skips_an_unchanged_register(demo, national_url):
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pipeline, "DEMO_FILE", demo[1])
        output = io.StringIO()
        report = pipeline.load_rest(Settings(database_url=national_url, register_file=None), Console(file=output))
    assert any("register unchanged" in n for n in report.notes)
    assert "National coverage" in output.getvalue()
    loaded, rejected = rows(demo[0], "SELECT rows_loaded, rows_rejected FROM meta.current_sources "
                                     "WHERE name = 'CLSM register'")[0]
    assert loaded == rows(demo[0], "SELECT count(*) FROM register.council")[0][0] and rejected == 0


def rows(conn, query):
    return conn.execute(query).fetchall()


def test_status_counts(demo):
    statuses = dict(rows(demo[0], "SELECT status, count(*) FROM register.council GROUP BY 1"))
    assert 285 <= statuses["actif"] <= 315 and 90 <= statuses["en_projet"] <= 110
    assert 5 <= statuses["en_sommeil"] + statuses["arrete"] <= 40


def test_scale_mix(demo):
    scales = Counter(dict(rows(demo[0], "SELECT scale, count(*) FROM register.council GROUP BY 1")))
    total = sum(scales.values())
    assert 0.47 <= scales["communal"] / total <= 0.57
    assert 0.29 <= scales["intercommunal"] / total <= 0.39
    assert scales["infra_communal"] >= 15 and scales["secteur_psychiatrique"] + scales["mixte"] >= 10
    # Infra-communal councils are real arrondissements of Paris, Lyon, Marseille.
    assert rows(demo[0], "SELECT DISTINCT c.type FROM register.territory t JOIN register.council r "
                         "ON r.id = t.council_id JOIN geo.commune c ON c.code = t.commune_code "
                         "WHERE r.scale = 'infra_communal'") == [("ARM",)]


def test_regional_spread(demo):
    density = dict(rows(demo[0], """
        SELECT g.code, count(r.id) FILTER (WHERE r.status = 'actif') * 1e6 / nullif(g.population, 0)
        FROM geo.region g LEFT JOIN register.council r ON r.region_code = g.code GROUP BY g.code, g.population"""))
    national = rows(demo[0], "SELECT count(*) * 1e6 / (SELECT sum(population) FROM geo.region) "
                             "FROM register.council WHERE status = 'actif'")[0][0]
    for dense in ("11", "32", "76", "84"):  # Île-de-France, Hauts-de-France, Occitanie, Auvergne-Rhône-Alpes
        assert density[dense] > national, dense
    assert density["24"] < national * 7 / 10  # Centre-Val de Loire
    overseas = rows(demo[0], """
        SELECT count(*) FILTER (WHERE r.status = 'actif') * 1e6 / (SELECT sum(population) FROM geo.region
                                                                   WHERE code < '10')
        FROM register.council r WHERE r.region_code < '10'""")[0][0]
    assert overseas < national * 7 / 10


def test_population_and_qpv_coverage(demo):
    conn = demo[0]
    covered = rows(conn, "SELECT sum(population) FROM coverage.unit WHERE is_covered")[0][0]
    assert 20e6 <= covered <= 30e6
    qpv = dict(rows(conn, "SELECT status, count(*) FROM coverage.qpv GROUP BY 1"))
    assert 0.40 <= qpv["couvert"] / sum(qpv.values()) <= 0.55
    with_qpv = rows(conn, "SELECT avg((c.n_qpv > 0)::int) FROM coverage.council c JOIN register.council r "
                          "ON r.id = c.council_id WHERE r.status = 'actif'")[0][0]
    assert 0.78 <= with_qpv <= 0.88
    assert rows(conn, "SELECT count(*) FROM coverage.qpv WHERE prevu")[0][0] > 0


def test_fte_and_budgets(demo):
    conn = demo[0]
    low, high, one = rows(conn, "SELECT min(fte), max(fte), avg((fte = 1)::int) FROM register.council "
                                "WHERE status = 'actif'")[0]
    assert float(low) == pytest.approx(0.1) and high > 1 and 0.28 <= one <= 0.40
    assert rows(conn, "SELECT count(*) FROM register.council WHERE budget_eur < 60000 * fte")[0][0] == 0


def test_funding_mixes(demo):
    mixes = Counter(tuple(m) for (m,) in rows(demo[0], "SELECT array_agg(source ORDER BY source) "
                                                      "FROM register.funding GROUP BY council_id"))
    total = sum(mixes.values())
    with_both = sum(n for m, n in mixes.items() if {"commune_epci", "ars"} <= set(m))
    hospital = sum(n for m, n in mixes.items() if "etablissement_sante" in m)
    single = Counter({m[0]: n for m, n in mixes.items() if len(m) == 1})
    assert with_both / total > 0.5
    assert 0.25 <= hospital / total <= 0.42
    assert single.most_common(1)[0][0] == "commune_epci"


def test_creations_and_histories(demo):
    conn = demo[0]
    per_year = dict(rows(conn, "SELECT extract(year FROM created_on)::int, count(*) FROM register.council "
                               "WHERE created_on IS NOT NULL GROUP BY 1"))
    assert all(15 <= per_year.get(year, 0) <= 30 for year in range(2015, 2025)), per_year
    assert rows(conn, "SELECT count(*) FROM register.council WHERE status = 'en_projet' "
                      "AND created_on IS NOT NULL")[0][0] == 0
    # Each history ends with the current status; the creation date is when it became active.
    assert rows(conn, """
        SELECT count(*) FROM register.council c
        WHERE (SELECT status FROM register.status_history h WHERE h.council_id = c.id
               ORDER BY from_date DESC LIMIT 1) <> c.status
           OR c.created_on IS DISTINCT FROM (SELECT min(from_date) FROM register.status_history h
                                             WHERE h.council_id = c.id AND h.status = 'actif')""")[0][0] == 0
    assert rows(conn, "SELECT min(n) FROM (SELECT count(*) AS n FROM register.status_history h JOIN "
                      "register.council c ON c.id = h.council_id WHERE c.status IN ('en_sommeil', 'arrete') "
                      "GROUP BY c.id) x")[0][0] >= 3


def test_clearly_labelled_as_demonstration(demo):
    conn = demo[0]
    assert rows(conn, "SELECT bool_and(demo), bool_and(name LIKE 'CLSM démo — %') FROM register.council") == \
        [(True, True)]
    assert rows(conn, "SELECT bool_and(email LIKE '%@example.org') FROM register.contact") == [(True,)]


def test_councils_geojson_stays_small(demo):
    size = rows(demo[0], "SELECT sum(length(ST_AsGeoJSON(geom_display, 5)) + 200) FROM coverage.council")[0][0]
    assert size < 1_000_000


def test_generator_is_deterministic(demo, national_url, tmp_path):
    again = tmp_path / "again.csv"
    env = {**os.environ, "DATABASE_URL": national_url, "PYTHONHASHSEED": "12345"}
    subprocess.run([sys.executable, "-m", "etl", "demo-register", str(again)], cwd=PROJECT_ROOT, env=env,
                   check=True, capture_output=True)
    digest = lambda p: hashlib.sha256(p.read_bytes()).hexdigest()  # noqa: E731
    assert digest(again) == digest(demo[1])
