/*
 * Clientside code of the Karabakh peacekeeping map, under one namespace.
 *
 * The slider's hot path runs here: the event columns arrive once (client-data
 * store) and every slider step only patches the marker sizes, symbols and
 * hover texts of the sites trace and the visibility of the dated layers,
 * never re-sending or rebuilding the figure.
 * The formulas mirror dashboard/views/figures.py (marker_size, status_at).
 */
(function () {
  "use strict";

  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  var DAY_MS = 86400000;

  function originMs(iso) {
    var p = iso.split("-");
    return Date.UTC(+p[0], +p[1] - 1, +p[2]);
  }

  function dayText(origin, index) {
    var d = new Date(originMs(origin) + index * DAY_MS);
    return d.getUTCDate() + " " + MONTHS[d.getUTCMonth()] + " " + d.getUTCFullYear();
  }

  function markerSize(count) {
    return count ? 8 + 3 * Math.sqrt(count) : 7;
  }

  function statusAt(from, to, on) {
    if (from !== null && from !== undefined && on < from) return "future";
    if (to !== null && to !== undefined && on >= to) return "former";
    return "current";
  }

  function clampRange(value, max) {
    if (!Array.isArray(value) || value.length !== 2) return [0, max];
    var a = Math.max(0, Math.min(max, Math.round(+value[0] || 0)));
    var b = Math.max(0, Math.min(max, Math.round(+value[1] || 0)));
    return a <= b ? [a, b] : [b, a];
  }

  // Bits of the imprecise kinds of events (mirrors dashboard/data/filters.py PRECISION_KINDS).
  var PRECISION_BITS = { approximate: 1, region: 2, coarse: 4 };

  function hiddenMask(included) {
    if (!Array.isArray(included)) return 0;
    var mask = 0;
    Object.keys(PRECISION_BITS).forEach(function (k) {
      if (included.indexOf(k) < 0) mask |= PRECISION_BITS[k];
    });
    return mask;
  }

  // The server's filter answer: a base64 bitset over the events (null = all pass).
  var maskCache = { key: null, bytes: null };
  function decodeMask(b64) {
    if (!b64) return null;
    if (maskCache.key === b64) return maskCache.bytes;
    var raw = atob(b64), bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    maskCache = { key: b64, bytes: bytes };
    return bytes;
  }
  function passes(mask, i) {
    return mask === null || ((mask[i >> 3] >> (i & 7)) & 1) === 1;
  }

  // The event columns arrive compact (dashboard/views/figures.py client_data): rebuild the
  // start and end days and the strip's month bins once per data object.
  function columns(data) {
    var ev = data.events;
    if (ev.start) return data;
    var n = ev.startStep.length, start = new Int32Array(n), end = new Int32Array(n);
    for (var i = 0, day = 0; i < n; i++) {
      day += ev.startStep[i];
      start[i] = day;
      end[i] = day + ev.length[i];
    }
    var d = data.density, months = d.monthStarts, bins = new Int32Array(n);
    for (var j = 0, m = -1; j < n; j++) {
      // starts are sorted, so the month only moves forward (binary search if not)
      if (j > 0 && start[j] < start[j - 1]) m = -1;
      while (m + 1 < months.length && months[m + 1] <= start[j]) m++;
      bins[j] = m;
    }
    ev.start = start;
    ev.end = end;
    d.bins = bins;
    d.months = months.length;
    return data;
  }

  function countEvents(events, nSites, low, high, hidden, mask) {
    var perSite = new Array(nSites).fill(0);
    var total = 0;
    var unmapped = 0;
    var start = events.start, end = events.end, site = events.site, flags = events.flags;
    for (var i = 0, n = start.length; i < n; i++) {
      if (start[i] <= high && end[i] >= low && (flags[i] & hidden) === 0 && passes(mask, i)) {
        total++;
        if (site[i] >= 0) perSite[site[i]]++;
        else unmapped++;
      }
    }
    return { perSite: perSite, total: total, unmapped: unmapped };
  }

  function hoverText(sites, labels, i, count) {
    var approx = sites.approximate[i] ? " · approximate location" : "";
    var noun = count === 1 ? "event" : "events";
    return "<b>" + labels[i] + "</b><br>" + sites.kinds[i] + approx + "<br>" +
      count + " " + noun + " in the selected dates";
  }

  // 1234 -> "1,234", as Python's "{:,}" (dashboard/views/layout.py range_words). Not
  // toLocaleString: its first call loads the locale's data, ~25 ms at page load.
  function thousands(n) {
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  }

  function rangeWords(origin, low, high) {
    var days = high - low + 1;
    return dayText(origin, low) + " – " + dayText(origin, high) + " (" +
      thousands(days) + " day" + (days === 1 ? "" : "s") + ")";
  }

  function countWords(counts) {
    var mapped = counts.total - counts.unmapped;
    var s = counts.total === 1 ? "" : "s";
    return counts.total + " event" + s + " (" + mapped + " at sites on the map, " +
      counts.unmapped + " region-wide or unlocated)";
  }

  /*
   * The hot path. The slider's handles are the one source of the range on show:
   * whatever moved them (a key, the pointer, playback, a step button, a link), the
   * map and the readout follow in the next animation frame, straight from here,
   * without waiting for Dash's store. Dash's updateView callback only hands over
   * the other inputs (layers, precision, names, filter) and the event columns.
   *
   * The map is changed in place: a step that only resizes sites rescales their SVG
   * points (resizeSites, below), anything else is one Plotly.react. The map is not
   * a Dash component (boot.js drew it), so the selection ring and a link's camera
   * are drawn on it here too (highlight, applyCamera).
   */
  var view = { inputs: null, scheduled: false, lastRender: -Infinity };
  var applied = {};  // map properties as last drawn: "data.24.marker.size" -> JSON

  function handleRange(max) {
    var thumbs = document.querySelectorAll("#timeline [role=slider]");
    if (thumbs.length !== 2) return null;
    var low = parseFloat(thumbs[0].getAttribute("aria-valuenow"));
    var high = parseFloat(thumbs[1].getAttribute("aria-valuenow"));
    if (isNaN(low) || isNaN(high)) return null;
    return clampRange([low, high], max);
  }

  function mapDiv() {
    var gd = document.querySelector("#map .js-plotly-plot");
    return gd && gd._fullData && gd.data && window.Plotly ? gd : null;
  }

  function scheduleRender() {
    if (view.scheduled) return;
    view.scheduled = true;
    window.requestAnimationFrame(renderView);
  }

  // What the map should show for ``range``: [[path, value], ...] for what differs from
  // what is drawn (most days change no count, and then nothing is redrawn).
  // Plotly's defaults, for a property the server's figure leaves unset.
  var UNSET = { visible: true, opacity: 1 };

  function drawnValue(root, path) {
    var node = root;
    for (var i = 0; i < path.length && node !== undefined && node !== null; i++) node = node[path[i]];
    if (node === undefined || node === null) return UNSET[path[path.length - 1]];
    return node;
  }

  function mapChanges(data, inputs, range, counts, drawn) {
    var on = inputs.toggles || [];
    var sites = data.sites;
    var labels = sites.labels[inputs.convention] || sites.labels.both;
    var changes = [];
    function put(path, value) {
      var key = path.join("."), json = JSON.stringify(value);
      if (applied[key] === undefined && drawn) {
        // First look at this property: the figure the server drew may hold it already
        // (on load it holds every one), and then there is nothing to redraw.
        var now = drawnValue(drawn, path.slice(1));
        if (now !== undefined && JSON.stringify(now) === json) applied[key] = json;
      }
      if (applied[key] === json) return;
      changes.push([path, value, key, json]);
    }
    var sizes = new Array(sites.count), symbols = new Array(sites.count), hovers = new Array(sites.count);
    var texts = new Array(sites.count);
    for (var i = 0; i < sites.count; i++) {
      var c = counts.perSite[i];
      sizes[i] = markerSize(c);
      symbols[i] = c ? sites.symbols[i] : sites.symbols[i] + "-open";
      hovers[i] = hoverText(sites, labels, i, c);
      texts[i] = sites.labelled[i] ? labels[i] : "";
    }
    var st = sites.trace;
    put(["data", st, "marker", "size"], sizes);
    put(["data", st, "marker", "symbol"], symbols);
    put(["data", st, "hovertext"], hovers);
    put(["data", st, "text"], texts);
    data.traces.forEach(function (t) {
      var wanted = on.indexOf(t.toggle) >= 0;
      if (t.kind === "scattergeo" || t.kind === "choropleth") {
        var status = statusAt(t.from, t.to, range[1]);
        var fade = status === "current" ? 1 : data.formerOpacity;
        var shown = status === "current" || (status === "former" && on.indexOf("former") >= 0);
        put(["data", t.index, "visible"], wanted && shown);
        if (t.kind === "choropleth") put(["data", t.index, "marker", "opacity"], t.opacity * fade);
        else put(["data", t.index, "opacity"], fade);
      } else {
        put(["data", t.index, "visible"], wanted);
      }
    });
    return changes;
  }

  function setPath(root, path, value) {
    var node = root;
    for (var i = 0; i < path.length - 1; i++) {
      if (node[path[i]] === undefined || node[path[i]] === null) node[path[i]] = {};
      node = node[path[i]];
    }
    node[path[path.length - 1]] = value;
  }

  function announce(range, redrawn) {
    document.dispatchEvent(new CustomEvent("karabakh:drawn", {
      detail: { low: range[0], high: range[1], redrawn: redrawn }
    }));
  }

  function renderView() {
    view.scheduled = false;
    view.lastRender = performance.now();
    var inputs = view.inputs;
    var data = inputs && inputs.data;
    if (!data) return;
    var gd = mapDiv();
    if (!gd) { scheduleRender(); return; }  // the graph is still loading
    var range = handleRange(data.max) || clampRange(inputs.value, data.max);
    var mask = decodeMask(inputs.maskB64);
    var hidden = hiddenMask(inputs.precision);
    var counts = countEvents(data.events, data.sites.count, range[0], range[1], hidden, mask);
    setText(RANGE_TEXT_ID, rangeWords(data.origin, range[0], range[1]));
    setText(EVENT_COUNT_ID, countWords(counts));
    var changes = mapChanges(data, inputs, range, counts, gd.data);
    if (!changes.length) { announce(range, false); return; }
    changes.forEach(function (c) { setPath(gd.data, c[0].slice(1), c[1]); applied[c[2]] = c[3]; });
    if (resizeSites(gd, data.sites.trace, changes)) {
      gd.setAttribute("data-last-draw", "resized");
      announce(range, true);
      return;
    }
    gd.setAttribute("data-last-draw", "redrawn");
    Promise.resolve(window.Plotly.react(gd, gd.data, gd.layout)).then(function () { announce(range, true); });
  }

  /*
   * The commonest step changes only the sites' sizes and hover texts. Plotly.react
   * would redraw every trace of the geo subplot for that (~45 ms at 200 sites, most
   * of a step); instead each resized point's symbol path is scaled (Plotly draws every
   * symbol linear in its radius), its label moved by the offset Plotly gives a label
   * at that radius (drawing.textPointPosition: radius / 0.8 + 1 along the label's
   * side), and Plotly's own data for the point updated: its radius (``mrc``, hover
   * distance), size (``ms``) and hover text (``htx``). gd.data holds the new values
   * (renderView set them), so the next Plotly.react, for any other change, draws from
   * them. Returns false, having changed nothing on screen, when this cannot apply.
   */
  var RESIZABLE = { "marker.size": true, "hovertext": true };
  var LABEL_SIDE = { start: 1, end: -1, middle: 0, bottom: 1, top: -1 };

  function resizeSites(gd, traceIndex, changes) {
    var prefix = "data." + traceIndex + ".";
    for (var c = 0; c < changes.length; c++) {
      var key = changes[c][2];
      if (key.indexOf(prefix) !== 0 || !RESIZABLE[key.slice(prefix.length)]) return false;
    }
    var cd = gd.calcdata && gd.calcdata[traceIndex];
    var full = gd._fullData && gd._fullData[traceIndex];
    var trace = gd.data[traceIndex];
    if (!cd || !cd.length || !full || cd[0].trace !== full || full.visible !== true) return false;
    var group = null;
    var groups = gd.querySelectorAll("g.trace.scattergeo");
    for (var g = 0; g < groups.length; g++) {
      var gdata = groups[g].__data__;
      if (gdata && gdata[0] && gdata[0].trace === full) group = groups[g];
    }
    if (!group) return false;
    var sizes = trace.marker.size, hovers = trace.hovertext;
    var paths = group.querySelectorAll("path.point");
    // each label is a text in a <g> whose transform is its offset from the point
    var labels = Array.prototype.map.call(group.querySelectorAll("g > text"), function (t) { return t.parentNode; });
    var work = [];
    for (var p = 0; p < paths.length; p++) {
      var pt = paths[p].__data__;
      if (!pt || typeof pt.i !== "number" || !(pt.mrc > 0) || !(sizes[pt.i] > 0)) return false;
      if (pt.mrc !== sizes[pt.i] / 2) work.push([paths[p], pt]);
    }
    var moves = [];
    for (var l = 0; l < labels.length; l++) {
      var lp = labels[l].__data__;
      if (!lp || typeof lp.i !== "number" || !(lp.mrc > 0)) return false;
      if (lp.mrc === sizes[lp.i] / 2) continue;
      var at = /^translate\((-?[\d.e+-]+),\s*(-?[\d.e+-]+)\)$/.exec(labels[l].getAttribute("transform") || "");
      if (!at) return false;
      var where = String(lp.tp || full.textposition || "middle center");
      var h = where.indexOf("left") >= 0 ? "end" : where.indexOf("right") >= 0 ? "start" : "middle";
      var v = where.indexOf("top") >= 0 ? "top" : where.indexOf("bottom") >= 0 ? "bottom" : "middle";
      var grow = (sizes[lp.i] / 2 - lp.mrc) / 0.8;
      moves.push([labels[l], +at[1] + LABEL_SIDE[h] * grow, +at[2] + LABEL_SIDE[v] * grow]);
    }
    // Everything checked: now change the page.
    moves.forEach(function (m) { m[0].setAttribute("transform", "translate(" + round3(m[1]) + "," + round3(m[2]) + ")"); });
    work.forEach(function (w) {
      var el = w[0], point = w[1], radius = sizes[point.i] / 2;
      el.setAttribute("d", scalePath(el.getAttribute("d"), radius / point.mrc));
      point.mrc = radius;
      point.ms = sizes[point.i];
    });
    for (var k = 0; k < cd.length; k++) {
      var one = cd[k];
      if (typeof one.i !== "number") continue;
      one.ms = sizes[one.i];
      one.mrc = sizes[one.i] / 2;
      if (Array.isArray(hovers)) one.htx = hovers[one.i];
    }
    return true;
  }

  function round3(x) { return Math.round(x * 1000) / 1000; }

  // An SVG path scaled about its origin; arcs keep their rotation and flags.
  function scalePath(d, k) {
    var out = [], tokens = String(d).match(/[A-Za-z]|-?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?/g) || [];
    var command = "", index = 0;
    for (var t = 0; t < tokens.length; t++) {
      var tok = tokens[t];
      if (/[A-Za-z]/.test(tok)) { command = tok; index = 0; out.push(tok); continue; }
      var arcFixed = (command === "A" || command === "a") && (index % 7 >= 2 && index % 7 <= 4);
      out.push(arcFixed ? tok : String(round3(parseFloat(tok) * k)));
      index++;
    }
    return out.join(" ").replace(/ ?([A-Za-z]) /g, "$1");
  }

  var RANGE_TEXT_ID = "range-text", EVENT_COUNT_ID = "event-count";
  function setText(id, text) {
    var el = document.getElementById(id);
    if (el && el.textContent !== text) el.textContent = text;
  }

  // Any handle move (keyboard, pointer, or Dash setting the value) redraws at once, right
  // after React's commit, so the new map is in the page before Dash's own work for the
  // same key press; moves closer together than a frame (a pointer drag) are drawn once,
  // in the next frame.
  var FRAME_MS = 16;
  function handleMoved() {
    if (view.scheduled) return;
    if (performance.now() - view.lastRender >= FRAME_MS) renderView();
    else scheduleRender();
  }
  new MutationObserver(function (records) {
    for (var i = 0; i < records.length; i++) {
      var t = records[i].target;
      if (t.getAttribute && t.getAttribute("role") === "slider" && t.closest("#timeline")) {
        handleMoved();
        return;
      }
    }
  }).observe(document.documentElement, { subtree: true, attributes: true, attributeFilter: ["aria-valuenow"] });

  /* Dash's side: keep the inputs for the hot path and move the strip's band. */
  function updateView(dragValue, value, toggles, precision, convention, maskB64, data) {
    var dc = window.dash_clientside;
    if (!data) return dc.no_update;
    var triggered = (dc.callback_context.triggered || []).map(function (t) { return t.prop_id; });
    if (triggered.indexOf("timeline.drag_value") >= 0 && Array.isArray(dragValue)) value = dragValue;
    window.karabakhOrigin = data.origin;
    columns(data);
    view.inputs = { value: value, toggles: toggles, precision: precision, convention: convention,
      maskB64: maskB64, data: data };
    scheduleRender();
    var range = handleRange(data.max) || clampRange(value, data.max);
    var mask = decodeMask(maskB64);
    return densityPatch(data, range[0], range[1], hiddenMask(precision), mask, maskB64);
  }

  function indexToIso(origin, index) {
    return new Date(originMs(origin) + index * DAY_MS).toISOString().slice(0, 10);
  }

  function isoToIndex(origin, iso) {
    var p = String(iso).slice(0, 10).split("-");
    return Math.round((Date.UTC(+p[0], +p[1] - 1, +p[2]) - originMs(origin)) / DAY_MS);
  }

  // The density strip: recount per month and category under the precision filter,
  // and move the highlighted selection. Mirrors dashboard/views/timeline.py density_counts.
  function densityPatch(data, low, high, hidden, mask, maskKey) {
    var dc = window.dash_clientside;
    var d = data.density;
    var patch = new dc.Patch();
    patch.assign(["layout", "shapes", 0, "x0"], indexToIso(data.origin, low));
    patch.assign(["layout", "shapes", 0, "x1"], indexToIso(data.origin, high + 1));
    var key = hidden + "|" + (maskKey || "");
    if (d.countsKey !== key) {
      var counts = [];
      for (var c = 0; c < d.categories; c++) counts.push(new Array(d.months).fill(0));
      var flags = data.events.flags;
      for (var i = 0; i < d.bins.length; i++) {
        if ((flags[i] & hidden) === 0 && passes(mask, i) && d.bins[i] >= 0 && d.bins[i] < d.months) {
          counts[d.cat[i]][d.bins[i]]++;
        }
      }
      for (var k = 0; k < d.categories; k++) {
        var y = counts[k];
        y.push(y[y.length - 1]);
        patch.assign(["data", k, "y"], y);
      }
      d.countsKey = key;
    }
    return patch.build();
  }

  // ---- steering the timeline: modes, play, steps, key dates, the strip ----

  function constrain(range, mode, length, max, moved) {
    var low = range[0], high = range[1];
    if (mode === "cumulative") low = 0;
    if (mode === "window") {
      var width = Math.max(1, +length || 91) - 1;
      if (moved === "low") high = Math.min(max, low + width);
      else low = Math.max(0, high - width);
      if (high - low < width) { if (low === 0) high = Math.min(max, width); else low = Math.max(0, high - width); }
    }
    return [Math.max(0, Math.min(low, high)), Math.min(max, Math.max(low, high))];
  }

  function eventStarts(data, precision, maskB64) {
    var hidden = hiddenMask(precision), flags = data.events.flags, start = data.events.start;
    var mask = decodeMask(maskB64);
    var out = [];
    for (var i = 0; i < start.length; i++) if ((flags[i] & hidden) === 0 && passes(mask, i)) out.push(start[i]);
    return out; // already sorted: events arrive sorted by start
  }

  function nextEvent(starts, after) {
    for (var i = 0; i < starts.length; i++) if (starts[i] > after) return starts[i];
    return null;
  }

  function prevEvent(starts, before) {
    for (var i = starts.length - 1; i >= 0; i--) if (starts[i] < before) return starts[i];
    return null;
  }

  function withEnd(range, end, mode) {
    var width = range[1] - range[0];
    if (mode === "window") return [end - width, end];
    return [Math.min(range[0], end), end];
  }

  function same(a, b) {
    return Array.isArray(a) && Array.isArray(b) && a[0] === b[0] && a[1] === b[1];
  }

  function steer(nIntervals, prevClicks, nextClicks, keyClicks, mode, length, densityClick,
                 densitySelect, value, data, loop, speed, precision, maskB64) {
    var dc = window.dash_clientside;
    if (!data) return [dc.no_update, dc.no_update];
    columns(data);
    var max = data.max;
    var range = clampRange(value, max);
    var triggered = (dc.callback_context.triggered || []).map(function (t) { return t.prop_id; });
    var what = triggered.length ? triggered[0] : "";
    var moved = "high";
    var stop = dc.no_update;
    if (what === "play-interval.n_intervals") {
      if (window.karabakhDragging) return [dc.no_update, dc.no_update];
      var step = Math.max(1, Math.round((+speed || 30) * 0.2));
      var width = range[1] - range[0];
      if (range[1] >= max) {
        if (loop && loop.indexOf("loop") >= 0) {
          range = mode === "cumulative" ? [0, 0] : [0, width];
        } else {
          return [dc.no_update, true];
        }
      } else {
        var end = Math.min(max, range[1] + step);
        range = mode === "cumulative" ? [0, end] : [Math.max(0, end - width), end];
        if (end >= max && !(loop && loop.indexOf("loop") >= 0)) stop = true;
      }
    } else if (what === "step-next.n_clicks" || what === "step-prev.n_clicks") {
      var starts = eventStarts(data, precision, maskB64);
      var target = what === "step-next.n_clicks" ? nextEvent(starts, range[1]) : prevEvent(starts, range[1]);
      if (target === null) return [dc.no_update, dc.no_update];
      range = withEnd(range, target, mode);
    } else if (what.indexOf("key-date") >= 0) {
      var trig = dc.callback_context.triggered[0];
      if (!trig.value) return [dc.no_update, dc.no_update];
      var id = JSON.parse(trig.prop_id.split(".")[0]);
      range = withEnd(range, id.index, mode);
    } else if (what === "density.clickData" && densityClick && densityClick.points && densityClick.points.length) {
      var x = densityClick.points[0].x;
      var first = Math.max(0, isoToIndex(data.origin, x));
      var p = String(x).slice(0, 10).split("-");
      var monthEnd = isoToIndex(data.origin, new Date(Date.UTC(+p[0], +p[1], 0)).toISOString());
      range = mode === "range" ? [first, Math.min(max, monthEnd)] : withEnd(range, Math.min(max, monthEnd), mode);
    } else if (what === "density.selectedData" && densitySelect && densitySelect.range && densitySelect.range.x) {
      var xs = densitySelect.range.x;
      range = [Math.max(0, isoToIndex(data.origin, xs[0])), Math.min(max, isoToIndex(data.origin, xs[1]))];
      if (mode !== "range") range = withEnd(range, range[1], mode);
    } else if (what === "timeline.value" && Array.isArray(value) && window.karabakhLastValue) {
      moved = value[0] !== window.karabakhLastValue[0] && value[1] === window.karabakhLastValue[1] ? "low" : "high";
    }
    var result = constrain(range, mode, length, max, moved);
    window.karabakhLastValue = result;
    return [same(result, value) ? dc.no_update : result, stop];
  }

  // The view as link parameters (names documented in dashboard/views/query.py PARAMS).
  var DEFAULT_LAYERS = null;
  // The address bar and the share/export links are not urgent: they follow once the
  // browser is idle, so a resting slider's panel request and its answer do not share the
  // main thread (and the cores) with them.
  function syncUrlWhenIdle() {
    var args = arguments;
    var idle = window.requestIdleCallback || function (fn) { return window.setTimeout(fn, 50); };
    return new Promise(function (resolve) {
      idle(function () { resolve(syncUrl.apply(null, args)); }, { timeout: 500 });
    });
  }

  function syncUrl(value, mode, windowLength, selection, filterState, precision, names, layers,
                   relayout, data, pageClass) {
    var dc = window.dash_clientside;
    if (!data) return [dc.no_update, dc.no_update, dc.no_update, dc.no_update];
    var range = clampRange(value, data.max);
    var q = new URLSearchParams();
    q.set("from", indexToIso(data.origin, range[0]));
    q.set("to", indexToIso(data.origin, range[1]));
    if (mode && mode !== "range") q.set("mode", mode);
    if (mode === "window" && windowLength) q.set("window", String(windowLength));
    if (typeof selection === "string" && TOKEN.test(selection)) {
      var kind = selection.split(":")[0];
      q.set(kind, selection.slice(kind.length + 1));
    }
    if (filterState) {
      if (filterState.categories && filterState.categories.length) q.set("cat", filterState.categories.join(","));
      if (filterState.actors && filterState.actors.length) q.set("actor", filterState.actors.join(","));
      if (filterState.confidence && filterState.confidence.length) q.set("conf", filterState.confidence.join(","));
      if (filterState.text) q.set("q", filterState.text);
    }
    if (Array.isArray(precision) && precision.length < 3) q.set("prec", precision.join(","));
    if (names && names !== "both") q.set("names", names);
    if (DEFAULT_LAYERS === null) DEFAULT_LAYERS = (layers || []).slice().sort().join(",");
    if (Array.isArray(layers) && layers.slice().sort().join(",") !== DEFAULT_LAYERS) q.set("layers", layers.join(","));
    var gd = document.querySelector("#map .js-plotly-plot");
    var geo = gd && gd._fullLayout && gd._fullLayout.geo;
    if (relayout && geo && (relayout["geo.center.lon"] !== undefined || relayout["geo.projection.scale"] !== undefined)) {
      q.set("view", [geo.center.lon.toFixed(4), geo.center.lat.toFixed(4), geo.projection.scale.toFixed(3)].join(","));
    } else if (window.karabakhView) {
      q.set("view", window.karabakhView);
    }
    if (q.get("view")) window.karabakhView = q.get("view");
    if (pageClass && pageClass.indexOf("embed") >= 0) q.set("embed", "1");
    var query = "?" + q.toString();
    if (window.location.search !== query) window.history.replaceState(null, "", window.location.pathname + query);
    var exportQuery = new URLSearchParams(q);
    ["view", "embed", "names", "layers", "mode", "window", "site", "event", "layer"].forEach(function (k) { exportQuery.delete(k); });
    var eq = "?" + exportQuery.toString();
    return [query, window.location.origin + window.location.pathname + query,
      "/export/events.csv" + eq, "/export/events.geojson" + eq];
  }

  // The selection shown everywhere: a ring on the map, a line on the strip.
  function highlight(h, data) {
    var dc = window.dash_clientside;
    if (!data) return dc.no_update;
    var strip = new dc.Patch();
    var has = h && typeof h.lon === "number";
    var gd = mapDiv();
    if (gd && typeof data.highlightTrace === "number") {
      window.Plotly.restyle(gd, { lon: [has ? [h.lon] : []], lat: [has ? [h.lat] : []] },
        [data.highlightTrace]);
    }
    var shapes = (document.querySelector("#density .js-plotly-plot") || {}).layout;
    var last = shapes && shapes.shapes ? shapes.shapes.length - 1 : null;
    if (last !== null) {
      var dated = h && typeof h.from === "number";
      strip.assign(["layout", "shapes", last, "visible"], !!dated);
      if (dated) {
        strip.assign(["layout", "shapes", last, "x0"], indexToIso(data.origin, h.from));
        strip.assign(["layout", "shapes", last, "x1"], indexToIso(data.origin, h.to + 1));
      }
    }
    return last === null ? dc.no_update : strip.build();
  }

  // A shared link's camera (checked by the server); the map's relayout event then
  // reports it to Dash like a zoom by hand.
  function applyCamera(camera) {
    var gd = mapDiv();
    if (gd && camera && typeof camera.lon === "number") {
      window.Plotly.relayout(gd, { "geo.center.lon": camera.lon, "geo.center.lat": camera.lat,
        "geo.projection.scale": camera.scale });
    }
    return window.dash_clientside.no_update;
  }

  // Debounce for the server-rendered panels: resolve with the value only if no newer
  // value arrived within SETTLE_MS (Dash waits on the promise).
  var SETTLE_MS = 200, settleSeq = 0;
  function settle(value) {
    var dc = window.dash_clientside, mine = ++settleSeq;
    return new Promise(function (resolve) {
      window.setTimeout(function () { resolve(mine === settleSeq ? value : dc.no_update); }, SETTLE_MS);
    });
  }

  function resetFilters() {
    return [[], [], ["high", "medium", "low"], "", ["approximate", "region", "coarse"]];
  }

  function togglePlay(nClicks, disabled) {
    return !disabled;
  }

  function playLabel(disabled) {
    return disabled ? ["▶ Play", "Play"] : ["❚❚ Pause", "Pause"];
  }

  // Keyboard: Page Up/Down move the focused handle by a month and Home/End send it to
  // its end of the track (Radix would move the first or last handle); [ and ] step events.
  function addMonths(origin, index, months) {
    var d = new Date(originMs(origin) + index * DAY_MS);
    var day = d.getUTCDate();
    var t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1));
    var last = new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + 1, 0)).getUTCDate();
    t.setUTCDate(Math.min(day, last));
    return Math.round((t.getTime() - originMs(origin)) / DAY_MS);
  }

  document.addEventListener("keydown", function (ev) {
    var dc = window.dash_clientside;
    var target = ev.target;
    var thumbs = Array.prototype.slice.call(document.querySelectorAll("#timeline [role=slider]"));
    var which = thumbs.indexOf(target);
    if (which >= 0 && ["PageUp", "PageDown", "Home", "End"].indexOf(ev.key) >= 0 && window.karabakhOrigin) {
      ev.preventDefault();
      ev.stopPropagation();
      var value = thumbs.map(function (t) { return +t.getAttribute("aria-valuenow"); });
      var max = +thumbs[0].getAttribute("aria-valuemax");
      var v = value[which];
      if (ev.key === "PageUp") v = addMonths(window.karabakhOrigin, v, 1);
      if (ev.key === "PageDown") v = addMonths(window.karabakhOrigin, v, -1);
      if (ev.key === "Home") v = which === 0 ? 0 : value[0];
      if (ev.key === "End") v = which === 1 ? max : value[1];
      value[which] = Math.max(which === 1 ? value[0] : 0, Math.min(which === 0 ? value[1] : max, v));
      dc.set_props("timeline", { value: value });
      return;
    }
    var typing = target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.isContentEditable);
    if (!typing && (ev.key === "[" || ev.key === "]")) {
      var button = document.getElementById(ev.key === "]" ? "step-next" : "step-prev");
      if (button) { ev.preventDefault(); button.click(); }
    }
  }, true);

  /*
   * The chronology: the server sends its rows as data (dashboard/views/detail.py list_row)
   * and they are drawn here as text nodes, never HTML. Keyboard focus stays on the
   * same entry when the list is redrawn.
   */
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  var SAFE_COLOUR = /^#[0-9a-fA-F]{3,8}$/;
  function renderList(rows) {
    var list = document.getElementById("event-list");
    if (!list || !Array.isArray(rows)) return window.dash_clientside.no_update;
    var focused = document.activeElement;
    var focusToken = focused && list.contains(focused) ? focused.getAttribute("data-token") : null;
    var fragment = document.createDocumentFragment();
    rows.forEach(function (row) {
      if (!row || typeof row.token !== "string" || !TOKEN.test(row.token)) return;
      var button = el("button", row.selected ? "list-item selected" : "list-item");
      button.type = "button";
      button.id = "event-item-" + row.token.slice(row.token.indexOf(":") + 1);
      button.setAttribute("data-token", row.token);
      if (row.selected) button.setAttribute("aria-current", "true");
      if (SAFE_COLOUR.test(row.colour)) button.style.borderLeftColor = row.colour;
      button.appendChild(el("span", "list-date", String(row.date)));
      button.appendChild(el("span", "list-title", String(row.title)));
      if (row.contested) button.appendChild(el("span", "contested-flag", "contested"));
      button.appendChild(el("span", "list-place", String(row.place)));
      var item = el("li");
      item.appendChild(button);
      fragment.appendChild(item);
    });
    list.replaceChildren(fragment);
    if (focusToken) {
      var again = list.querySelector('button[data-token="' + CSS.escape(focusToken) + '"]');
      if (again) again.focus({ preventScroll: true });
    }
    return rows.length;
  }

  /*
   * The detail panel's event cards: the server sends them as data (dashboard/views/detail.py
   * card_row) and they are drawn here as text nodes; only http(s) URLs become links.
   * Notes left open stay open when the same cards come back with new dates.
   */
  var HTTP_URL = /^https?:\/\//i;
  var WORD = /^[a-z_-]+$/;
  function link(url, text) {
    if (typeof url !== "string" || !HTTP_URL.test(url)) return document.createTextNode(String(text));
    var a = el("a", null, String(text || url));
    a.href = url;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    return a;
  }

  function labelled(label, className) {
    var box = el("div", className);
    box.appendChild(el("span", "label", label));
    return box;
  }

  function card(row) {
    var article = el("article", "event-card");
    article.id = "event-" + row.id;
    var when = el("div", "event-date");
    var time = el("time", null, String(row.date));
    time.setAttribute("datetime", String(row.datetime));
    when.appendChild(time);
    when.appendChild(el("span", "muted", " · " + row.precision));
    when.appendChild(el("span", "muted event-id", " · " + row.id));
    article.appendChild(when);
    article.appendChild(el("h4", null, String(row.title)));
    if (row.context) {
      article.appendChild(el("p", "muted", "Context only: outside the peacekeeping zone or its remit."));
    }
    var tags = el("div", "event-tags");
    var badge = el("span", "badge", String(row.category));
    if (SAFE_COLOUR.test(row.colour)) { badge.style.borderColor = row.colour; badge.style.color = row.colour; }
    tags.appendChild(badge);
    var level = String(row.confidence);
    tags.appendChild(el("span", WORD.test(level) ? "confidence confidence-" + level : "confidence",
      "confidence: " + level));
    tags.appendChild(el("span", "muted", String(row.location)));
    article.appendChild(tags);
    article.appendChild(el("p", null, String(row.summary)));
    if (row.contested && row.contested.length) {
      var contested = el("div", "contested");
      contested.appendChild(el("span", "contested-flag", "Contested: each side's claim"));
      var claims = el("ul");
      row.contested.forEach(function (claim) {
        var item = el("li");
        item.appendChild(el("span", "label", claim.by + ": "));
        item.appendChild(document.createTextNode(String(claim.claim)));
        item.appendChild(el("span", "muted", " — "));
        if (claim.url) item.appendChild(link(claim.url, claim.source));
        else if (claim.linked) item.appendChild(document.createTextNode(String(claim.source)));
        else item.appendChild(el("span", null, claim.source + " (no link)"));
        claims.appendChild(item);
      });
      contested.appendChild(claims);
      article.appendChild(contested);
    }
    if (row.figures && row.figures.length) {
      var figures = labelled("Reported figures");
      var figureList = el("ul");
      row.figures.forEach(function (text) { figureList.appendChild(el("li", null, String(text))); });
      figures.appendChild(figureList);
      article.appendChild(figures);
    }
    var sources = labelled("Sources");
    var sourceList = el("ul", "sources");
    (row.sources || []).forEach(function (src) {
      var item = el("li");
      item.appendChild(link(src.url, src.name));
      if (src.role) item.appendChild(el("span", "muted", " (" + src.role + ")"));
      sourceList.appendChild(item);
    });
    sources.appendChild(sourceList);
    article.appendChild(sources);
    if (row.notes && row.notes.length) {
      var details = el("details", "notes");
      details.appendChild(el("summary", null, "Notes, other claims and caveats"));
      var text = el("p");
      row.notes.forEach(function (part) {
        text.appendChild(part[0] === "link" ? link(part[1], part[1]) : document.createTextNode(String(part[1])));
      });
      details.appendChild(text);
      article.appendChild(details);
    }
    return article;
  }

  var drawnCards = null;
  function renderCards(data) {
    var box = document.getElementById("detail-events");
    if (!box || !data || !Array.isArray(data.cards)) return window.dash_clientside.no_update;
    var json = JSON.stringify(data);
    if (json === drawnCards && box.childNodes.length) return window.dash_clientside.no_update;
    drawnCards = json;
    var open = {};
    box.querySelectorAll("details.notes[open]").forEach(function (d) {
      var owner = d.closest("article");
      if (owner) open[owner.id] = true;
    });
    var fragment = document.createDocumentFragment();
    data.cards.forEach(function (row) {
      if (!row || typeof row.id !== "string") return;
      var article = card(row);
      var notes = open[article.id] && article.querySelector("details.notes");
      if (notes) notes.open = true;
      fragment.appendChild(article);
    });
    if (typeof data.after === "string" && data.after) fragment.appendChild(el("p", "empty-note", data.after));
    box.replaceChildren(fragment);
    return data.cards.length;
  }

  // A click on a chronology entry, or on a detail's place, selects it.
  document.addEventListener("click", function (ev) {
    var button = ev.target && ev.target.closest && ev.target.closest("button[data-token]");
    if (!button || !window.dash_clientside || !window.dash_clientside.set_props) return;
    var token = button.getAttribute("data-token");
    if (TOKEN.test(token)) window.dash_clientside.set_props("selection", { data: token });
  });

  function clearSelection() {
    return null;
  }

  function linkQuery(search) {
    return typeof search === "string" && search.length > 1 ? search : window.dash_clientside.no_update;
  }

  /*
   * Accessibility repairs for Dash 4's option lists and dropdowns (axe: nested-interactive,
   * aria-input-field-name, aria-hidden-focus): the lists become labelled groups of native
   * checkboxes/radios, and each dropdown's focus target gets a name instead of aria-hidden.
   * Re-applied after every render, since React may restore the attributes.
   */
  var A11Y_NAMES = {
    "play-loop": "Loop playback", "timeline-mode": "Timeline mode",
    "filter-confidence": "Confidence", "layer-toggles": "Layers",
    "precision-filter": "Include imprecise events", "name-convention": "Names on the map",
    "play-speed": "Playback speed", "window-length": "Window length",
    "filter-category": "Categories", "filter-actor": "Actors"
  };
  function repairA11y() {
    document.querySelectorAll(".dash-options-list[role=listbox]").forEach(function (list) {
      list.setAttribute("role", "group");
      if (A11Y_NAMES[list.id]) list.setAttribute("aria-label", A11Y_NAMES[list.id]);
    });
    document.querySelectorAll(".dash-options-list label[role=option]").forEach(function (label) {
      label.removeAttribute("role");
      label.removeAttribute("aria-selected");
    });
    // The slider handles: a name each, and the date (not the day offset) for screen readers.
    document.querySelectorAll("#timeline [role=slider]").forEach(function (thumb, i) {
      var name = i === 0 ? "Start date" : "End date";
      if (thumb.getAttribute("aria-label") !== name) thumb.setAttribute("aria-label", name);
      var now = +thumb.getAttribute("aria-valuenow");
      if (window.karabakhOrigin && !isNaN(now)) {
        var text = dayText(window.karabakhOrigin, now);
        if (thumb.getAttribute("aria-valuetext") !== text) thumb.setAttribute("aria-valuetext", text);
      }
    });
    document.querySelectorAll(".dash-dropdown-focus-target[aria-hidden=true]").forEach(function (input) {
      var owner = input.closest(".dash-dropdown-wrapper");
      var button = owner && owner.querySelector(".dash-dropdown[id]");
      input.removeAttribute("aria-hidden");
      input.setAttribute("aria-label", (button && A11Y_NAMES[button.id]) || "Choose");
    });
  }
  var repairQueued = false;
  function queueRepair() {
    if (repairQueued) return;
    repairQueued = true;
    window.requestAnimationFrame(function () { repairQueued = false; repairA11y(); });
  }
  // Only the control panels are watched (plus the body, where menus may open): watching
  // the whole document also saw every node Plotly and React add, on load and each step.
  var A11Y_SCOPES = [".timeline-panel", ".filter-panel", ".legend-panel"];
  var A11Y_WATCH = { childList: true, subtree: true, attributes: true,
    attributeFilter: ["role", "aria-hidden", "aria-valuenow"] };
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

  // While the user holds a slider handle, playback pauses its ticks.
  document.addEventListener("pointerdown", function (ev) {
    if (ev.target && ev.target.closest && ev.target.closest("#timeline")) window.karabakhDragging = true;
  }, true);
  document.addEventListener("pointerup", function () { window.karabakhDragging = false; }, true);

  var TOKEN = /^(site|layer|event):.+/;

  /*
   * A map click becomes a selection token. Plotly ranks a line's vertex within
   * 3 px above any marker, so a click on a site that sits on a line (Dadivank
   * on the line of contact) would open the line: a site marker under the
   * clicked point wins.
   */
  function selectFromMap(gd, clickData) {
    var pt = clickData && clickData.points && clickData.points[0];
    if (!pt) return null;
    // as dcc.Graph's clickData did: a point's fields from its trace where the event lacks them
    var trace = gd._fullData[pt.curveNumber] || {};
    var token = pt.customdata !== undefined ? pt.customdata : (trace.customdata || [])[pt.pointNumber];
    if (typeof pt.lon !== "number" && trace.lon) pt = { lon: trace.lon[pt.pointNumber], lat: trace.lat[pt.pointNumber] };
    if (typeof token !== "string" || !TOKEN.test(token)) return null;
    var geo = gd._fullLayout && gd._fullLayout.geo && gd._fullLayout.geo._subplot;
    var sitesTrace = gd.data.findIndex(function (t) { return t.name === "sites"; });
    if (token.indexOf("layer:") === 0 && geo && sitesTrace >= 0 && typeof pt.lon === "number") {
      var sites = gd._fullData[sitesTrace];
      // the sizes on screen (the hot path may have resized the points without a redraw)
      var sizes = (gd.data[sitesTrace].marker || {}).size;
      var here = geo.projection([pt.lon, pt.lat]);
      var best = null, bestDist = Infinity;
      for (var i = 0; sites && i < sites.lon.length; i++) {
        var there = geo.projection([sites.lon[i], sites.lat[i]]);
        var dist = Math.hypot(here[0] - there[0], here[1] - there[1]);
        var radius = (Array.isArray(sizes) ? sizes[i] : 8) / 2 + 3;
        if (dist <= radius && dist < bestDist) { best = sites.customdata[i]; bestDist = dist; }
      }
      if (best && sites.visible === true) token = best;
    }
    return token;
  }

  /*
   * The map is not a Dash component (boot.js drew it before Dash booted), so its
   * clicks and camera changes reach Dash's stores from here. A click before Dash has
   * rendered its page waits for it.
   */
  function wireMap() {
    var gd = document.getElementById("map-plot");
    if (!gd || typeof gd.on !== "function") return;
    function dashReady() {
      var dc = window.dash_clientside;
      return dc && dc.set_props && document.getElementById("map-slot") ? dc : null;
    }
    var pendingToken = null;
    gd.on("plotly_click", function (ev) {
      var token = selectFromMap(gd, ev);
      if (!token) return;
      var dc = dashReady();
      if (dc) dc.set_props("selection", { data: token });
      else pendingToken = token;
    });
    gd.on("plotly_relayout", function (ev) {
      var dc = dashReady();
      if (dc && ev && !ev.autosize) dc.set_props("map-view", { data: ev });
    });
    if (!dashReady()) {
      var waiter = new MutationObserver(function () {
        var dc = dashReady();
        if (!dc) return;
        waiter.disconnect();
        if (pendingToken) window.setTimeout(function () { dc.set_props("selection", { data: pendingToken }); }, 0);
      });
      waiter.observe(document.body, { childList: true, subtree: true });
    }
  }
  wireMap();

  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    karabakh: {
      updateView: updateView,
      applyCamera: applyCamera,
      steer: steer,
      togglePlay: togglePlay,
      playLabel: playLabel,
      resetFilters: resetFilters,
      syncUrl: syncUrlWhenIdle,
      highlight: highlight,
      settle: settle,
      renderList: renderList,
      renderCards: renderCards,
      linkQuery: linkQuery,
      clearSelection: clearSelection
    }
  });

  // Slider tooltips show the day offset as a date.
  window.dccFunctions = window.dccFunctions || {};
  window.dccFunctions.karabakhDayLabel = function (index) {
    return window.karabakhOrigin ? dayText(window.karabakhOrigin, index) : String(index);
  };
  window.karabakhDayText = dayText;
})();
