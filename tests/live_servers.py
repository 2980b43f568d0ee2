"""The API (uvicorn) and the dashboard (werkzeug) served for real on free loopback ports."""
import pytest

from bench.live import serve_api, serve_dashboard


@pytest.fixture(scope="module")
def live_api(api_register):
    url, stop = serve_api(api_register)
    yield url
    stop()


@pytest.fixture(scope="module")
def live_dashboard(api_register, live_api):
    url, stop = serve_dashboard(api_register, live_api)
    yield url
    stop()
