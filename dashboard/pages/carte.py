"""Carte: headline figures, councils by status, QPV by coverage (priority ones flagged), région/
département outlines and shading in a lower pane (clicks reach the councils and QPV above it), city
names, layer switches; a place found by the header's search is zoomed, highlighted and described.
The list of councils and QPV in view is the map's accessible alternative, with the régions table."""
import json
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import quote

import dash
import dash_leaflet as dl
from dash import Input, Output, State, callback, ctx, dcc, html
from plotly.io.json import to_json_plotly

from dashboard import map_layers
from dashboard.client import ApiClient, ApiError
from dashboard.components import (
    CHOROPLETH_RAMP,
    NO_DATA_GREY,
    STATUS_COLOURS,
    STATUS_OUTLINES,
    error_box,
    kpi,
    map_colours,
    query_sync,
    table,
)
from dashboard.context import api, basemap_url
from dashboard.formatting import number, percent
from dashboard.i18n import lang_of, t
from dashboard.map_layers import FRANCE_BOUNDS, FRANCE_VIEW
from dashboard.place_card import place_card

dash.register_page(__name__, path="/", title="CLSM — carte", name="Carte")

# FRANCE_VIEW is the first view (no fitBounds on load, which would draw every path twice), or the place
# searched, which the map is created fitted to (also when it mounts late, its library loaded on demand:
# dashboard/lazy_libraries.py); FRANCE_BOUNDS the "Métropole" button's (fitted to the screen), and a
# phone's first view (assets/map.js fitNarrowMaps, reading it in the page's head: app.py).
OVERSEAS = {"Guadeloupe": ([16.2, -61.5], 9), "Martinique": ([14.65, -61.0], 10), "Guyane": ([4.0, -53.0], 7),
            "La Réunion": ([-21.1, 55.5], 9), "Mayotte": ([-12.8, 45.15], 10)}
PLACES = {"france": FRANCE_BOUNDS, "overseas": OVERSEAS}  # for the zoom buttons (assets/query.js zoomTo)
MODES = ("none", "share_covered", "councils_per_100k", "rural_share_covered")
REGION_MODES = ("rural_share_covered",)  # shaded on régions: the API gives the rural share by région only
CITY_ZOOM = 10  # from here on, commune and QPV contours are drawn
SCALE = {"share_covered": 1.0, "councils_per_100k": 1.5, "rural_share_covered": 0.5}  # top of each ramp
SYNC = query_sync("map", {"mode": ("choropleth", "data")})


def js(name: str) -> dict:
    return {"variable": f"dashExtensions.default.{name}"}


# Features on the map, counted per layer on the map's element (data-drawn-<id>): drawn on a canvas,
# they leave no element of their own for tests and the benchmark to count.
COUNTED = {"layeradd": js("countDrawn"), "layerremove": js("countDrawn")}


