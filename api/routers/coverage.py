"""Coverage of communes, inhabitants and QPV, by area."""
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request

from api import schemas
from api.deps import ConnDep
from api.envelope import envelope
from api.params import AsOf, Region
from api.queries import coverage, history

router = APIRouter(prefix="/coverage", tags=["coverage"])

CODE = Query(pattern=r"^([0-9]{2,3}|2[AB])$",
             description="INSEE code of the région (2 digits) or département (e.g. 75, 2A, 971).")


@router.get("/summary", response_model=None, responses={200: {"model": schemas.CoverageSummary}}, summary="Coverage figures of France, a région or a département")
def summary(request: Request, conn: ConnDep,
            level: Annotated[Literal["national", "region", "departement"], Query(
                description="Area level: national, region (région) or departement (département).")] = "national",
            code: Annotated[str | None, CODE] = None, as_of: AsOf = None) -> dict:
    """Councils by status (actif = active, en_projet = in preparation, en_sommeil = dormant,
    arrete = stopped); communes and inhabitants covered by an active council; QPV (priority urban
    neighbourhoods) couvert (>= 50% of the area in active territories), partiel (5-50%),
    non_couvert, prevu (a council in preparation would cover it), with their populations;
    coordination FTE (ETP) and per 100,000 inhabitants; funding of active councils by source.
    With `as_of`: the figures on that date (as /coverage/history/summary; no FTE nor funding)."""
    if as_of is not None:
        return envelope(request, history.summary(conn, history.check_as_of(as_of), level, code))
    return envelope(request, coverage.summary(conn, level, code))


@router.get("/regions", response_model=None, responses={200: {"model": schemas.AreaCoverageList}},
            summary="Coverage figures of every région (for tables and choropleths)")
def regions(request: Request, conn: ConnDep, as_of: AsOf = None) -> dict:
    if as_of is not None:
        return envelope(request, history.regions_table(conn, history.check_as_of(as_of)))
    items = coverage.by_area(conn, "region")
    return envelope(request, {"items": items, "total": len(items)})


@router.get("/departements", response_model=None, responses={200: {"model": schemas.AreaCoverageList}}, summary="Coverage figures of every département")
def departements(request: Request, conn: ConnDep,
                 region: Region = None
                 ) -> dict:
    items = coverage.by_area(conn, "departement", region)
    return envelope(request, {"items": items, "total": len(items)})
