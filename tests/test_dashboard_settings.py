"""Dashboard settings of issue 15: the brand is off unless set; download links follow the public
API address; French formats from the one formatting module."""
from fastapi.testclient import TestClient

from api.app import create_app
from dashboard import formatting
from dashboard.app import create_dash_app
from dashboard.shell import header
from tests.api_fixtures import api_register  # noqa: F401 (fixture)
from tests.test_dashboard_callbacks import page, text


def _app(settings, **changes):
    configured = settings.model_copy(update=changes)
    return create_dash_app(configured, http=TestClient(create_app(configured)))


def test_brand_is_off_by_default_and_a_setting(api_register):  # noqa: F811
    plain = _app(api_register)
    with plain.server.test_request_context():
        assert "République française" not in text(header("/", "", "fr"))
    branded = _app(api_register, brand="Préfecture de test")
    with branded.server.test_request_context():
        assert "Préfecture de test" in text(header("/", "", "fr"))


def test_download_links_follow_the_public_api_address(api_register):  # noqa: F811
    relative = _app(api_register, public_api_url="")
    with relative.server.test_request_context():
        rendered = text(page("donnees").layout(lang="fr"))
    assert '"href": "/api/v1/exports/qpv.gpkg"' in rendered and "127.0.0.1" not in rendered
    public = _app(api_register, public_api_url="https://clsm.example.fr/")
    with public.server.test_request_context():
        assert '"href": "https://clsm.example.fr/api/v1/exports/councils.csv"' in text(page("donnees").layout())


def test_one_formatting_module():
    assert formatting.number(22462470) == "22\u202f462\u202f470"
    assert formatting.number(229.14, 1, "en") == "229.1"
    assert formatting.percent(0.3436) == "34,4\u202f%" and formatting.percent(0.3436, lang="en") == "34.4%"
    assert formatting.euros(15_700_000) == "15,7\u202fM€" and formatting.euros(60000) == "60\u202f000\u202f€"
    assert formatting.decimal(1.5) == "1,5" and formatting.decimal(1.0) == "1"
    assert formatting.day("2016-03-01") == "01/03/2016" and formatting.day("2016-03-01", "en") == "2016-03-01"
    assert formatting.number(None) == "–"
