"""Page layouts and callbacks called in-process: against the real API (TestClient) on the fixture
register, and against tests/api_double.py for a demonstration register and an API that fails."""
import json
import sys

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
                         ("donnees", {})]:
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


def test_shell_without_demo_data(real):
    header, banner, footer, lang, _ = call(real.callback_map["..header.children...demo-banner.children...footer."
                                                             "children...shell.lang...skip-link.children.."]["callback"],
                                           "/", "")
    assert banner is None and lang == "fr" and "Carte" in text(header)


def test_priorities_weights_and_csv(real):
    prio = page("priorites")
    rows, layer, error = call(prio.ranking, None, 1, 1, 1, "")
    assert error is None and rows and layer["features"]
    by_poverty, _, _ = call(prio.ranking, None, 0, 1, 0, "")
    assert by_poverty[0]["taux_pauvrete_60"] == max(r["taux_pauvrete_60"] or 0 for r in by_poverty)
    csv = call(prio.download, 1, rows)
    assert csv["filename"].endswith(".csv") and csv["content"].startswith("rank,code,nom")


def test_scenario_and_lookup(real):
    result = text(call(page("priorites").scenario, 1, "90075", "", ""))
    assert "Habitants nouvellement couverts" in result
    bad = text(call(page("priorites").scenario, 1, "", "not-a-siren", ""))
    assert "fr-alert" in bad  # the API's 422 shown as a message
    found = text(page("recherche").render(real.server.extensions["clsm_dashboard"]["api"].lookup(commune="75113"), "fr"))
    assert "Paris" in found


def test_directory_search(real):
    rows, error = call(page("annuaire").rows, "Belfort", None, "")
    assert error is None and [r["name"] for r in rows] == ["CLSM test — Belfort"]


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
        for name in ("carte", "ensemble", "priorites", "donnees", "recherche"):
            assert "Database unavailable" in text(page(name).layout(lang="fr")), name
        assert "Database unavailable" in text(call(page("ensemble").overview, None, None, ""))
        assert "Database unavailable" in text(page("fiche").layout(council_id="X"))
