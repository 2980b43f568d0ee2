// Dash's polyfill (core-js 2) replaces String.prototype.trim with a regular-expression version
// because the native one keeps U+180E (no longer a space since Unicode 6.3); Leaflet trims class
// names for each SVG path it draws (the priorities' and Évolution maps). The browser's own trim, from a blank frame.
(function () {
  var frame = document.createElement("iframe");
  frame.style.display = "none";
  frame.setAttribute("aria-hidden", "true");
  document.documentElement.appendChild(frame);
  var own = frame.contentWindow.String.prototype;
  ["trim", "trimStart", "trimEnd", "trimLeft", "trimRight"].forEach(function (name) {
    if (own[name]) {
      Object.defineProperty(String.prototype, name, {value: own[name], writable: true, configurable: true});
    }
  });
  frame.remove();
})();
