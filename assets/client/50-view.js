/*
 * Dash's side of the hot path. timeline.value is the one holder of the selected dates:
 * the slider writes it on every step (updatemode "drag": pointer and arrow keys), and
 * so do playback, the step buttons, key dates, the strip (30-timeline.js) and the
 * Page Up/Down/Home/End keys below. updateView, its one reader here, draws the map
 * (40-map.js) and moves the strip's band; settle hands the value to the server's
 * panels once it has rested.
 */
(function (root) {
  "use strict";
  var k = root.karabakh = root.karabakh || {};
  if (typeof document === "undefined") return;  // Node loads the pure files only

  var SETTLE_MS = 200, settleSeq = 0;

  function updateView(value, toggles, precision, convention, maskB64, mode, data) {
    var dc = root.dash_clientside, rules = k.rules();
    if (!data || !rules) return dc.no_update;
    k.data = k.columns(data);
    k.render({ value: value, toggles: toggles, precision: precision, convention: convention,
      maskB64: maskB64, mode: mode, data: data });
    var range = k.clampRange(value, data.max);
    return densityPatch(data, range, k.hiddenMask(rules, precision), maskB64);
  }

  // The density strip: its band on the range, and its counts again when the precision
  // filter or the server's filter answer changed.
  function densityPatch(data, range, hidden, maskB64) {
    var dc = root.dash_clientside, d = data.density, patch = new dc.Patch();
    patch.assign(["layout", "shapes", 0, "x0"], k.indexToIso(data.origin, range[0]));
    patch.assign(["layout", "shapes", 0, "x1"], k.indexToIso(data.origin, range[1] + 1));
    var key = hidden + "|" + (maskB64 || "");
    if (d.countsKey !== key) {
      k.densityCounts(data, hidden, k.decodeMask(maskB64)).forEach(function (y, category) {
        y.push(y[y.length - 1]);  // the step line's last edge
        patch.assign(["data", category, "y"], y);
      });
      d.countsKey = key;
    }
    return patch.build();
  }

  // The value once no newer one came within SETTLE_MS (Dash waits on the promise).
  function settle(value) {
    var dc = root.dash_clientside, mine = ++settleSeq;
    return new Promise(function (resolve) {
      root.setTimeout(function () { resolve(mine === settleSeq ? value : dc.no_update); }, SETTLE_MS);
    });
  }

  function thumbs() {
    return Array.prototype.slice.call(document.querySelectorAll("#timeline [role=slider]"));
  }

  // Page Up/Down move the focused handle by a month and Home/End send it to its end of
  // the track (Radix would move the first or last handle); [ and ] step events.
  document.addEventListener("keydown", function (ev) {
    var target = ev.target, handles = thumbs(), which = handles.indexOf(target);
    if (which >= 0 && ["PageUp", "PageDown", "Home", "End"].indexOf(ev.key) >= 0 && k.data) {
      ev.preventDefault();
      ev.stopPropagation();
      var value = handles.map(function (t) { return +t.getAttribute("aria-valuenow"); });
      var max = k.data.max, v = value[which];
      if (ev.key === "PageUp") v = k.addMonths(k.data.origin, v, 1);
      if (ev.key === "PageDown") v = k.addMonths(k.data.origin, v, -1);
      if (ev.key === "Home") v = which === 0 ? 0 : value[0];
      if (ev.key === "End") v = which === 1 ? max : value[1];
      value[which] = Math.max(which === 1 ? value[0] : 0, Math.min(which === 0 ? value[1] : max, v));
      root.dash_clientside.set_props("timeline", { value: value });
      return;
    }
    var typing = target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.isContentEditable);
    if (!typing && (ev.key === "[" || ev.key === "]")) {
      var button = document.getElementById(ev.key === "]" ? "step-next" : "step-prev");
      if (button) { ev.preventDefault(); button.click(); }
    }
  }, true);

  // While the reader holds a slider handle, playback skips its ticks.
  document.addEventListener("pointerdown", function (ev) {
    if (ev.target && ev.target.closest && ev.target.closest("#timeline")) k.dragging = true;
  }, true);
  document.addEventListener("pointerup", function () { k.dragging = false; }, true);

  // The slider's tooltip shows the day offset as a date (dcc looks its transform up
  // under window.dccFunctions: dashboard/views/ids.py SLIDER_TOOLTIP_FUNCTION).
  root.dccFunctions = root.dccFunctions || {};
  root.dccFunctions.karabakh = {
    dayLabel: function (index) { return k.data ? k.dayText(k.data.origin, index) : String(index); }
  };

  k.callbacks = Object.assign(k.callbacks || {}, { updateView: updateView, settle: settle });
})(typeof window !== "undefined" ? window : globalThis);
