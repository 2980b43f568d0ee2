"""Map layers: GeoJSON for the national map, vector tiles for zoomed-in views."""
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response

from api.deps import ConnDep
from api.envelope import state_of
from api.params import BBox, Departement, Region, picture_box
from api.queries import layers
from core.errors import InvalidParameter
from core.models import COUNCIL_STATUSES

router = APIRouter(tags=["map layers"])
GEOJSON = "application/geo+json"
MAX_PICTURE_ZOOM = 9


def _geojson(body: str) -> Response:
    return Response(content=body, media_type=GEOJSON)


@router.get("/layers/councils.geojson", summary="Council territories (simplified), coloured by status")
def councils_layer(request: Request, conn: ConnDep,
                   status: Annotated[Literal[COUNCIL_STATUSES] | None, Query(description="Council status.")] = None,  # type: ignore[valid-type]
                   region: Region = None,
                   tolerance: Annotated[float, Query(ge=0, le=0.1, description="Extra simplification, degrees "
                                                     "(0 = display contours, about 100 m).")] = 0) -> Response:
    return _geojson(layers.councils_geojson(conn, state_of(request), status, region, tolerance))


@router.get("/layers/qpv.geojson", summary="QPV contours with coverage status and priority rank")
def qpv_layer(request: Request, conn: ConnDep,
              status: Annotated[Literal["couvert", "partiel", "non_couvert"] | None, Query(
                  description="Coverage status.")] = None,
              region: Region = None,
              departement: Departement = None,
              priority_top: Annotated[int | None, Query(ge=1, le=2000, description="Only the N uncovered QPV "
                                                        "of highest priority.")] = None,
              as_points: Annotated[bool, Query(description="One point inside each QPV instead of its contour "
                                               "(national maps: a fifth of the size).")] = False) -> Response:
    filters = {"status": status, "region": region, "departement": departement, "priority_top": priority_top,
               "as_points": as_points}
    return _geojson(layers.qpv_geojson(conn, state_of(request), filters))


@router.get("/layers/picture.svg", summary="The national layers as one SVG picture (a map's first view)",
            response_class=Response, responses={200: {"content": {"image/svg+xml": {}}}})
def picture(request: Request, conn: ConnDep, bbox: BBox,
            zoom: Annotated[float, Query(ge=0, le=MAX_PICTURE_ZOOM, description="Web Mercator zoom at which "
                                         "the picture's pixels lie 1:1 (a Leaflet map's zoom).")],
            top: Annotated[int, Query(ge=0, le=2000, description="QPV classed `top`: the N first of the "
                                      "priority ranking.")] = 100) -> Response:
    """Département and région outlines, council territories and one point per QPV inside `bbox`, in
    pixels from its north-west corner: a map lays it over the same box as an image. Elements carry
    classes (`departement`, `region`, the council status; for QPV `qpv-edge` and `qpv`, the coverage
    status and `top`), no colours: the page that shows it styles it. A QPV is a zero-length stroke,
    drawn as a dot by a round line cap."""
    box = picture_box(bbox, zoom)
    return Response(content=layers.picture_svg(conn, state_of(request), box, zoom, top), media_type="image/svg+xml")


@router.get("/layers/{level}.geojson", summary="Régions or départements with their coverage figures")
def area_layer(request: Request, conn: ConnDep,
               level: Annotated[Literal["regions", "departements"], Path(description="regions or departements.")]
               ) -> Response:
    return _geojson(layers.areas_geojson(conn, state_of(request), level.removesuffix("s")))


@router.get("/tiles/{layer}/{z}/{x}/{y}.pbf", summary="Mapbox vector tile (communes, qpv or councils)",
            response_class=Response, responses={200: {"content": {"application/vnd.mapbox-vector-tile": {}}}})
def tile(conn: ConnDep,
         layer: Annotated[Literal["communes", "qpv", "councils"], Path(description="Layer name.")],
         z: Annotated[int, Path(ge=0, le=22)], x: Annotated[int, Path(ge=0)], y: Annotated[int, Path(ge=0)]
         ) -> Response:
    if x >= 2 ** z or y >= 2 ** z:
        raise InvalidParameter(f"tile {z}/{x}/{y} does not exist", parameter="x,y")
    return Response(content=layers.tile(conn, layer, z, x, y), media_type="application/vnd.mapbox-vector-tile")
