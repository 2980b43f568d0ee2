"""What covers a place."""
from typing import Annotated

from fastapi import APIRouter, Query, Request

from api import schemas
from api.deps import ConnDep
from api.envelope import envelope
from api.params import COMMUNE_UNPADDED_RE
from api.queries import lookup as queries
from core.errors import InvalidParameter

router = APIRouter(tags=["lookup"])


@router.get("/lookup", response_model=None, responses={200: {"model": schemas.Lookup}},
            summary="Commune, EPCI, département, région, QPV and councils at a point or commune")
def lookup(request: Request, conn: ConnDep,
           lon: Annotated[float | None, Query(ge=-180, le=180, description="Longitude (WGS84).")] = None,
           lat: Annotated[float | None, Query(ge=-90, le=90, description="Latitude (WGS84).")] = None,
           commune: Annotated[str | None, Query(min_length=4, max_length=5, pattern=COMMUNE_UNPADDED_RE,
                                                description="INSEE code of a commune or arrondissement.")] = None
           ) -> dict:
    """Give `lon` and `lat`, or `commune`. Answers the councils covering the place (active and in
    preparation) and, when no active council covers it, the nearest active council with its
    distance. 422 outside France."""
    if commune:
        return envelope(request, queries.lookup_commune(conn, commune))
    if lon is None or lat is None:
        raise InvalidParameter("give lon and lat, or commune", parameter="lon,lat")
    return envelope(request, queries.lookup_point(conn, lon, lat))
