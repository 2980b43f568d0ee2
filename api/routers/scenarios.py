"""Simulations for the ARS: nothing is written."""
from typing import Annotated

from fastapi import APIRouter, Body, Request
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


@router.post("/coverage-gain", response_model=None, responses={200: {"model": schemas.CoverageGain}},
             summary="Inhabitants and QPV a council on this territory would newly cover")
def coverage_gain(request: Request, conn: ConnDep, territory: Annotated[CandidateTerritory, Body()],
                  user: OptionalUser) -> dict:
    """Read-only simulation: the inhabitants of the candidate territory not covered today, and the
    QPV whose covered share would reach 0.5 (with their populations and shares before/after)."""
    check_scenario_access(request.app.state.settings, conn, user, territory.communes, territory.epci)
    return envelope(request, scenario.coverage_gain(conn, territory.communes, territory.epci))
