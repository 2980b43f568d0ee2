"""Response models: they describe every field in the OpenAPI (French terms explained in English).
They document, they do not run: routers declare them as `responses={200: {"model": ...}}`, so
answers built in PostGIS are not re-validated per request (100 ms for 1,000 QPV). Conformance
is checked by schemathesis (response_schema_conformance) and by tests/test_api_schemas.py, which
also fails when a query adds a field not described here (`extra="allow"` lets it through)."""
from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, create_model

from core import council_fields as spec

D = Field  # short alias: every field below carries a description


class Model(BaseModel):
    model_config = ConfigDict(extra="allow")


class Versioned(Model):
    data_version: str = D(description="Hash of the loaded sources; changes after every load. Keys the ETag.")
    demo_data: bool = D(description="True when demonstration (fictitious) councils are loaded.")


class ListPage(Versioned):
    total: int = D(description="Number of items matching the filters (all pages).")
    limit: int = D(description="Items per page asked.")
    offset: int = D(description="Items skipped.")
    next: str | None = D(description="URL of the next page, null on the last page.")


# --- provenance ---------------------------------------------------------------------------
class Source(Model):
    name: str = D(description="Source name.")
    vintage: str = D(description="Edition of the source (millésime).")
    licence: str = D(description="Reuse licence, e.g. Licence Ouverte 2.0 (Etalab).")
    origin: str = D(description="Where the file comes from.")
    file_name: str = D(description="File loaded.")
    sha256: str = D(description="SHA-256 of the file loaded.")
    rows_loaded: int = D(description="Rows loaded.")
    rows_rejected: int = D(description="Rows rejected by validation.")
    loaded_at: datetime = D(description="Load time (UTC).")
    duration_s: float = D(description="Load duration, seconds.")


class Sources(Model):
    data_version: str = D(description="Hash of the loaded sources.")
    sources: list[Source] = D(description="The sources currently serving (last load of each).")


# --- coverage -----------------------------------------------------------------------------
class CouncilCounts(Model):
    actif: int = D(description="Active councils.")
    en_projet: int = D(description="Councils in preparation.")
    en_sommeil: int = D(description="Dormant councils.")
    arrete: int = D(description="Stopped councils.")


class CommuneCoverage(Model):
    total: int = D(description="Communes (a commune with arrondissements counts once).")
    covered: int = D(description="Communes with (part of) their territory in an active council.")
    share: float | None = D(description="covered / total.")


class PopulationCoverage(Model):
    total: int = D(description="Inhabitants (INSEE municipal population).")
    covered: int = D(description="Inhabitants of base units in an active council's territory.")
    share: float | None = D(description="covered / total.")
    planned: int = D(description="Inhabitants not covered, in the territory of a council in preparation.")


class CountPopulation(Model):
    count: int = D(description="Number of QPV.")
    population: int = D(description="Their population.")


class QpvCoverage(Model):
    total: int = D(description="QPV (quartiers prioritaires de la politique de la ville, priority neighbourhoods).")
    couvert: CountPopulation = D(description="Covered: >= 50% of the area in active territories.")
    partiel: CountPopulation = D(description="Partly covered: 5-50%.")
    non_couvert: CountPopulation = D(description="Not covered: < 5%.")
    prevu: CountPopulation = D(description="Planned: a council in preparation would bring it to >= 50%.")
    uncovered: CountPopulation | None = D(default=None, description="Not couvert (partiel + non_couvert): the set "
                                          "the priority list ranks.")
    outside_ars: CountPopulation | None = D(default=None, description="QPV outside any ARS (French Polynesia), "
                                            "counted apart: in total, in no status.")


class Fte(Model):
    total: float = D(description="Coordination full-time equivalents (ETP) of active councils.")
    per_100k: float | None = D(description="FTE per 100,000 inhabitants.")


class FundingBySource(Model):
    source: str = D(description="Funder type (commune_epci, ars, etablissement_sante, politique_de_la_ville, ...).")
    amount_eur: float = D(description="Amount of the latest year, euros.")
    councils: int = D(description="Active councils funded by this source.")
    year: int | None = D(description="Funding year (the latest in the register).")


