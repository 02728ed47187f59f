/*
 * Counting the events of the client data (dashboard/views/figures.py client_data):
 * per site for a range, per month and category for the density strip, and the
 * event starts the step buttons land on. Pure; tests/cases/*.json holds the cases
 * both this and the Python side run.
 */
(function (root) {
  "use strict";
  var k = root.karabakh = root.karabakh || {};

  // The event columns arrive compact (grouped within a start day, see
  // dashboard/views/client_events.py): rebuild the start and end days and the strip's
  // month bins once per data object.
  k.columns = function (data) {
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
      // starts are sorted, so the month only moves forward (from the first if not)
      if (j > 0 && start[j] < start[j - 1]) m = -1;
      while (m + 1 < months.length && months[m + 1] <= start[j]) m++;
      bins[j] = m;
    }
    ev.start = start;
    ev.end = end;
    if (data.sites) data.sites.labelOrder = k.labelOrder(data.sites.labelFirst, ev.site, data.sites.count);
    d.bins = bins;
    d.months = months.length;
    return data;
  };

  // The order the map's labels are placed in (views/sites_trace.py label_first): the key
  // sites first, then by events (all dates), most first; ties keep the places' order.
  k.labelOrder = function (first, site, n) {
    var total = new Int32Array(n), rank = new Int32Array(n).fill((first || []).length);
    for (var i = 0; i < site.length; i++) if (site[i] >= 0) total[site[i]]++;
    (first || []).forEach(function (p, r) { rank[p] = r; });
    var order = [];
    for (var j = 0; j < n; j++) order.push(j);
    return order.sort(function (a, b) { return rank[a] - rank[b] || total[b] - total[a] || a - b; });
  };

  // Events overlapping [low, high] that no hidden precision bit and the filter mask keep.
  k.countEvents = function (events, nSites, low, high, hidden, mask) {
    var perSite = new Array(nSites).fill(0);
    var total = 0, unmapped = 0;
    var start = events.start, end = events.end, site = events.site, flags = events.flags;
    for (var i = 0, n = start.length; i < n; i++) {
      if (start[i] <= high && end[i] >= low && (flags[i] & hidden) === 0 && k.passes(mask, i)) {
        total++;
        if (site[i] >= 0) perSite[site[i]]++;
        else unmapped++;
      }
    }
    return { perSite: perSite, total: total, unmapped: unmapped };
  };

  // Events per start month and category (dashboard/views/timeline.py density_counts).
  k.densityCounts = function (data, hidden, mask) {
    var d = data.density, flags = data.events.flags, category = data.events.category, counts = [];
    for (var c = 0; c < d.categories; c++) counts.push(new Array(d.months).fill(0));
    for (var i = 0; i < d.bins.length; i++) {
      if ((flags[i] & hidden) === 0 && k.passes(mask, i) && d.bins[i] >= 0 && d.bins[i] < d.months) {
        counts[category[i]][d.bins[i]]++;
      }
    }
    return counts;
  };

  // The start days of the events shown, sorted (events arrive sorted by start).
  k.eventStarts = function (data, hidden, mask) {
    var flags = data.events.flags, start = data.events.start, out = [];
    for (var i = 0; i < start.length; i++) if ((flags[i] & hidden) === 0 && k.passes(mask, i)) out.push(start[i]);
    return out;
  };

  k.nextEvent = function (starts, after) {
    for (var i = 0; i < starts.length; i++) if (starts[i] > after) return starts[i];
    return null;
  };

  k.prevEvent = function (starts, before) {
    for (var i = starts.length - 1; i >= 0; i--) if (starts[i] < before) return starts[i];
    return null;
  };
})(typeof window !== "undefined" ? window : globalThis);
