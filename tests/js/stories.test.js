// Stories in the browser: stepping, the open step, and a story's link (pure functions).
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const { k } = require("./load.js");

const STORIES = {
  corridor: { title: "C", summary: "S", steps: [{ heading: "one" }, { heading: "two" }, { heading: "three" }] },
  empty: { title: "E", summary: "S", steps: [] },
};

test("steps move within the story", () => {
  assert.equal(k.storyStep(1, 1, 3), 2);
  assert.equal(k.storyStep(3, 1, 3), 3);
  assert.equal(k.storyStep(1, -1, 3), 1);
  assert.equal(k.storyStep("junk", 0, 3), 1);
});

test("the open step: clamped, and none for stale or missing ids", () => {
  const open = k.openStep(STORIES, { id: "corridor", step: 9 });
  assert.equal(open.n, 3);
  assert.equal(open.step.heading, "three");
  assert.equal(open.count, 3);
  assert.equal(k.openStep(STORIES, { id: "nowhere", step: 1 }), null);
  assert.equal(k.openStep(STORIES, { id: "empty", step: 1 }), null);
  assert.equal(k.openStep(STORIES, ""), null);
  assert.equal(k.openStep(STORIES, { id: "toString", step: 1 }), null);
});

test("an open story's link names the story and step, and keeps embed", () => {
  const rules = k.rules();
  const P = rules.linkParams;
  const view = new URLSearchParams([[P.start, "2021-01-01"], [P.embed, "1"]]);
  const q = k.storyParams(rules, { id: "corridor", step: 2 }, view);
  assert.equal(q.toString(), `${P.story}=corridor&${P.step}=2&${P.embed}=1`);
  const plain = k.storyParams(rules, { id: "corridor", step: 1 }, new URLSearchParams());
  assert.equal(plain.get(P.start), null);
});

test("compare marks: began, ended, began and ended, unchanged left out", () => {
  const features = [
    { id: "new", name: "Checkpoint", from: 100, to: null, lon: 46.5, lat: 39.5 },
    { id: "gone", name: "Zone", from: null, to: 150, lon: 46.6, lat: 39.8 },
    { id: "brief", name: "Blockade", from: 120, to: 140, lon: 46.7, lat: 39.7 },
    { id: "always", name: "Line", from: null, to: null, lon: 46.8, lat: 39.9 },
    { id: "later", name: "Later", from: 300, to: null, lon: 46.9, lat: 39.6 },
  ];
  const marks = k.compareMarks(k.rules(), features, 90, 200, "2020-11-10");
  assert.deepEqual(marks.symbol, ["triangle-up", "triangle-down", "diamond"]);
  assert.deepEqual(marks.lon, [46.5, 46.6, 46.7]);
  assert.match(marks.hover[0], /^<b>Began 18 Feb 2021<\/b><br>Checkpoint$/);
  assert.match(marks.hover[1], /^<b>Ended 9 Apr 2021<\/b>/);
  // the same day twice: nothing changed
  assert.deepEqual(k.compareMarks(k.rules(), features, 90, 90, "2020-11-10").lon, []);
});