class AreaCouncil(Model):
    id: str = D(description="Council id.")
    name: str = D(description="Council name.")
    status: str = D(description="actif, en_projet, en_sommeil or arrete.")
    fte: float | None = D(description="Coordination FTE.")


class CoverageSummary(Versioned):
    level: str = D(description="national, region (région) or departement (département).")
    code: str | None = D(description="INSEE code of the area; null nationally.")
    nom: str = D(description="Name of the area.")
    councils: CouncilCounts = D(description="Councils by status.")
    council_list: list[AreaCouncil] | None = D(default=None, description="The area's councils (null nationally).")
    communes: CommuneCoverage
    population: PopulationCoverage
    qpv: QpvCoverage
    fte: Fte | None = D(default=None, description="Coordination FTE; absent for a past date (as_of): not historised.")
    funding: list[FundingBySource] | None = D(default=None, description="Funding of active councils by source, "
                                              "largest first; absent for a past date (as_of).")
    as_of: str | None = D(default=None, description="Date of the figures when a past date was asked.")
    geography: dict | None = D(default=None, description="For a past date: the geography used (today's).")


class AreaCoverage(Model):
    code: str = D(description="INSEE code of the région or département.")
    nom: str = D(description="Name.")
    region_code: str | None = D(default=None, description="Région of a département (null for régions).")
    population: int = D(description="Inhabitants.")
    population_covered: int = D(description="Inhabitants covered by an active council.")
    share_covered: float | None = D(description="population_covered / population.")
    population_planned: int = D(description="Inhabitants only in territories of councils in preparation.")
    councils_active: int = D(description="Active councils whose main département/région is this one.")
    councils_planned: int = D(description="Councils in preparation.")
    councils_per_100k: float | None = D(description="Active councils per 100,000 inhabitants.")
    qpv_total: int = D(description="QPV in the area.")
    qpv_couvert: int = D(description="QPV covered (>= 50%).")
    qpv_non_couvert: int = D(description="QPV not covered (< 5%).")
    qpv_prevu: int = D(description="QPV a council in preparation would cover.")
    qpv_partiel: int | None = D(default=None, description="QPV partly covered (5-50%).")
    qpv_uncovered: int | None = D(default=None, description="QPV not couvert (partiel + non_couvert).")
    fte_total: float | None = D(default=None, description="Coordination FTE of active councils (not for past dates).")
    fte_per_100k: float | None = D(default=None, description="FTE per 100,000 inhabitants (not for past dates).")


class AreaCoverageList(Versioned):
    geography: dict | None = D(default=None, description="For a past date: the geography used (today's).")
    as_of: str | None = D(default=None, description="Date of the figures when a past date was asked.")
    items: list[AreaCoverage]
    qpv_apart: dict | None = D(default=None, description="QPV in no row: outside any ARS (outside_ars) and, for "
                               "départements, in a collectivité without département (no_departement); each "
                               "{total, couvert, partiel, non_couvert, uncovered, prevu}.")
    total: int = D(description="Number of areas.")


# --- councils -----------------------------------------------------------------------------
_KIND_TYPES = {"text": str, "code": str, "date": date, "number": float, "integer": int, "boolean": bool,
               "list": list[str]}


def spec_fields(**flags: bool) -> dict:
    """create_model arguments for the council fields with these flags (core/council_fields.py)."""
    out = {}
    for f in spec.fields(**flags):
        kind = _KIND_TYPES[f.kind]
        out[f.name] = (kind if f.required or f.kind == "list" else kind | None,
                       D(description=f.description or f.label_en))
    return out


CouncilItem = create_model(
    "CouncilItem", __base__=Model, **spec_fields(in_list=True),
    region_nom=(str | None, D(description="Name of the région.")),
    population=(int, D(description="Inhabitants of the territory.")),
    n_communes=(int, D(description="Communes in the territory.")),
    n_qpv=(int, D(description="QPV with >= 50% of their area in the territory.")),
    funding_sources=(list[str], D(description="Funder types of the council.")),
)


class CouncilList(ListPage):
    items: list[CouncilItem]


