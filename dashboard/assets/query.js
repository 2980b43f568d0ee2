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
      var query = params.toString();
      window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : ""));
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
