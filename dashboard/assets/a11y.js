// Accessible names and keyboard paths for Dash 4's own controls, which render without them:
// - dropdowns: the visible button takes the keyboard focus (its hidden twin input no longer does)
//   and is named by the field's <label>;
// - radio items: a named radio group of native radios (not options of an unnamed listbox);
// - sliders: each handle and the direct-input box named by the field's <label>.
(function () {
  function fieldLabel(el) {
    for (var node = el; node && node !== document.body; node = node.parentElement) {
      if (node.id) {
        var label = document.querySelector('label[for="' + node.id + '"]');
        if (label) { return label; }
      }
    }
    return null;
  }
  function labelId(label) {
    if (!label.id) { label.id = "label-" + label.getAttribute("for"); }
    return label.id;
  }
  function patch() {
    document.querySelectorAll(".dash-dropdown-focus-target[aria-hidden='true']").forEach(function (input) {
      input.setAttribute("tabindex", "-1");
    });
    document.querySelectorAll("button.dash-dropdown[tabindex='-1']").forEach(function (button) {
      button.setAttribute("tabindex", "0");
      var label = fieldLabel(button);
      var ids = button.getAttribute("aria-labelledby") || "";
      if (label && ids.indexOf(labelId(label)) < 0) {
        button.setAttribute("aria-labelledby", labelId(label) + " " + ids);
      }
    });
    document.querySelectorAll(".dash-radioitems[role='listbox'], .dash-checklist[role='listbox']").forEach(function (group) {
      group.setAttribute("role", group.classList.contains("dash-radioitems") ? "radiogroup" : "group");
      var label = fieldLabel(group);
      if (label) { group.setAttribute("aria-labelledby", labelId(label)); }
      group.querySelectorAll("[role='option']").forEach(function (option) {
        option.removeAttribute("role");
        option.removeAttribute("aria-selected");
      });
    });
    document.querySelectorAll("[role='slider']:not([aria-label]), .dash-range-slider-input:not([aria-label])")
      .forEach(function (control) {
        var label = fieldLabel(control);
        if (label) { control.setAttribute("aria-label", label.textContent); }
      });
  }
  // A light poll rather than a MutationObserver: the map adds thousands of SVG paths, whose
  // mutation records would cost more than these four class lookups every 400 ms.
  setInterval(patch, 400);
})();
