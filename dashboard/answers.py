"""Shapes of the API's answers (docs/api.md), as TypedDicts: what the pages may rely on."""
from typing import TypedDict

from core import council_fields


class Envelope(TypedDict):
    data_version: str
    demo_data: bool


class Health(Envelope):
    status: str
    sources: list[dict]


class Source(TypedDict):
    name: str
    vintage: str
    licence: str
    origin: str
    file_name: str
    sha256: str
    rows_loaded: int
    rows_rejected: int
    loaded_at: str
    duration_s: float


class Sources(TypedDict):
    """/sources carries data_version but not demo_data (unlike the contract's envelope)."""
    data_version: str
    sources: list[Source]


class Page(Envelope):
    """A list answer: items, total, limit, offset, next."""
    items: list[dict]
    total: int
    limit: int
    offset: int
    next: str | None


class _AreaFigures(Envelope):
    level: str
    code: str | None
    nom: str
    councils: dict[str, int]
    communes: dict
    population: dict
    qpv: dict


class CoverageSummary(_AreaFigures):
    fte: dict
    funding: list[dict]


# JSON carries dates as text.
_KIND_TYPES = {"text": str, "code": str, "date": str, "number": float, "integer": int, "boolean": bool,
               "list": list[str]}


def _spec(**flags: bool) -> dict:
    """The council fields with these flags (core/council_fields.py) and their JSON types."""
    return {f.name: _KIND_TYPES[f.kind] if f.required or f.kind == "list" else _KIND_TYPES[f.kind] | None
            for f in council_fields.fields(**flags)}


Council = TypedDict("Council", {**_spec(in_list=True), "region_nom": str, "population": int, "n_communes": int,
                                "n_qpv": int, "funding_sources": list[str]})


_CouncilCard = TypedDict("_CouncilCard", _spec(public=True, in_list=False))


class CouncilDetail(Council, _CouncilCard, Envelope):
    """funding_sources only: the detailed budget lines are private (/councils/{id}/private)."""
    territory: list[dict]
    status_history: list[dict]
    qpv: list[dict]


class Lookup(Envelope):
    commune: dict
    epci: dict | None
    departement: dict
    region: dict
    qpv: dict | None
    councils_active: list[dict]
    councils_planned: list[dict]
    nearest_active: dict | None


class FundingSummary(Envelope):
    items: list[dict]
    co_funded_share: float | None
    total_eur: float


class FteSummary(Envelope):
    total: float
    exactly_one_share: float | None
    bins: list[dict]
    by_region: list[dict]


class CoverageGain(Envelope):
    population_new: int
    population_already_covered: int
    communes: list[dict]
    qpv_gained: list[dict]


class FeatureCollection(TypedDict):
    type: str
    features: list[dict]


# --- Coverage through time, rural coverage (docs/coverage-history.md)
class Geography(TypedDict):
    """Past dates are computed on today's geography: its sources' vintages and the QPV list."""
    sources: list[dict]
    qpv_list: str | None


class HistorySummary(_AreaFigures):
    """The CoverageSummary fields without fte and funding (not historised), on `as_of`."""
    as_of: str
    geography: Geography


class HistoryRegions(Envelope):
    as_of: str
    items: list[dict]
    total: int
    geography: Geography


class Series(Envelope):
    """items: [{date, councils_active, councils_planned, population_covered, population_share, qpv_couvert,
    qpv_couvert_population, qpv_total}], 1 January of each year since 2010."""
    level: str
    code: str | None
    nom: str
    items: list[dict]
    geography: Geography


class DensityCoverage(Envelope):
    level: str
    code: str | None
    nom: str
    classes: list[dict]
    rural_share_covered: float | None
    urban_share_covered: float | None
    rural_gap: float | None


class RuralReach(Page):
    totals: dict
