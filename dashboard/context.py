"""The API client the pages use, set once by create_dash_app (configuration, not state)."""
from dashboard.client import ApiClient

_client: ApiClient | None = None


def configure(client: ApiClient) -> None:
    global _client
    _client = client


def api() -> ApiClient:
    if _client is None:
        raise RuntimeError("create_dash_app() has not configured the API client")
    return _client
