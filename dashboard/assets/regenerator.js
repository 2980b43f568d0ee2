// Pages leave out Dash's polyfill (dashboard/lazy_libraries.py): core-js 2 for browsers without
// ES2015+, 99 KB compiled on every first visit, that React 18 browsers do not need (and that replaced
// String.prototype.trim with a slow one). What Dash still uses of it: `regeneratorRuntime`, in one
// generator of its lazy-component helper (dash-renderer and dcc: "yield the component's readiness,
// then mark it ready"). This runs such straight-line generators: no try/catch or delegation in them.
window.regeneratorRuntime = window.regeneratorRuntime || {
  mark: function (generatorFunction) { return generatorFunction; },
  wrap: function (body, _outer, self) {
    var done = false;
    var context = {prev: 0, next: 0, sent: undefined, rval: undefined,
                   stop: function () { done = true; return context.rval; },
                   abrupt: function (type, value) {
                     if (type !== "return") { throw value; }
                     context.rval = value;
                     context.next = "end";
                   }};
    return {
      next: function (sent) {
        if (done) { return {value: undefined, done: true}; }
        context.sent = sent;
        var value = body.call(self, context);
        return {value: value, done: done};
      },
      "throw": function (error) { done = true; throw error; },
      "return": function (value) { done = true; return {value: value, done: true}; }
    };
  }
};
