"""Service health and provenance."""
from fastapi import APIRouter

from api import schemas
from api.deps import ConnDep
from api.queries import meta

router = APIRouter(tags=["service"])


@router.get("/health", summary="Database reachable, data version, demonstration-data flag")
def health(conn: ConnDep) -> dict:
    return {"status": "ok", "data_version": meta.data_version(conn), "demo_data": meta.demo_data_present(conn),
            "sources": meta.sources(conn)}


@router.get("/sources", response_model=None, responses={200: {"model": schemas.Sources}},
            summary="Provenance of every loaded source: name, vintage, licence, SHA-256, load time")
def sources(conn: ConnDep) -> dict:
    return {"data_version": meta.data_version(conn), "sources": meta.sources(conn)}
