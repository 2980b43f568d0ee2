"""Typed client of the CLSM API: the dashboard's only way to data (no SQL here).

Every failure (a problem document, a non-JSON error, the API unreachable or too slow) is raised as
one exception, ApiError, which the pages catch and show as a message."""
from typing import Any

import httpx

from dashboard.answers import (CouncilDetail, CoverageGain, CoverageSummary, DensityCoverage, FeatureCollection,
                               FteSummary, FundingSummary, Health, HistoryRegions, HistorySummary, Lookup, Page,
                               RuralReach, Series, Sources)

API_PREFIX = "/api/v1"
TIMEOUT = httpx.Timeout(20.0, connect=3.0)


class ApiError(Exception):
    """An RFC 9457 problem answered by the API (status, title, detail, type, instance, errors), or the
    API being unreachable (status 503)."""

    def __init__(self, status: int, title: str, detail: str, type_: str = "about:blank",
                 instance: str | None = None, errors: list[dict] | None = None):
        super().__init__(f"{status} {title}: {detail}")
        self.status, self.title, self.detail = status, title, detail
        self.type, self.instance, self.errors = type_, instance, errors or []

    @classmethod
    def from_response(cls, response: httpx.Response) -> "ApiError":
        try:
            problem = response.json()
        except ValueError:
            problem = None
        if not isinstance(problem, dict):
            return cls(response.status_code, response.reason_phrase, response.text[:200])
        return cls(problem.get("status", response.status_code), problem.get("title", response.reason_phrase),
                   problem.get("detail", ""), problem.get("type", "about:blank"), problem.get("instance"),
                   problem.get("errors"))


