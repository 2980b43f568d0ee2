"""Typed client of the CLSM API: the dashboard's only way to data (no SQL here)."""
from typing import Any, TypedDict

import httpx

API_PREFIX = "/api/v1"


class ApiError(Exception):
    """An RFC 9457 problem answered by the API, or the API being unreachable."""

    def __init__(self, status: int, title: str, detail: str):
        super().__init__(f"{status} {title}: {detail}")
        self.status, self.title, self.detail = status, title, detail


class Health(TypedDict):
    status: str
    data_version: str
    demo_data: bool
    sources: list[dict]


class Page(TypedDict):
    items: list[dict]
    total: int
    next: str | None
    data_version: str
    demo_data: bool


class ApiClient:
    def __init__(self, base_url: str, transport: httpx.BaseTransport | None = None, timeout: float = 20.0):
        self.base_url = base_url.rstrip("/")
        self._http = httpx.Client(base_url=self.base_url + API_PREFIX, transport=transport, timeout=timeout)

    def _request(self, method: str, path: str, **kwargs) -> Any:
        params = {k: v for k, v in (kwargs.pop("params", None) or {}).items() if v not in (None, "")}
        try:
            response = self._http.request(method, path, params=params, **kwargs)
        except httpx.HTTPError as exc:
            raise ApiError(503, "API unreachable", str(exc)) from exc
        if response.status_code >= 400:
            try:
                problem = response.json()
            except ValueError:
                problem = {}
            raise ApiError(response.status_code, problem.get("title", response.reason_phrase),
                           problem.get("detail", response.text[:200]))
        return response.json()

    def _get(self, path: str, **params) -> Any:
        return self._request("GET", path, params=params)

    # --- service and provenance
    def health(self) -> Health:
        return self._get("/health")

    def sources(self) -> dict:
        return self._get("/sources")

    # --- coverage
    def summary(self, level: str = "national", code: str | None = None) -> dict:
        return self._get("/coverage/summary", level=level, code=code)

    def regions(self) -> Page:
        return self._get("/coverage/regions")

    def departements(self, region: str | None = None) -> Page:
        return self._get("/coverage/departements", region=region)

    # --- register
    def councils(self, limit: int = 1000, **filters) -> Page:
        return self._get("/councils", limit=limit, **filters)

    def council(self, council_id: str) -> dict:
        return self._get(f"/councils/{council_id}")

    def qpv_priority(self, limit: int = 100, **params) -> Page:
        return self._get("/qpv/priority", limit=limit, **params)

    def lookup(self, lon: float | None = None, lat: float | None = None, commune: str | None = None) -> dict:
        return self._get("/lookup", lon=lon, lat=lat, commune=commune)

    def funding(self, by: str = "source", region: str | None = None) -> dict:
        return self._get("/funding/summary", by=by, region=region)

    def fte(self, region: str | None = None) -> dict:
        return self._get("/fte/summary", region=region)

    def created_per_year(self, region: str | None = None) -> Page:
        return self._get("/stats/created-per-year", region=region)

    def coverage_gain(self, communes: list[str], epci: str | None = None) -> dict:
        return self._request("POST", "/scenarios/coverage-gain", json={"communes": communes, "epci": epci})

    # --- map layers
    def layer(self, name: str, **params) -> dict:
        return self._get(f"/layers/{name}.geojson", **params)

    def export_url(self, kind: str, fmt: str) -> str:
        return f"{self.base_url}{API_PREFIX}/exports/{kind}.{fmt}"
