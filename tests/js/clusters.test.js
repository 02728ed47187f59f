// Clusters by zoom (assets/client/43-clusters.js) on the cases tests/unit/test_clusters.py runs.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const { k, cases } = require("./load.js");

const c = cases("clusters.json");

test("the level for a zoom is the Python side's", () => {
  for (const l of c.levels) assert.equal(k.clusterLevel(c.rules, l.pxPerDegree), l.level, JSON.stringify(l));
});

test("places group by cell as on the server", () => {
  for (const g of c.groupings) {
    assert.deepEqual(k.groupSites(c.rules, c.lons, c.lats, g.level, g.bounds), g.groups, `level ${g.level}`);
  }
});

test("a point's count is its places' counts summed, for any dates", () => {
  const sites = { lon: c.lons, lat: c.lats, count: c.lons.length, ids: c.lons.map((_, i) => "s" + i),
    labelOrder: c.lons.map((_, i) => i) };
  const pts = k.sitePoints(c.rules, sites, 5, null);
  const perSite = c.lons.map((_, i) => (i * 7) % 5);
  const summed = pts.groups.map((g) => g.reduce((s, i) => s + perSite[i], 0));
  assert.equal(summed.reduce((a, b) => a + b, 0), perSite.reduce((a, b) => a + b, 0));
  assert.equal(pts.lon.length, pts.groups.length);
  pts.groups.forEach((g, j) => {
    assert.equal(pts.custom[j].startsWith(g.length === 1 ? "site:" : "cluster:5:"), true);
  });
  // labels are tried in the places' own order: a point's rank is its first place's
  assert.deepEqual(pts.order.slice().sort((a, b) => a - b), pts.groups.map((_, j) => j));
});