def layout(lang: str = "fr", mode: str = "none", place: str | None = None, bbox: str | None = None,
           **_) -> html.Div:
    mode = mode if mode in MODES else "none"
    client, layers = api(), map_layers.layers()
    kind, code = (place.split(":", 1) + [""])[:2] if place and ":" in place else (None, None)
    # Every request at once: the first render waits for the slowest one, not for their sum. The layers
    # themselves travel as files (map_layers).
    with ThreadPoolExecutor(6) as pool:
        summary = pool.submit(client.summary)
        urls = {name: pool.submit(layers.url, name)
                for name in [*map_layers.QUERIES, map_layers.LABELS, map_layers.PICTURE]}
        qpv = pool.submit(layers.data, "qpv") if kind == "qpv" else None
        listed = pool.submit(in_view_lists, client, FRANCE_BOUNDS, lang) if kind else None
    try:
        summary = summary.result()
        urls = {name: future.result() for name, future in urls.items()}
        qpv = qpv.result() if qpv else None
    except ApiError as exc:
        return error_box(exc, lang)
    colours = map_colours()
    # The national view first draws the layers' picture (map_layers); its load event adds the layers.
    picture_url, picture = urls.pop(map_layers.PICTURE), map_layers.shows_picture(mode, place, bbox)
    shading = dl.Pane([
        dl.GeoJSON(url=urls.get("departements"), id="layer-departements", style=js("areaStyle"), interactive=False,
                   eventHandlers=COUNTED,
                   hideout={**hideouts(mode)[0], "colours": colours}),
        dl.GeoJSON(url=urls.get("regions"), id="layer-regions", style=js("areaStyle"), interactive=False,
                   eventHandlers=COUNTED,
                   hideout={**hideouts(mode)[1], "colours": colours}),
    ], name="shading", style={"zIndex": 350})
    overlays = [
        dl.Overlay(dl.LayerGroup(dl.GeoJSON(url=urls.get("councils"), id="layer-councils", style=js("councilStyle"),
                                            eventHandlers=COUNTED,
                                            hideout={"colours": colours,
                                                     "selected": code if kind == "council" else None})),
                   name=t("layer_councils", lang), checked=True),
        dl.Overlay(dl.LayerGroup(dl.GeoJSON(url=urls.get("qpv"), id="layer-qpv", pointToLayer=js("qpvPoint"),
                                            eventHandlers=COUNTED,
                                            hideout={"colours": colours, "selected": code if kind == "qpv" else None})),
                   name=t("layer_qpv", lang), checked=True),
        dl.Overlay(dl.LayerGroup(shading), name=t("layer_departements", lang) + " / " + t("layer_regions", lang),
                   checked=True),
        dl.Overlay(dl.LayerGroup(dl.Pane(dl.GeoJSON(data=None, id="layer-contours", style=js("contourStyle"),
                                                    interactive=False, hideout={"colours": colours},
                                                    eventHandlers=COUNTED),
                                         name="contours", style={"zIndex": 360})),
                   name=t("layer_communes", lang), checked=True),
        dl.Overlay(dl.LayerGroup(dl.Pane(dl.GeoJSON(url=urls.get("labels"), id="layer-labels",
                                                    pointToLayer=js("placeLabel"),
                                                    filter=js("labelFilter"),
                                                    hideout={"zoom": FRANCE_VIEW["zoom"]}),
                                         name="labels", style={"zIndex": 450, "pointerEvents": "none"})),
                   name=t("layer_labels", lang), checked=True),
    ]
    base = [dl.BaseLayer(dl.TileLayer(url=basemap_url(), attribution="© basemap"), name=t("layer_basemap", lang),
                         checked=True)] if basemap_url() else []
    view = _view(bbox)
    # A searched area's outline (a council or QPV is shown by its layer's style instead). None in the
    # national view: its map then mounts no GeoJSON, whose code loads apart, before the picture.
    outline = [dl.GeoJSON(data=_box(view), id="layer-selection", interactive=False, eventHandlers=COUNTED,
                          style={"color": "#000000", "weight": 3, "dashArray": "6 4", "fill": False})
               ] if kind and kind not in ("council", "qpv") else []
    control = dl.LayersControl(base + overlays, collapsed=False, position="topright")
    # The national view: the layers control and its layers (20 components, ~0.15× a bare Dash page to
    # mount: bench/findings.md) come once the picture is drawn, not before it.
    # One canvas per pane draws the ~2,100 national features: as SVG each was an element to create,
    # style and lay out on a first render. Canvas features stay clickable (Leaflet hit-tests them).
    leaflet = dl.Map(([] if picture else [control]) + outline + [dl.ScaleControl(position="bottomleft", imperial=False)]
                     + ([dl.ImageOverlay(url=picture_url, bounds=FRANCE_BOUNDS, id="map-picture", interactive=False,
                                         eventHandlers={"load": js("pictureDrawn"), "error": js("pictureDrawn")})]
                        if picture else []),
                     id="map", **_first_view(view), zoomSnap=0.25, keyboard=True, preferCanvas=True,
                     className="map-frame")
    # The picture in the screen's density, as the head's preload chose it (assets/map.js pictureSrcset).
    # Shown first as an image of the page where the map will draw it: the first view needs no map library,
    # whose script runs once that view is painted (lazy_libraries.deferred; bench/findings.md, session 27).
    picture_srcset = ({"data-picture-src": picture_url, "data-picture-srcset": layers.picture_srcset()}
                      if picture else {})
    first_picture = [html.Img(src=picture_url, srcSet=picture_srcset["data-picture-srcset"], alt="",
                              id="map-first-picture", style=map_layers.first_picture_box())] if picture else []
    detail = _opening_card(kind, code, lang, qpv)
    controls = html.Div([
        shading_choice(mode, lang),
        html.Div([html.Span(t("overseas", lang) + " : "),
                  html.Button(t("metropole", lang), id="zoom-metropole", className="button")] +
                 [html.Button(name, id={"type": "zoom", "name": name}, className="button") for name in OVERSEAS],
                 className="zoom-buttons"),
    ], className="map-controls")
    return html.Div([
        headline(summary, lang),
        html.Div([
            html.Div(first_picture + [leaflet], role="region", className="map-holder",
                     **{"aria-label": t("map_label", lang)}, **picture_srcset),
            html.Aside([html.Div(detail, id="map-detail", **{"aria-live": "polite"}), controls, _legend(lang),
                        html.Div(choropleth_legend(mode, lang), id="choropleth-legend"),
                        html.P(t("click_hint", lang))], className="card"),
        ], className="map-layout"),
        # Drawn when first opened (~85 components: half the page's mount for the renderer), or at once
        # for a place searched, whose card points down to them.
        html.Details([html.Summary(t("in_view", lang), id="map-in-view-summary"),
                      dcc.Loading(html.Div(listed.result() if listed else None, id="map-in-view"))],
                     open=bool(kind), id="map-in-view-box"),
        # Drawn when first opened: its ~200 components made the renderer's mount of the page slower
        # (a cost quadratic in the page's components) for a section most visitors never open.
        html.Details([html.Summary(t("table_alt", lang), id="map-table-summary"), html.Div(id="map-table-body")],
                     id="map-table"),
        dcc.Store(id="map-places", data=PLACES), SYNC,
        dcc.Store(id="map-picture-drawn"), dcc.Store(id="map-clicked"),
        dcc.Store(id="map-layers-later", data=json.loads(to_json_plotly(control)) if picture else None),
    ])


