/*
 * The hot path: the map for the selected dates, changed in place. The event columns
 * arrive once (client-data store); each step only patches the sites' sizes, symbols
 * and hover texts and the dated layers' visibility, never re-sending the figure.
 * A step that only resizes sites rescales their SVG points (41-resize.js), anything
 * else is one Plotly.react. The map is not a Dash component (boot.js drew it first).
 *
 * k.render(inputs) is called by one trigger per step: Dash's updateView callback
 * on timeline.value (50-view.js). When drawn, "karabakh:drawn" is dispatched on
 * document with {low, high, redrawn} (benchmarks/bench_page.js listens for it).
 */
(function (root) {
  "use strict";
  var k = root.karabakh = root.karabakh || {};
  var applied = {};  // map properties as last drawn: "data.24.marker.size" -> JSON
  // Plotly's defaults, for a property the server's figure leaves unset.
  var UNSET = { visible: true, opacity: 1 };

  function drawnValue(rootNode, path) {
    var node = rootNode;
    for (var i = 0; i < path.length && node !== undefined && node !== null; i++) node = node[path[i]];
    if (node === undefined || node === null) return UNSET[path[path.length - 1]];
    return node;
  }

  // Each place's label in a names convention, as dashboard/views/names.py map_label writes
  // it, composed from the names the server sends (client_names); kept per convention.
  k.siteLabels = function (sites, convention) {
    var cache = sites.labelCache || (sites.labelCache = {}), n = sites.names;
    if (cache[convention]) return cache[convention];
    var out, fallback = n.fallback[convention];
    if (convention === "hy" || convention === "az") out = n[convention];
    else if (fallback) {
      var stand = k.siteLabels(sites, fallback);
      out = n[convention].map(function (name, i) { return name !== null ? name : "<i>" + stand[i] + "</i>"; });
    } else {  // both sides' names, the default
      out = n.hy.map(function (hy, i) { return hy === n.az[i] ? hy : hy + " / " + n.az[i]; });
    }
    cache[convention] = out;
    return out;
  };

  k.hoverText = function (sites, labels, i, count) {
    // as dashboard/views/figures.py site_hover
    var approx = sites.approximate[i] ? " · " + k.t("approximate location") : "";
    return "<b>" + labels[i] + "</b><br>" + sites.kinds[i] + approx + "<br>" +
      k.tn("{n} event in the selected dates", "{n} events in the selected dates", count,
        { n: k.formatNumber(count) });
  };

  // Compare mode's marks (pure): the dated features whose status differs between days a
  // and b, styled by the contract's compareMarks (schema.COMPARE_MARKS).
  k.compareMarks = function (rules, features, a, b, origin) {
    var out = { lon: [], lat: [], symbol: [], color: [], hover: [] };
    (features || []).forEach(function (f) {
      var before = k.statusAt(f.from, f.to, a), after = k.statusAt(f.from, f.to, b);
      if (before === after) return;
      var change = before === "current" ? "ended" : after === "current" ? "began" : "began and ended";
      var style = rules.compareMarks[change], day = change === "ended" ? f.to : f.from;
      out.lon.push(f.lon);
      out.lat.push(f.lat);
      out.symbol.push(style.symbol);
      out.color.push(style.colour);
      out.hover.push("<b>" + k.word(style.word) + " " + k.dayText(origin, day) + "</b><br>" + f.name);
    });
    return out;
  };

  // What the map should show: [[path, value, key, json], ...] for what differs from
  // what is drawn (most days change no count, and then nothing is redrawn).
  k.mapChanges = function (rules, data, inputs, range, counts, drawn) {
    var on = inputs.toggles || [];
    var sites = data.sites;
    var labels = k.siteLabels(sites, inputs.convention);
    var dated = rules.layerStatus.datedKinds, faded = rules.layerStatus.formerOpacity;
    var changes = [];
    function put(path, value) {
      var key = path.join("."), json = JSON.stringify(value);
      if (applied[key] === undefined && drawn) {
        // First look at this property: the figure the server drew may hold it already.
        var now = drawnValue(drawn, path.slice(1));
        if (now !== undefined && JSON.stringify(now) === json) applied[key] = json;
      }
      if (applied[key] === json) return;
      changes.push([path, value, key, json]);
    }
    // the trace's points: every place (pts null, the usual record) or, on a record of
    // thousands, the places and clusters in view (43-clusters.js)
    var pts = inputs.points, cl = data.clusters;
    var n = pts ? pts.groups.length : sites.count;
    var sizes = new Array(n), symbols = new Array(n), hovers = new Array(n), texts = new Array(n);
    var plan = inputs.labelPlan;  // 42-labels.js; null until the map is laid out
    for (var j = 0; j < n; j++) {
      var group = pts ? pts.groups[j] : null, i = group ? group[0] : j, c = counts.perSite[i];
      if (group && group.length > 1) {
        for (var m = 1; m < group.length; m++) c += counts.perSite[group[m]];
        symbols[j] = c ? cl.symbol : cl.emptySymbol;
        hovers[j] = k.clusterHover(group.length, c);
        texts[j] = "";
      } else {
        symbols[j] = c ? sites.symbols[i] : sites.symbols[i] + "-open";
        hovers[j] = k.hoverText(sites, labels, i, c);
        texts[j] = plan ? plan.text[j] : sites.labelled[i] ? labels[i] : "";
      }
      sizes[j] = k.markerSize(rules, c);
    }
    var st = sites.trace;
    if (pts) {
      put(["data", st, "lon"], pts.lon);
      put(["data", st, "lat"], pts.lat);
      put(["data", st, "customdata"], pts.custom);
      if (typeof cl.ringsTrace === "number") {  // precision rings round the places drawn alone
        var rings = k.rings(sites, pts, cl.ringKm);
        put(["data", cl.ringsTrace, "lon"], rings.lon);
        put(["data", cl.ringsTrace, "lat"], rings.lat);
      }
    }
    put(["data", st, "marker", "size"], sizes);
    put(["data", st, "marker", "symbol"], symbols);
    put(["data", st, "hovertext"], hovers);
    put(["data", st, "text"], texts);
    if (plan) put(["data", st, "textposition"], plan.position);
    var compare = inputs.mode === "compare";
    data.traces.forEach(function (t) {
      var wanted = on.indexOf(t.toggle) >= 0;
      if (dated.indexOf(t.kind) < 0) { put(["data", t.index, "visible"], wanted); return; }
      var status = k.statusAt(t.from, t.to, range[1]);
      var fade = status === "current" ? 1 : faded;
      // Compare mode shows what ended between the two dates, faded, even with "former" off
      var endedBetween = compare && status === "former" && k.statusAt(t.from, t.to, range[0]) !== "former";
      var shown = status === "current" || (status === "former" && (endedBetween || on.indexOf("former") >= 0));
      put(["data", t.index, "visible"], wanted && shown);
      if (t.kind === "choropleth") put(["data", t.index, "marker", "opacity"], t.opacity * fade);
      else put(["data", t.index, "opacity"], fade);
    });
    if (typeof data.changesTrace === "number") {
      var ct = data.changesTrace;
      var marks = compare ? k.compareMarks(rules, data.features, range[0], range[1], data.origin)
        : { lon: [], lat: [], symbol: [], color: [], hover: [] };
      put(["data", ct, "lon"], marks.lon);
      put(["data", ct, "lat"], marks.lat);
      put(["data", ct, "marker", "symbol"], marks.symbol);
      put(["data", ct, "marker", "color"], marks.color);
      put(["data", ct, "hovertext"], marks.hover);
    }
    return changes;
  };

  function setPath(rootNode, path, value) {
    var node = rootNode;
    for (var i = 0; i < path.length - 1; i++) {
      if (node[path[i]] === undefined || node[path[i]] === null) node[path[i]] = {};
      node = node[path[i]];
    }
    node[path[path.length - 1]] = value;
  }

  k.mapDiv = function () {
    var gd = document.querySelector("#map .js-plotly-plot");
    return gd && gd._fullData && gd.data && root.Plotly ? gd : null;
  };

  function setText(id, text) {
    var el = document.getElementById(id);
    if (el && el.textContent !== text) el.textContent = text;
  }

  function announce(range, redrawn) {
    document.dispatchEvent(new CustomEvent("karabakh:drawn", {
      detail: { low: range[0], high: range[1], redrawn: redrawn }
    }));
  }

  var view = { inputs: null, scheduled: false, lastRender: -Infinity };
  var FRAME_MS = 16;

  function draw() {
    view.scheduled = false;
    view.lastRender = performance.now();
    var inputs = view.inputs, data = inputs && inputs.data, rules = k.rules();
    if (!data || !rules) return;
    var gd = k.mapDiv();
    if (!gd) { schedule(); return; }  // the graph is still loading
    var range = k.clampRange(inputs.value, data.max);
    var hidden = k.hiddenMask(rules, inputs.precision);
    var counts = k.countEvents(data.events, data.sites.count, range[0], range[1], hidden, k.decodeMask(inputs.maskB64));
    setText("range-text", k.rangeWords(data.origin, range[0], range[1]));
    setText("event-count", k.countWords(counts));
    inputs.points = k.mapPoints ? k.mapPoints(gd, data) : null;
    inputs.labelPlan = labelPlan(gd, data, rules, inputs, counts);
    var changes = k.mapChanges(rules, data, inputs, range, counts, gd.data);
    if (!changes.length) { announce(range, false); return; }
    changes.forEach(function (c) { setPath(gd.data, c[0].slice(1), c[1]); applied[c[2]] = c[3]; });
    if (k.resizeSites(gd, data.sites.trace, changes)) {
      gd.setAttribute("data-last-draw", "resized");
      announce(range, true);
      return;
    }
    var labelsOnly = changes.every(function (c) { return /\.(text|textposition)$/.test(c[2]); });
    gd.setAttribute("data-last-draw", labelsOnly ? "labels" : "redrawn");
    Promise.resolve(root.Plotly.react(gd, gd.data, gd.layout)).then(function () { announce(range, true); });
  }

  // Labels are placed again when the camera, the map's size or the names change (not on
  // a scrub step); the first draw keeps the server's, then a zoom or resize re-places them.
  var labels = { key: null, plan: null, watched: null };
  function labelPlan(gd, data, rules, inputs, counts) {
    if (labels.watched !== gd) {  // a zoom, a pan or a resize: draw again (new key, new plan)
      labels.watched = gd;
      gd.on("plotly_relayout", function () { if (view.inputs && !k.gliding) k.render(view.inputs); });
      if (labels.key === null) { labels.key = k.labelKey(gd, inputs.convention); schedule(); return null; }
    }
    var pts = inputs.points;
    var key = k.labelKey(gd, inputs.convention) + (pts ? "|" + pts.key : "");
    if (key !== labels.key || !labels.plan) {
      var names = k.siteLabels(data.sites, inputs.convention);
      var sizes = (pts ? pts.groups : counts.perSite).map(function (g) {
        if (!pts) return k.markerSize(rules, g);
        var c = 0;
        for (var m = 0; m < g.length; m++) c += counts.perSite[g[m]];
        return k.markerSize(rules, c);
      });
      labels.key = key;
      labels.plan = k.labelPlan(gd, data, names, sizes, pts);
      if (labels.plan) gd.setAttribute("data-labels", key);  // for the browser tests
    }
    return labels.plan;
  }

  function schedule() {
    if (view.scheduled) return;
    view.scheduled = true;
    root.requestAnimationFrame(draw);
  }

  // Draw for these inputs: at once, unless a draw ran less than a frame ago (a pointer
  // drag), then once in the next frame with the newest inputs.
  k.render = function (inputs) {
    view.inputs = inputs;
    if (view.scheduled) return;
    if (performance.now() - view.lastRender >= FRAME_MS) draw();
    else schedule();
  };
})(typeof window !== "undefined" ? window : globalThis);
