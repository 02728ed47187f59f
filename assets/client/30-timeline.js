/*
 * Steering the timeline: modes, playback, event steps, key dates and the density strip.
 * Each of these only ever writes the slider's value (timeline.value), the one holder
 * of the selected dates; the map, the readout and the server panels follow from it.
 */
(function (root) {
  "use strict";
  var k = root.karabakh = root.karabakh || {};
  var PLAY_TICK_S = 0.2;  // dashboard/views/timeline.py PLAY_TICK_MS
  var DEFAULT_WINDOW = 91;

  // A range held to the mode: cumulative starts at 0, a window keeps its length
  // (moving the end the handle ``moved`` did not take).
  k.constrain = function (range, mode, length, max, moved) {
    var low = range[0], high = range[1];
    if (mode === "cumulative") low = 0;
    if (mode === "window") {
      var width = Math.max(1, +length || DEFAULT_WINDOW) - 1;
      if (moved === "low") high = Math.min(max, low + width);
      else low = Math.max(0, high - width);
      if (high - low < width) { if (low === 0) high = Math.min(max, width); else low = Math.max(0, high - width); }
    }
    return [Math.max(0, Math.min(low, high)), Math.min(max, Math.max(low, high))];
  };

  k.withEnd = function (range, end, mode) {
    var width = range[1] - range[0];
    if (mode === "window") return [end - width, end];
    return [Math.min(range[0], end), end];
  };

  // One playback tick: {range} to show next, and stop: true when playback ends.
  k.playStep = function (range, max, mode, speed, loop) {
    var step = Math.max(1, Math.round((+speed || 30) * PLAY_TICK_S));
    var width = range[1] - range[0];
    if (range[1] >= max) {
      if (loop) return { range: mode === "cumulative" ? [0, 0] : [0, width], stop: false };
      return { range: null, stop: true };
    }
    var end = Math.min(max, range[1] + step);
    return { range: mode === "cumulative" ? [0, end] : [Math.max(0, end - width), end], stop: end >= max && !loop };
  };

  // The month a strip click selects: [its first day, its last day] (clamped).
  k.monthRange = function (origin, iso, max) {
    var first = Math.max(0, k.isoToIndex(origin, iso));
    var p = String(iso).slice(0, 10).split("-");
    var last = k.isoToIndex(origin, new Date(Date.UTC(+p[0], +p[1], 0)).toISOString());
    return [first, Math.min(max, last)];
  };

  function same(a, b) {
    return Array.isArray(a) && Array.isArray(b) && a[0] === b[0] && a[1] === b[1];
  }

  // Which handle the reader moved: the focused one (Radix focuses the handle it drags).
  function movedHandle() {
    var thumbs = document.querySelectorAll("#timeline [role=slider]");
    return thumbs.length === 2 && document.activeElement === thumbs[0] ? "low" : "high";
  }

  function steer(nIntervals, prevClicks, nextClicks, keyClicks, mode, length, densityClick,
                 densitySelect, value, data, loop, speed, precision, maskB64) {
    var dc = root.dash_clientside, keep = [dc.no_update, dc.no_update];
    if (!data) return keep;
    k.columns(data);
    var max = data.max, range = k.clampRange(value, max);
    var trig = (dc.callback_context.triggered || [])[0] || {};
    var what = trig.prop_id || "";
    var moved = "high", stop = dc.no_update;
    var looping = !!(loop && loop.indexOf("loop") >= 0);
    if (what === "play-interval.n_intervals") {
      if (k.dragging) return keep;
      var tick = k.playStep(range, max, mode, speed, looping);
      if (!tick.range) return [dc.no_update, true];
      range = tick.range;
      if (tick.stop) stop = true;
    } else if (what === "step-next.n_clicks" || what === "step-prev.n_clicks") {
      var starts = k.eventStarts(data, k.hiddenMask(k.rules(), precision), k.decodeMask(maskB64));
      var target = what === "step-next.n_clicks" ? k.nextEvent(starts, range[1]) : k.prevEvent(starts, range[1]);
      if (target === null) return keep;
      range = k.withEnd(range, target, mode);
    } else if (what.indexOf("key-date") >= 0) {
      if (!trig.value) return keep;
      range = k.withEnd(range, JSON.parse(what.split(".")[0]).index, mode);
    } else if (what === "density.clickData" && densityClick && densityClick.points && densityClick.points.length) {
      var month = k.monthRange(data.origin, densityClick.points[0].x, max);
      range = mode === "range" ? month : k.withEnd(range, month[1], mode);
    } else if (what === "density.selectedData" && densitySelect && densitySelect.range && densitySelect.range.x) {
      var xs = densitySelect.range.x;
      range = [Math.max(0, k.isoToIndex(data.origin, xs[0])), Math.min(max, k.isoToIndex(data.origin, xs[1]))];
      if (mode !== "range") range = k.withEnd(range, range[1], mode);
    } else if (what === "timeline.value") {
      moved = movedHandle();
    }
    var result = k.constrain(range, mode, length, max, moved);
    return [same(result, value) ? dc.no_update : result, stop];
  }

  function togglePlay(nClicks, disabled) {
    return !disabled;
  }

  function playLabel(disabled) {
    return disabled ? [k.t("▶ Play"), k.t("Play")] : [k.t("❚❚ Pause"), k.t("Pause")];
  }

  k.callbacks = Object.assign(k.callbacks || {}, { steer: steer, togglePlay: togglePlay, playLabel: playLabel });
})(typeof window !== "undefined" ? window : globalThis);