def shading_choice(mode: str, lang: str) -> html.Div:
    """The shading, one of MODES: a group of toggle buttons, the chosen one pressed, its value in a store.
    Dash 4's RadioItems mounts a list that measures itself, forcing a layout of the whole page within the
    first render: 48 ms of the map's (bench/findings.md, session 27)."""
    buttons = [html.Button(t(k, lang), id={"type": "shade", "mode": k}, className="shade-button", type="button",
                           **{"aria-pressed": "true" if k == mode else "false"}) for k in MODES]
    return html.Div([html.Span(t("choropleth", lang), id="choropleth-label", className="field-label"),
                     html.Div(buttons, role="group", className="shade-buttons",
                              **{"aria-labelledby": "choropleth-label"}),
                     dcc.Store(id="choropleth", data=mode)])


@callback(Output("map-table-body", "children"), Input("map-table-summary", "n_clicks"),
          State("map-table-body", "children"), State("url", "search"), prevent_initial_call=True)
def regions_table(clicks, shown, search):
    """The régions table, on the first opening of its section (a click or Enter on its summary)."""
    if shown:
        return dash.no_update
    lang = lang_of(search)
    try:
        regions = map_layers.layers().data("regions")
    except ApiError as exc:
        return error_box(exc, lang)
    return table(
        [("nom", t("region", lang)), ("councils_active", t("actif", lang)), ("councils_planned", t("en_projet", lang)),
         ("population_covered", t("kpi_population", lang)), ("share_covered", t("share_covered", lang)),
         ("councils_per_100k", t("councils_per_100k", lang)), ("qpv_couvert", t("couvert", lang)),
         ("qpv_non_couvert", t("non_couvert", lang)), ("rural_share_covered", t("kpi_rural_share", lang))],
        [{**f["properties"], "share_covered": percent(f["properties"]["share_covered"], lang=lang),
          "rural_share_covered": percent(f["properties"]["rural_share_covered"], lang=lang)}
         for f in regions["features"]], lang=lang)


def headline(s: dict, lang: str) -> html.Div:
    """The national picture in three figures, above the map."""
    qpv = s["qpv"]
    return html.Div([
        kpi(t("headline_active", lang), number(s["councils"]["actif"], lang=lang), t("all_france", lang)),
        kpi(t("headline_population", lang), number(s["population"]["covered"], lang=lang),
            percent(s["population"]["share"], lang=lang)),
        kpi(t("headline_qpv", lang) + " " + number(qpv["total"], lang=lang), number(qpv["couvert"]["count"], lang=lang),
            f"{t('partiel', lang)} : {number(qpv['partiel']['count'], lang=lang)}"),
    ], className="kpis headline", id="headline")


