"""Exports for researchers: CSV, GeoJSON, GeoPackage, filtered like the lists, with licence and
sources (with hashes) in a side file (CSV), a `metadata` member (GeoJSON) or table (GeoPackage)."""
import os
import tempfile
from pathlib import Path
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import FileResponse, Response
from starlette.background import BackgroundTask

from api.deps import ConnDep
from api.envelope import state_of
from api.params import Commune, Departement, Region
from api.queries import exports
from api.routers.councils import CouncilFilters
from core.errors import StorageError

router = APIRouter(prefix="/exports", tags=["exports"])
Format = Literal["csv", "geojson", "gpkg"]
MEDIA = {"csv": "text/csv; charset=utf-8", "geojson": "application/geo+json",
         "gpkg": "application/geopackage+sqlite3"}


class QpvFilters:
    def __init__(self,
                 status: Annotated[Literal["couvert", "partiel", "non_couvert"] | None, Query(
                     description="Coverage status.")] = None,
                 prevu: Annotated[bool | None, Query(description="Covered by a council in preparation.")] = None,
                 region: Region = None, departement: Departement = None, commune: Commune = None):
        self.values = {"status": status, "prevu": prevu, "region": region, "departement": departement,
                       "commune": commune}


def _send(request: Request, conn, kind: str, fmt: str, filters: dict) -> Response:
    state = state_of(request)
    items = exports.rows(conn, kind, filters)
    name = f"clsm_{kind}_{state.version}.{fmt}"
    headers = {"Content-Disposition": f'attachment; filename="{name}"', "X-Demo-Data": str(state.demo_data).lower(),
               "Link": f'<{request.url_for("export_metadata")}>; rel="describedby"'}
    if fmt == "csv":
        return Response(exports.to_csv(items), media_type=MEDIA["csv"], headers=headers)
    meta = exports.metadata(conn, state)
    geoms = exports.geometries(conn, kind, [i[exports.key_of(kind)] for i in items], fmt)
    if fmt == "geojson":
        return Response(exports.to_geojson(items, geoms, kind, meta), media_type=MEDIA["geojson"], headers=headers)
    directory = request.app.state.settings.export_tmp_dir or Path(tempfile.gettempdir())
    try:
        path = exports.to_geopackage(items, geoms, kind, meta, directory)
    except StorageError as exc:
        raise StorageError(f"could not build the GeoPackage on the server ({exc.reason}); nothing was written, "
                           "retry later or use the GeoJSON export", exc.reason) from exc
    return FileResponse(path, media_type=MEDIA["gpkg"], headers=headers, background=BackgroundTask(os.unlink, path))


@router.get("/metadata.json", name="export_metadata", summary="Licences, demo flag and sources (with SHA-256)")
def export_metadata(request: Request, conn: ConnDep) -> dict:
    return exports.metadata(conn, state_of(request))


@router.get("/councils.{fmt}", summary="Councils (public fields), filtered like GET /councils")
def export_councils(request: Request, conn: ConnDep, fmt: Format,
                    filters: Annotated[CouncilFilters, Depends()]) -> Response:
    return _send(request, conn, "councils", fmt, filters.values)


@router.get("/qpv.{fmt}", summary="QPV with their coverage, filtered like GET /qpv")
def export_qpv(request: Request, conn: ConnDep, fmt: Format, filters: Annotated[QpvFilters, Depends()]) -> Response:
    return _send(request, conn, "qpv", fmt, filters.values)
