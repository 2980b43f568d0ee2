"""A page's first view in Dash's layout (dashboard/first_view.py): the frame and the content of the page
the browser asks from, so a first visit needs no callback; without that address, or if building
it fails, the empty frame the routing callbacks fill, as before."""
import json

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from dashboard import first_view
from dashboard.app import create_dash_app
from tests.api_fixtures import PRIVATE, api_register  # noqa: F401 (fixture)

SITE = "http://localhost"


@pytest.fixture(scope="module")
def dash_app(api_register):  # noqa: F811
    settings = api_register.model_copy(update={"dashboard_answer_cache_mb": 16})
    return create_dash_app(settings, http=TestClient(create_app(settings)))


def _layout(client, address: str | None, **headers):
    answer = client.get(first_view.LAYOUT, headers={**({"Referer": SITE + address} if address else {}), **headers})
    assert answer.status_code == 200
    return answer


def _found(node, wanted: str):
    """The props of the component with this id, anywhere in a layout."""
    if isinstance(node, list):
        return next((f for n in node if (f := _found(n, wanted)) is not None), None)
    if not isinstance(node, dict) or "props" not in node:
        return None
    if node["props"].get("id") == wanted:
        return node["props"]
    return _found(node["props"].get("children"), wanted)


def test_the_layout_holds_the_page_asked_from(dash_app):
    client = dash_app.server.test_client()
    layout = _layout(client, "/donnees").json
    content = json.dumps(_found(layout, "_pages_content"), ensure_ascii=False)
    assert "exports/councils.csv" in content and "Sources" in content
    assert _found(layout, "url")["pathname"] == _found(layout, "_pages_location")["pathname"] == "/donnees"
    assert _found(layout, "url")["search"] == ""
    header = json.dumps(_found(layout, "header"), ensure_ascii=False)
    assert '"nav-link active"' in header and "Données" in header and "Se connecter" in header
    assert "Version des données" in json.dumps(_found(layout, "footer"), ensure_ascii=False)
    assert _found(layout, "_pages_store")["data"] == {"title": "CLSM — données"}

    english = _layout(client, "/annuaire?lang=en&status=active").json
    assert _found(english, "shell")["lang"] == "en" and _found(english, "url")["search"] == "?lang=en&status=active"
    assert "Directory" in json.dumps(_found(english, "header")) and _found(english, "skip-link")["children"] == \
        "Skip to content"


def test_unknown_address_gets_the_not_found_page(dash_app):
    layout = _layout(dash_app.server.test_client(), "/nulle-part").json
    assert "introuvable" in json.dumps(_found(layout, "_pages_content"), ensure_ascii=False).lower()


def test_without_an_address_the_callbacks_fill_an_empty_frame(dash_app):
    layout = _layout(dash_app.server.test_client(), None).json
    assert _found(layout, "_pages_content").get("children") is None and _found(layout, "header").get("children") is None
    # Locations without an address: mounting them sets it, which runs the routing callbacks.
    assert "pathname" not in _found(layout, "url") and "pathname" not in _found(layout, "_pages_location")


def test_a_failing_page_falls_back_to_the_callbacks(dash_app, monkeypatch):
    def broken(*_):
        raise RuntimeError("page failed")
    monkeypatch.setattr(first_view, "page", broken)
    client = dash_app.server.test_client()
    layout = _layout(client, "/donnees?failing").json  # an address not kept yet
    assert _found(layout, "_pages_content").get("children") is None and "pathname" not in _found(layout, "url")
    monkeypatch.undo()  # the fallback was not kept for the next visitors
    assert "exports/councils.csv" in json.dumps(_found(_layout(client, "/donnees?failing").json, "_pages_content"))


def test_answers_vary_by_page_and_are_kept_only_for_anonymous_visitors(dash_app):
    client = dash_app.server.test_client()
    first = _layout(client, "/donnees", **{"Accept-Encoding": "gzip"})
    assert {"Referer", "Cookie"} <= set(first.headers["Vary"].replace(" ", "").split(","))
    again = _layout(client, "/donnees", **{"Accept-Encoding": "gzip"})
    assert again.headers.get("X-Answer-Cache") == "hit" and again.data == first.data
    other = _layout(client, "/annuaire", **{"Accept-Encoding": "gzip"})
    assert "X-Answer-Cache" not in other.headers and other.data != first.data
    client.set_cookie("clsm_session", "anything")
    assert "X-Answer-Cache" not in _layout(client, "/donnees", **{"Accept-Encoding": "gzip"}).headers


def test_the_html_says_its_language_and_title_before_dash_runs(dash_app):
    """No callback sets them on a first visit (they run on navigation)."""
    client = dash_app.server.test_client()
    french = client.get("/donnees").get_data(as_text=True)
    assert '<html lang="fr">' in french and "<title>CLSM — données</title>" in french
    english = client.get("/annuaire?lang=en&status=active").get_data(as_text=True)
    assert '<html lang="en">' in english and "<title>CLSM — directory</title>" in english
    assert "<title>CLSM — fiche</title>" in client.get("/annuaire/CLSM-BEL").get_data(as_text=True)
    assert "<title>CLSM — page introuvable / page not found</title>" in client.get("/nulle-part").get_data(as_text=True)


def test_a_page_with_a_path_variable(dash_app):
    """A council's card (/annuaire/<council_id>): the variable reaches the page, as with Dash's router."""
    layout = _layout(dash_app.server.test_client(), "/annuaire/CLSM-BEL").json
    content = json.dumps(_found(layout, "_pages_content"), ensure_ascii=False)
    assert "CLSM test — Belfort" in content and _found(layout, "_pages_location")["pathname"] == "/annuaire/CLSM-BEL"
    assert not any(value in json.dumps(layout, ensure_ascii=False) for value in PRIVATE.values())  # public card