def _view(bbox: str | None) -> list | None:
    """Leaflet bounds of a 'w,s,e,n' box from the search, a little wider so the place has context."""
    try:
        west, south, east, north = (float(v) for v in (bbox or "").split(","))
    except ValueError:
        return None
    pad = max(east - west, north - south) * 0.15 + 0.005
    return [[south - pad, west - pad], [north + pad, east + pad]]


def _first_view(view: list | None) -> dict:
    """The map's props of its first view. Fitted to a place: bounds and no zoom (a centre as well, which
    dash-leaflet's viewport tracking reads)."""
    if view is None:
        return FRANCE_VIEW
    (south, west), (north, east) = view
    return {"bounds": view, "center": [(south + north) / 2, (west + east) / 2]}


def _box(view: list | None) -> dict | None:
    if not view:
        return None
    (south, west), (north, east) = view
    ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
    return {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {},
                                                       "geometry": {"type": "Polygon", "coordinates": [ring]}}]}


def _opening_card(kind: str | None, code: str | None, lang: str, qpv: dict):
    if not kind:
        return None
    try:
        if kind == "qpv":
            feature = next((f for f in qpv["features"] if f["properties"]["code"] == code), None)
            return qpv_card(feature, lang) if feature else None
        return place_card(kind, code, lang)
    except ApiError as exc:
        return error_box(exc, lang)


def hideouts(mode: str) -> tuple[dict, dict]:
    """(départements, régions) styling: each mode shades one level; régions keep their thicker outline."""
    top = SCALE.get(mode, 1)
    return ({"mode": "none" if mode in REGION_MODES else mode, "top": top, "level": "departement"},
            {"mode": mode if mode in REGION_MODES else "none", "top": top, "level": "region"})


def _legend(lang: str) -> html.Div:
    """One element (it was 20 components, each a cost for the renderer on the first load): its lines are
    text (screen readers, translation), the swatches beside them one picture in its background."""
    rows = ([(None, t("layers", lang)), (None, t("legend_councils", lang))]
            + [(("square", k), t(k, lang)) for k in ("actif", "en_projet", "en_sommeil")]
            + [(None, t("legend_qpv", lang))]
            + [(("round", k), t(k, lang)) for k in ("couvert", "partiel", "non_couvert")]
            + [(("round", "priority"), t("priority_flag", lang))])
    lines = [LEGEND_INDENT + text if swatch else text for swatch, text in rows]
    style = {"backgroundImage": f"url(\"data:image/svg+xml,{quote(_swatches([s for s, _ in rows]))}\")",
             "backgroundSize": f"2em {LEGEND_ROW_EM * len(rows)}em"}
    return html.Div("\n".join(lines), className="legend layers-legend", style=style)


LEGEND_ROW_EM = 1.6  # assets/style.css .layers-legend line-height
LEGEND_INDENT = "\u2003\u2003"  # two em spaces: room for a swatch, read as nothing


def _swatches(kinds: list[tuple[str, str] | None]) -> str:
    """The legend's swatches, one row per line (10 units an em), in the map's own colours."""
    row, shapes = LEGEND_ROW_EM * 10, []
    for i, kind in enumerate(kinds):
        if not kind:
            continue
        shape, key = kind
        y = i * row + row / 2
        if shape == "square":
            fill = "url(#hatch)" if key == "en_projet" else STATUS_COLOURS[key]
            shapes.append(f'<rect x="1" y="{y - 4.5}" width="9" height="9" fill="{fill}"/>')
        else:
            fill, ring = ("#ffffff", "#000000") if key == "priority" else (STATUS_COLOURS[key], STATUS_OUTLINES[key])
            shapes.append(f'<circle cx="5.5" cy="{y}" r="4" fill="{fill}" stroke="{ring}" stroke-width="1.5"/>')
    hatch = (f'<defs><pattern id="hatch" width="3" height="3" patternUnits="userSpaceOnUse" '
             f'patternTransform="rotate(45)"><rect width="3" height="3" fill="#ffffff"/>'
             f'<rect width="1.5" height="3" fill="{STATUS_COLOURS["en_projet"]}"/></pattern></defs>')
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 20 {row * len(kinds)}">'
            f'{hatch}{"".join(shapes)}</svg>')


