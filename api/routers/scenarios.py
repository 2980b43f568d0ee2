"""Simulations for the ARS: nothing is written."""
from typing import Annotated

from fastapi import APIRouter, Body, Query, Request
from pydantic import BaseModel, Field

from api import schemas
from api.auth import OptionalUser, check_scenario_access
from api.deps import ConnDep
from api.envelope import envelope
from api.params import COMMUNE_UNPADDED_RE
from api.queries import scenario

router = APIRouter(prefix="/scenarios", tags=["scenarios"])


class CandidateTerritory(BaseModel):
    communes: list[Annotated[str, Field(pattern=COMMUNE_UNPADDED_RE)]] = Field(
        default_factory=list, max_length=2000, description="INSEE codes of communes or arrondissements.")
    epci: str | None = Field(default=None, pattern=r"^[0-9]{9}$", description="SIREN of an EPCI: all its communes.")
    names: list[Annotated[str, Field(min_length=1, max_length=200)]] = Field(
        default_factory=list, max_length=200, description="Names of communes or EPCI (accents and case ignored), "
        "or 'Name (code)' as /scenarios/places suggests; an ambiguous name is refused with the candidates.")
    qpv: list[Annotated[str, Field(pattern=r"^Q[NP][0-9A-Z]{5,8}$")]] = Field(
        default_factory=list, max_length=2000, description="QPV codes: the communes they lie in.")


@router.post("/coverage-gain", response_model=None, responses={200: {"model": schemas.CoverageGain}},
             summary="Inhabitants and QPV a council on this territory would newly cover")
def coverage_gain(request: Request, conn: ConnDep, territory: Annotated[CandidateTerritory, Body()],
                  user: OptionalUser) -> dict:
    """Read-only simulation: the inhabitants of the candidate territory not covered today, the QPV
    whose status would change (shares before/after), and before -> after figures (people, share,
    QPV couvert and uncovered) for France and each région the territory touches."""
    communes = scenario.resolve(conn, territory.communes, territory.names, territory.qpv)
    check_scenario_access(request.app.state.settings, conn, user, communes, territory.epci)
    return envelope(request, scenario.coverage_gain(conn, communes, territory.epci))


@router.get("/places", response_model=None, responses={200: {"model": schemas.PlaceList}},
            summary="Communes and EPCI by name, for the scenario's autocomplete")
def places(request: Request, conn: ConnDep,
           q: Annotated[str, Query(max_length=100, description="Part of the name (2 characters at least: "
                                   "fewer give no suggestion).")] = "",
           limit: Annotated[int, Query(ge=1, le=1000, description="Suggestions.")] = 20) -> dict:
    items = scenario.places(conn, q, limit) if len(q.strip()) >= 2 else []
    return envelope(request, {"items": items, "total": len(items)})