class ApiClient:
    """base_url: the API root (settings.api_base_url). transport: an httpx transport (tests serve the API
    in-process with it); http: a ready httpx.Client (e.g. FastAPI's TestClient) instead of one of ours."""

    def __init__(self, base_url: str, transport: httpx.BaseTransport | None = None,
                 timeout: httpx.Timeout | float = TIMEOUT, http: httpx.Client | None = None):
        self.base_url = base_url.rstrip("/")
        self._prefix = "" if http is not None else None
        self._http = http or httpx.Client(base_url=self.base_url + API_PREFIX, transport=transport, timeout=timeout)

    def _url(self, path: str) -> str:
        # An injected client keeps its own base URL: the prefix goes into the path then.
        return API_PREFIX + path if self._prefix is not None else path

    def _request(self, method: str, path: str, **kwargs) -> Any:
        params = {k: v for k, v in (kwargs.pop("params", None) or {}).items() if v not in (None, "")}
        try:
            response = self._http.request(method, self._url(path), params=params, **kwargs)
        except httpx.TimeoutException as exc:
            raise ApiError(504, "API too slow", f"no answer in time ({type(exc).__name__})") from exc
        except httpx.HTTPError as exc:
            raise ApiError(503, "API unreachable", f"{self.base_url}: {exc}") from exc
        if response.status_code >= 400:
            raise ApiError.from_response(response)
        try:
            return response.json()
        except ValueError as exc:
            raise ApiError(502, "Bad answer", f"{path} did not answer JSON") from exc

    def _get(self, path: str, **params) -> Any:
        return self._request("GET", path, params=params)

    # --- service and provenance
    def health(self) -> Health:
        return self._get("/health")

    def sources(self) -> Sources:
        return self._get("/sources")

    # --- coverage
    def summary(self, level: str = "national", code: str | None = None) -> CoverageSummary:
        return self._get("/coverage/summary", level=level, code=code)

    def regions(self) -> Page:
        return self._get("/coverage/regions")

    def departements(self, region: str | None = None) -> Page:
        return self._get("/coverage/departements", region=region)

    # --- register
    def councils(self, limit: int = 1000, **filters) -> Page:
        return self._get("/councils", limit=limit, **filters)

    def council(self, council_id: str) -> CouncilDetail:
        return self._get(f"/councils/{council_id}")

    def qpv(self, limit: int = 1000, **filters) -> Page:
        return self._get("/qpv", limit=limit, **filters)

    def qpv_priority(self, limit: int = 100, **params) -> Page:
        return self._get("/qpv/priority", limit=limit, **params)

    def lookup(self, lon: float | None = None, lat: float | None = None, commune: str | None = None) -> Lookup:
        return self._get("/lookup", lon=lon, lat=lat, commune=commune)

    def funding(self, by: str = "source", region: str | None = None) -> FundingSummary:
        return self._get("/funding/summary", by=by, region=region)

    def fte(self, region: str | None = None) -> FteSummary:
        return self._get("/fte/summary", region=region)

    def created_per_year(self, region: str | None = None) -> Page:
        return self._get("/stats/created-per-year", region=region)

    def coverage_gain(self, communes: list[str], epci: str | None = None) -> CoverageGain:
        return self._request("POST", "/scenarios/coverage-gain", json={"communes": communes, "epci": epci})

    # --- map layers and files
    def layer(self, name: str, **params) -> FeatureCollection:
        return self._get(f"/layers/{name}.geojson", **params)

    def export_url(self, kind: str, fmt: str) -> str:
        """A browser-facing link: files download straight from the API, not through the dashboard."""
        return f"{self.base_url}{API_PREFIX}/exports/{kind}.{fmt}"

    # --- coverage through time and rural coverage (issue 9; docs/coverage-history.md)
    # as_of: "YYYY-MM-DD"; past dates use today's territories and geography.
    def summary_as_of(self, as_of: str, level: str = "national", code: str | None = None) -> HistorySummary:
        """/coverage/summary?as_of=: the history summary (no FTE nor funding)."""
        return self._get("/coverage/summary", level=level, code=code, as_of=as_of)

    def regions_as_of(self, as_of: str) -> Page:
        return self._get("/coverage/regions", as_of=as_of)

    def history_summary(self, as_of: str | None = None, level: str = "national",
                        code: str | None = None) -> HistorySummary:
        return self._get("/coverage/history/summary", as_of=as_of, level=level, code=code)

    def history_regions(self, as_of: str | None = None) -> HistoryRegions:
        return self._get("/coverage/history/regions", as_of=as_of)

    def history_qpv(self, as_of: str | None = None, limit: int = 1000, offset: int = 0, **filters) -> Page:
        return self._get("/coverage/history/qpv", as_of=as_of, limit=limit, offset=offset, **filters)

    def series(self, region: str | None = None) -> Series:
        """Yearly series (1 January since 2010): the nation, or one région."""
        if region:
            return self._get("/coverage/series", level="region", code=region)
        return self._get("/coverage/series", level="national")

    def series_regions(self) -> dict:
        """Every région's series at once: {level, code, regions: [{code, nom, items}], geography}."""
        return self._get("/coverage/series", level="region")

    def density(self, level: str = "national", code: str | None = None) -> DensityCoverage:
        return self._get("/coverage/density", level=level, code=code)

    def density_regions(self) -> dict:
        """{items: [{code, nom, rural_share_covered, urban_share_covered, rural_gap, ...}], total}"""
        return self._get("/coverage/density/regions")

    def rural_reach(self, status: str = "actif", scale: str | None = None, region: str | None = None,
                    limit: int = 100, offset: int = 0) -> RuralReach:
        return self._get("/councils/rural-reach", status=status, scale=scale, region=region, limit=limit,
                         offset=offset)

    @staticmethod
    def every_item(fetch, **params) -> list[dict]:
        """All items of a paged list method (e.g. every_item(api.history_qpv, as_of=...)): the API pages by 1,000."""
        items: list[dict] = []
        while True:
            page = fetch(limit=1000, offset=len(items), **params)
            items += page["items"]
            if not page["items"] or len(items) >= page["total"]:
                return items

    def uncovered_rural_epci(self, min_rural_share: float | None = None, region: str | None = None,
                             departement: str | None = None, limit: int = 100, offset: int = 0) -> Page:
        return self._get("/epci/uncovered-rural", min_rural_share=min_rural_share, region=region,
                         departement=departement, limit=limit, offset=offset)