@callback(Output("layer-departements", "hideout"), Output("layer-regions", "hideout"),
          Output("choropleth-legend", "children"), Input("choropleth", "data"), State("url", "search"),
          prevent_initial_call=True)  # the layout draws the mode of the URL
def shade(mode, search):
    departements, regions = hideouts(mode)
    colours = map_colours()
    return {**departements, "colours": colours}, {**regions, "colours": colours}, \
        choropleth_legend(mode, lang_of(search))


def choropleth_legend(mode: str, lang: str) -> html.Div | None:
    if mode == "none":
        return None
    share, top = mode != "councils_per_100k", SCALE[mode]
    steps = [html.Li([html.Span(className="swatch", style={"background": c}),
                      percent(top * i / 5, lang=lang) if share else f"≥ {number(top * i / 5, 1, lang)}"])
             for i, c in enumerate(CHOROPLETH_RAMP)]
    if mode in REGION_MODES:
        steps.append(html.Li([html.Span(className="swatch", style={"background": NO_DATA_GREY}), t("no_rural", lang)]))
    return html.Div([html.H2(t(mode, lang)), html.Ul(steps)], className="legend")


# The layers control and its layers, added once their picture is drawn (assets/map.js pictureDrawn).
dash.clientside_callback("function (drawn, children, later) { return children.concat([later]); }",
                         Output("map", "children"), Input("map-picture-drawn", "data"),
                         State("map", "children"), State("map-layers-later", "data"), prevent_initial_call=True)


dash.clientside_callback(dash.ClientsideFunction("clsm", "chooseShading"), Output("choropleth", "data"),
                         Output({"type": "shade", "mode": dash.ALL}, "aria-pressed"),
                         Input({"type": "shade", "mode": dash.ALL}, "n_clicks"), prevent_initial_call=True)


# The overseas and mainland buttons. In the browser: no round trip for a view. (The first view comes
# with the map: a callback on load cost the page ~0.1× a bare Dash page, bench/findings.md.)
dash.clientside_callback(dash.ClientsideFunction("clsm", "zoomTo"), Output("map", "viewport"),
                         Input("zoom-metropole", "n_clicks"), Input({"type": "zoom", "name": dash.ALL}, "n_clicks"),
                         State("map-places", "data"), prevent_initial_call=True)
dash.clientside_callback(dash.ClientsideFunction("clsm", "labelZoom"), Output("layer-labels", "hideout"),
                         Input("map", "zoom"), State("layer-labels", "hideout"),
                         prevent_initial_call=True)  # the layout's hideout has the first view's zoom


# A click on a council or QPV, in the browser: the layers added after the national picture would
# otherwise trigger the server's callback below once more (Dash runs a callback whose input arrives in
# a new part of the page and whose output lies outside it, whatever prevent_initial_call says).
dash.clientside_callback(
    """function (council, qpv) {
        var layer = window.dash_clientside.callback_context.triggered_id;
        var feature = layer === "layer-councils" ? council : layer === "layer-qpv" ? qpv : null;
        return feature ? {layer: layer, feature: feature} : window.dash_clientside.no_update;
    }""", Output("map-clicked", "data"), Input("layer-councils", "clickData"), Input("layer-qpv", "clickData"),
    prevent_initial_call=True)


@callback(Output("map-detail", "children"), Output("layer-councils", "hideout"),
          Output("layer-qpv", "hideout"), Input("map-clicked", "data"), State("url", "search"),
          prevent_initial_call=True)
def detail(clicked, search):
    lang = lang_of(search)
    if not clicked or not clicked.get("feature"):
        return dash.no_update, dash.no_update, dash.no_update
    feature, layer = clicked["feature"], clicked["layer"]
    props, colours = feature["properties"], map_colours()
    chosen_council = props.get("id") if layer == "layer-councils" else None
    chosen_qpv = props.get("code") if layer == "layer-qpv" else None
    hideouts_ = ({"colours": colours, "selected": chosen_council}, {"colours": colours, "selected": chosen_qpv})
    try:
        if chosen_qpv:
            return qpv_card(feature, lang), *hideouts_
        return place_card("council", chosen_council, lang), *hideouts_
    except ApiError as exc:
        return error_box(exc, lang), *hideouts_


