"""What the Dash app serving the current request was configured with: its API client, its basemap.

Kept on the Flask app (not in a module global), so two dashboards in one process (tests, benchmark)
each talk to their own API."""
import flask

from dashboard.client import ApiClient

KEY = "clsm_dashboard"


def configure(server: flask.Flask, client: ApiClient, basemap_url: str | None = None,
              scenario_requires_login: bool = False, brand: str | None = None) -> None:
    server.extensions[KEY] = {"api": client, "basemap_url": basemap_url,
                              "scenario_requires_login": scenario_requires_login, "brand": brand}


def _config() -> dict:
    try:
        return flask.current_app.extensions[KEY]
    except (RuntimeError, KeyError):
        raise RuntimeError("no API client: call create_dash_app() and run inside its request context") from None


def api() -> ApiClient:
    return _config()["api"]


def basemap_url() -> str | None:
    """Optional raster tiles (settings.basemap_url); by default the map draws only our own vector layers."""
    return _config()["basemap_url"]


def scenario_requires_login() -> bool:
    """settings.scenario_requires_login: the API then refuses anonymous scenarios; say so up front."""
    return _config()["scenario_requires_login"]


def brand() -> str | None:
    """settings.brand: an institutional mark above the title, only where an institution allows it."""
    return _config()["brand"]
