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
      var mode = (context.hideout || {}).mode;
      var style = {color: "#000091", weight: 0.6, fillOpacity: 0, fill: mode && mode !== "none"};
      if (mode && mode !== "none") {
        var v = feature.properties[mode] || 0;
        var max = mode === "share_covered" ? 1 : 1.5;
        var x = Math.min(1, v / max);
        // viridis-like ramp, readable with colour-vision deficiencies
        var ramp = ["#f7fcf5", "#c7e9c0", "#74c476", "#31a354", "#006d2c"];
        style.fillColor = ramp[Math.min(4, Math.floor(x * 5))];
        style.fillOpacity = 0.6;
      }
      return style;
    }
  }
});
