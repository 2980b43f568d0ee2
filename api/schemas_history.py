"""Response models of coverage through time (/coverage/history/*, /coverage/series) and of rural
coverage (/coverage/density*, /councils/rural-reach, /epci/uncovered-rural). Same rules as
api/schemas.py: they document every field, routers declare them as `responses`."""
from pydantic import Field as D

from api.schemas import (
    AreaCoverage,
    CommuneCoverage,
    CouncilCounts,
    ListPage,
    Model,
    PopulationCoverage,
    QpvCoverage,
    Versioned,
)


# --- through time -------------------------------------------------------------------------
class SourceVintage(Model):
    name: str = D(description="Source name (meta.sources).")
    vintage: str = D(description="Edition of the source (millésime).")


class Geography(Model):
    sources: list[SourceVintage] = D(description="Sources serving today: past figures use today's geography "
                                                 "and territories.")
    qpv_list: str | None = D(description="QPV list counted (meta.setting qpv_current_list), e.g. 2024.")


class HistorySummary(Versioned):
    as_of: str = D(description="Date of the figures (YYYY-MM-DD).")
    level: str = D(description="national, region (région) or departement (département).")
    code: str | None = D(description="INSEE code of the area; null nationally.")
    nom: str = D(description="Name of the area.")
    councils: CouncilCounts = D(description="Councils by status on that date.")
    communes: CommuneCoverage
    population: PopulationCoverage
    qpv: QpvCoverage
    geography: Geography = D(description="The geography the figures are computed on.")


class HistoryRegions(Versioned):
    as_of: str = D(description="Date of the figures (YYYY-MM-DD).")
    items: list[AreaCoverage] = D(description="One row per région (no FTE: not historised).")
    total: int = D(description="Number of régions.")
    geography: Geography = D(description="The geography the figures are computed on.")


class HistoryQpv(Model):
    code: str = D(description="QPV code, e.g. QN07501M.")
    nom: str = D(description="QPV name.")
    departement_code: str | None = D(description="Département.")
    region_code: str | None = D(description="Région.")
    population: int | None = D(description="Population (INSEE); null when not published.")
    share_active: float = D(description="Share of the area in territories of councils active that day, 0-1.")
    share_with_planned: float = D(description="Same, counting the councils in preparation that day.")
    status: str = D(description="couvert (>= 50%), partiel (5-50%), non_couvert (< 5%) that day.")
    prevu: bool = D(description="Councils in preparation that day would have brought it to >= 50%.")


class HistoryQpvList(ListPage):
    items: list[HistoryQpv]
    as_of: str = D(description="Date of the figures (YYYY-MM-DD).")
    geography: Geography = D(description="The geography the figures are computed on.")


class SeriesPoint(Model):
    date: str = D(description="1 January of the year (YYYY-MM-DD).")
    councils_active: int = D(description="Councils active that day.")
    councils_planned: int = D(description="Councils in preparation that day.")
    councils_per_100k: float | None = D(description="Active councils per 100,000 inhabitants.")
    population: int = D(description="Inhabitants of the area (today's populations).")
    population_covered: int = D(description="Inhabitants in territories of active councils.")
    population_share: float | None = D(description="population_covered / inhabitants of the area.")
    population_planned: int = D(description="Inhabitants only in territories of councils in preparation.")
    qpv_couvert: int = D(description="QPV with >= 50% of their area in active territories.")
    qpv_couvert_population: int = D(description="Their population.")
    qpv_total: int = D(description="QPV of the area (current list).")
    qpv_non_couvert: int = D(description="QPV with < 5% of their area in active territories.")
    qpv_prevu: int = D(description="QPV councils in preparation would have brought to >= 50%.")


class RegionSeries(Model):
    code: str = D(description="INSEE code of the région.")
    nom: str = D(description="Name of the région.")
    items: list[SeriesPoint] = D(description="The région's yearly series.")


class Series(Versioned):
    level: str = D(description="national or region.")
    code: str | None = D(description="INSEE code of the région; null nationally or for every région.")
    nom: str | None = D(default=None, description="Name of the area (absent for every région at once).")
    items: list[SeriesPoint] | None = D(default=None, description="Yearly series of the area.")
    regions: list[RegionSeries] | None = D(default=None, description="level=region without a code: every "
                                                                     "région's series.")
    geography: Geography = D(description="The geography the figures are computed on.")


