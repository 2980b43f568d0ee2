"""Coverage through time: as it stood on a date (status history), and the yearly series.

The history door: /coverage/history/* answer one shape each, with the geography they were computed
on. The `as_of` parameter of /coverage/summary and /coverage/regions is a deprecated second door to
the same queries."""
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request

from api import schemas_history as schemas
from api.deps import ConnDep
from api.envelope import Page, envelope, page
from api.params import REGION_RE, AreaCode, AreaLevel, Departement, HistoryDate, QpvStatus, Region
from api.queries import history

router = APIRouter(prefix="/coverage", tags=["coverage history"])


@router.get("/history/summary", response_model=None, responses={200: {"model": schemas.HistorySummary}},
            summary="Coverage figures of France, a région or a département on a past date")
def history_summary(request: Request, conn: ConnDep, as_of: HistoryDate = None,
                    level: AreaLevel = "national", code: AreaCode = None) -> dict:
    """The /coverage/summary figures (councils by status, communes, inhabitants, QPV by status) as
    they stood on `as_of`. FTE and funding are not historised and are left out."""
    return envelope(request, history.summary(conn, history.check_as_of(as_of), level, code))


@router.get("/history/regions", response_model=None, responses={200: {"model": schemas.HistoryRegions}},
            summary="Coverage figures of every région on a past date")
def history_regions(request: Request, conn: ConnDep, as_of: HistoryDate = None) -> dict:
    return envelope(request, history.regions_table(conn, history.check_as_of(as_of)))


@router.get("/history/qpv", response_model=None, responses={200: {"model": schemas.HistoryQpvList}},
            summary="Coverage status of every QPV on a past date")
def history_qpv(request: Request, conn: ConnDep, p: Annotated[Page, Depends()],
                as_of: HistoryDate = None, status: QpvStatus = None,
                region: Region = None, departement: Departement = None) -> dict:
    as_of = history.check_as_of(as_of)
    items, total = history.qpv(conn, as_of, status, region, departement, p.limit, p.offset)
    body = page(request, items, total, p)
    return {**body, "as_of": as_of.isoformat(), "geography": history.geography_vintage(conn)}


@router.get("/series", response_model=None, responses={200: {"model": schemas.Series}},
            summary="Yearly coverage series (1 January of each year since 2010)")
def series(request: Request, conn: ConnDep,
           level: Annotated[Literal["national", "region"], Query(
               description="national or region (région)")] = "national",
           code: Annotated[str | None, Query(pattern=REGION_RE, description=(
               "INSEE code of the région; level=region without a code answers every région"))] = None
           ) -> dict:
    """Councils active and in preparation, inhabitants covered and share, QPV couvert, on
    1 January of each year, from the status history on today's territories."""
    geography = history.geography_vintage(conn)
    if level == "region" and code is None:
        names = history.region_names(conn)
        regions = [{"code": c, "nom": names[c], "items": items} for c, items in history.series_by_region(conn).items()]
        return envelope(request, {"level": level, "code": None, "regions": regions, "geography": geography})
    nom, params = history.area_filter(conn, level, code)
    items = history.series(conn, params["region"])
    return envelope(request, {"level": level, "code": params["region"], "nom": nom, "items": items,
                              "geography": geography})
