"""Service health and provenance."""
from fastapi import APIRouter

from api import schemas
from api.deps import ConnDep
from api.queries import meta

router = APIRouter(tags=["service"])


@router.get("/health", summary="Database reachable, data version, demonstration-data flag")
def health(conn: ConnDep) -> dict:
    version, demo, sources = meta.provenance(conn)
    return {"status": "ok", "data_version": version, "demo_data": demo, "sources": sources}


@router.get("/sources", response_model=None, responses={200: {"model": schemas.Sources}},
            summary="Provenance of every loaded source: name, vintage, licence, SHA-256, load time")
def sources(conn: ConnDep) -> dict:
    version, _, found = meta.provenance(conn)
    return {"data_version": version, "sources": found}
