/*
 * The view in the address bar, the share link and the export links; a shared link's
 * camera; the selection's ring on the map and line on the strip. Parameter names and
 * defaults come from the client contract (schema.LINK_PARAMS, read by
 * dashboard/views/query.py on the way back in).
 */
(function (root) {
  "use strict";
  var k = root.karabakh = root.karabakh || {};

  // The link parameters for a view (pure): a URLSearchParams. ``view.camera`` is
  // "lon,lat,scale" or null; ``view.defaultLayers`` the layers a plain link shows.
  k.viewParams = function (rules, origin, max, view) {
    var P = rules.linkParams, q = new URLSearchParams();
    var range = k.clampRange(view.value, max);
    q.set(P.start, k.indexToIso(origin, range[0]));
    q.set(P.end, k.indexToIso(origin, range[1]));
    if (view.mode === "compare") {  // ?compare=A,B says both dates and the mode
      q.delete(P.start);
      q.delete(P.end);
      q.set(P.compare, k.indexToIso(origin, range[0]) + "," + k.indexToIso(origin, range[1]));
    } else if (view.mode && view.mode !== rules.defaults.mode) q.set(P.mode, view.mode);
    if (view.mode === "window" && view.windowLength) q.set(P.window, String(view.windowLength));
    if (k.isToken(rules, view.selection)) {
      var kind = view.selection.split(":")[0];
      q.set(kind, view.selection.slice(kind.length + 1));
    }
    var f = view.filter || {};
    if (f.categories && f.categories.length) q.set(P.categories, f.categories.join(","));
    if (f.actors && f.actors.length) q.set(P.actors, f.actors.join(","));
    if (f.confidence && f.confidence.length) q.set(P.confidence, f.confidence.join(","));
    if (f.text) q.set(P.text, f.text);
    if (f.claimed_by && f.claimed_by.length) q.set(P.claimed_by, f.claimed_by.join(","));
    if (f.corroborated) q.set(P.corroborated, "1");
    if (typeof f.reported_within === "number") q.set(P.reported_within, String(f.reported_within));
    if (Array.isArray(view.precision) && view.precision.length < rules.precisionKinds.length) {
      q.set(P.precision, view.precision.join(","));
    }
    if (view.names && view.names !== (view.defaultNames || rules.defaults.names)) q.set(P.names, view.names);
    var layers = Array.isArray(view.layers) ? view.layers.slice().sort().join(",") : null;
    if (layers !== null && layers !== view.defaultLayers) q.set(P.layers, view.layers.join(","));
    if (view.camera) q.set(P.view, view.camera);
    if (view.embed) q.set(P.embed, "1");
    if (view.language && view.language !== "en") q.set(P.language, view.language);
    return q;
  };

  // The page in another language, at this view: the same parameters with its ``lang``.
  k.languageParams = function (rules, params, language) {
    var q = new URLSearchParams(params);
    q.set(rules.linkParams.language, language);
    return q;
  };

  // The same parameters without those that do not choose events (for the exports).
  k.exportParams = function (rules, params) {
    var q = new URLSearchParams(params);
    rules.viewOnlyParams.forEach(function (name) { q.delete(name); });
    return q;
  };

  // An open story's link: its id and step (and embed), which set everything else (pure).
  k.storyParams = function (rules, story, view) {
    var P = rules.linkParams, q = new URLSearchParams();
    q.set(P.story, story.id);
    q.set(P.step, String(story.step));
    if (view.get(P.embed)) q.set(P.embed, view.get(P.embed));
    if (view.get(P.language)) q.set(P.language, view.get(P.language));
    return q;
  };

  if (typeof document === "undefined") return;  // the rest works on the page

  var defaultLayers = null, lastCamera = null;

  function cameraOf(relayout) {
    var gd = document.querySelector("#map .js-plotly-plot");
    var geo = gd && gd._fullLayout && gd._fullLayout.geo;
    if (relayout && geo && (relayout["geo.center.lon"] !== undefined || relayout["geo.projection.scale"] !== undefined)) {
      lastCamera = [geo.center.lon.toFixed(4), geo.center.lat.toFixed(4), geo.projection.scale.toFixed(3)].join(",");
    }
    return lastCamera;
  }

  function syncUrl(settled, mode, windowLength, selection, filterState, precision, names, layers,
                   relayout, story, data, pageClass) {
    var dc = root.dash_clientside, rules = k.rules();
    if (!data || !rules) return [dc.no_update, dc.no_update, dc.no_update, dc.no_update, dc.no_update];
    if (defaultLayers === null) defaultLayers = (layers || []).slice().sort().join(",");
    var q = k.viewParams(rules, data.origin, data.max, {
      value: settled, mode: mode, windowLength: windowLength, selection: selection, filter: filterState,
      precision: precision, names: names, layers: layers, defaultLayers: defaultLayers,
      camera: cameraOf(relayout), embed: !!(pageClass && pageClass.indexOf("embed") >= 0),
      language: k.locale().lang, defaultNames: k.locale().defaultNames
    });
    var shown = story && story.id ? k.storyParams(rules, story, q) : q;
    var query = "?" + shown.toString();
    document.querySelectorAll("#language-switch a[hreflang]").forEach(function (a) {
      a.setAttribute("href", "?" + k.languageParams(rules, shown, a.getAttribute("hreflang")).toString());
    });
    var loc = root.location;
    if (loc.search !== query) root.history.replaceState(null, "", loc.pathname + query);
    var eq = "?" + k.exportParams(rules, q).toString();
    var at = new URLSearchParams({ at: k.indexToIso(data.origin, k.clampRange(settled, data.max)[1]) });
    return [query, loc.origin + loc.pathname + query, "/export/events.csv" + eq, "/export/events.geojson" + eq,
      "/export/layers.geojson?" + at.toString()];
  }

  // The address bar and the share/export links follow once the panels' answer is drawn
  // ("karabakh:panels", 70-panels.js) when the change asks the server for panels, else
  // when the browser is idle: replaceState costs the browser process ~10 ms and the links
  // a render, which would otherwise share the two cores with the server's panel request
  // (benchmarks/README: its p95 at 100k went from ~28 to ~16 ms).
  var PANELS_WAIT_MS = 2000, panelsPending = false, lastPanelView = null, waiting = [], fallback = null;
  function idle(fn) {
    return root.requestIdleCallback ? root.requestIdleCallback(fn, { timeout: 500 }) : root.setTimeout(fn, 50);
  }
  function flush() {
    root.clearTimeout(fallback);
    fallback = null;
    panelsPending = false;
    waiting.splice(0).forEach(idle);
  }
  function afterPanels(fn) {
    if (!panelsPending) { idle(fn); return; }
    waiting.push(fn);
    if (fallback === null) fallback = root.setTimeout(flush, PANELS_WAIT_MS);
  }
  document.addEventListener("karabakh:panels", flush);

  function syncUrlWhenIdle(settled, mode, windowLength, selection, filterState, precision) {
    var args = arguments, panelView = JSON.stringify([settled, mode, selection, filterState, precision]);
    if (panelView !== lastPanelView) {  // the panels' inputs changed: their answer is coming
      lastPanelView = panelView;
      panelsPending = true;
    }
    return new Promise(function (resolve) {
      afterPanels(function () { resolve(syncUrl.apply(null, args)); });
    });
  }

  // Only a query reaches the server (a plain address has nothing to restore).
  function linkQuery(search) {
    return typeof search === "string" && search.length > 1 ? search : root.dash_clientside.no_update;
  }

  // A shared link's camera (checked by the server); the map's relayout event then
  // reports it to Dash like a zoom by hand.
  function applyCamera(camera) {
    var gd = k.mapDiv();
    if (gd && camera && typeof camera.lon === "number") {
      var target = { "geo.center.lon": camera.lon, "geo.center.lat": camera.lat,
        "geo.projection.scale": camera.scale };
      if (camera.glide) glide(gd, target);
      else root.Plotly.relayout(gd, target);
    }
    return root.dash_clientside.no_update;
  }

  // A story's camera moves smoothly where that costs little (a few hundred points to lay
  // out per frame) and the reader has not asked for reduced motion; else it jumps. While it
  // glides, the frames' relayouts are not reported (k.gliding): the last one is.
  var GLIDE_MS = 450, GLIDE_MAX_POINTS = 800, glideSeq = 0;
  function glide(gd, target) {
    var geo = gd._fullLayout.geo, mine = ++glideSeq, t0 = root.performance.now();
    var from = [geo.center.lon, geo.center.lat, geo.projection.scale];
    var reduced = root.matchMedia && root.matchMedia("(prefers-reduced-motion: reduce)").matches;
    if (reduced || !(from[2] > 0) || gd.querySelectorAll(".scattergeo .point").length > GLIDE_MAX_POINTS) {
      k.gliding = false;
      root.Plotly.relayout(gd, target);
      return;
    }
    k.gliding = true;
    (function frame() {
      if (mine !== glideSeq) return;  // a newer move took over
      var t = Math.min(1, (root.performance.now() - t0) / GLIDE_MS), e = 1 - Math.pow(1 - t, 3);
      if (t >= 1) { k.gliding = false; root.Plotly.relayout(gd, target); return; }
      Promise.resolve(root.Plotly.relayout(gd, {
        "geo.center.lon": from[0] + (target["geo.center.lon"] - from[0]) * e,
        "geo.center.lat": from[1] + (target["geo.center.lat"] - from[1]) * e,
        "geo.projection.scale": from[2] * Math.pow(target["geo.projection.scale"] / from[2], e)
      })).then(function () { root.requestAnimationFrame(frame); });
    })();
  }

  // The selection shown everywhere: a ring on the map, a line on the strip.
  function highlight(h, data) {
    var dc = root.dash_clientside;
    if (!data) return dc.no_update;
    var has = h && typeof h.lon === "number", gd = k.mapDiv();
    if (gd && typeof data.highlightTrace === "number") {
      root.Plotly.restyle(gd, { lon: [has ? [h.lon] : []], lat: [has ? [h.lat] : []] }, [data.highlightTrace]);
    }
    var strip = (document.querySelector("#density .js-plotly-plot") || {}).layout;
    if (!strip || !strip.shapes) return dc.no_update;
    var last = strip.shapes.length - 1, dated = h && typeof h.from === "number", patch = new dc.Patch();
    patch.assign(["layout", "shapes", last, "visible"], !!dated);
    if (dated) {
      patch.assign(["layout", "shapes", last, "x0"], k.indexToIso(data.origin, h.from));
      patch.assign(["layout", "shapes", last, "x1"], k.indexToIso(data.origin, h.to + 1));
    }
    return patch.build();
  }

  k.callbacks = Object.assign(k.callbacks || {}, {
    syncUrl: syncUrlWhenIdle, linkQuery: linkQuery, applyCamera: applyCamera, highlight: highlight
  });
})(typeof window !== "undefined" ? window : globalThis);
