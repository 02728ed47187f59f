/*
 * Injected into every page before its own scripts (CDP
 * Page.addScriptToEvaluateOnNewDocument) by benchmarks/browser_bench.py.
 * Times are performance.now(): milliseconds since navigation start.
 *
 *   marks.plotlyReady  window.Plotly assigned (bundle downloaded and evaluated)
 *   marks.points       the "sites" trace of #map has SVG points in the DOM
 *   marks.dashPage     Dash has rendered its page (#timeline is in the DOM)
 *   marks.pointsFrame  the next animation frame after that (drawn on screen)
 *
 * Scrub steps: arm() then a key press; the step ends at the first
 * plotly_afterplot / plotly_react / plotly_restyle / plotly_redraw event of the
 * graph div after the key press whose gd.data is a new figure. An app that draws
 * the map itself says so with a "karabakh:drawn" event on document (detail: the
 * range drawn, and whether the map needed a redraw); its step ends at the first
 * such event for a new range. Clicks: armClick()
 * then a mouse click; the click ends when #detail's text changes.
 */
(function () {
  "use strict";
  if (window.__bench) return;
  var now = function () { return performance.now(); };
  var B = window.__bench = { marks: {}, step: null, click: null, plots: [], views: [] };
  try { performance.setResourceTimingBufferSize(10000); } catch (e) { /* old browser */ }

  // Long tasks (>= 50 ms on the main thread): how long the page stays unresponsive.
  B.longtasks = [];
  try {
    new PerformanceObserver(function (list) {
      list.getEntries().forEach(function (e) { B.longtasks.push([e.startTime, e.duration]); });
    }).observe({ type: "longtask", buffered: true });
  } catch (e) { /* no Long Tasks API */ }

  /* Main-thread time in long tasks since t0, and when the last one ended (ms after t0). */
  B.busySince = function (t0) {
    var busy = 0, last = 0;
    B.longtasks.forEach(function (t) {
      if (t[0] + t[1] <= t0) return;
      var start = Math.max(t[0], t0);
      busy += t[0] + t[1] - start;
      last = Math.max(last, t[0] + t[1] - t0);
    });
    return { busy: busy, settled: last };
  };

  function mark(name) { if (B.marks[name] === undefined) B.marks[name] = now(); }

  // Time every Plotly.react / newPlot call (dcc.Graph calls window.Plotly.react).
  function wrapPlotly(P) {
    if (!P || P.__benchWrapped) return;
    P.__benchWrapped = true;
    ["react", "newPlot"].forEach(function (name) {
      var orig = P[name];
      if (typeof orig !== "function") return;
      P[name] = function () {
        var gd = arguments[0], box = gd && gd.closest ? gd.closest("[id]") : null;
        var rec = { fn: name, start: now(), graph: box ? box.id : String(gd && gd.id) };
        var out = orig.apply(this, arguments);
        rec.sync = now() - rec.start;
        B.plots.push(rec);
        Promise.resolve(out).then(function () { rec.end = now(); }, function () { rec.end = now(); });
        return out;
      };
    });
  }
  var plotlyValue;
  try {
    Object.defineProperty(window, "Plotly", {
      configurable: true,
      enumerable: true,
      get: function () { return plotlyValue; },
      set: function (v) { plotlyValue = v; mark("plotlyReady"); wrapPlotly(v); },
    });
  } catch (e) { /* fall back to wrapping at arm() */ }

  function sitesDrawn() {
    var groups = document.querySelectorAll("#map g.trace.scattergeo");
    for (var i = 0; i < groups.length; i++) {
      var cd = groups[i].__data__;
      var trace = cd && cd[0] && cd[0].trace;
      if (trace && trace.name === "sites" && groups[i].querySelector(".point")) return true;
    }
    return false;
  }
  var observer = new MutationObserver(function () {
    // when each graph's div is in the page (Dash rendered it), before Plotly draws in it
    if (B.marks.mapDiv === undefined && document.getElementById("map")) mark("mapDiv");
    if (B.marks.densityDiv === undefined && document.getElementById("density")) mark("densityDiv");
    if (B.marks.mapPlotDiv === undefined && document.querySelector("#map .js-plotly-plot")) mark("mapPlotDiv");
    if (B.marks.densityPlotDiv === undefined && document.querySelector("#density .js-plotly-plot")) mark("densityPlotDiv");
    // Dash's page rendered (ours draws the map before that: dashboard/web/boot.py)
    if (B.marks.dashPage === undefined && document.getElementById("timeline")) mark("dashPage");
    if (B.marks.points === undefined && document.querySelector("#map .scattergeo .point") &&
        sitesDrawn()) {
      mark("points");
      requestAnimationFrame(function () { mark("pointsFrame"); });
    }
    if (B.marks.points !== undefined && B.marks.dashPage !== undefined &&
        B.marks.densityPlotDiv !== undefined) observer.disconnect();
  });
  observer.observe(document, { childList: true, subtree: true });

  document.addEventListener("keydown", function () {
    if (B.step && B.step.t0 === null) B.step.t0 = now();
  }, true);
  document.addEventListener("mousedown", function () {
    if (B.click && B.click.t0 === null) B.click.t0 = now();
  }, true);

  function graph() { return document.querySelector("#map .js-plotly-plot"); }

  function wrapClientside() {
    var k = window.dash_clientside && window.dash_clientside.karabakh;
    if (!k || k.__benchWrapped || typeof k.updateView !== "function") return;
    k.__benchWrapped = true;
    var orig = k.updateView;
    k.updateView = function () {
      var rec = { start: now() };
      var out = orig.apply(this, arguments);
      rec.ms = now() - rec.start;
      // Did it send the map a change? (The app skips the redraw when no count changed.)
      var dc = window.dash_clientside;
      rec.map = !(Array.isArray(out) && dc && out[0] === dc.no_update);
      B.views.push(rec);
      return out;
    };
  }

  // The app's own "drawn" signal (dashboard's assets/client/40-map.js).
  document.addEventListener("karabakh:drawn", function (ev) {
    B.hotPath = true;
    var s = B.step, d = ev.detail || {};
    if (!s || s.t0 === null || s.drawn !== null) return;
    if (s.range && d.low === s.range[0] && d.high === s.range[1]) return;
    s.drawn = now();
    s.drawnRedrawn = !!d.redrawn;
    var gd = document.querySelector("#map .js-plotly-plot");
    s.drawnHow = gd && gd.getAttribute("data-last-draw");  // "resized" or "redrawn"
  });

  function thumbRange() {
    var th = document.querySelectorAll("#timeline [role=slider]");
    return th.length === 2 ? [+th[0].getAttribute("aria-valuenow"), +th[1].getAttribute("aria-valuenow")] : null;
  }

  function onPlot(gd, ev) {
    var s = B.step;
    if (!s || s.t0 === null || s.done !== null || gd.data === s.prevData) return;
    s.done = now();
    s.ev = ev;
  }

  B.arm = function () {
    var gd = graph();
    wrapPlotly(window.Plotly);
    wrapClientside();
    if (gd && !gd.__benchBound && typeof gd.on === "function") {
      gd.__benchBound = true;
      ["plotly_afterplot", "plotly_react", "plotly_restyle", "plotly_redraw"].forEach(function (ev) {
        gd.on(ev, function () { onPlot(gd, ev); });
      });
    }
    var s = B.step = {
      t0: null, done: null, textDone: null, frame: null, ev: null, prevData: gd && gd.data,
      drawn: null, drawnRedrawn: null, range: thumbRange(),
      plotIdx: B.plots.length, viewIdx: B.views.length,
    };
    // The date readout (#range-text, where the app has one) changing counts too:
    // when a step changes no count, the app leaves the map as it is.
    var text = document.getElementById("range-text");
    if (text) {
      var before = text.textContent;
      var mo = new MutationObserver(function () {
        if (s.t0 !== null && s.textDone === null && text.textContent !== before) {
          s.textDone = now();
          mo.disconnect();
        }
      });
      mo.observe(text, { childList: true, subtree: true, characterData: true });
    }
    return !!gd;
  };

  function since(t0, x) { return x === undefined || x === null ? null : x - t0; }

  /* The step is over when the new date shows: the map redrawn with a new figure
   * (unless the clientside callback sent the map no change) and the date readout
   * updated (where there is one). */
  function stepEnd(s) {
    if (!s || s.t0 === null) return null;
    if (B.hotPath) {
      if (s.drawn === null) return null;
      s.mapRedrawn = s.drawnRedrawn;
      if (s.mapRedrawn) s.ev = "karabakh:drawn";
      return Math.max(s.drawn, s.textDone === null ? 0 : s.textDone);
    }
    var views = B.views.slice(s.viewIdx).filter(function (v) { return v.start >= s.t0; });
    var expectMap = views.length ? views.some(function (v) { return v.map; }) : true;
    var needText = views.length > 0 && !!document.getElementById("range-text");
    if (expectMap && s.done === null) return null;
    if (needText && s.textDone === null) return null;
    s.mapRedrawn = expectMap;
    return Math.max(expectMap ? s.done : 0, needText ? s.textDone : 0);
  }

  B.stepResult = function () {
    var s = B.step;
    if (!s || s.frame === null || s.end === undefined) return null;
    var t0 = s.t0;
    var posts = performance.getEntriesByType("resource").filter(function (r) {
      return r.name.indexOf("_dash-update-component") >= 0 && r.startTime >= t0 - 1 &&
        r.startTime <= s.end;
    }).map(function (r) {
      return { start: r.startTime - t0, ttfb: r.responseStart - r.startTime,
        end: r.responseEnd - t0, transfer: r.transferSize, body: r.decodedBodySize };
    });
    return {
      latency: s.end - t0, frame: s.frame - t0, ev: s.mapRedrawn ? s.ev : "text only",
      mapRedrawn: s.mapRedrawn, drawnHow: s.drawnHow || null, textMs: since(t0, s.textDone), mapMs: since(t0, s.done),
      plots: B.plots.slice(s.plotIdx).filter(function (p) { return p.start <= s.end; })
        .map(function (p) { return { fn: p.fn, start: p.start - t0, sync: p.sync, end: since(t0, p.end) }; }),
      views: B.views.slice(s.viewIdx).filter(function (v) { return v.start <= s.end; })
        .map(function (v) { return { start: v.start - t0, ms: v.ms, map: v.map }; }),
      posts: posts,
    };
  };

  B.waitStep = function (timeoutMs, cb) {
    var deadline = now() + timeoutMs;
    (function poll() {
      var s = B.step;
      if (s && s.end === undefined) {
        var end = stepEnd(s);
        if (end !== null) {
          s.end = end;
          requestAnimationFrame(function () { s.frame = now(); });
        }
      }
      var r = B.stepResult();
      if (r) return cb(r);
      if (now() > deadline) {
        var s = B.step || {};
        return cb({ timeout: true, keydown: s.t0 !== null && s.t0 !== undefined });
      }
      setTimeout(poll, 5);
    })();
  };

  function token(point) { return String(point).indexOf(":") > 0 ? String(point) : "site:" + point; }

  B.armClick = function () {
    var detail = document.getElementById("detail");
    var gd = graph();
    var c = B.click = { t0: null, done: null, frame: null, token: null,
      before: detail ? detail.textContent : "" };
    if (gd && !gd.__benchClickBound && typeof gd.on === "function") {
      gd.__benchClickBound = true;
      gd.on("plotly_click", function (d) {
        var p = d && d.points && d.points[0];
        if (B.click && B.click.token === null) B.click.token = p ? String(p.customdata) : "";
      });
    }
    if (detail) {
      var mo = new MutationObserver(function () {
        if (c.done === null && c.t0 !== null && detail.textContent !== c.before) {
          c.done = now();
          mo.disconnect();
          requestAnimationFrame(function () { c.frame = now(); });
        }
      });
      mo.observe(detail, { childList: true, subtree: true, characterData: true });
    }
    return !!detail;
  };

  B.emitClick = function (siteId) {
    var gd = graph();
    var i = gd.data.findIndex(function (t) { return t.name === "sites"; });
    var j = gd.data[i].customdata.indexOf(token(siteId));
    B.click.t0 = now();
    gd.emit("plotly_click", { points: [{ curveNumber: i, pointNumber: j,
      customdata: gd.data[i].customdata[j] }] });
  };

  B.waitClick = function (timeoutMs, cb) {
    var deadline = now() + timeoutMs;
    (function poll() {
      var c = B.click;
      if (c && c.done !== null && c.frame !== null) {
        return cb({ latency: c.done - c.t0, frame: c.frame - c.t0, token: c.token });
      }
      if (now() > deadline) return cb({ timeout: true, token: c && c.token, clicked: c && c.t0 !== null });
      setTimeout(poll, 5);
    })();
  };

  // Dash is idle: no callback requested, queued or running, and no graph redraw pending.
  B.waitIdle = function (timeoutMs, cb) {
    var deadline = now() + timeoutMs;
    var quiet = 0;
    (function poll() {
      var st = window.store && window.store.getState && window.store.getState();
      var c = st && st.callbacks;
      var busy = !c || ["requested", "prioritized", "blocked", "executing", "watched", "executed"]
        .some(function (k) { return c[k] && c[k].length; }) ||
        !!document.querySelector("#map .dash-graph--pending");
      quiet = busy ? 0 : quiet + 1;
      if (quiet >= 3) return cb(true);
      if (now() > deadline) return cb(false);
      setTimeout(poll, 40);
    })();
  };

  // The map's first camera, and back to it: a click on a cluster zooms in, and the next
  // click must find its point where the first frame drew it.
  B.homeView = function () {
    var gd = graph();
    if (!gd || !B.home) return false;
    window.Plotly.relayout(gd, B.home);
    return true;
  };

  B.waitPoints = function (timeoutMs, cb) {
    var deadline = now() + timeoutMs;
    (function poll() {
      if (B.marks.pointsFrame !== undefined) {
        var geo = graph() && graph()._fullLayout.geo;
        if (geo && !B.home) {
          B.home = { "geo.center.lon": geo.center.lon, "geo.center.lat": geo.center.lat,
            "geo.projection.scale": geo.projection.scale };
        }
        return cb(B.marks);
      }
      if (now() > deadline) return cb(null);
      setTimeout(poll, 20);
    })();
  };

  B.loadReport = function () {
    var nav = performance.getEntriesByType("navigation")[0] || {};
    var paints = {};
    performance.getEntriesByType("paint").forEach(function (p) { paints[p.name] = p.startTime; });
    var resources = performance.getEntriesByType("resource").map(function (r) {
      return { name: r.name, start: r.startTime, ttfb: r.responseStart, end: r.responseEnd,
        transfer: r.transferSize, encoded: r.encodedBodySize, decoded: r.decodedBodySize };
    });
    return {
      marks: B.marks, dcl: nav.domContentLoadedEventEnd, load: nav.loadEventEnd,
      htmlEnd: nav.responseEnd, paints: paints, resources: resources,
      plots: B.plots.map(function (p) { return { fn: p.fn, graph: p.graph, start: p.start, sync: p.sync, end: p.end }; }),
    };
  };

  B.sites = function () {
    // [site id, marker size] of the sites trace, as drawn.
    var gd = graph();
    var t = gd && gd._fullData.find(function (x) { return x.name === "sites"; });
    if (!t) return [];
    return t.customdata.map(function (cd, i) {
      // the point's token: "site:ID", or "cluster:KEY" on a record of thousands of places
      return [String(cd), Array.isArray(t.marker.size) ? t.marker.size[i] : 0];
    });
  };

  B.sitePoint = function (siteId) {
    var groups = document.querySelectorAll("#map g.trace.scattergeo");
    for (var i = 0; i < groups.length; i++) {
      var cd = groups[i].__data__;
      var trace = cd && cd[0] && cd[0].trace;
      if (!trace || trace.name !== "sites") continue;
      var j = trace.customdata.indexOf(token(siteId));
      return groups[i].querySelectorAll(".point")[j] || null;
    }
    return null;
  };
})();
