"""Rural coverage: by density class, rural reach of multi-commune councils, uncovered EPCI.
Included before the councils router: /councils/rural-reach must not be read as a council id."""
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request

from api import schemas_history as schemas
from api.deps import ConnDep
from api.envelope import Page, envelope, page
from api.params import AreaCode, AreaLevel, CouncilStatus, Departement, Region
from api.queries import rural

router = APIRouter(tags=["rural coverage"])


@router.get("/coverage/density", response_model=None, responses={200: {"model": schemas.DensityCoverage}},
            summary="Coverage by commune density class (dense, intermediaire, rural)")
def density(request: Request, conn: ConnDep, level: AreaLevel = "national", code: AreaCode = None) -> dict:
    """Communes and inhabitants covered by an active council in each density class
    (docs/coverage-density.md), and the gap between the rural share covered and the share
    covered in dense or intermediate communes (negative: rural territory is less covered)."""
    return envelope(request, rural.density(conn, level, code))


@router.get("/coverage/density/regions", response_model=None, responses={200: {"model": schemas.DensityRegionList}},
            summary="Rural and urban shares covered in every région")
def density_regions(request: Request, conn: ConnDep) -> dict:
    items = rural.density_regions(conn)
    return envelope(request, {"items": items, "total": len(items)})


@router.get("/councils/rural-reach", response_model=None, responses={200: {"model": schemas.RuralReachList}},
            summary="Rural communes and inhabitants of multi-commune councils")
def rural_reach(request: Request, conn: ConnDep, p: Annotated[Page, Depends()],
                status: CouncilStatus = "actif",
                scale: Annotated[Literal["intercommunal", "secteur_psychiatrique", "mixte"] | None, Query(
                    description="Territory scale (default: every council spanning several communes).")] = None,
                region: Region = None) -> dict:
    """Councils whose territory spans several communes, most rural first: number and share of
    rural communes, share of inhabitants living in rural communes, main commune and its share.
    `totals` sums every multi-commune council of the status."""
    items, total = rural.rural_reach(conn, status, scale, region, p.limit, p.offset)
    return {**page(request, items, total, p), "totals": rural.rural_reach_totals(conn, status or "actif")}


@router.get("/epci/uncovered-rural", response_model=None, responses={200: {"model": schemas.UncoveredEpciList}},
            summary="EPCI without any covered commune, largest first")
def uncovered_epci(request: Request, conn: ConnDep, p: Annotated[Page, Depends()],
                   region: Region = None, departement: Departement = None,
                   min_rural_share: Annotated[float | None, Query(
                       ge=0, le=1, description="Keep EPCI with at least this share of inhabitants in rural "
                                               "communes.")] = None) -> dict:
    """Intercommunalities (EPCI) none of whose communes lies in an active council's territory,
    by population, with their rural communes and share of inhabitants in rural communes;
    `planned` when a council en projet holds one of their communes."""
    items, total = rural.uncovered_epci(conn, region, departement, min_rural_share, p.limit, p.offset)
    return page(request, items, total, p)
