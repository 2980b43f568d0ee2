// Stands in for a component library the page's HTML left out (dashboard/lazy_libraries.py): the
// first of its components to mount loads the library, then each draws the real component. Mounted
// components keep their stand-in as type (no remount); the renderer waits for the library before
// giving them a callback's answer (_dashprivate_isLazyComponentReady, as Dash's own async chunks).
(function () {
  document.querySelectorAll('meta[name="clsm-lazy-library"]').forEach(function (meta) {
    var namespace = meta.dataset.namespace, src = meta.content, real = null, loading = null, standIns = {};
    if (window[namespace]) {
      return;
    }
    function load() {
      loading = loading || new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = src;
        script.onload = resolve;
        script.onerror = reject;
        document.head.appendChild(script);
      }).then(function () {
        real = window[namespace];
        window[namespace] = Object.assign({}, real, standIns);
        document.dispatchEvent(new CustomEvent("clsm:library-loaded", {detail: namespace}));
      });
      return loading;
    }
    function standIn(type) {
      var Lazy = function (props) {
        var React = window.React, state = React.useState(real), library = state[0], setLibrary = state[1];
        React.useEffect(function () {
          if (!library) {  // after the frame that paints the rest of the page: it need not wait for this one
            window.requestAnimationFrame(function () {
              window.setTimeout(function () { load().then(function () { setLibrary(real); }); }, 0);
            });
          }
        }, []);
        return library ? React.createElement(library[type], props) : null;
      };
      Lazy.displayName = "Lazy" + type;
      Object.defineProperty(Lazy, "_dashprivate_isLazyComponentReady", {
        get: function () { return real ? true : load(); }
      });
      return Lazy;
    }
    window[namespace] = new Proxy({}, {
      get: function (_, type) {
        if (real) {
          return standIns[type] || real[type];
        }
        if (typeof type !== "string" || !/^[A-Z]/.test(type)) {  // components only: names start upper case
          return undefined;
        }
        standIns[type] = standIns[type] || standIn(type);
        return standIns[type];
      }
    });
  });
})();
