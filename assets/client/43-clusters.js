/*
 * Places merged by zoom on a record of thousands of them (dashboard/views/clusters.py has
 * the same rules and says why; tests/cases/clusters.json holds cases both sides run). The
 * points of the sites trace are groups of places: one place each below the threshold, as
 * always; above it, one point per cell in view, a cluster where a cell holds several.
 */
(function (root) {
  "use strict";
  var k = root.karabakh = root.karabakh || {};

  // The finest level whose cells are at most rules.cellPx wide at pxPerDegree.
  k.clusterLevel = function (rules, pxPerDegree) {
    if (!(pxPerDegree > 0)) return 0;
    var level = Math.ceil(Math.log2(rules.baseDeg * pxPerDegree / rules.cellPx) - 1e-9);
    return Math.max(0, Math.min(rules.maxLevel, level));
  };

  k.cellOf = function (rules, lon, lat, level) {
    var size = rules.baseDeg / Math.pow(2, level);
    return [Math.floor(lon / size), Math.floor(lat / size)];
  };

  // Positions sharing a cell, in the order of each cell's first place; with bounds
  // [lonMin, latMin, lonMax, latMax], only the cells reaching into them, whole (pure).
  k.groupSites = function (rules, lons, lats, level, bounds) {
    var byCell = {}, groups = [], size = rules.baseDeg / Math.pow(2, level);
    for (var i = 0; i < lons.length; i++) {
      var cell = k.cellOf(rules, lons[i], lats[i], level), key = cell[0] + ":" + cell[1];
      if (bounds && !((cell[0] + 1) * size >= bounds[0] && cell[0] * size <= bounds[2] &&
          (cell[1] + 1) * size >= bounds[1] && cell[1] * size <= bounds[3])) continue;
      if (byCell[key] === undefined) { byCell[key] = groups.length; groups.push([]); }
      groups[byCell[key]].push(i);
    }
    return groups;
  };

  k.clusterHover = function (places, count) {
    return "<b>" + k.tn("{n} place", "{n} places", places, { n: k.formatNumber(places) }) + "</b><br>" +
      k.tn("{n} event in the selected dates", "{n} events in the selected dates", count,
        { n: k.formatNumber(count) }) + "<br>" + k.t("Click to list them and zoom in");
  };

  // The sites trace's points for a level and bounds (pure): groups, their positions and
  // tokens, and the order their labels are placed in (by their first place's rank).
  k.sitePoints = function (rules, sites, level, bounds) {
    var groups = k.groupSites(rules, sites.lon, sites.lat, level, bounds);
    var out = { groups: groups, lon: [], lat: [], custom: [], order: [] };
    var rank = sites.rank || (sites.rank = (function () {
      var r = new Array(sites.count);
      sites.labelOrder.forEach(function (i, n) { r[i] = n; });
      return r;
    })());
    groups.forEach(function (g) {
      if (g.length === 1) {
        out.lon.push(sites.lon[g[0]]);
        out.lat.push(sites.lat[g[0]]);
        out.custom.push("site:" + sites.ids[g[0]]);
        return;
      }
      var lon = 0, lat = 0;
      g.forEach(function (i) { lon += sites.lon[i]; lat += sites.lat[i]; });
      out.lon.push(Math.round(lon / g.length * 1e5) / 1e5);
      out.lat.push(Math.round(lat / g.length * 1e5) / 1e5);
      var cell = k.cellOf(rules, sites.lon[g[0]], sites.lat[g[0]], level);
      out.custom.push("cluster:" + level + ":" + cell[0] + ":" + cell[1]);
    });
    out.order = groups.map(function (g, j) { return j; })
      .sort(function (a, b) { return rank[groups[a][0]] - rank[groups[b][0]]; });
    return out;
  };

  // The dotted rings round approximate places drawn alone (dashboard/views/figures.py
  // _uncertainty_trace draws the same for the first frame), as one gap-separated line.
  var RING_STEPS = 48;
  k.rings = function (sites, pts, km) {
    var out = { lon: [], lat: [] };
    pts.groups.forEach(function (g) {
      if (g.length !== 1 || !sites.approximate[g[0]]) return;
      var lon = sites.lon[g[0]], lat = sites.lat[g[0]];
      var dLat = km / 110.57, dLon = km / (111.32 * Math.cos(lat * Math.PI / 180));
      for (var s = 0; s <= RING_STEPS; s++) {
        var a = 2 * Math.PI * s / RING_STEPS;
        out.lon.push(Math.round((lon + dLon * Math.cos(a)) * 1e5) / 1e5);
        out.lat.push(Math.round((lat + dLat * Math.sin(a)) * 1e5) / 1e5);
      }
      out.lon.push(null);
      out.lat.push(null);
    });
    return out;
  };

  if (typeof document === "undefined") return;  // Node loads the pure part only

  // The points for the map as it is now (null: the record is small, every place is drawn).
  var cache = { key: null, points: null };
  k.mapPoints = function (gd, data) {
    var rules = data.clusters, sites = data.sites;
    if (!rules || sites.count < rules.minSites) return null;
    var full = gd._fullLayout, geo = full && full.geo && full.geo._subplot;
    if (!geo || !geo.projection) return cache.points;
    var w = full.width, h = full.height;
    var a = geo.projection.invert([0, h]), b = geo.projection.invert([w, 0]);
    if (!a || !b) return cache.points;
    var spanLon = b[0] - a[0], spanLat = b[1] - a[1];
    var level = k.clusterLevel(rules, w / spanLon);
    var bounds = [a[0] - spanLon * rules.margin, a[1] - spanLat * rules.margin,
      b[0] + spanLon * rules.margin, b[1] + spanLat * rules.margin];
    // a pan within a cell's width keeps the points (and the hot path's in-place resize)
    var size = rules.baseDeg / Math.pow(2, level);
    var key = [level, Math.round(bounds[0] / size), Math.round(bounds[1] / size),
      Math.round(bounds[2] / size), Math.round(bounds[3] / size)].join("|");
    if (key !== cache.key) {
      cache.key = key;
      cache.points = k.sitePoints(rules, sites, level, bounds);
      cache.points.key = key;
    }
    return cache.points;
  };

  // A click on a cluster zooms in, centred on it: two levels finer, each of its cells a
  // quarter the size, so it splits.
  k.zoomIntoCluster = function (gd, lon, lat) {
    var geo = gd._fullLayout && gd._fullLayout.geo;
    if (!geo || !geo.projection || typeof lon !== "number") return;
    root.Plotly.relayout(gd, { "geo.center.lon": lon, "geo.center.lat": lat,
      "geo.projection.scale": geo.projection.scale * 4 });
  };
})(typeof window !== "undefined" ? window : globalThis);
