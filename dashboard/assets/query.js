// Keep a page's filters in the address bar (shareable URLs) without re-rendering the page:
// history.replaceState does not notify Dash's Location, unlike a callback writing url.search.
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  clsm: {
    syncQuery: function () {
      var args = Array.prototype.slice.call(arguments);
      var keys = args.pop();
      var params = new URLSearchParams(window.location.search);
      keys.forEach(function (key, i) {
        var v = args[i];
        if (v === null || v === undefined || v === "") { params.delete(key); } else { params.set(key, v); }
      });
      var query = params.toString(), address = window.location.pathname + (query ? "?" + query : "");
      if (address !== window.location.pathname + window.location.search) {  // on load it mostly is (~25 ms)
        window.history.replaceState(null, "", address);
      }
      var toggle = document.getElementById("lang-toggle");
      if (toggle) {  // the language switch keeps the filters
        var other = new URLSearchParams(params);
        other.set("lang", params.get("lang") === "en" ? "fr" : "en");
        toggle.setAttribute("href", window.location.pathname + "?" + other.toString());
      }
      return query;
    }
  }
});
// The page's language on <html> (screen readers pick their voice from it) and in the tab title.
window.dash_clientside.clsm.setLang = function (lang, pathname, titles) {
  document.documentElement.lang = lang || "fr";
  var pair = (titles || {})[pathname || "/"];
  if (pair) {
    var title = lang === "en" ? pair[1] : pair[0];
    document.title = title;
    setTimeout(function () { document.title = title; }, 300);  // after Dash pages sets its own
  }
  return lang;
};
// Menu button (phones): shows or hides the navigation; aria-expanded says which.
document.addEventListener("click", function (event) {
  var button = event.target.closest && event.target.closest("#menu-toggle");
  if (!button) { return; }
  var open = button.getAttribute("aria-expanded") !== "true";
  button.setAttribute("aria-expanded", open ? "true" : "false");
  var nav = document.getElementById("site-nav");
  if (nav) { nav.classList.toggle("open", open); }
});
// City names: a label shows from its own zoom on (hideout.zoom follows the map). An unchanged zoom
// changes nothing: a new hideout makes Leaflet draw the whole layer again.
window.dash_clientside.clsm.labelZoom = function (zoom, hideout) {
  var next = zoom || 6;
  return hideout && hideout.zoom === next ? window.dash_clientside.no_update : {zoom: next};
};
// The map's shading: the button pressed gives it, and is shown pressed (pages/carte.py shading_choice).
window.dash_clientside.clsm.chooseShading = function () {
  var context = window.dash_clientside.callback_context, chosen = (context.triggered_id || {}).mode;
  if (!chosen) { throw window.dash_clientside.PreventUpdate; }  // buttons mounted, none pressed
  return [chosen, context.outputs_list[1].map(function (output) { return String(output.id.mode === chosen); })];
};
// The map's view from the mainland and overseas buttons (places: carte.PLACES).
window.dash_clientside.clsm.zoomTo = function (mainland, overseas, places) {
  var trigger = window.dash_clientside.callback_context.triggered_id;
  if (trigger && typeof trigger === "object") {
    var place = places.overseas[trigger.name];
    return {center: place[0], zoom: place[1]};
  }
  return {bounds: places.france, transition: "fitBounds"};
};
