// Puts in place the charts' HTML that dashboard/bar_chart.py sends in data-html (escaped there): one
// Dash component per chart instead of one per cell. Drawn in the mutation's microtask, before paint.
(function () {
  var drawn = new WeakMap();
  function draw(el) {
    var html = el.getAttribute("data-html");
    if (drawn.get(el) !== html) { el.innerHTML = html; drawn.set(el, html); }
  }
  function scan(node) {
    if (node.nodeType !== 1) { return; }
    if (node.hasAttribute("data-html")) { draw(node); }
    node.querySelectorAll("[data-html]").forEach(draw);
  }
  new MutationObserver(function (records) {
    records.forEach(function (r) {
      if (r.type === "attributes") { draw(r.target); } else { r.addedNodes.forEach(scan); }
    });
  }).observe(document.documentElement, {childList: true, subtree: true, attributes: true,
                                         attributeFilter: ["data-html"]});
})();
