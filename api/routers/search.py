"""Search places by name (the dashboard's search box)."""
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request

from api import schemas
from api.deps import ConnDep
from api.envelope import envelope
from api.queries import search as queries

router = APIRouter(tags=["lookup"])
Kind = Literal["commune", "arrondissement", "ancienne", "epci", "departement", "region", "qpv", "council"]


@router.get("/search", response_model=None, responses={200: {"model": schemas.SearchResults}},
            summary="Places by name: communes, arrondissements, former communes, EPCI, départements, régions, QPV, councils")
def search(request: Request, conn: ConnDep,
           q: Annotated[str, Query(min_length=2, max_length=100, description=(
               "Name or start of a name; case, accents, hyphens and articles are ignored "
               "('marseille 13e', 'saint etienne', 'havre').")),],
           kind: Annotated[list[Kind] | None, Query(description="Only these kinds (repeatable).")] = None,
           limit: Annotated[int, Query(ge=1, le=50, description="Most results.")] = 10) -> dict:
    """Exact names first, then names starting with the words typed, then the closest (trigram word
    similarity); ties by population. A former commune (`ancienne`) answers with today's commune's code.
    Each item has a point inside the place (`lon`, `lat`) and its bounding box (`bbox`: west, south,
    east, north) to zoom a map."""
    items = queries.search_places(conn, q.strip(), kind, limit)
    return envelope(request, {"q": q, "items": items, "total": len(items)})
