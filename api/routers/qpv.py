"""QPV (quartiers prioritaires de la politique de la ville: priority urban neighbourhoods)."""
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Query, Request, Response

from api import schemas
from api.deps import ConnDep
from api.envelope import JSONAnswer, Page, envelope, page, state_of
from api.params import Commune, Departement, Region
from api.queries import qpv

router = APIRouter(prefix="/qpv", tags=["qpv"])

WEIGHT = dict(ge=0, le=100)
SortKey = Literal[tuple(k for key in qpv.PRIORITY_SORTS for k in (key, f"-{key}"))]
EXPORT_MEDIA = {"csv": "text/csv; charset=utf-8",
                "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


@router.get("", response_model=None, responses={200: {"model": schemas.QpvList}},
            summary="QPV with their coverage by active councils")
def list_qpv(request: Request, conn: ConnDep, p: Annotated[Page, Depends()],
             status: Annotated[Literal["couvert", "partiel", "non_couvert"] | None, Query(
                 description="couvert: >= 50% of the area in active territories; partiel: 5-50%; "
                 "non_couvert: less.")] = None,
             prevu: Annotated[bool | None, Query(description="A council in preparation would cover it.")] = None,
             region: Region = None,
             departement: Departement = None,
             commune: Commune = None,
             outside_ars: Annotated[bool | None, Query(description="true: only the QPV outside any ARS (French "
                                                       "Polynesia); false: only those inside one.")] = None,
             ) -> JSONAnswer:
    """`region` is the région of the ARS in charge: Saint-Martin's QPV belong to 01 (Guadeloupe)."""
    filters = {"status": status, "prevu": prevu, "region": region, "departement": departement, "commune": commune,
               "outside_ars": outside_ars}
    items, total = qpv.list_qpv(conn, filters, p.limit, p.offset)
    return JSONAnswer(page(request, items, total, p))


class PriorityQuery:
    """Weights, filters and sort of the planner's table (a dependency shared with its exports)."""

    def __init__(self, region: Region = None, departement: Departement = None,
                 epci: Annotated[str | None, Query(pattern=r"^[0-9]{9}$", description="SIREN of an EPCI: the QPV "
                                                   "lying in one of its communes.")] = None,
                 status: Annotated[Literal["partiel", "non_couvert", "couvert"] | None, Query(
                     description="partiel (5-50% covered) or non_couvert (< 5%); couvert lists nothing "
                     "(covered QPV are not ranked).")] = None,
                 prevu: Annotated[bool | None, Query(description="A council in preparation would cover it.")] = None,
                 completeness: Annotated[Literal["complete", "incomplete"] | None, Query(
                     description="complete: every figure a non-zero weight needs is published.")] = None,
                 outside_ars: Annotated[bool, Query(description="List the QPV outside any ARS instead (never "
                                                    "ranked).")] = False,
                 w_population: Annotated[float, Query(description="Weight of the population component.", **WEIGHT)] = 1,
                 w_poverty: Annotated[float, Query(description="Weight of the poverty-rate component.", **WEIGHT)] = 1,
                 w_distance: Annotated[float, Query(description="Weight of the distance to the nearest active "
                                                    "council of the QPV's health territory.", **WEIGHT)] = 1,
                 sort: Annotated[SortKey, Query(description="Sort key; a leading '-' sorts descending.")] = "rank"):
        self.filters = {"region": region, "departement": departement, "epci": epci, "status": status, "prevu": prevu,
                        "completeness": completeness, "outside_ars": outside_ars}
        self.weights = {"w_population": w_population, "w_poverty": w_poverty, "w_distance": w_distance}
        self.sort = sort


@router.get("/priority", response_model=None, responses={200: {"model": schemas.PriorityList}},
            summary="Uncovered QPV ranked by priority, with the components of the score")
def priority(request: Request, conn: ConnDep, p: Annotated[Page, Depends()],
             q: Annotated[PriorityQuery, Depends()]) -> JSONAnswer:
    """Score = Σ wᵢ·cᵢ / Σ wᵢ over the components cᵢ in 0–1: population and poverty rate as
    percentile ranks among all QPV, distance as min(km, 50)/50 within the QPV's health territory
    (1 where it has no active council). QPV lacking a figure a non-zero weight needs are ranked
    after every complete one. See docs/coverage.md."""
    items, total = qpv.priority(conn, q.filters, q.weights, q.sort, p.limit, p.offset)
    return JSONAnswer(page(request, items, total, p))


@router.get("/priority/export", summary="The whole priority table as CSV or XLSX, with its weights, date, "
            "data version and filters")
def priority_export(request: Request, conn: ConnDep, q: Annotated[PriorityQuery, Depends()],
                    format: Annotated[Literal["csv", "xlsx"], Query(description="csv or xlsx.")] = "csv") -> Response:
    fmt = format
    state = state_of(request)
    rows, _ = qpv.priority(conn, q.filters, q.weights, q.sort, None, 0)
    header = qpv.export_header(q.weights, q.filters, state.version, state.demo_data)
    body = qpv.to_csv(rows, header) if fmt == "csv" else qpv.to_xlsx(rows, header)
    name = f"clsm_qpv_priorites_{state.version}.{fmt}"
    return Response(body, media_type=EXPORT_MEDIA[fmt], headers={
        "Content-Disposition": f'attachment; filename="{name}"', "X-Demo-Data": str(state.demo_data).lower()})


@router.get("/{qpv_code}", response_model=None, summary="One QPV: figures, coverage, communes and councils")
def one_qpv(request: Request, conn: ConnDep,
            qpv_code: Annotated[str, Path(pattern=r"^Q[NP][0-9A-Z]{5,8}$", description="QPV code, e.g. QN07501M.")]
            ) -> dict:
    return envelope(request, qpv.one(conn, qpv_code))
