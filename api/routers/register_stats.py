"""Funding sources, coordination FTE and creations of councils."""
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request

from api import schemas
from api.deps import ConnDep
from api.envelope import envelope
from api.params import Departement, Region
from api.queries import register_stats

router = APIRouter(tags=["funding and staffing"])


@router.get("/funding/summary", response_model=None, responses={200: {"model": schemas.FundingSummary}},
            summary="Funding of active councils (latest year) by source, région or scale")
def funding(request: Request, conn: ConnDep,
            by: Annotated[Literal["source", "region", "scale"], Query(description="Grouping.")] = "source",
            region: Region = None, departement: Departement = None) -> dict:
    """Sources: commune_epci (commune or intercommunality), ars (regional health agency),
    etablissement_sante (hospital), politique_de_la_ville (urban policy contract), caf (family
    allowance fund), departement, region, fonds_europeens, appel_a_projets (calls for projects),
    autre. `co_funded_share`: share of active councils with two sources or more."""
    return envelope(request, register_stats.funding(conn, by, region, departement))


@router.get("/fte/summary", response_model=None, responses={200: {"model": schemas.FteSummary}},
            summary="Coordination FTE (ETP) of active councils: distribution and per 100,000 inhabitants")
def fte(request: Request, conn: ConnDep, region: Region = None, departement: Departement = None) -> dict:
    """`bins` and the totals follow `region`/`departement`; `by_region` is always every région."""
    return envelope(request, register_stats.fte(conn, region, departement))


@router.get("/stats/created-per-year", response_model=None, responses={200: {"model": schemas.CreatedPerYear}},
            summary="Councils created per year")
def created_per_year(request: Request, conn: ConnDep, region: Region = None,
                     departement: Departement = None) -> dict:
    items = register_stats.created_per_year(conn, region, departement)
    return envelope(request, {"items": items, "total": len(items)})