class TerritoryUnit(Model):
    code: str = D(description="INSEE code of the commune or arrondissement.")
    nom: str = D(description="Name.")
    type: str = D(description="COM (commune) or ARM (municipal arrondissement).")
    population: int | None = D(description="Inhabitants.")
    via_epci: str | None = D(description="SIREN of the EPCI (intercommunality) the commune came from, if any.")


class FundingLine(Model):
    source: str = D(description="Funder type.")
    year: int = D(description="Year.")
    amount_eur: float = D(description="Amount, euros.")


class StatusChange(Model):
    status: str = D(description="Status from that date.")
    from_date: date = D(description="Date of the change.")
    note: str | None = D(description="Note.")


class CouncilQpv(Model):
    code: str = D(description="QPV code.")
    nom: str = D(description="QPV name.")
    population: int | None = D(description="QPV population.")
    share: float = D(description="Share of the QPV area inside the territory, 0-1.")


CouncilDetail = create_model(
    "CouncilDetail", __base__=(CouncilItem, Versioned), **spec_fields(public=True, in_list=False),
    qpv_population=(int, D(description="Population of the QPV counted in n_qpv.")),
    territory=(list[TerritoryUnit], D(description="Communes/arrondissements named by the territory.")),
    status_history=(list[StatusChange], D(description="Status changes, oldest first.")),
    qpv=(list[CouncilQpv], D(description="QPV touched by the territory.")),
)


# --- QPV ----------------------------------------------------------------------------------
class QpvItem(Model):
    code: str = D(description="QPV code, e.g. QN07501M.")
    nom: str = D(description="QPV name.")
    liste: str = D(description="QPV list vintage (2024).")
    departement_code: str | None = D(description="Département.")
    region_code: str | None = D(description="Région.")
    population: int | None = D(description="Population (INSEE); null when not published.")
    taux_pauvrete_60: float | None = D(description="Poverty rate at 60% of the median income, %.")
    taux_emploi: float | None = D(description="Employment rate, %.")
    communes: list[str] = D(description="INSEE codes of the communes the QPV lies in.")
    share_active: float = D(description="Share of the area in active council territories, 0-1.")
    status: str = D(description="couvert (>= 50%), partiel (5-50%), non_couvert (< 5%).")
    prevu: bool = D(description="A council in preparation would bring it to >= 50%.")
    active_councils: list[str] = D(description="Ids of the active councils covering it.")
    planned_councils: list[str] = D(description="Ids of the councils in preparation covering it.")
    distance_km: float | None = D(description="Distance to the nearest active council territory (0 inside).")


class QpvList(ListPage):
    items: list[QpvItem]


class PriorityComponents(Model):
    population: float | None = D(description="Population, percentile rank among QPV, 0-1.")
    poverty: float | None = D(description="Poverty rate, percentile rank, 0-1.")
    distance: float | None = D(description="min(distance km, 50) / 50.")


class Weights(Model):
    population: float = D(description="Weight of the population component.")
    poverty: float = D(description="Weight of the poverty component.")
    distance: float = D(description="Weight of the distance component.")


class CodeName(Model):
    code: str = D(description="INSEE code (SIREN for an EPCI).")
    nom: str = D(description="Name.")


class CouncilName(Model):
    id: str = D(description="Council id.")
    name: str = D(description="Council name.")


