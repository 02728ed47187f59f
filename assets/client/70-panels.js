/*
 * The chronology and the detail panel's event cards: the server sends them as data
 * (dashboard/views/detail.py list_row, card_row) and they are drawn here as text
 * nodes, never HTML; only http(s) URLs become links. Keyboard focus stays on the same
 * entry when the list is redrawn, and notes left open stay open.
 */
(function (root) {
  "use strict";
  var k = root.karabakh = root.karabakh || {};
  if (typeof document === "undefined") return;

  function isToken(token) { return k.isToken(k.rules(), token); }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // Text from the record, in its language (English), whatever the page's: marked so, for
  // screen readers' pronunciation and for the reader (see the note renderCards adds).
  function dataText(tag, className, text) {
    var node = el(tag, className, text);
    node.lang = "en";
    return node;
  }

  // A translated message with a value of the record in it, the value marked as data:
  // withData(k.t("via {originator}"), ...) -> "со ссылкой на " + <span lang=en>Interfax</span>.
  function withData(text, name, value) {
    var fragment = document.createDocumentFragment();
    var parts = text.split("{" + name + "}");
    parts.forEach(function (part, i) {
      if (i) fragment.appendChild(dataText("span", null, String(value)));
      if (part) fragment.appendChild(document.createTextNode(part));
    });
    return fragment;
  }

  var SAFE_COLOUR = /^#[0-9a-fA-F]{3,8}$/;
  function renderList(rows) {
    var list = document.getElementById("event-list");
    if (!list || !Array.isArray(rows)) return root.dash_clientside.no_update;
    var focused = document.activeElement;
    var focusToken = focused && list.contains(focused) ? focused.getAttribute("data-token") : null;
    var fragment = document.createDocumentFragment();
    rows.forEach(function (row) {
      if (!row || typeof row.token !== "string" || !isToken(row.token)) return;
      var button = el("button", row.selected ? "list-item selected" : "list-item");
      button.type = "button";
      button.id = "event-item-" + row.token.slice(row.token.indexOf(":") + 1);
      button.setAttribute("data-token", row.token);
      if (row.selected) button.setAttribute("aria-current", "true");
      if (SAFE_COLOUR.test(row.colour)) button.style.borderLeftColor = row.colour;
      button.appendChild(el("span", "list-date", String(row.date)));
      button.appendChild(dataText("span", "list-title", String(row.title)));
      if (row.contested) button.appendChild(el("span", "contested-flag", k.t("contested")));
      if (row.changed) {
        button.classList.add("changed");
        button.appendChild(el("span", "changed-flag", String(row.changed)));
      }
      button.appendChild(el("span", "list-place", String(row.place)));
      var item = el("li");
      item.appendChild(button);
      fragment.appendChild(item);
    });
    list.replaceChildren(fragment);
    if (focusToken) {
      var again = list.querySelector('button[data-token="' + CSS.escape(focusToken) + '"]');
      if (again) again.focus({ preventScroll: true });
    }
    // the panels' answer is in: work that should not compete with it may run (60-url.js)
    document.dispatchEvent(new CustomEvent("karabakh:panels"));
    return rows.length;
  }

  /*
   * The detail panel's event cards: the server sends them as data (dashboard/views/detail.py
   * card_row) and they are drawn here as text nodes; only http(s) URLs become links.
   * Notes left open stay open when the same cards come back with new dates.
   */
  var HTTP_URL = /^https?:\/\//i;
  var WORD = /^[a-z_-]+$/;
  function link(url, text) {
    if (typeof url !== "string" || !HTTP_URL.test(url)) return dataText("span", null, String(text));
    var a = el("a", null, String(text || url));
    a.href = url;
    a.lang = "en";  // a source's name, as the record gives it
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    return a;
  }

  function labelled(label, className) {
    var box = el("div", className);
    box.appendChild(el("span", "label", label));
    return box;
  }

  function card(row) {
    var article = el("article", "event-card");
    article.id = "event-" + row.id;
    var when = el("div", "event-date");
    var time = el("time", null, String(row.date));
    time.setAttribute("datetime", String(row.datetime));
    when.appendChild(time);
    when.appendChild(el("span", "muted", " · " + row.precision));
    when.appendChild(el("span", "muted event-id", " · " + row.id));
    article.appendChild(when);
    article.appendChild(dataText("h4", null, String(row.title)));
    if (row.changed) {
      article.classList.add("changed");
      article.appendChild(el("p", "changed-flag", String(row.changed)));
    }
    if (row.context) {
      article.appendChild(el("p", "muted", k.t("Context only: outside the peacekeeping zone or its remit.")));
    }
    var tags = el("div", "event-tags");
    var badge = el("span", "badge", String(row.category));
    if (SAFE_COLOUR.test(row.colour)) { badge.style.borderColor = row.colour; badge.style.color = row.colour; }
    tags.appendChild(badge);
    var level = String(row.confidence);
    tags.appendChild(el("span", WORD.test(level) ? "confidence confidence-" + level : "confidence",
      k.t("confidence: {level}", { level: k.word(level) })));
    tags.appendChild(el("span", "muted", String(row.location)));
    article.appendChild(tags);
    article.appendChild(dataText("p", null, String(row.summary)));
    if (row.contested && row.contested.length) {
      var contested = el("div", "contested");
      contested.appendChild(el("span", "contested-flag", k.t("Contested: each side's claim")));
      var claims = el("ul");
      row.contested.forEach(function (claim) {
        var item = el("li");
        item.appendChild(dataText("span", "label", claim.by + ": "));
        item.appendChild(dataText("span", null, String(claim.claim)));
        item.appendChild(el("span", "muted", " — "));
        if (claim.url) item.appendChild(link(claim.url, claim.source));
        else if (claim.linked) item.appendChild(dataText("span", null, String(claim.source)));
        else item.appendChild(withData(k.t("{source} (no link)"), "source", claim.source));
        claims.appendChild(item);
      });
      contested.appendChild(claims);
      article.appendChild(contested);
    }
    if (row.figures && row.figures.length) {
      var figures = labelled(k.t("Reported figures"));
      var figureList = el("ul");
      row.figures.forEach(function (text) { figureList.appendChild(dataText("li", null, String(text))); });
      figures.appendChild(figureList);
      article.appendChild(figures);
    }
    if (row.coding && row.coding.length) {
      var coding = el("dl", "coding");
      row.coding.forEach(function (pair) {
        coding.appendChild(el("dt", null, String(pair[0])));
        coding.appendChild(el("dd", null, String(pair[1])));
      });
      article.appendChild(coding);
    }
    var sources = labelled(k.t("Sources"));
    var sourceList = el("ul", "sources");
    (row.sources || []).forEach(function (src) {
      var item = el("li");
      item.appendChild(link(src.url, src.name));
      if (src.via) {
        var via = item.appendChild(el("span", "muted", " · "));
        via.appendChild(withData(k.t("via {originator}"), "originator", src.via));
      }
      if (src.role) item.appendChild(el("span", "muted", " (" + k.word(src.role) + ")"));
      sourceList.appendChild(item);
    });
    sources.appendChild(sourceList);
    article.appendChild(sources);
    if (row.notes && row.notes.length) {
      var details = el("details", "notes");
      details.appendChild(el("summary", null, k.t("Notes, other claims and caveats")));
      var text = dataText("p");
      row.notes.forEach(function (part) {
        text.appendChild(part[0] === "link" ? link(part[1], part[1]) : document.createTextNode(String(part[1])));
      });
      details.appendChild(text);
      article.appendChild(details);
    }
    return article;
  }

  var drawnCards = null;
  function renderCards(data) {
    var box = document.getElementById("detail-events");
    if (!box || !data || !Array.isArray(data.cards)) return root.dash_clientside.no_update;
    var json = JSON.stringify(data);
    if (json === drawnCards && box.childNodes.length) return root.dash_clientside.no_update;
    drawnCards = json;
    var open = {};
    box.querySelectorAll("details.notes[open]").forEach(function (d) {
      var owner = d.closest("article");
      if (owner) open[owner.id] = true;
    });
    var fragment = document.createDocumentFragment();
    if (data.cards.length && k.locale().lang !== "en") {
      fragment.appendChild(el("p", "muted data-language",
        k.t("Event titles, summaries, figures and notes are in English, the language of the record.")));
    }
    data.cards.forEach(function (row) {
      if (!row || typeof row.id !== "string") return;
      var article = card(row);
      var notes = open[article.id] && article.querySelector("details.notes");
      if (notes) notes.open = true;
      fragment.appendChild(article);
    });
    if (typeof data.after === "string" && data.after) fragment.appendChild(el("p", "empty-note", data.after));
    box.replaceChildren(fragment);
    return data.cards.length;
  }

  // A click on a chronology entry, or on a detail's place, selects it.
  document.addEventListener("click", function (ev) {
    var button = ev.target && ev.target.closest && ev.target.closest("button[data-token]");
    if (!button || !root.dash_clientside || !root.dash_clientside.set_props) return;
    var token = button.getAttribute("data-token");
    if (isToken(token)) root.dash_clientside.set_props("selection", { data: token });
  });

  function clearSelection() {
    return null;
  }

  // The filter controls back to the contract's reset values.
  function resetFilters() {
    var r = k.rules().filterReset;
    return [r.categories, r.actors, r.confidence, r.text, r.precision, r.corroborated, r.reportedWithin, r.claimedBy];
  }

  // The server's data changed after this page was opened: load it again, at the same address
  // (the address bar holds the view, see 60-url.js).
  function reloadPage(clicks) {
    if (clicks) root.location.reload();
    return root.dash_clientside ? root.dash_clientside.no_update : null;
  }

  k.callbacks = Object.assign(k.callbacks || {}, {
    renderList: renderList, renderCards: renderCards, clearSelection: clearSelection, resetFilters: resetFilters,
    reloadPage: reloadPage
  });
})(typeof window !== "undefined" ? window : globalThis);
