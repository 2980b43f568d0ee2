"""The council register (public fields)."""
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Query, Request

from api import schemas
from api.deps import ConnDep
from api.envelope import Page, envelope, page
from api.params import Departement, Region
from api.queries import councils
from core.models import COUNCIL_STATUSES, FUNDING_SOURCES, TERRITORY_SCALES

router = APIRouter(prefix="/councils", tags=["councils"])

Status = Literal[COUNCIL_STATUSES]  # type: ignore[valid-type]
Scale = Literal[TERRITORY_SCALES]  # type: ignore[valid-type]
Funding = Literal[FUNDING_SOURCES]  # type: ignore[valid-type]
Sort = Literal[tuple(councils.SORTS)]  # type: ignore[valid-type]


class CouncilFilters:
    def __init__(
        self,
        status: Annotated[Status | None, Query(description="actif (active), en_projet (in preparation), "
                                                "en_sommeil (dormant), arrete (stopped).")] = None,
        region: Region = None,
        departement: Departement = None,
        scale: Annotated[Scale | None, Query(description="Territory scale: communal, intercommunal, "
                                             "infra_communal (arrondissements), secteur_psychiatrique, mixte.")] = None,
        funding_source: Annotated[Funding | None, Query(description="Councils with a funding line "
                                                        "from this source.")] = None,
        q: Annotated[str | None, Query(min_length=2, max_length=100,
                                       description="Text in the council name or a commune name/code; "
                                       "case and accents ignored.")] = None,
    ):
        self.values = {"status": status, "region": region, "departement": departement, "scale": scale,
                       "funding_source": funding_source, "q": q}


@router.get("", response_model=None, responses={200: {"model": schemas.CouncilList}},
            summary="Councils, filtered, sorted and paginated")
def list_councils(request: Request, conn: ConnDep, filters: Annotated[CouncilFilters, Depends()],
                  p: Annotated[Page, Depends()],
                  sort: Annotated[Sort, Query(description="Sort key; a leading '-' sorts descending.")] = "name"
                  ) -> dict:
    items, total = councils.list_councils(conn, filters.values, sort, p.limit, p.offset)
    return page(request, items, total, p)


@router.get("/{council_id}", response_model=None, responses={200: {"model": schemas.CouncilDetail}},
            summary="One council: territory, funding lines, FTE, status history, QPV")
def get_council(request: Request, conn: ConnDep,
                council_id: Annotated[str, Path(description="Council id, e.g. CLSM-0001.", max_length=40)]) -> dict:
    return envelope(request, councils.get_council(conn, council_id))
