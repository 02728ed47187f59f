/*
 * Clientside code of the Karabakh peacekeeping map, under one namespace.
 *
 * The slider's hot path runs here: the event columns arrive once (client-data
 * store) and every slider step only patches the marker sizes, symbols and
 * hover texts of the sites trace and the visibility of the dated layers,
 * never re-sending or rebuilding the figure.
 * The formulas mirror dashboard/figures.py (marker_size, status_at).
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

  // Bits of the imprecise kinds of events (mirrors dashboard/filters.py PRECISION_KINDS).
  var PRECISION_BITS = { approximate: 1, region: 2, coarse: 4 };

  function hiddenMask(included) {
    if (!Array.isArray(included)) return 0;
    var mask = 0;
    Object.keys(PRECISION_BITS).forEach(function (k) {
      if (included.indexOf(k) < 0) mask |= PRECISION_BITS[k];
    });
    return mask;
  }

  function countEvents(events, nSites, low, high, hidden) {
    var perSite = new Array(nSites).fill(0);
    var total = 0;
    var unmapped = 0;
    var start = events.start, end = events.end, site = events.site, flags = events.flags;
    for (var i = 0, n = start.length; i < n; i++) {
      if (start[i] <= high && end[i] >= low && (flags[i] & hidden) === 0) {
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

  function rangeWords(origin, low, high) {
    var days = high - low + 1;
    return dayText(origin, low) + " – " + dayText(origin, high) + " (" +
      days.toLocaleString("en-GB") + " day" + (days === 1 ? "" : "s") + ")";
  }

  function countWords(counts) {
    var mapped = counts.total - counts.unmapped;
    var s = counts.total === 1 ? "" : "s";
    return counts.total + " event" + s + " (" + mapped + " at sites on the map, " +
      counts.unmapped + " region-wide or unlocated)";
  }

  function updateView(dragValue, value, toggles, precision, convention, data) {
    var dc = window.dash_clientside;
    if (!data) return [dc.no_update, dc.no_update, dc.no_update];
    window.karabakhOrigin = data.origin;
    var triggered = (dc.callback_context.triggered || []).map(function (t) { return t.prop_id; });
    var useDrag = triggered.indexOf("timeline.drag_value") >= 0 && Array.isArray(dragValue);
    var range = clampRange(useDrag ? dragValue : value, data.max);
    var low = range[0], high = range[1];
    var on = toggles || [];
    var sites = data.sites;
    var counts = countEvents(data.events, sites.count, low, high, hiddenMask(precision));
    var labels = sites.labels[convention] || sites.labels.both;

    var patch = new dc.Patch();
    var sizes = new Array(sites.count), symbols = new Array(sites.count), hovers = new Array(sites.count);
    for (var i = 0; i < sites.count; i++) {
      var c = counts.perSite[i];
      sizes[i] = markerSize(c);
      symbols[i] = c ? sites.symbols[i] : sites.symbols[i] + "-open";
      hovers[i] = hoverText(sites, labels, i, c);
    }
    var st = sites.trace;
    patch.assign(["data", st, "marker", "size"], sizes);
    patch.assign(["data", st, "marker", "symbol"], symbols);
    patch.assign(["data", st, "hovertext"], hovers);
    patch.assign(["data", st, "text"], labels);

    data.traces.forEach(function (t) {
      var wanted = on.indexOf(t.toggle) >= 0;
      if (t.kind === "scattergeo" || t.kind === "choropleth") {
        var status = statusAt(t.from, t.to, high);
        var fade = status === "current" ? 1 : data.formerOpacity;
        var shown = status === "current" || (status === "former" && on.indexOf("former") >= 0);
        patch.assign(["data", t.index, "visible"], wanted && shown);
        if (t.kind === "choropleth") patch.assign(["data", t.index, "marker", "opacity"], t.opacity * fade);
        else patch.assign(["data", t.index, "opacity"], fade);
      } else {
        patch.assign(["data", t.index, "visible"], wanted);
      }
    });
    return [patch.build(), rangeWords(data.origin, low, high), countWords(counts)];
  }

  var TOKEN = /^(site|layer|event):.+/;

  /*
   * A map click becomes a selection token. Plotly ranks a line's vertex within
   * 3 px above any marker, so a click on a site that sits on a line (Dadivank
   * on the line of contact) would open the line: a site marker under the
   * clicked point wins.
   */
  function selectFromMap(clickData, data) {
    var dc = window.dash_clientside;
    var pt = clickData && clickData.points && clickData.points[0];
    if (!pt) return dc.no_update;
    var token = pt.customdata;
    if (typeof token !== "string" || !TOKEN.test(token)) return dc.no_update;
    var gd = document.querySelector("#map .js-plotly-plot");
    var geo = gd && gd._fullLayout && gd._fullLayout.geo && gd._fullLayout.geo._subplot;
    if (token.indexOf("layer:") === 0 && geo && data && typeof pt.lon === "number") {
      var sites = gd._fullData[data.sites.trace];
      var here = geo.projection([pt.lon, pt.lat]);
      var best = null, bestDist = Infinity;
      for (var i = 0; sites && i < sites.lon.length; i++) {
        var there = geo.projection([sites.lon[i], sites.lat[i]]);
        var dist = Math.hypot(here[0] - there[0], here[1] - there[1]);
        var radius = (Array.isArray(sites.marker.size) ? sites.marker.size[i] : 8) / 2 + 3;
        if (dist <= radius && dist < bestDist) { best = sites.customdata[i]; bestDist = dist; }
      }
      if (best && sites.visible === true) token = best;
    }
    return token;
  }

  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    karabakh: { updateView: updateView, selectFromMap: selectFromMap }
  });

  // Slider tooltips show the day offset as a date.
  window.dccFunctions = window.dccFunctions || {};
  window.dccFunctions.karabakhDayLabel = function (index) {
    return window.karabakhOrigin ? dayText(window.karabakhOrigin, index) : String(index);
  };
  window.karabakhDayText = dayText;
})();
