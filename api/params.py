"""Query parameters shared by several routers, validated before any SQL runs."""
from datetime import date
from typing import Annotated

from fastapi import Query

REGION_RE = r"^[0-9]{2}$"
DEPARTEMENT_RE = r"^([0-9]{2,3}|2[AB])$"
COMMUNE_RE = r"^[0-9][0-9AB][0-9]{3}$"

Region = Annotated[str | None, Query(pattern=REGION_RE, description="INSEE code of the région (2 digits, e.g. 11).")]
Departement = Annotated[str | None, Query(pattern=DEPARTEMENT_RE, description="Département code (e.g. 75, 2A, 971).")]
Commune = Annotated[str | None, Query(pattern=COMMUNE_RE, description="INSEE code of a commune or arrondissement.")]
AsOf = Annotated[date | None, Query(description=(
    "Date (YYYY-MM-DD): figures as they stood that day, from the councils' status history, on today's "
    "territories and geography (docs/coverage-history.md)."))]
