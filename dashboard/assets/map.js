// Leaflet style functions, referenced from Python as {"variable": "dashExtensions.default.<name>"}.
window.dashExtensions = Object.assign({}, window.dashExtensions, {
  default: {
    councilStyle: function (feature) {
      var s = feature.properties.status;
      var colours = {actif: "#0072B2", en_projet: "#E69F00", en_sommeil: "#999999", arrete: "#555555"};
      return {color: colours[s] || "#555", weight: s === "en_projet" ? 2 : 1,
              dashArray: s === "en_projet" ? "4 3" : null,
              fillOpacity: s === "actif" ? 0.35 : (s === "en_projet" ? 0.05 : 0.15)};
    },
    qpvPoint: function (feature, latlng) {
      var p = feature.properties;
      var colours = {couvert: "#009E73", partiel: "#F0E442", non_couvert: "#D55E00"};
      var top = p.rank !== null && p.rank <= 100;
      return L.circleMarker(latlng, {radius: top ? 6 : 3, color: top ? "#000" : colours[p.status],
                                     weight: top ? 2 : 1, fillColor: colours[p.status], fillOpacity: 0.9});
    },
    areaStyle: function (feature, context) {
      var hideout = context.hideout || {};
      var mode = hideout.mode;
      var style = {color: "#000091", weight: hideout.weight || 0.6, fillOpacity: 0, fill: mode && mode !== "none"};
      if (mode && mode !== "none") {
        var v = feature.properties[mode];
        if (v === null || v === undefined) {  // nothing to shade (e.g. no rural commune): neutral grey
          style.fillColor = "#d9d9d9";
          style.fillOpacity = 0.6;
          return style;
        }
        // top of the scale, as carte.SCALE: rural shares stay low, a 0-1 ramp would leave them all pale
        var max = {councils_per_100k: 1.5, rural_share_covered: 0.5}[mode] || 1;
        var x = Math.min(1, v / max);
        // single-hue ramp (components.CHOROPLETH_RAMP), readable with colour-vision deficiencies
        var ramp = ["#f7fcf5", "#c7e9c0", "#74c476", "#31a354", "#006d2c"];
        style.fillColor = ramp[Math.min(4, Math.floor(x * 5))];
        style.fillOpacity = 0.6;
      }
      return style;
    },
    // Évolution page: régions shaded by the share covered on the chosen date (hideout.shares: code -> share).
    shareStyle: function (feature, context) {
      var shares = (context.hideout || {}).shares || {};
      var v = shares[feature.properties.code];
      var ramp = ["#f7fcf5", "#c7e9c0", "#74c476", "#31a354", "#006d2c"];
      var known = v !== null && v !== undefined;
      return {color: "#000091", weight: 1.2, fill: true, fillOpacity: known ? 0.7 : 0,
              fillColor: known ? ramp[Math.min(4, Math.floor(Math.min(1, v) * 5))] : "#ffffff"};
    }
  }
});
