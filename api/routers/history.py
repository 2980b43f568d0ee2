"""Coverage through time: as it stood on a date (status history), and the yearly series."""
from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request

from api.deps import ConnDep
from api.envelope import Page, envelope, page
from api.params import Departement, Region
from api.queries import history
from api.routers.coverage import CODE
from core.errors import InvalidParameter

router = APIRouter(prefix="/coverage", tags=["coverage history"])

AS_OF = Query(description="Date (YYYY-MM-DD, default today): coverage as it stood that day, from the "
                          "councils' status history, on today's territories and geography.")
Level = Annotated[Literal["national", "region", "departement"], Query(
    description="Area level: national, region (région) or departement (département).")]


def _checked(as_of: date | None) -> date:
    if as_of is None:
        return date.today()
    if as_of < date(1990, 1, 1) or as_of > date.today():
        raise InvalidParameter("as_of must lie between 1990-01-01 and today", parameter="as_of")
    return as_of


@router.get("/history/summary", summary="Coverage figures of France, a région or a département on a past date")
def history_summary(request: Request, conn: ConnDep, as_of: Annotated[date | None, AS_OF] = None,
                    level: Level = "national", code: Annotated[str | None, CODE] = None) -> dict:
    """The /coverage/summary figures (councils by status, communes, inhabitants, QPV by status) as
    they stood on `as_of`. FTE and funding are not historised and are left out."""
    return envelope(request, history.summary(conn, _checked(as_of), level, code))


@router.get("/history/regions", summary="Coverage figures of every région on a past date")
def history_regions(request: Request, conn: ConnDep, as_of: Annotated[date | None, AS_OF] = None) -> dict:
    as_of = _checked(as_of)
    items = history.regions(conn, as_of)
    return envelope(request, {"as_of": as_of.isoformat(), "items": items, "total": len(items),
                              "geography": history.geography_vintage(conn)})


@router.get("/history/qpv", summary="Coverage status of every QPV on a past date")
def history_qpv(request: Request, conn: ConnDep, p: Annotated[Page, Depends()],
                as_of: Annotated[date | None, AS_OF] = None,
                status: Annotated[Literal["couvert", "partiel", "non_couvert"] | None, Query(
                    description="QPV coverage status on that date.")] = None,
                region: Region = None, departement: Departement = None) -> dict:
    as_of = _checked(as_of)
    items, total = history.qpv(conn, as_of, status, region, departement, p.limit, p.offset)
    body = page(request, items, total, p)
    return {**body, "as_of": as_of.isoformat(), "geography": history.geography_vintage(conn)}


@router.get("/series", summary="Yearly coverage series (1 January of each year since 2010)")
def series(request: Request, conn: ConnDep,
           level: Annotated[Literal["national", "region"], Query(description="national or region (région)")] = "national",
           code: Annotated[str | None, Query(pattern=r"^[0-9]{2}$", description=(
               "INSEE code of the région; level=region without a code answers every région"))] = None
           ) -> dict:
    """Councils active and in preparation, inhabitants covered and share, QPV couvert, on
    1 January of each year, from the status history on today's territories."""
    geography = history.geography_vintage(conn)
    if level == "region" and code is None:
        names = dict(conn.exec_driver_sql("SELECT code, nom FROM geo.region").all())
        regions = [{"code": c, "nom": names[c], "items": items} for c, items in history.series_by_region(conn).items()]
        return envelope(request, {"level": level, "code": None, "regions": regions, "geography": geography})
    nom, params = history.area_filter(conn, level, code)
    items = history.series(conn, params["region"])
    return envelope(request, {"level": level, "code": params["region"], "nom": nom, "items": items,
                              "geography": geography})
