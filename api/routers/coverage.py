"""Coverage of communes, inhabitants and QPV, by area."""
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request

from api import schemas
from api.deps import ConnDep
from api.envelope import envelope
from api.params import Region
from api.queries import coverage

router = APIRouter(prefix="/coverage", tags=["coverage"])

CODE = Query(pattern=r"^([0-9]{2,3}|2[AB])$",
             description="INSEE code of the région (2 digits) or département (e.g. 75, 2A, 971).")


@router.get("/summary", response_model=None, responses={200: {"model": schemas.CoverageSummary}}, summary="Coverage figures of France, a région or a département")
def summary(request: Request, conn: ConnDep,
            level: Annotated[Literal["national", "region", "departement"], Query(
                description="Area level: national, region (région) or departement (département).")] = "national",
            code: Annotated[str | None, CODE] = None) -> dict:
    """Councils by status (actif = active, en_projet = in preparation, en_sommeil = dormant,
    arrete = stopped); communes and inhabitants covered by an active council; QPV (priority urban
    neighbourhoods) couvert (>= 50% of the area in active territories), partiel (5-50%),
    non_couvert, prevu (a council in preparation would cover it), with their populations;
    coordination FTE (ETP) and per 100,000 inhabitants; funding of active councils by source."""
    return envelope(request, coverage.summary(conn, level, code))


@router.get("/regions", response_model=None, responses={200: {"model": schemas.AreaCoverageList}}, summary="Coverage figures of every région (for tables and choropleths)")
def regions(request: Request, conn: ConnDep) -> dict:
    items = coverage.by_area(conn, "region")
    return envelope(request, {"items": items, "total": len(items)})


@router.get("/departements", response_model=None, responses={200: {"model": schemas.AreaCoverageList}}, summary="Coverage figures of every département")
def departements(request: Request, conn: ConnDep,
                 region: Region = None
                 ) -> dict:
    items = coverage.by_area(conn, "departement", region)
    return envelope(request, {"items": items, "total": len(items)})
