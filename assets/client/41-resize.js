/*
 * The commonest step changes only the sites' sizes and hover texts. Plotly.react
 * would redraw every trace of the geo subplot for that (~45 ms at 200 sites, most
 * of a step); instead each resized point's symbol path is scaled (Plotly draws every
 * symbol linear in its radius), its label moved by the offset Plotly gives a label
 * at that radius (drawing.textPointPosition: radius / 0.8 + 1 along the label's
 * side), and Plotly's own data for the point updated: its radius (``mrc``, hover
 * distance), size (``ms``) and hover text (``htx``). gd.data holds the new values
 * (40-map.js set them), so the next Plotly.react, for any other change, draws from
 * them. k.resizeSites returns false, having changed nothing on screen, when this
 * cannot apply.
 */
(function (root) {
  "use strict";
  var k = root.karabakh = root.karabakh || {};
  var RESIZABLE = { "marker.size": true, "hovertext": true };
  var LABEL_SIDE = { start: 1, end: -1, middle: 0, bottom: 1, top: -1 };

  k.resizeSites = function (gd, traceIndex, changes) {
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
      el.setAttribute("d", k.scalePath(el.getAttribute("d"), radius / point.mrc));
      point.mrc = radius;
      point.ms = sizes[point.i];
    });
    for (var j = 0; j < cd.length; j++) {
      var one = cd[j];
      if (typeof one.i !== "number") continue;
      one.ms = sizes[one.i];
      one.mrc = sizes[one.i] / 2;
      if (Array.isArray(hovers)) one.htx = hovers[one.i];
    }
    return true;
  };

  function round3(x) { return Math.round(x * 1000) / 1000; }

  // An SVG path scaled about its origin; arcs keep their rotation and flags.
  k.scalePath = function (d, factor) {
    var out = [], tokens = String(d).match(/[A-Za-z]|-?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?/g) || [];
    var command = "", index = 0;
    for (var t = 0; t < tokens.length; t++) {
      var tok = tokens[t];
      if (/[A-Za-z]/.test(tok)) { command = tok; index = 0; out.push(tok); continue; }
      var arcFixed = (command === "A" || command === "a") && (index % 7 >= 2 && index % 7 <= 4);
      out.push(arcFixed ? tok : String(round3(parseFloat(tok) * factor)));
      index++;
    }
    return out.join(" ").replace(/ ?([A-Za-z]) /g, "$1");
  };
})(typeof window !== "undefined" ? window : globalThis);
