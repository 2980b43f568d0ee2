"""QPV (quartiers prioritaires de la politique de la ville: priority urban neighbourhoods)."""
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request

from api import schemas
from api.deps import ConnDep
from api.envelope import Page, page
from api.params import Commune, Departement, Region
from api.queries import qpv

router = APIRouter(prefix="/qpv", tags=["qpv"])

WEIGHT = dict(ge=0, le=100)


@router.get("", response_model=None, responses={200: {"model": schemas.QpvList}}, summary="QPV with their coverage by active councils")
def list_qpv(request: Request, conn: ConnDep, p: Annotated[Page, Depends()],
             status: Annotated[Literal["couvert", "partiel", "non_couvert"] | None, Query(
                 description="couvert: >= 50% of the area in active territories; partiel: 5-50%; "
                 "non_couvert: less.")] = None,
             prevu: Annotated[bool | None, Query(description="A council in preparation would cover it.")] = None,
             region: Region = None,
             departement: Departement = None,
             commune: Commune = None,
             ) -> dict:
    filters = {"status": status, "prevu": prevu, "region": region, "departement": departement, "commune": commune}
    items, total = qpv.list_qpv(conn, filters, p.limit, p.offset)
    return page(request, items, total, p)


@router.get("/priority", response_model=None, responses={200: {"model": schemas.PriorityList}}, summary="Uncovered QPV ranked by priority, with the components of the score")
def priority(request: Request, conn: ConnDep, p: Annotated[Page, Depends()],
             region: Region = None,
             departement: Departement = None,
             w_population: Annotated[float, Query(description="Weight of the population component.", **WEIGHT)] = 1,
             w_poverty: Annotated[float, Query(description="Weight of the poverty-rate component.", **WEIGHT)] = 1,
             w_distance: Annotated[float, Query(description="Weight of the distance to the nearest active "
                                                "council.", **WEIGHT)] = 1) -> dict:
    """Score = Σ wᵢ·cᵢ / Σ wᵢ over the known components cᵢ in 0–1: population and poverty rate as
    percentile ranks among all QPV, distance as min(km, 50)/50. See docs/coverage.md."""
    weights = {"w_population": w_population, "w_poverty": w_poverty, "w_distance": w_distance}
    items, total = qpv.priority(conn, {"region": region, "departement": departement}, weights, p.limit, p.offset)
    return page(request, items, total, p)