class PriorityItem(Model):
    rank: int | None = D(description="Rank within the area filter, 1 = highest priority; complete QPV first. "
                         "Null outside any ARS (never ranked).")
    code: str = D(description="QPV code.")
    nom: str = D(description="QPV name.")
    communes: list[CodeName] = D(description="Communes the QPV lies in (an arrondissement counts for its commune).")
    epci: list[CodeName] = D(description="EPCI of those communes.")
    departement_code: str | None = D(description="Département.")
    departement_nom: str | None = D(description="Name of the département.")
    region_code: str | None = D(description="Région of the ARS in charge (Saint-Martin: 01); null outside any ARS.")
    region_nom: str | None = D(description="Name of that région.")
    population: int | None = D(description="Population.")
    taux_pauvrete_60: float | None = D(description="Poverty rate at 60% of the median income, %.")
    distance_km: float | None = D(description="Distance to the nearest active council of the QPV's health territory; "
                                  "null when that territory has none.")
    distance_rule: str | None = D(description="measured, no_active_council (component = 1) or outside_ars.")
    status: str = D(description="partiel or non_couvert.")
    share_active: float = D(description="Share of the area in active territories.")
    prevu: bool = D(description="A council in preparation would cover it.")
    planned_councils: list[CouncilName] = D(description="Councils in preparation whose territory overlaps it.")
    components: PriorityComponents = D(description="Score components, 0-1; null when not published.")
    weighted: PriorityComponents = D(description="Each component's part of the score, wᵢ·cᵢ / Σ wᵢ.")
    completeness: str = D(description="complete (every figure a non-zero weight needs is published), "
                          "incomplete (ranked after every complete QPV) or outside_ars.")
    missing: list[str] = D(description="Figures INSEE does not publish for it: population, poverty.")
    score: float | None = D(description="Σ wᵢ·cᵢ / Σ wᵢ over the known components.")
    point: list[float] | None = D(description="A point inside the QPV, [lon, lat], for the map.")
    weights: Weights = D(description="Weights used.")


class PriorityList(ListPage):
    items: list[PriorityItem]


# --- lookup -------------------------------------------------------------------------------
class Place(Model):
    code: str = D(description="INSEE code (SIREN for an EPCI).")
    nom: str = D(description="Name.")


class LookupCommune(Place):
    type: str = D(description="COM.")
    population: int | None = D(description="Inhabitants.")


class Arrondissement(Place):
    population: int | None = D(description="Inhabitants.")


class LookupQpv(Place):
    status: str = D(description="Coverage status of the QPV.")
    prevu: bool = D(description="A council in preparation would cover it.")
    share_active: float = D(description="Share of the area in active territories.")


class CouncilRef(Model):
    id: str = D(description="Council id.")
    name: str = D(description="Council name.")


class NearestCouncil(CouncilRef):
    distance_km: float = D(description="Distance from the place to the council's territory, km.")


class Lookup(Versioned):
    commune: LookupCommune = D(description="The commune (for an arrondissement: Paris, Lyon or Marseille).")
    arrondissement: Arrondissement | None = D(description="The municipal arrondissement, if any.")
    epci: Place | None = D(description="EPCI (intercommunality) of the commune, code = SIREN.")
    departement: Place | None = D(description="Département.")
    region: Place | None = D(description="Région.")
    qpv: LookupQpv | None = D(description="QPV containing the point (point lookups only).")
    councils_active: list[CouncilRef] = D(description="Active councils covering the place.")
    councils_planned: list[CouncilRef] = D(description="Councils in preparation covering the place.")
    nearest_active: NearestCouncil | None = D(description="Nearest active council when none covers the place.")
    qpv_in_place: list[LookupQpv] = D(default_factory=list, description=(
        "QPV overlapping the commune or arrondissement (commune lookups), or within 1 km of the point."))


class SearchResult(Model):
    kind: str = D(description="commune, arrondissement, ancienne (former commune), epci, departement, region, "
                  "qpv, council.")
    code: str = D(description="INSEE code, SIREN, QPV code or council id (a former commune: today's commune).")
    label: str = D(description="Name as found.")
    context: str | None = D(description="Where it is (département, région, today's commune) or a council's status.")
    population: int | None = D(description="Inhabitants.")
    lon: float | None = D(description="A point inside the place (WGS84).")
    lat: float | None = D(description="A point inside the place (WGS84).")
    bbox: list[float] | None = D(description="Bounding box: west, south, east, north (WGS84).")
    score: float = D(description="Trigram word similarity of the words typed (0-1).")


class SearchResults(Versioned):
    q: str = D(description="The words searched.")
    items: list[SearchResult]
    total: int = D(description="Number of items.")


# --- funding, FTE, creations --------------------------------------------------------------
class FundingGroup(Model):
    key: str | None = D(description="Funder type, région code or scale.")
    label: str | None = D(description="Readable label (région name).")
    amount_eur: float = D(description="Amount, euros (latest year).")
    councils: int = D(description="Active councils.")
    share: float | None = D(description="Share of the total.")
    year: int | None = D(description="Year.")


