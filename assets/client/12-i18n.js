/*
 * The page's language: its messages, CLDR date patterns, number symbols and plural
 * rules, read from the JSON block the server writes (dashboard/i18n/cldr.py
 * client_locale). Nothing here knows a language: with no block (Node tests set
 * k.localeData), messages are their English ids and dates the English pattern.
 *
 * k.t("Sources") and k.tn("{n} event", "{n} events", n, {n: ...}) are the calls
 * tools/i18n finds (Babel's JavaScript extractor, keywords t and tn).
 */
(function (root) {
  "use strict";
  var k = root.karabakh = root.karabakh || {};
  var LOCALE_ID = "client-locale";
  var ENGLISH = {
    lang: "en", dayPattern: "d MMM y", monthPattern: "MMM y", group: ",", decimal: ".",
    months: ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
    plural: { rules: { one: "i = 1 and v = 0" }, forms: ["one", "other"] }, messages: {}
  };

  k.locale = function () {
    if (!k.localeData && typeof document !== "undefined") {
      var block = document.getElementById(LOCALE_ID);
      if (block) k.localeData = JSON.parse(block.textContent);
    }
    return k.localeData || ENGLISH;
  };

  function fill(text, params) {
    return !params ? text : text.replace(/\{(\w+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole;
    });
  }

  k.t = function (message, params) {
    var found = k.locale().messages[message];
    return fill(typeof found === "string" && found ? found : message, params);
  };

  // One CLDR plural relation ("i % 10 = 2..4", "n != 1,5") for a whole number.
  function relation(text, n) {
    var m = /^\s*([niv])(?:\s*(?:%|mod)\s*(\d+))?\s*(=|!=|not in|in|is not|is)\s*(.+?)\s*$/.exec(text);
    if (!m) return false;
    var value = m[1] === "v" ? 0 : n;
    if (m[2]) value = value % +m[2];
    var hit = m[4].split(",").some(function (part) {
      var range = part.split("..");
      return range.length === 2 ? value >= +range[0] && value <= +range[1] : value === +range[0];
    });
    return /^(!=|not in|is not)$/.test(m[3]) ? !hit : hit;
  }

  // CLDR's category for the whole number ``n`` ("one", "few", "many", "other").
  k.pluralCategory = function (n, rules) {
    n = Math.abs(Math.round(n));
    rules = rules || k.locale().plural.rules;
    for (var category in rules) {
      var ok = rules[category].split(/\s+or\s+/).some(function (all) {
        return all.split(/\s+and\s+/).every(function (one) { return relation(one, n); });
      });
      if (ok) return category;
    }
    return "other";
  };

  k.tn = function (singular, plural, n, params) {
    var locale = k.locale(), forms = locale.messages[singular];
    var text = n === 1 ? singular : plural;
    if (Array.isArray(forms)) {
      var at = locale.plural.forms.indexOf(k.pluralCategory(n, locale.plural.rules));
      text = forms[at < 0 ? forms.length - 1 : Math.min(at, forms.length - 1)] || text;
    }
    return fill(text, params);
  };

  // A vocabulary code of the record ("high", "approximate") in the page's language; the
  // server sends the words (dashboard/data/schema.py WORDS), anything else stays as is.
  k.word = function (code) {
    var words = k.locale().words || {};
    return typeof words[code] === "string" && words[code] ? words[code] : String(code);
  };

  // 1234567 -> "1,234,567" / "1 234 567" / "1.234.567": the language's group symbol.
  // Not toLocaleString: its first call loads the locale's data, ~25 ms at page load.
  k.formatNumber = function (n) {
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, k.locale().group);
  };

  // A date (UTC) in a CLDR pattern: d, dd, M, MM, MMM, LLL, y, and 'quoted' text.
  k.formatPattern = function (pattern, d) {
    var locale = k.locale();
    return pattern.replace(/'([^']*)'|d{1,2}|M{1,4}|L{1,4}|y+/g, function (token, quoted) {
      if (quoted !== undefined) return quoted || "'";
      var c = token.charAt(0), month = d.getUTCMonth();
      if (c === "d") return token.length === 2 && d.getUTCDate() < 10 ? "0" + d.getUTCDate() : String(d.getUTCDate());
      if (c === "y") return String(d.getUTCFullYear());
      if (token.length >= 3) return (c === "L" ? locale.standaloneMonths || locale.months : locale.months)[month];
      return token.length === 2 && month < 9 ? "0" + (month + 1) : String(month + 1);
    });
  };
})(typeof window !== "undefined" ? window : globalThis);