@callback(Output("layer-contours", "data"), Input("map", "bounds"), Input("map", "zoom"),
          prevent_initial_call=True)  # the first view is national: no contours
def contours(bounds, zoom):
    """Commune and QPV contours once the map shows a city (the API refuses wider views)."""
    if not bounds or (zoom or 0) < CITY_ZOOM:
        return None
    (south, west), (north, east) = bounds
    if east - west > 1 or north - south > 1:
        return None
    try:
        return api().contours(west, south, east, north)
    except ApiError:
        return None  # the outlines are a reading aid: the map stays usable without them


@callback(Output("map-in-view", "children"), Input("map", "bounds"), Input("map-in-view-summary", "n_clicks"),
          State("map-in-view", "children"), State("url", "search"), prevent_initial_call=True)
def in_view(bounds, clicks, shown, search):
    """Listed on the section's first opening (a click or Enter on its summary), then kept to the view."""
    opening = ctx.triggered_id == "map-in-view-summary"
    if bool(shown) == opening:  # opened before, or a move of the map while it was never opened
        return dash.no_update
    return in_view_lists(api(), bounds or FRANCE_BOUNDS, lang_of(search))


def in_view_lists(client: ApiClient, bounds: list, lang: str):
    """The map's table alternative: what the view shows, as lists a screen reader or keyboard can use."""
    (south, west), (north, east) = bounds
    try:
        found = client.in_view(max(west, -180), max(south, -90), min(east, 180), min(north, 90), limit=25)
    except ApiError as exc:
        return error_box(exc, lang)
    if not found["councils"] and not found["qpv"]:
        return html.P(t("in_view_none", lang))
    suffix = "?lang=en" if lang == "en" else ""
    councils = [html.Li([dcc.Link(c["name"], href=f"/annuaire/{c['id']}{suffix}"), f" — {t(c['status'], lang)}"])
                for c in found["councils"]]
    qpv = [html.Li(f"{q['nom']} ({q['code']}) — {t(q['status'], lang)}") for q in found["qpv"]]
    more = lambda n, shown: ([html.Li(t("in_view_more", lang).format(n=number(n - shown, lang=lang)))]  # noqa: E731
                             if n > shown else [])
    return html.Div([
        html.Div([html.H3(f"{t('councils', lang)} ({number(found['councils_total'], lang=lang)})"),
                  html.Ul(councils + more(found["councils_total"], len(councils)))]),
        html.Div([html.H3(f"QPV ({number(found['qpv_total'], lang=lang)})"),
                  html.Ul(qpv + more(found["qpv_total"], len(qpv)))]),
    ], className="grid-2", id="in-view-lists")


def qpv_card(feature: dict, lang: str) -> html.Div:
    """Coverage from the layer; the priority components from /qpv/priority of its département."""
    props = feature["properties"]
    lines = [html.H3(f"{props['nom']} ({props['code']})"),
             html.P(f"{t(props['status'], lang)} — {t('share_active', lang)} "
                    f"{percent(props['share_active'], lang=lang)}"
                    + (f" · {t('prevu', lang)}" if props.get("prevu") else "")),
             html.P(f"{t('population', lang)} : {number(props['population'], lang=lang)}")]
    if props.get("rank"):
        lon, lat = feature["geometry"]["coordinates"][:2]
        departement = api().lookup(lon=lon, lat=lat)["departement"]["code"]
        ranked = api().qpv_priority(limit=1000, departement=departement)["items"]
        mine = next((q for q in ranked if q["code"] == props["code"]), None)
        lines.append(html.P(f"{t('priority_rank', lang)} : {props['rank']} · score "
                            f"{number(props['priority_score'], 3, lang)}"))
        if mine:
            lines.append(table([("name", ""), ("value", "")], [
                {"name": t(f"component_{k}", lang), "value": v} for k, v in mine["components"].items()],
                t("priority_components", lang), lang=lang))
    return html.Div(lines, id="qpv-card")