class FundingSummary(Versioned):
    by: str = D(description="Grouping: source, region or scale.")
    items: list[FundingGroup]
    co_funded_share: float | None = D(description="Share of active councils with two funders or more.")
    total_eur: float = D(description="Total, euros.")


class FteBin(Model):
    label: str = D(description="Bin label.")
    from_: Annotated[float, Field(alias="from")] = D(description="Lower bound (included).")
    to: float = D(description="Upper bound (excluded).")
    councils: int = D(description="Active councils in the bin.")


class FteByRegion(Model):
    code: str = D(description="Région code.")
    nom: str = D(description="Région name.")
    fte_total: float = D(description="Coordination FTE of active councils.")
    fte_per_100k: float | None = D(description="FTE per 100,000 inhabitants.")


class FteSummary(Versioned):
    total: float = D(description="Coordination FTE (ETP) of active councils.")
    exactly_one_share: float | None = D(description="Share of active councils with exactly 1 FTE.")
    bins: list[FteBin]
    by_region: list[FteByRegion]


class CreatedInYear(Model):
    year: int = D(description="Year.")
    created: int = D(description="Councils created that year.")


class CreatedPerYear(Versioned):
    items: list[CreatedInYear]
    total: int = D(description="Number of years.")


# --- scenario -----------------------------------------------------------------------------
class ScenarioCommune(Model):
    code: str = D(description="INSEE code of the base unit (commune or arrondissement).")
    nom: str = D(description="Name.")
    population: int | None = D(description="Inhabitants.")
    already_covered: bool = D(description="Already in an active council's territory.")


class QpvGained(Model):
    code: str = D(description="QPV code.")
    nom: str = D(description="QPV name.")
    population: int | None = D(description="Population.")
    share_before: float = D(description="Share of the area covered now.")
    share_after: float = D(description="Share covered with the candidate territory.")


class QpvChanged(QpvGained):
    status_before: str = D(description="Status now.")
    status_after: str = D(description="Status with the candidate territory.")


class ScenarioArea(Model):
    code: str | None = D(description="Région code; null for France.")
    nom: str = D(description="Name.")
    population: int = D(description="Inhabitants.")
    covered_before: int = D(description="Inhabitants covered now.")
    covered_after: int = D(description="Inhabitants covered with the candidate territory.")
    share_before: float | None = D(description="Share covered now.")
    share_after: float | None = D(description="Share covered with the candidate.")
    qpv_total: int = D(description="QPV inside the ARS (France: inside any ARS).")
    qpv_couvert_before: int = D(description="QPV couvert now.")
    qpv_couvert_after: int = D(description="QPV couvert with the candidate.")
    qpv_uncovered_before: int = D(description="QPV not couvert now.")
    qpv_uncovered_after: int = D(description="QPV not couvert with the candidate.")


class PlaceSuggestion(Model):
    kind: str = D(description="commune or epci.")
    code: str = D(description="INSEE code or SIREN.")
    nom: str = D(description="Name.")
    departement_code: str | None = D(description="Département of a commune.")
    population: int | None = D(description="Inhabitants.")


class PlaceList(Versioned):
    items: list[PlaceSuggestion]
    total: int = D(description="Suggestions returned.")


class CoverageGain(Versioned):
    epci: str | None = D(description="SIREN of the EPCI asked, if any.")
    population_new: int = D(description="Inhabitants newly covered.")
    population_already_covered: int = D(description="Inhabitants of the candidate already covered.")
    communes: list[ScenarioCommune] = D(description="Base units of the candidate territory.")
    qpv_gained: list[QpvGained] = D(description="QPV that would become covered (>= 50%).")
    qpv_changed: list[QpvChanged] | None = D(default=None, description="Every QPV whose status would change "
                                             "(non_couvert -> partiel too), shares and statuses before/after.")
    areas: list[ScenarioArea] | None = D(default=None, description="France (code null) and each région touched: "
                                         "people, share and QPV before -> after.")
