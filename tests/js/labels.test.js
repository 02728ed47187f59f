// Map labels that never collide: placement in order, sides tried, the map's edge (pure).
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const { k } = require("./load.js");

function boxes(items, placed) {
  return items.filter((it) => placed[it.i]).map((it) => k.labelBox(it.x, it.y, it.r, it.w, it.h, placed[it.i]));
}
const overlap = (a, b) => a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];

test("a label sits at its preferred side when it fits", () => {
  const items = [{ i: 0, x: 100, y: 100, r: 5, w: 60, h: 13, prefer: "middle left" }];
  assert.deepEqual(k.placeLabels(items, 400, 300), { 0: "middle left" });
});

test("a crowded label moves to another side, or is left out; the first placed keep theirs", () => {
  const items = [
    { i: 0, x: 100, y: 100, r: 5, w: 80, h: 13, prefer: "middle right" },
    { i: 1, x: 100, y: 108, r: 5, w: 80, h: 13, prefer: "middle right" },  // just below 0
    { i: 2, x: 100, y: 116, r: 5, w: 80, h: 13, prefer: "middle right" },
  ];
  const placed = k.placeLabels(items, 400, 300);
  assert.equal(placed[0], "middle right");
  assert.notEqual(placed[1], "middle right");
  const drawn = boxes(items, placed);
  for (let a = 0; a < drawn.length; a++) {
    for (let b = a + 1; b < drawn.length; b++) assert.ok(!overlap(drawn[a], drawn[b]), `${a} and ${b} overlap`);
  }
});

test("no label runs off the map or covers another site's marker", () => {
  const items = [
    { i: 0, x: 390, y: 150, r: 4, w: 120, h: 13, prefer: "middle right" },  // near the right edge
    { i: 1, x: 20, y: 150, r: 4, w: 0, h: 13, prefer: "middle right" },    // unlabelled marker
    { i: 2, x: 5, y: 150, r: 4, w: 50, h: 13, prefer: "middle right" },    // its label would cover 1
  ];
  const placed = k.placeLabels(items, 400, 300);
  assert.equal(placed[0], "middle left");
  assert.equal(placed[1], undefined);
  const box = k.labelBox(5, 150, 4, 50, 13, placed[2]);
  assert.ok(box[0] >= 0 && box[2] <= 400);
  assert.ok(!overlap(box, [16, 146, 24, 154]), "covers site 1's marker");
  // off the map entirely: left out
  assert.deepEqual(k.placeLabels([{ i: 0, x: -50, y: 10, r: 4, w: 30, h: 13, prefer: "middle right" }], 400, 300), {});
});

test("many random labels: never two overlapping, never outside", () => {
  let seed = 7;
  const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  const items = Array.from({ length: 300 }, (_, i) => ({
    i, x: rand() * 800, y: rand() * 500, r: 3 + rand() * 6, w: 30 + rand() * 90, h: 13,
    prefer: "middle right",
  }));
  const placed = k.placeLabels(items, 800, 500);
  const drawn = boxes(items, placed);
  assert.ok(drawn.length > 20);
  for (let a = 0; a < drawn.length; a++) {
    assert.ok(drawn[a][0] >= 4 && drawn[a][1] >= 4 && drawn[a][2] <= 796 && drawn[a][3] <= 496);
    for (let b = a + 1; b < drawn.length; b++) assert.ok(!overlap(drawn[a], drawn[b]));
  }
});

test("labels are placed key sites first, then by events, most first; ties keep the places' order", () => {
  // place 3 is a key site with one event; 1 and 4 tie on two events; 0 and 2 have none
  const site = [1, 4, -1, 1, 3, 4, 2, 2, 2];
  assert.deepEqual(k.labelOrder([3], site, 5), [3, 2, 1, 4, 0]);
  assert.deepEqual(k.labelOrder([], site, 5), [2, 1, 4, 3, 0]);
  assert.deepEqual(k.labelOrder(undefined, [], 2), [0, 1]);
});

test("the column rebuild sets the labels' order from the events' places", () => {
  const data = k.columns({
    origin: "2020-11-10",
    events: { startStep: [0, 1, 0], length: [0, 0, 2], site: [1, 1, 0], flags: [0, 0, 0], category: [0, 0, 0] },
    density: { monthStarts: [0], categories: 1 },
    sites: { count: 3, labelFirst: [2] },
  });
  assert.deepEqual(data.sites.labelOrder, [2, 1, 0]);
  assert.deepEqual(Array.from(data.events.end), [0, 1, 3]);
});
