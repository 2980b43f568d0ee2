"""Search places by name (the dashboard's search box)."""
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request, Response

from api import schemas
from api.deps import ConnDep
from api.envelope import MAX_LIMIT, envelope
from api.params import BBox, box_of
from api.queries import search as queries
from core.errors import InvalidParameter

router = APIRouter(tags=["lookup"])
Kind = Literal["commune", "arrondissement", "ancienne", "epci", "departement", "region", "qpv", "council"]


@router.get("/search", response_model=None, responses={200: {"model": schemas.SearchResults}},
            summary=("Places by name: communes, arrondissements, former communes, EPCI, départements, régions, "
                     "QPV, councils"))
def search(request: Request, conn: ConnDep,
           q: Annotated[str, Query(min_length=2, max_length=100, pattern=r"^[^\x00-\x1f]*$", description=(
               "Name or start of a name; case, accents, hyphens and articles are ignored "
               "('marseille 13e', 'saint etienne', 'havre').")),],
           kind: Annotated[list[Kind] | None, Query(description="Only these kinds (repeatable).")] = None,
           limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Most results.")] = 10) -> dict:
    """Exact names first, then names starting with the words typed, then the closest (trigram word
    similarity); ties by population. A former commune (`ancienne`) answers with today's commune's code.
    Each item has a point inside the place (`lon`, `lat`) and its bounding box (`bbox`: west, south,
    east, north) to zoom a map."""
    if len(q.strip()) < 2:
        raise InvalidParameter("type at least 2 characters", parameter="q")
    items = queries.search_places(conn, q.strip(), kind, limit)
    return envelope(request, {"q": q, "items": items, "total": len(items)})


CITY_VIEW_DEGREES = 1.0  # contours only for a city-sized view: a whole département would be megabytes


@router.get("/in-view", response_model=None, summary="Councils and QPV within a map view (the map's table alternative)")
def in_view(request: Request, conn: ConnDep, bbox: BBox,
            limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Most councils and most QPV listed.")] = 50
            ) -> dict:
    """The biggest `limit` councils and QPV meeting the view, and how many of each meet it."""
    return envelope(request, queries.in_view(conn, *box_of(bbox), limit))


@router.get("/places/contours.geojson", summary="Commune and QPV contours within a city-sized map view")
def contours(conn: ConnDep, bbox: BBox) -> Response:
    """Base units (communes, arrondissements) with `covered` (in an active council's territory) and QPV
    with their coverage status. The view may span at most 1 degree each way (422 beyond)."""
    west, south, east, north = box_of(bbox)
    if east - west > CITY_VIEW_DEGREES or north - south > CITY_VIEW_DEGREES:
        raise InvalidParameter(f"bbox larger than {CITY_VIEW_DEGREES} degree: zoom in to a city", parameter="bbox")
    return Response(queries.contours(conn, west, south, east, north, 2000), media_type="application/geo+json")


@router.get("/places/labels.geojson", summary="City names for map labels (point on each commune)")
def place_labels(conn: ConnDep,
                 min_population: Annotated[int, Query(ge=1000, description="Smallest commune named.")] = 20000
                 ) -> Response:
    """Each feature carries `minzoom`: the map zoom from which its name is worth showing."""
    return Response(queries.place_labels(conn, min_population), media_type="application/geo+json")
