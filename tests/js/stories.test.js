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
