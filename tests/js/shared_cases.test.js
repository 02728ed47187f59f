// The same cases as tests/unit/test_shared_cases.py, run by the browser's functions.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const { k, cases } = require("./load.js");

test("marker size", () => {
  for (const c of cases("marker_size.json").cases) {
    assert.ok(Math.abs(k.markerSize(k.contract, c.count) - c.size) < 1e-9, JSON.stringify(c));
  }
});

test("status at a date", () => {
  for (const c of cases("status_at.json").cases) {
    assert.equal(k.statusAt(c.from, c.to, c.on), c.status, JSON.stringify(c));
  }
});

// The client data (dashboard/views/figures.py client_data) for the table's events.
function clientData(table) {
  const ev = table.events;
  const months = [];
  for (let m = 0, day = k.isoToIndex(table.origin, table.origin.slice(0, 8) + "01"); day <= k.isoToIndex(table.origin, table.last); m++) {
    months.push(day);
    day = k.addMonths(table.origin, months[0], m + 1);
  }
  return k.columns({
    origin: table.origin,
    events: {
      startStep: ev.map((e, i) => e.start - (i ? ev[i - 1].start : 0)),
      length: ev.map((e) => e.end - e.start),
      site: ev.map((e) => table.sites.indexOf(e.site)),
      flags: ev.map((e) => e.flags),
      category: ev.map((e) => table.categories.indexOf(e.category)),
    },
    density: { monthStarts: months, categories: table.categories.length },
  });
}

test("per-site counts under the precision filter", () => {
  const table = cases("events.json");
  const data = clientData(table);
  for (const c of table.counts) {
    const hidden = k.hiddenMask(k.contract, c.include);
    const got = k.countEvents(data.events, table.sites.length, c.low, c.high, hidden, null);
    assert.deepEqual(got, { perSite: c.perSite, total: c.total, unmapped: c.unmapped }, JSON.stringify(c));
  }
});

test("density counts per month and category", () => {
  const table = cases("events.json");
  const data = clientData(table);
  for (const c of table.density) {
    const got = k.densityCounts(data, k.hiddenMask(k.contract, c.include), null);
    const want = table.categories.map((cat) => c.counts[cat]);
    assert.deepEqual(got, want, JSON.stringify(c));
  }
});

test("the filter mask drops events", () => {
  const table = cases("events.json");
  const data = clientData(table);
  const mask = k.decodeMask(Buffer.from([0b00000001]).toString("base64"));  // only the first event
  const got = k.countEvents(data.events, table.sites.length, 0, 1000, 0, mask);
  assert.deepEqual(got, { perSite: [1, 0, 0], total: 1, unmapped: 0 });
});
