"""Query parameters shared by several routers, validated before any SQL runs."""
import math
from datetime import date
from typing import Annotated, Literal

from fastapi import Query

from core.codes import COMMUNE_CODE, COMMUNE_CODE_UNPADDED, DEPARTEMENT_CODE, EPCI_CODE, REGION_CODE
from core.errors import InvalidParameter
from core.vocabularies import AREA_LEVELS, COUNCIL_STATUSES, QPV_STATUSES

REGION_RE = f"^{REGION_CODE}$"
DEPARTEMENT_RE = f"^{DEPARTEMENT_CODE}$"
COMMUNE_RE = f"^{COMMUNE_CODE}$"
COMMUNE_UNPADDED_RE = f"^{COMMUNE_CODE_UNPADDED}$"  # also 01053 typed as 1053
AREA_CODE_RE = DEPARTEMENT_RE  # a région code (2 digits) also matches the département pattern

Region = Annotated[str | None, Query(pattern=REGION_RE, description="INSEE code of the région (2 digits, e.g. 11).")]
Departement = Annotated[str | None, Query(pattern=DEPARTEMENT_RE, description="Département code (e.g. 75, 2A, 971).")]
Commune = Annotated[str | None, Query(pattern=COMMUNE_RE, description="INSEE code of a commune or arrondissement.")]
HistoryDate = Annotated[date | None, Query(description=(
    "Date (YYYY-MM-DD): figures as they stood that day, from the councils' status history, on today's "
    "territories and geography (docs/coverage-history.md)."))]
# as_of of /coverage/summary and /coverage/regions: a second door to the history API, deprecated.
AsOf = Annotated[date | None, Query(deprecated=True, description=(
    "Deprecated: the same figures as /coverage/history/summary and /coverage/history/regions, the history API."))]
AreaLevel = Annotated[Literal[AREA_LEVELS], Query(  # type: ignore[valid-type]
    description="Area level: national, region (région) or departement (département).")]
AreaCode = Annotated[str | None, Query(pattern=AREA_CODE_RE, description=(
    "INSEE code of the région (2 digits) or département (e.g. 75, 2A, 971)."))]
SummaryLevel = Annotated[Literal[(*AREA_LEVELS, "epci")], Query(  # type: ignore[valid-type]
    description="Area level: national, region (région), departement (département) or epci.")]
SummaryCode = Annotated[str | None, Query(pattern=f"^(?:{DEPARTEMENT_CODE}|{EPCI_CODE})$", description=(
    "INSEE code of the région (2 digits) or département (e.g. 75, 2A, 971), or SIREN of the EPCI (9 digits)."))]
CouncilStatus = Annotated[Literal[COUNCIL_STATUSES] | None, Query(  # type: ignore[valid-type]
    description="Council status.")]
QpvStatus = Annotated[Literal[QPV_STATUSES] | None, Query(  # type: ignore[valid-type]
    description="QPV coverage status: couvert (>= 50% of the area), partiel (5-50%), non_couvert.")]


NUMBER = r"-?[0-9]{1,3}(\.[0-9]+)?"
BBox = Annotated[str, Query(pattern=rf"^{NUMBER},{NUMBER},{NUMBER},{NUMBER}$",
                            description="west,south,east,north (WGS84).")]


def box_of(bbox: str) -> tuple[float, float, float, float]:
    west, south, east, north = (float(v) for v in bbox.split(","))
    if not (west < east and south < north and -180 <= west and east <= 180 and -90 <= south and north <= 90):
        raise InvalidParameter("bbox must be west,south,east,north with west < east and south < north",
                               parameter="bbox")
    return west, south, east, north


MAX_PICTURE_PX = 4096
MERCATOR_LAT = 85.05  # Web Mercator's edge


def picture_box(bbox: str, zoom: float) -> tuple[float, float, float, float]:
    """A bbox a picture can be drawn over at a zoom: inside Web Mercator, at most MAX_PICTURE_PX a side."""
    west, south, east, north = box_of(bbox)
    if not -MERCATOR_LAT <= south < north <= MERCATOR_LAT:
        raise InvalidParameter(f"Web Mercator stops at ±{MERCATOR_LAT}° of latitude", parameter="bbox")

    def y(lat: float) -> float:
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))
    per_radian = 256 * 2 ** zoom / (2 * math.pi)
    if per_radian * max(math.radians(east - west), y(north) - y(south)) > MAX_PICTURE_PX:
        raise InvalidParameter(f"picture larger than {MAX_PICTURE_PX} px: a smaller bbox or zoom", parameter="zoom")
    return west, south, east, north
