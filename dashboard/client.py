"""Typed client of the CLSM API: the dashboard's only way to data (no SQL here).

Every failure (a problem document, a non-JSON error, the API unreachable or too slow) is raised as
one exception, ApiError, which the pages catch and show as a message."""
import copy
from collections.abc import Callable
from pathlib import PurePath
from typing import Any
from urllib.parse import quote

import httpx

from dashboard.answers import (
    CouncilDetail,
    CoverageGain,
    CoverageSummary,
    DensityCoverage,
    FeatureCollection,
    FteSummary,
    FundingSummary,
    Health,
    HistoryRegions,
    HistorySummary,
    Lookup,
    Page,
    RuralReach,
    Series,
    Sources,
)

API_PREFIX = "/api/v1"
TIMEOUT = httpx.Timeout(20.0, connect=3.0)
UPLOAD_TIMEOUT = httpx.Timeout(180.0, connect=3.0)  # a whole register: import plus coverage refresh
UPLOAD_TYPES = {".csv": "text/csv", ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


class ApiError(Exception):
    """An RFC 9457 problem answered by the API (status, title, detail, type, instance, errors), or the
    API being unreachable (status 503)."""

    def __init__(self, status: int, title: str, detail: str, type_: str = "about:blank",
                 instance: str | None = None, errors: list[dict] | None = None, retry_after: int | None = None,
                 current_etag: str | None = None):
        super().__init__(f"{status} {title}: {detail}")
        self.status, self.title, self.detail = status, title, detail
        self.type, self.instance, self.errors = type_, instance, errors or []
        self.retry_after = retry_after  # 429: seconds to wait (Retry-After)
        self.current_etag = current_etag  # 412: the council's ETag now

    @classmethod
    def from_response(cls, response: httpx.Response) -> "ApiError":
        try:
            problem = response.json()
        except ValueError:
            problem = None
        retry = response.headers.get("Retry-After")
        retry_after = int(retry) if retry and retry.isdigit() else None
        if not isinstance(problem, dict):
            return cls(response.status_code, response.reason_phrase, response.text[:200], retry_after=retry_after)
        return cls(problem.get("status", response.status_code), problem.get("title", response.reason_phrase),
                   problem.get("detail", ""), problem.get("type", "about:blank"), problem.get("instance"),
                   problem.get("errors"), retry_after, problem.get("current_etag"))


class ApiClient:
    """base_url: the API root (settings.api_base_url). transport: an httpx transport (tests serve the API
    in-process with it); http: a ready httpx.Client (e.g. FastAPI's TestClient) instead of one of ours."""

    def __init__(self, base_url: str, transport: httpx.BaseTransport | None = None,
                 timeout: httpx.Timeout | float = TIMEOUT, http: httpx.Client | None = None,
                 public_url: str | None = None):
        self.base_url = base_url.rstrip("/")
        # Where browsers reach the API (download links): settings.public_api_url, else base_url.
        self.public_url = self.base_url if public_url is None else public_url.rstrip("/")
        self._prefix = "" if http is not None else None
        self._http = http or httpx.Client(base_url=self.base_url + API_PREFIX, transport=transport, timeout=timeout)
        self._headers: dict[str, str] = {}
        self._service: tuple[str, Callable[[], str | None]] | None = None
        self._failure_hook: Callable[[ApiError], None] | None = None

    def serve_visitors(self, service_token: str, visitor: Callable[[], str | None]) -> None:
        """Every call then carries the dashboard's service token and the address of the visitor it is
        made for (visitor() at call time), so the API limits visitors, not the dashboard."""
        self._service = (service_token, visitor)

    def on_failure(self, hook: Callable[[ApiError], None]) -> None:
        """hook(error) runs before any ApiError is raised (the answer cache then keeps no answer)."""
        self._failure_hook = hook

    def _failed(self, error: ApiError) -> ApiError:
        if self._failure_hook is not None:
            self._failure_hook(error)
        return error

    def _service_headers(self) -> dict[str, str]:
        if self._service is None:
            return {}
        token, visitor = self._service
        address = visitor()
        return {"X-CLSM-Service": token, **({"X-CLSM-Visitor": address} if address else {})}

    def with_token(self, token: str) -> "ApiClient":
        """The same connection pool, sending `Authorization: Bearer <token>` (a signed-in user)."""
        signed = copy.copy(self)
        signed._headers = {"Authorization": f"Bearer {token}"}
        return signed

    def _url(self, path: str) -> str:
        # An injected client keeps its own base URL: the prefix goes into the path then.
        return API_PREFIX + path if self._prefix is not None else path

    def _send(self, method: str, path: str, headers: dict | None = None, **kwargs) -> httpx.Response:
        params = {k: v for k, v in (kwargs.pop("params", None) or {}).items() if v not in (None, "")}
        try:
            response = self._http.request(method, self._url(path), params=params,
                                          headers={**self._service_headers(), **self._headers, **(headers or {})},
                                          **kwargs)
        except httpx.TimeoutException as exc:
            raise self._failed(ApiError(504, "API too slow", f"no answer in time ({type(exc).__name__})")) from exc
        except httpx.HTTPError as exc:
            raise self._failed(ApiError(503, "API unreachable", f"{self.base_url}: {exc}")) from exc
        if response.status_code >= 400:
            raise self._failed(ApiError.from_response(response))
        return response

    def _request(self, method: str, path: str, **kwargs) -> Any:
        response = self._send(method, path, **kwargs)
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

    def search(self, q: str, kinds: list[str] | None = None, limit: int = 10) -> Page:
        """Places by name: items of {kind, code, label, context, population, lon, lat, bbox, score}."""
        return self._get("/search", q=q, kind=kinds, limit=limit)

    def lookup(self, lon: float | None = None, lat: float | None = None, commune: str | None = None) -> Lookup:
        return self._get("/lookup", lon=lon, lat=lat, commune=commune)

    def funding(self, by: str = "source", region: str | None = None, departement: str | None = None) -> FundingSummary:
        return self._get("/funding/summary", by=by, region=region, departement=departement)

    def fte(self, region: str | None = None, departement: str | None = None) -> FteSummary:
        return self._get("/fte/summary", region=region, departement=departement)

    def created_per_year(self, region: str | None = None, departement: str | None = None) -> Page:
        return self._get("/stats/created-per-year", region=region, departement=departement)

    def coverage_gain(self, communes: list[str], epci: str | None = None, names: list[str] | None = None,
                      qpv: list[str] | None = None) -> CoverageGain:
        body = {"communes": communes, "epci": epci, **({"names": names} if names else {}),
                **({"qpv": qpv} if qpv else {})}
        return self._request("POST", "/scenarios/coverage-gain", json=body)

    def places(self, q: str, limit: int = 20) -> Page:
        """Communes and EPCI by name, for the scenario's autocomplete."""
        return self._get("/scenarios/places", q=q, limit=limit)

    def qpv_priority_file(self, fmt: str, **params) -> bytes:
        """The whole priority table as CSV or XLSX, with its weights, date, data version and filters."""
        return self._send("GET", "/qpv/priority/export", params={**params, "format": fmt}).content

    def qpv_one(self, code: str) -> dict:
        return self._get(f"/qpv/{code}")

    # --- map layers and files
    def layer(self, name: str, **params) -> FeatureCollection:
        return self._get(f"/layers/{name}.geojson", **params)

    def layer_picture(self, bounds: list, zoom: float, top: int) -> str:
        """SVG of the national layers over bounds [[south, west], [north, east]], 1:1 at a map's zoom."""
        (south, west), (north, east) = bounds
        return self._send("GET", "/layers/picture.svg", params={"bbox": f"{west},{south},{east},{north}",
                                                                 "zoom": zoom, "top": top}).text

    def export_url(self, kind: str, fmt: str) -> str:
        """A browser-facing link: files download straight from the API, not through the dashboard."""
        return f"{self.public_url}{API_PREFIX}/exports/{kind}.{fmt}"

    # --- signing in and editing (docs/security.md): call these on a client from with_token()
    def login(self, username: str, password: str, client_ip: str | None = None) -> dict:
        """{access_token, token_type, expires_in}; 401 wrong credentials or disabled, 429 locked.
        client_ip: the browser's address, so the API's per-address lockout counts people, not the
        dashboard (honoured when the API trusts the dashboard's X-Forwarded-For, see docs/security.md)."""
        return self._request("POST", "/auth/token", data={"username": username, "password": password},
                             headers={"X-Forwarded-For": client_ip} if client_ip else None)

    def me(self) -> dict:
        return self._get("/auth/me")

    def private_council(self, council_id: str) -> tuple[dict, str]:
        """The council with contacts and budget lines, and its ETag (for If-Match)."""
        response = self._send("GET", f"/councils/{council_id}/private")
        return response.json(), response.headers["ETag"]

    def _write(self, method: str, path: str, body: dict, etag: str | None = None) -> tuple[dict, str]:
        response = self._send(method, path, json=body, headers={"If-Match": etag} if etag else None)
        return response.json(), response.headers.get("ETag", "")

    def create_council(self, fields: dict) -> tuple[dict, str]:
        return self._write("POST", "/councils", fields)

    def update_council(self, council_id: str, changes: dict, etag: str) -> tuple[dict, str]:
        """412 (ApiError.current_etag set) when someone else changed the council since `etag`."""
        return self._write("PATCH", f"/councils/{council_id}", changes, etag)

    def change_status(self, council_id: str, status: str, from_date: str, note: str | None,
                      etag: str) -> tuple[dict, str]:
        return self._write("POST", f"/councils/{council_id}/status",
                           {"status": status, "from_date": from_date, "note": note or None}, etag)

    def upload_register(self, filename: str, content: bytes, skip_invalid: bool = False) -> dict:
        """The importer's report; a 422 ApiError lists the row problems in .errors (nothing loaded)."""
        kind = UPLOAD_TYPES.get(PurePath(filename).suffix.lower(), "application/octet-stream")
        # An injected client (tests: TestClient) keeps its own timeouts.
        longer = {"timeout": UPLOAD_TIMEOUT} if self._prefix is None else {}
        return self._request("POST", "/register/imports", files={"file": (filename, content, kind)},
                             data={"skip_invalid": "true" if skip_invalid else "false"}, **longer)

    def import_register(self, filename: str, content: bytes, skip_invalid: bool = False, replace: bool = False,
                        dry_run: bool = True, confirm: str | None = None, lang: str = "fr",
                        mapping: str | None = None, profile: str | None = None) -> dict:
        """Preview (dry_run) or load (confirm: the previewed file's SHA-256): diff, problems, warnings.
        ``mapping``: 'label in the file=register column' lines; ``profile``: the name they are saved under."""
        kind = UPLOAD_TYPES.get(PurePath(filename).suffix.lower(), "application/octet-stream")
        longer = {"timeout": UPLOAD_TIMEOUT} if self._prefix is None else {}
        form = {"skip_invalid": str(skip_invalid).lower(), "replace": str(replace).lower(),
                "dry_run": str(dry_run).lower(), "lang": lang, **({"confirm": confirm} if confirm else {}),
                **({"mapping": mapping} if mapping and mapping.strip() else {}),
                **({"profile": profile.strip()} if profile and profile.strip() else {})}
        return self._request("POST", "/register/imports", files={"file": (filename, content, kind)}, data=form,
                             **longer)

    def import_problems(self, problems_url: str) -> list[dict]:
        """Every problem of a long import report (its answer listed the first ones)."""
        import csv
        import io

        text = self._send("GET", problems_url.split("/api/v1", 1)[-1]).text
        return list(csv.DictReader(io.StringIO(text), delimiter=";"))

    def revert_register(self, force: bool = False) -> dict:
        """Admin: the register back as it was before the latest import (409 when edited since, unless force)."""
        return self._request("POST", "/register/revisions/revert", params={"force": str(force).lower()})

    def register_revisions(self) -> dict:
        """Editor: the register's revisions (newest first) and the councils imports archived."""
        return self._get("/register/revisions")

    def restore_council(self, council_id: str) -> dict:
        """Editor: bring back a council an import archived (history, territory, funding, contacts)."""
        return self._request("POST", f"/register/archive/{quote(council_id, safe='')}/restore")

    def users(self) -> dict:
        return self._get("/users")

    def create_user(self, username: str, password: str, role: str, region_code: str | None) -> dict:
        return self._request("POST", "/users", json={"username": username, "password": password, "role": role,
                                                     "region_code": region_code})

    def change_user(self, username: str, **changes) -> dict:
        """role, region_code, disabled, password: what is given changes (the user's tokens stop working)."""
        return self._request("PATCH", f"/users/{username}", json=changes)

    def audit(self, limit: int = 100, offset: int = 0, **filters) -> dict:
        return self._get("/audit", limit=limit, offset=offset, **filters)

    def audit_csv(self, **filters) -> str:
        return self._send("GET", "/audit/export.csv", params=filters).text

    # --- coverage through time and rural coverage (issue 9; docs/coverage-history.md)
    # as_of: "YYYY-MM-DD"; past dates use today's territories and geography.
    def summary_as_of(self, as_of: str, level: str = "national", code: str | None = None) -> HistorySummary:
        """The history summary (no FTE nor funding)."""
        return self._get("/coverage/history/summary", level=level, code=code, as_of=as_of)

    def regions_as_of(self, as_of: str) -> Page:
        return self._get("/coverage/history/regions", as_of=as_of)

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

    # --- the map's reading aids (issue 15)
    def in_view(self, west: float, south: float, east: float, north: float, limit: int = 50) -> dict:
        """{councils, councils_total, qpv, qpv_total} meeting the view."""
        return self._get("/in-view", bbox=f"{west},{south},{east},{north}", limit=limit)

    def place_labels(self, min_population: int = 20000) -> FeatureCollection:
        return self._get("/places/labels.geojson", min_population=min_population)

    def contours(self, west: float, south: float, east: float, north: float) -> FeatureCollection:
        """Commune (base unit) and QPV contours of a city-sized view."""
        return self._get("/places/contours.geojson", bbox=f"{west},{south},{east},{north}")
