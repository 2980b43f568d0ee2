"""Coverage of communes, inhabitants and QPV, by area."""
from fastapi import APIRouter, Request

from api import schemas
from api.deps import ConnDep
from api.envelope import JSONAnswer, envelope
from api.params import AsOf, Region, SummaryCode, SummaryLevel
from api.queries import coverage, history
from core.errors import InvalidParameter

router = APIRouter(prefix="/coverage", tags=["coverage"])


@router.get("/summary", response_model=None, responses={200: {"model": schemas.CoverageSummary}},
            summary="Coverage figures of France, a région, a département or an EPCI")
def summary(request: Request, conn: ConnDep,
            level: SummaryLevel = "national", code: SummaryCode = None, as_of: AsOf = None) -> JSONAnswer:
    """Councils by status (actif = active, en_projet = in preparation, en_sommeil = dormant,
    arrete = stopped); communes and inhabitants covered by an active council; QPV (priority urban
    neighbourhoods) couvert (>= 50% of the area in active territories), partiel (5-50%),
    non_couvert, prevu (a council in preparation would cover it), with their populations;
    coordination FTE (ETP) and per 100,000 inhabitants; funding of active councils by source.
    Deprecated `as_of`: the figures of /coverage/history/summary on that date (no FTE nor funding).
    Below the nation, `council_list` names the area's councils (an EPCI's: those whose territory
    holds one of its communes)."""
    if as_of is not None and level == "epci":
        raise InvalidParameter("as_of is not available for an EPCI", parameter="as_of")
    if as_of is not None:
        return JSONAnswer(envelope(request, history.summary(conn, history.check_as_of(as_of), level, code)))
    return JSONAnswer(envelope(request, coverage.summary(conn, level, code)))


@router.get("/regions", response_model=None, responses={200: {"model": schemas.AreaCoverageList}},
            summary="Coverage figures of every région (for tables and choropleths)")
def regions(request: Request, conn: ConnDep, as_of: AsOf = None) -> JSONAnswer:
    if as_of is not None:
        return JSONAnswer(envelope(request, history.regions_table(conn, history.check_as_of(as_of))))
    return JSONAnswer(envelope(request, coverage.table(conn, "region")))


@router.get("/departements", response_model=None, responses={200: {"model": schemas.AreaCoverageList}},
            summary="Coverage figures of every département")
def departements(request: Request, conn: ConnDep,
                 region: Region = None
                 ) -> JSONAnswer:
    return JSONAnswer(envelope(request, coverage.table(conn, "departement", region)))
