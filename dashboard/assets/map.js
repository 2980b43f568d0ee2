// A phone's narrow map shows all of mainland France (its bounds: the page's head, app.py), fitted to
// the map's size once dash-leaflet has applied the layout's view at mount (its effects would undo an
// earlier fit); dash-leaflet then reports the view as usual. No callback on load: on a wider screen,
// nothing to do. A searched place's map is created fitted to the place.
function fitNarrowMaps(L) {
  if (!L || L.Map.clsmNarrow) { return; }
  L.Map.clsmNarrow = true;
  L.Map.addInitHook(function () {
    var map = this, meta = document.querySelector('meta[name="clsm-mainland-bounds"]');
    if (!meta || window.innerWidth >= 768 || map.getContainer().id !== "map" ||
        /[?&]place=/.test(window.location.search)) { return; }
    map.whenReady(function () {
      window.requestAnimationFrame(function () {
        window.setTimeout(function () { map.fitBounds(JSON.parse(meta.content), {animate: false}); }, 0);
      });
    });
  });
}
// The national picture in the screen's density: its image gets the srcset its map's holder gives
// (pages/carte.py), the one the head's preload was chosen from, so the browser fetches one image once.
function pictureSrcset(L) {
  if (!L || L.ImageOverlay.clsmSrcset) { return; }
  L.ImageOverlay.clsmSrcset = true;
  var initImage = L.ImageOverlay.prototype._initImage;
  L.ImageOverlay.prototype._initImage = function () {
    var holder = this._map && this._map.getContainer().closest("[data-picture-srcset]");
    initImage.call(this);
    if (holder && holder.getAttribute("data-picture-src") === this._url) {
      this._image.srcset = holder.getAttribute("data-picture-srcset");  // chosen with src, in one task
    }
  };
}
function installMapHooks() {
  fitNarrowMaps(window.L);
  pictureSrcset(window.L);
}
installMapHooks();  // dash-leaflet is a script of the map pages (not the national view); elsewhere loaded on demand
// The national view's picture, an image of the page until the map library has run (pages/carte.py): when it
// was painted, on the map's holder, for tests and the benchmark (a phone hides it: its map is fitted).
document.addEventListener("load", function (event) {
  var image = event.target;
  if (image.id !== "map-first-picture" || !image.offsetWidth) { return; }
  window.requestAnimationFrame(function () {
    window.setTimeout(function () {
      image.parentNode.setAttribute("data-drawn-first-picture-at", String(Math.round(window.performance.now())));
    }, 0);
  });
}, true);
document.addEventListener("clsm:library-loaded", installMapHooks);
// Leaflet style functions, referenced from Python as {"variable": "dashExtensions.default.<name>"}.
// Colours and scales come from Python (dashboard/components.map_colours) through each layer's hideout.
// The layers the national view's picture stands in for (pages/carte.py), and its removal.
var PICTURED = ["layer-councils", "layer-qpv", "layer-departements", "layer-regions"];
function dropPicture(map) {
  if (map._clsmPicture) { map._clsmPicture.remove(); map._clsmPicture = null; }
}
function layersDrawn(map) {
  var element = map.getContainer();
  return PICTURED.every(function (id) { return element.hasAttribute("data-drawn-" + id); });
}
window.dashExtensions = Object.assign({}, window.dashExtensions, {
  default: {
    councilStyle: function (feature, context) {
      var h = context.hideout || {};
      var colours = h.colours || {};
      var looks = (colours.look || {}).council || {};
      var s = feature.properties.status;
      var look = looks[s] || looks.other || {};
      var chosen = h.selected && h.selected === feature.properties.id;
      return {color: chosen ? "#000000" : ((colours.status || {})[s] || "#555555"),
              weight: chosen ? 4 : look.weight, dashArray: look.dashArray || null, fillOpacity: look.fillOpacity};
    },
    qpvPoint: function (feature, latlng, context) {
      var h = context.hideout || {};
      var colours = h.colours || {status: {}, outline: {}};
      var look = (colours.look || {}).qpv || {top: {}};
      var p = feature.properties;
      var top = p.rank !== null && p.rank <= look.topRank;
      var chosen = h.selected && h.selected === p.code;
      return L.circleMarker(latlng, {radius: chosen ? 9 : (top ? look.top.radius : look.radius),
                                     weight: chosen || top ? look.top.weight : look.weight,
                                     color: chosen || top ? look.top.color : colours.outline[p.status],
                                     fillColor: colours.status[p.status], fillOpacity: look.fillOpacity,
                                     keyboard: false});
    },
    areaStyle: function (feature, context) {
      var h = context.hideout || {};
      var colours = h.colours || {ramp: [], area: "#000091", none: "#d9d9d9"};
      var mode = h.mode;
      var style = {color: colours.area, weight: ((colours.look || {})[h.level] || {}).weight, fillOpacity: 0,
                   fill: mode && mode !== "none"};
      if (mode && mode !== "none") {
        var v = feature.properties[mode];
        if (v === null || v === undefined) {  // nothing to shade (e.g. no rural commune): neutral grey
          style.fillColor = colours.none;
          style.fillOpacity = 0.6;
          return style;
        }
        // top of the scale (carte.SCALE): rural shares stay low, a 0-1 ramp would leave them all pale
        var x = Math.min(1, v / (h.top || 1));
        style.fillColor = colours.ramp[Math.min(colours.ramp.length - 1, Math.floor(x * colours.ramp.length))];
        style.fillOpacity = 0.6;
      }
      return style;
    },
    // Évolution page: régions shaded by the share covered on the chosen date (hideout.shares: code -> share).
    shareStyle: function (feature, context) {
      var h = context.hideout || {};
      var ramp = (h.colours || {}).ramp || [];
      var v = (h.shares || {})[feature.properties.code];
      var known = v !== null && v !== undefined;
      return {color: "#000091", weight: 1.2, fill: true, fillOpacity: known ? 0.7 : 0,
              fillColor: known ? ramp[Math.min(ramp.length - 1, Math.floor(Math.min(1, v) * ramp.length))] : "#ffffff"};
    },
    // City zoom: commune outlines (which communes a council covers) and QPV contours by coverage.
    contourStyle: function (feature, context) {
      var colours = (context.hideout || {}).colours || {status: {}, outline: {}};
      var p = feature.properties;
      if (p.kind === "qpv") {
        return {color: colours.outline[p.status], weight: 1.5, fillColor: colours.status[p.status], fillOpacity: 0.3};
      }
      return {color: "#3a3a3a", weight: 0.8, fill: false};
    },
    labelFilter: function (feature, context) {
      return feature.properties.minzoom <= ((context.hideout || {}).zoom || 6);
    },
    // Event handler of the map page's layers (layeradd, layerremove): how many features each has on the
    // map, on the map's element as data-drawn-<layer id>. The canvas renderer leaves no element per
    // feature, so this is what tests and the benchmark wait for; written in the frame that paints them.
    countDrawn: function (e, context) {
      var group = e.target;
      if (!group._map || group._countFrame) { return; }
      var map = group._map;
      group._countFrame = window.requestAnimationFrame(function () {
        group._countFrame = null;
        map.getContainer().setAttribute("data-drawn-" + context.id, String(group.getLayers().length));
        if (layersDrawn(map)) {
          dropPicture(map);  // every layer it stood in for is drawn
        }
      });
    },
    // The national view's first drawing: the layers' picture (dashboard/map_layers), drawn or failed.
    // Marks the map (data-drawn-picture, for tests and the benchmark) in the frame that paints it, then
    // adds the interactive layers (map-picture-drawn), which replace it once drawn (countDrawn).
    pictureDrawn: function (e) {
      var picture = e.target, map = picture._map;
      if (!map) { return; }
      map._clsmPicture = picture;  // its latest drawing: adding the layers to the map draws it again
      if (map._clsmPictured) {
        if (layersDrawn(map)) { dropPicture(map); }
        return;
      }
      map._clsmPictured = true;
      map.getContainer().addEventListener("change", function (event) {  // it cannot follow a layer switch
        if (event.target.closest(".leaflet-control-layers")) { dropPicture(map); }
      });
      window.requestAnimationFrame(function () {
        var element = map.getContainer();
        element.setAttribute("data-drawn-picture", e.type === "load" ? "1" : "0");
        window.setTimeout(function () {  // after that frame: the layers' work does not delay its paint
          // when it was painted, for the benchmark: a poll of the page would wait for the layers' work
          element.setAttribute("data-drawn-picture-at", String(Math.round(window.performance.now())));
          window.dash_clientside.set_props("map-picture-drawn", {data: true});
        }, 0);
      });
    },
    // City names from the loaded geography: a label, no marker, shown from the zoom given in its properties.
    placeLabel: function (feature, latlng) {
      return L.marker(latlng, {interactive: false, keyboard: false,
                               icon: L.divIcon({className: "place-label", html: feature.properties.nom,
                                                iconSize: null})});
    }
  }
});
