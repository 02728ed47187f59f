// The page's formatting in each language, on the same CLDR cases as tests/unit/test_i18n.py.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const { k, cases } = require("./load.js");

const locales = cases("locales.json");
const shared = cases("locale_cases.json");

function withLocale(lang, messages, fn) {
  const saved = k.localeData;
  k.localeData = Object.assign({ messages: messages || {} }, locales[lang]);
  try { return fn(); } finally { k.localeData = saved; }
}

test("a day in each language's CLDR pattern, as the server writes it", () => {
  for (const c of shared.dates) {
    const text = withLocale(c.lang, null, () => k.dayText("2020-01-01", k.isoToIndex("2020-01-01", c.iso)));
    assert.equal(text, c.text, JSON.stringify(c));
  }
});

test("CLDR plural categories for whole numbers", () => {
  for (const c of shared.plurals) {
    assert.equal(k.pluralCategory(c.n, locales[c.lang].plural.rules), c.category, JSON.stringify(c));
  }
});

test("a count takes its language's plural form; a missing message stays English", () => {
  const messages = { "{n} day": ["{n} день", "{n} дня", "{n} дней"] };
  withLocale("ru", messages, () => {
    assert.equal(k.tn("{n} day", "{n} days", 1, { n: 1 }), "1 день");
    assert.equal(k.tn("{n} day", "{n} days", 3, { n: 3 }), "3 дня");
    assert.equal(k.tn("{n} day", "{n} days", 11, { n: 11 }), "11 дней");
    assert.equal(k.tn("{n} week", "{n} weeks", 2, { n: 2 }), "2 weeks");
    assert.equal(k.t("Sources"), "Sources");
  });
  withLocale("en", null, () => assert.equal(k.tn("{n} day", "{n} days", 1, { n: 1 }), "1 day"));
});

test("numbers take the language's grouping", () => {
  assert.equal(withLocale("en", null, () => k.formatNumber(1234567)), "1,234,567");
  assert.equal(withLocale("az", null, () => k.formatNumber(12345)), "12.345");
  assert.equal(withLocale("ru", null, () => k.formatNumber(999)), "999");
});

test("placeholders are filled, unknown ones left as written", () => {
  withLocale("en", { "Step {n} of {count}": "Шаг {n} из {count}" }, () => {
    assert.equal(k.t("Step {n} of {count}", { n: 2, count: 5 }), "Шаг 2 из 5");
    assert.equal(k.t("{x} stays", {}), "{x} stays");
  });
});

test("the language link keeps the view and sets lang", () => {
  const q = new URLSearchParams("from=2021-01-01&to=2022-01-01&site=dadivank&lang=ru");
  const moved = k.languageParams(k.contract, q, "hy");
  assert.equal(moved.get("lang"), "hy");
  assert.equal(moved.get("site"), "dadivank");
  assert.equal(q.get("lang"), "ru");
});
