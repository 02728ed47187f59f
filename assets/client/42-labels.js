/*
 * Map labels that never collide. Each labelled site's name is placed in the server's order
 * (sites.labelOrder: the annotations' key sites first, then by events) at its preferred
 * side of its marker (sites.positions), else at another side where its box overlaps no
 * marker and no label already placed and stays inside the map; else it is left out (the
 * marker's hover still names it) until a zoom makes room. 40-map.js asks for a new plan
 * when the camera, the map's size or the names change, not on every scrub step.
 */
(function (root) {
  "use strict";
  var k = root.karabakh = root.karabakh || {};

  var SIDES = ["middle right", "middle left", "top center", "bottom center",
    "top right", "top left", "bottom right", "bottom left"];
  var GAP = 2;  // px between a marker's edge and its label, about as Plotly draws it
  var EDGE = 4;  // px kept clear inside the map's edge (a measured width may be a little short)

  // The box [x0, y0, x1, y1] of a w × h label at ``side`` of a marker of radius r at (x, y).
  k.labelBox = function (x, y, r, w, h, side) {
    var parts = String(side).split(" "), v = parts[0], hz = parts[1];
    var x0 = hz === "right" ? x + r + GAP : hz === "left" ? x - r - GAP - w : x - w / 2;
    var y0 = v === "top" ? y - r - GAP - h : v === "bottom" ? y + r + GAP : y - h / 2;
    return [x0, y0, x0 + w, y0 + h];
  };

  function overlaps(a, b) {
    return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
  }

  // Where each label goes (pure): ``items`` in placement order, {i, x, y, r, w, h, prefer}
  // (w = 0: the site has no label, but its marker is in the way of others'); returns
  // {i: side} for the labels placed inside width × height (less EDGE all round).
  k.placeLabels = function (items, width, height) {
    var placed = [], out = {};
    var markers = items.map(function (it) { return [it.x - it.r, it.y - it.r, it.x + it.r, it.y + it.r]; });
    items.forEach(function (it, n) {
      if (!(it.w > 0)) return;
      var sides = [it.prefer].concat(SIDES.filter(function (s) { return s !== it.prefer; }));
      for (var j = 0; j < sides.length; j++) {
        var box = k.labelBox(it.x, it.y, it.r, it.w, it.h, sides[j]);
        if (box[0] < EDGE || box[1] < EDGE || box[2] > width - EDGE || box[3] > height - EDGE) continue;
        if (placed.some(function (p) { return overlaps(p, box); })) continue;
        if (markers.some(function (m, q) { return q !== n && overlaps(m, box); })) continue;
        placed.push(box);
        out[it.i] = sides[j];
        break;
      }
    });
    return out;
  };

  if (typeof document === "undefined") return;  // Node loads the pure part only

  var LABEL_HEIGHT = 13, canvas = null;
  function textWidth(text, font) {
    canvas = canvas || document.createElement("canvas").getContext("2d");
    canvas.font = font;
    // labels are escaped for Plotly (&amp; ...): measure what it shows
    return canvas.measureText(String(text).replace(/<\/?i>/g, "").replace(/&amp;/g, "&").replace(/&lt;/g, "<")).width;
  }

  // The camera and size a plan was made for: a new plan is needed when this changes.
  k.labelKey = function (gd, convention) {
    var full = gd._fullLayout, geo = full && full.geo;
    if (!geo || !geo.center || !geo.projection) return null;
    return [geo.center.lon, geo.center.lat, geo.projection.scale, full.width, full.height, convention].join("|");
  };

  // The labels for the map as drawn now: {text: [...], position: [...]} by point of the
  // sites trace, or null before Plotly has laid the map out. ``pts`` (43-clusters.js): the
  // points are places and clusters; a cluster has no label but keeps its room.
  k.labelPlan = function (gd, data, labels, sizes, pts) {
    var full = gd._fullLayout, geo = full && full.geo && full.geo._subplot;
    var sites = data.sites;
    if (!geo || !geo.projection) return null;
    var lon = pts ? pts.lon : sites.lon, lat = pts ? pts.lat : sites.lat;
    var font = "11px " + ((full.font && full.font.family) || "sans-serif");
    function place(j) { return pts ? (pts.groups[j].length === 1 ? pts.groups[j][0] : -1) : j; }
    var items = (pts ? pts.order : sites.labelOrder).map(function (j) {
      var p = geo.projection([lon[j], lat[j]]) || [-1e6, -1e6], i = place(j);
      return { i: j, x: p[0], y: p[1], r: sizes[j] / 2, h: LABEL_HEIGHT,
        prefer: i >= 0 ? sites.positions[i] : "middle right",
        // among thousands, any place drawn alone may have its label where it fits
        w: i >= 0 && (pts || sites.labelled[i]) ? textWidth(labels[i], font) : 0 };
    });
    var placed = k.placeLabels(items, full.width, full.height);
    return {
      text: sizes.map(function (s, j) { var i = place(j); return placed[j] && i >= 0 ? labels[i] : ""; }),
      position: sizes.map(function (s, j) { var i = place(j); return placed[j] || (i >= 0 ? sites.positions[i] : "middle right"); })
    };
  };
})(typeof window !== "undefined" ? window : globalThis);
