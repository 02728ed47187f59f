/*
 * Accessibility repairs for Dash 4's option lists and dropdowns (axe: nested-interactive,
 * aria-input-field-name, aria-hidden-focus): the lists become labelled groups of native
 * checkboxes/radios, and each dropdown's focus target gets a name instead of aria-hidden.
 * Re-applied after every render, since React may restore the attributes.
 */
(function (root) {
  "use strict";
  var k = root.karabakh = root.karabakh || {};
  if (typeof document === "undefined") return;

  var A11Y_NAMES = null;  // in the page's language, once its messages are read
  function names() {
    return A11Y_NAMES || (A11Y_NAMES = {
      "play-loop": k.t("Loop playback"), "timeline-mode": k.t("Timeline mode"),
      "filter-confidence": k.t("Confidence"), "layer-toggles": k.t("Layers"),
      "precision-filter": k.t("Include imprecise events"), "name-convention": k.t("Names on the map"),
      "play-speed": k.t("Playback speed"), "window-length": k.t("Window length"),
      "filter-category": k.t("Categories"), "filter-actor": k.t("Actors"),
      "filter-claimed-by": k.t("Reported by"), "filter-reported-within": k.t("Reporting lag")
    });
  }
  function repairA11y() {
    var A11Y_NAMES = names();
    document.querySelectorAll(".dash-options-list[role=listbox]").forEach(function (list) {
      list.setAttribute("role", "group");
      if (A11Y_NAMES[list.id]) list.setAttribute("aria-label", A11Y_NAMES[list.id]);
    });
    // (React sets aria-selected again when a value changes, on a label it no longer sees as
    // an option: both are looked for)
    document.querySelectorAll(".dash-options-list label[role=option], .dash-options-list label[aria-selected]").forEach(function (label) {
      label.removeAttribute("role");
      label.removeAttribute("aria-selected");
    });
    // The slider handles: a name each, and the date (not the day offset) for screen readers.
    document.querySelectorAll("#timeline [role=slider]").forEach(function (thumb, i) {
      var name = i === 0 ? k.t("Start date") : k.t("End date");
      if (thumb.getAttribute("aria-label") !== name) thumb.setAttribute("aria-label", name);
      var now = +thumb.getAttribute("aria-valuenow");
      if (k.data && !isNaN(now)) {
        var text = k.dayText(k.data.origin, now);
        if (thumb.getAttribute("aria-valuetext") !== text) thumb.setAttribute("aria-valuetext", text);
      }
    });
    document.querySelectorAll(".dash-dropdown-focus-target[aria-hidden=true]").forEach(function (input) {
      var owner = input.closest(".dash-dropdown-wrapper");
      var button = owner && owner.querySelector(".dash-dropdown[id]");
      input.removeAttribute("aria-hidden");
      input.setAttribute("aria-label", (button && A11Y_NAMES[button.id]) || k.t("Choose"));
    });
  }
  var repairQueued = false;
  function queueRepair() {
    if (repairQueued) return;
    repairQueued = true;
    root.requestAnimationFrame(function () { repairQueued = false; repairA11y(); });
  }
  // Only the control panels are watched (plus the body, where menus may open): watching
  // the whole document also saw every node Plotly and React add, on load and each step.
  var A11Y_SCOPES = [".timeline-panel", ".filter-panel", ".legend-panel"];
  var A11Y_WATCH = { childList: true, subtree: true, attributes: true,
    attributeFilter: ["role", "aria-hidden", "aria-valuenow", "aria-selected"] };
  function watchControls() {
    var scopes = A11Y_SCOPES.map(function (s) { return document.querySelector(s); });
    if (scopes.some(function (s) { return !s; })) return false;
    var watcher = new MutationObserver(queueRepair);
    scopes.forEach(function (s) { watcher.observe(s, A11Y_WATCH); });
    watcher.observe(document.body, { childList: true });
    queueRepair();
    return true;
  }
  if (!watchControls()) {
    // until Dash has drawn the panels
    var boot = new MutationObserver(function () { if (watchControls()) boot.disconnect(); });
    boot.observe(document.documentElement, { childList: true, subtree: true });
  }
})(typeof window !== "undefined" ? window : globalThis);