# --- rural coverage -----------------------------------------------------------------------
class DensityClass(Model):
    density_class: str = D(description="dense, intermediaire or rural (docs/coverage-density.md).")
    communes: int = D(description="Communes of the class (Paris, Lyon, Marseille through their arrondissements).")
    communes_covered: int = D(description="Those in an active council's territory.")
    population: int = D(description="Inhabitants.")
    population_covered: int = D(description="Inhabitants covered by an active council.")
    share_covered: float | None = D(description="population_covered / population.")
    population_planned: int = D(description="Inhabitants only in territories of councils in preparation.")


class DensityCoverage(Versioned):
    level: str = D(description="national, region (région) or departement (département).")
    code: str | None = D(description="INSEE code of the area; null nationally.")
    nom: str = D(description="Name of the area.")
    classes: list[DensityClass] = D(description="One row per density class.")
    rural_share_covered: float | None = D(description="Share of rural inhabitants covered.")
    urban_share_covered: float | None = D(description="Share of dense and intermediate inhabitants covered.")
    rural_gap: float | None = D(description="rural - urban share (negative: rural territory less covered).")


class DensityRegion(Model):
    code: str = D(description="INSEE code of the région.")
    nom: str = D(description="Name of the région.")
    rural_population: int = D(description="Inhabitants of rural communes.")
    rural_covered: int = D(description="Of whom covered by an active council.")
    rural_share_covered: float | None = D(description="rural_covered / rural_population.")
    urban_population: int = D(description="Inhabitants of dense and intermediate communes.")
    urban_covered: int = D(description="Of whom covered.")
    urban_share_covered: float | None = D(description="urban_covered / urban_population.")
    rural_gap: float | None = D(description="rural - urban share covered.")


class DensityRegionList(Versioned):
    items: list[DensityRegion]
    total: int = D(description="Number of régions.")


class RuralReach(Model):
    id: str = D(description="Council id.")
    name: str = D(description="Council name.")
    status: str = D(description="actif, en_projet, en_sommeil or arrete.")
    scale: str = D(description="Territory scale.")
    region_code: str | None = D(description="Région.")
    departement_code: str | None = D(description="Main département.")
    demo: bool = D(description="Demonstration (fictitious) council.")
    n_communes: int = D(description="Communes of the territory.")
    rural_communes: int = D(description="Of which rural.")
    rural_communes_share: float | None = D(description="rural_communes / n_communes.")
    population: int = D(description="Inhabitants of the territory.")
    rural_population: int = D(description="Of whom in rural communes.")
    rural_population_share: float | None = D(description="rural_population / population.")
    main_commune: str | None = D(description="Most populated commune.")
    main_commune_share: float | None = D(description="Its share of the inhabitants.")


class RuralReachTotals(Model):
    councils: int = D(description="Multi-commune councils of the status.")
    communes: int = D(description="Communes of their territories.")
    rural_communes: int = D(description="Of which rural.")
    population: int = D(description="Inhabitants.")
    rural_population: int = D(description="Of whom in rural communes.")
    rural_population_share: float | None = D(description="rural_population / population.")


class RuralReachList(ListPage):
    items: list[RuralReach]
    totals: RuralReachTotals = D(description="Sums over every multi-commune council of the status.")


class UncoveredEpci(Model):
    code: str = D(description="SIREN of the EPCI.")
    nom: str = D(description="Name.")
    type: str | None = D(description="CC, CA, CU or METRO.")
    region_code: str | None = D(description="Région.")
    departement_code: str | None = D(description="Main département.")
    n_communes: int = D(description="Communes.")
    rural_communes: int = D(description="Of which rural.")
    population: int = D(description="Inhabitants.")
    rural_population: int = D(description="Of whom in rural communes.")
    rural_population_share: float | None = D(description="rural_population / population.")
    planned: bool = D(description="A council in preparation holds one of its communes.")


class UncoveredEpciList(ListPage):
    items: list[UncoveredEpci]
