/*
 * The map is not a Dash component (boot.js drew it before Dash booted), so its clicks
 * and camera changes reach Dash's stores from here. A click before Dash has rendered
 * its page waits for it.
 */
(function (root) {
  "use strict";
  var k = root.karabakh = root.karabakh || {};
  if (typeof document === "undefined") return;

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
    if (!k.isToken(k.rules(), token)) return null;
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
      var dc = root.dash_clientside;
      return dc && dc.set_props && document.getElementById("map-slot") ? dc : null;
    }
    var pendingToken = null;
    gd.on("plotly_click", function (ev) {
      var token = selectFromMap(gd, ev);
      if (!token) return;
      if (token.indexOf("cluster:") === 0) {
        // its places are listed, then the map zooms in: the zoom regroups and redraws the
        // map, which would hold up the list if both ran at once (70-panels.js says when
        // the panels' answer is drawn; a second at most)
        var pt = ev.points[0], trace = gd.data[pt.curveNumber] || {};
        var lon = typeof pt.lon === "number" ? pt.lon : trace.lon[pt.pointNumber];
        var lat = typeof pt.lat === "number" ? pt.lat : trace.lat[pt.pointNumber];
        var zoomed = false, zoom = function () {
          if (zoomed) return;
          zoomed = true;
          document.removeEventListener("karabakh:panels", zoom);
          root.requestAnimationFrame(function () { k.zoomIntoCluster(gd, lon, lat); });
        };
        document.addEventListener("karabakh:panels", zoom);
        root.setTimeout(zoom, 1000);
      }
      var dc = dashReady();
      if (dc) dc.set_props("selection", { data: token });
      else pendingToken = token;
    });
    gd.on("plotly_relayout", function (ev) {
      var dc = dashReady();
      if (dc && ev && !ev.autosize && !k.gliding) dc.set_props("map-view", { data: ev });
    });
    if (!dashReady()) {
      var waiter = new MutationObserver(function () {
        var dc = dashReady();
        if (!dc) return;
        waiter.disconnect();
        if (pendingToken) root.setTimeout(function () { dc.set_props("selection", { data: pendingToken }); }, 0);
      });
      waiter.observe(document.body, { childList: true, subtree: true });
    }
  }
  wireMap();
})(typeof window !== "undefined" ? window : globalThis);
