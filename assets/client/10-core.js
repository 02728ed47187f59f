/*
 * The karabakh namespace and its pure helpers: dates, ranges, the schema's rules.
 *
 * Every file in assets/client/ adds to the one namespace (window.karabakh in the page,
 * globalThis.karabakh under Node, whose tests load the pure parts: tests/js/). Dash
 * loads them in file-name order (numbered). The rules (precision bits, marker size,
 * layer status, link parameter names, filter reset values) come from the client
 * contract the server writes into the page (dashboard/data/contract.py); nothing
 * here holds a copy of them.
 */
(function (root) {
  "use strict";
  var k = root.karabakh = root.karabakh || {};

  var DAY_MS = 86400000;
  var CONTRACT_ID = "client-contract";

  // The contract, read once from its JSON block in the page (tests set k.contract).
  k.rules = function () {
    if (!k.contract && typeof document !== "undefined") {
      var block = document.getElementById(CONTRACT_ID);
      if (block) k.contract = JSON.parse(block.textContent);
    }
    return k.contract;
  };

  function originMs(iso) {
    var p = iso.split("-");
    return Date.UTC(+p[0], +p[1] - 1, +p[2]);
  }

  // A day in the page language's date pattern (12-i18n.js): "17 Apr 2024", "17 апр. 2024 г.".
  k.dayText = function (origin, index) {
    return k.formatPattern(k.locale().dayPattern, new Date(originMs(origin) + index * DAY_MS));
  };

  k.indexToIso = function (origin, index) {
    return new Date(originMs(origin) + index * DAY_MS).toISOString().slice(0, 10);
  };

  k.isoToIndex = function (origin, iso) {
    var p = String(iso).slice(0, 10).split("-");
    return Math.round((Date.UTC(+p[0], +p[1] - 1, +p[2]) - originMs(origin)) / DAY_MS);
  };

  // The day ``months`` calendar months from ``index``, on the same day of the month
  // where it exists (31 Jan + 1 month = 28/29 Feb).
  k.addMonths = function (origin, index, months) {
    var d = new Date(originMs(origin) + index * DAY_MS);
    var day = d.getUTCDate();
    var t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1));
    var last = new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + 1, 0)).getUTCDate();
    t.setUTCDate(Math.min(day, last));
    return Math.round((t.getTime() - originMs(origin)) / DAY_MS);
  };

  k.clampRange = function (value, max) {
    if (!Array.isArray(value) || value.length !== 2) return [0, max];
    var a = Math.max(0, Math.min(max, Math.round(+value[0] || 0)));
    var b = Math.max(0, Math.min(max, Math.round(+value[1] || 0)));
    return a <= b ? [a, b] : [b, a];
  };

  // The schema's marker size rule (dashboard/views/figures.py marker_size).
  k.markerSize = function (rules, count) {
    var m = rules.markerSize;
    return count ? m.base + m.perRoot * Math.sqrt(count) : m.empty;
  };

  // A dated feature's status on day ``on`` (dashboard/views/figures.py status_at).
  k.statusAt = function (from, to, on) {
    if (from !== null && from !== undefined && on < from) return "future";
    if (to !== null && to !== undefined && on >= to) return "former";
    return "current";
  };

  // The precision bits of the kinds NOT included (null = include all).
  k.hiddenMask = function (rules, included) {
    if (!Array.isArray(included)) return 0;
    var mask = 0;
    rules.precisionKinds.forEach(function (kind) {
      if (included.indexOf(kind.id) < 0) mask |= kind.bit;
    });
    return mask;
  };

  // The server's filter answer: a base64 bitset over the events (null = all pass).
  var maskCache = { key: null, bytes: null };
  k.decodeMask = function (b64) {
    if (!b64) return null;
    if (maskCache.key === b64) return maskCache.bytes;
    var raw = atob(b64), bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    maskCache = { key: b64, bytes: bytes };
    return bytes;
  };

  k.passes = function (mask, i) {
    return mask === null || ((mask[i >> 3] >> (i & 7)) & 1) === 1;
  };

  // As dashboard/views/layout.py range_words.
  k.rangeWords = function (origin, low, high) {
    var days = high - low + 1;
    return k.dayText(origin, low) + " – " + k.dayText(origin, high) + " (" +
      k.tn("{n} day", "{n} days", days, { n: k.formatNumber(days) }) + ")";
  };

  k.countWords = function (counts) {
    var n = counts.total;
    return k.tn(
      "{n} event ({mapped} at sites on the map, {unmapped} region-wide or unlocated)",
      "{n} events ({mapped} at sites on the map, {unmapped} region-wide or unlocated)",
      n, { n: k.formatNumber(n), mapped: k.formatNumber(n - counts.unmapped), unmapped: k.formatNumber(counts.unmapped) });
  };

  // A selection token, "site:dadivank", of one of the contract's kinds.
  k.isToken = function (rules, token) {
    if (typeof token !== "string") return false;
    var at = token.indexOf(":");
    return at > 0 && at < token.length - 1 && rules.selectionKinds.indexOf(token.slice(0, at)) >= 0;
  };

  // The triggering "id.prop" names of the running Dash callback.
  k.triggered = function () {
    var dc = root.dash_clientside;
    return ((dc && dc.callback_context && dc.callback_context.triggered) || []).map(function (t) {
      return t.prop_id;
    });
  };
})(typeof window !== "undefined" ? window : globalThis);
