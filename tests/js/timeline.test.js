// Steering the timeline, dates and link parameters: the pure client functions.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const { k, cases } = require("./load.js");

const ORIGIN = "2020-11-10";

test("dates: offsets, words and months", () => {
  assert.equal(k.dayText(ORIGIN, 0), "10 Nov 2020");
  assert.equal(k.indexToIso(ORIGIN, 52), "2021-01-01");
  assert.equal(k.isoToIndex(ORIGIN, "2021-01-01"), 52);
  assert.equal(k.indexToIso(ORIGIN, k.addMonths(ORIGIN, k.isoToIndex(ORIGIN, "2021-01-31"), 1)), "2021-02-28");
  assert.equal(k.indexToIso(ORIGIN, k.addMonths(ORIGIN, 0, -1)), "2020-10-10");
  assert.equal(k.rangeWords(ORIGIN, 0, 0), "10 Nov 2020 – 10 Nov 2020 (1 day)");
  assert.equal(k.rangeWords(ORIGIN, 0, 1310), "10 Nov 2020 – 12 Jun 2024 (1,311 days)");
});

test("ranges are clamped and ordered", () => {
  assert.deepEqual(k.clampRange([50, 10], 100), [10, 50]);
  assert.deepEqual(k.clampRange([-5, 500], 100), [0, 100]);
  assert.deepEqual(k.clampRange("junk", 100), [0, 100]);
});

test("modes hold the range", () => {
  assert.deepEqual(k.constrain([100, 600], "cumulative", 91, 1000, "high"), [0, 600]);
  assert.deepEqual(k.constrain([100, 600], "window", 91, 1000, "high"), [510, 600]);
  assert.deepEqual(k.constrain([100, 600], "window", 91, 1000, "low"), [100, 190]);
  assert.deepEqual(k.constrain([0, 20], "window", 91, 1000, "high"), [0, 90]);
  assert.deepEqual(k.constrain([100, 600], "range", 91, 1000, "high"), [100, 600]);
});

test("playback moves the range and stops or loops at the end", () => {
  assert.deepEqual(k.playStep([100, 200], 1000, "range", 30, false), { range: [106, 206], stop: false });
  assert.deepEqual(k.playStep([0, 200], 1000, "cumulative", 30, false), { range: [0, 206], stop: false });
  assert.deepEqual(k.playStep([900, 997], 1000, "range", 30, false), { range: [903, 1000], stop: true });
  assert.deepEqual(k.playStep([900, 1000], 1000, "range", 30, false), { range: null, stop: true });
  assert.deepEqual(k.playStep([900, 1000], 1000, "range", 30, true), { range: [0, 100], stop: false });
});

test("steps land on the next and previous event; key dates move the end", () => {
  const starts = [0, 5, 21, 30, 60];
  assert.equal(k.nextEvent(starts, 21), 30);
  assert.equal(k.prevEvent(starts, 21), 5);
  assert.equal(k.nextEvent(starts, 60), null);
  assert.deepEqual(k.withEnd([10, 40], 25, "range"), [10, 25]);
  assert.deepEqual(k.withEnd([10, 40], 5, "range"), [5, 5]);
  assert.deepEqual(k.withEnd([10, 40], 100, "window"), [70, 100]);
});

test("a strip click selects its month", () => {
  assert.deepEqual(k.monthRange(ORIGIN, "2023-09-01", 1310), [k.isoToIndex(ORIGIN, "2023-09-01"), k.isoToIndex(ORIGIN, "2023-09-30")]);
  assert.deepEqual(k.monthRange(ORIGIN, "2020-11-01", 1310), [0, 20]);
});

test("link parameters use the contract's names and leave defaults out", () => {
  const view = { value: [0, 30], mode: "range", selection: "site:dadivank", precision: ["approximate", "region", "coarse"],
    names: "both", layers: ["a", "b"], defaultLayers: "a,b", filter: { categories: ["blockade"], text: "Lachin" } };
  const q = k.viewParams(k.contract, ORIGIN, 1310, view);
  assert.equal(q.toString(), "from=2020-11-10&to=2020-12-10&site=dadivank&cat=blockade&q=Lachin");
  const more = k.viewParams(k.contract, ORIGIN, 1310, Object.assign({}, view, {
    mode: "window", windowLength: 30, precision: ["region"], names: "hy", layers: ["b"], camera: "46,39.8,2", embed: true }));
  assert.equal(more.get("prec"), "region");
  assert.equal(more.get("names"), "hy");
  assert.equal(more.get("window"), "30");
  assert.equal(k.exportParams(k.contract, more).toString(), "from=2020-11-10&to=2020-12-10&cat=blockade&q=Lachin&prec=region");
  assert.equal(k.viewParams(k.contract, ORIGIN, 1310, Object.assign({}, view, { selection: "bogus:x" })).get("site"), null);
});

test("precision bits come from the contract", () => {
  assert.equal(k.hiddenMask(k.contract, null), 0);
  assert.equal(k.hiddenMask(k.contract, []), 7);
  assert.equal(k.hiddenMask(k.contract, ["approximate"]), 6);
});

test("map changes: sizes, symbols and the layers' state on the end date", () => {
  const data = {
    sites: { count: 2, trace: 3, symbols: ["circle", "diamond"], labelled: [true, false], kinds: ["city", "monastery"],
      approximate: [false, true], names: { hy: ["A", "C"], az: ["B", "C"], fallback: {} } },
    traces: [
      { index: 1, toggle: "zone", kind: "choropleth", from: 0, to: 100, opacity: 0.2 },
      { index: 2, toggle: "loc", kind: "scattergeo", from: 10, to: null },
      { index: 4, toggle: "sites", kind: "basemap-toggle" },
    ],
  };
  const inputs = { toggles: ["zone", "loc", "sites"], convention: "both" };
  const changes = k.mapChanges(k.contract, data, inputs, [0, 150], { perSite: [4, 0] }, null);
  const byKey = Object.fromEntries(changes.map((c) => [c[2], c[1]]));
  assert.deepEqual(byKey["data.3.marker.size"], [14, 7]);
  assert.deepEqual(byKey["data.3.marker.symbol"], ["circle", "diamond-open"]);
  assert.deepEqual(byKey["data.3.text"], ["A / B", ""]);
  assert.equal(byKey["data.1.visible"], false);  // ended on day 100, "former" switch off
  assert.equal(byKey["data.1.marker.opacity"], 0.2 * k.contract.layerStatus.formerOpacity);
  assert.equal(byKey["data.2.visible"], true);
  assert.equal(byKey["data.4.visible"], true);
  assert.match(byKey["data.3.hovertext"][1], /approximate location<br>0 events in the selected dates/);
});

test("every convention's labels composed from the names, as the server writes them", () => {
  const c = cases("site_labels.json");
  for (const [convention, expected] of Object.entries(c.labels)) {
    assert.deepEqual(k.siteLabels({ names: c.names }, convention), expected, convention);
  }
});
