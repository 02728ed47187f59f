/*
 * Guided stories (geodata/stories, checked by dashboard/data/stories.py, sent as plain
 * data by dashboard/views/stories.py). The open story and step live in one Dash
 * property, story.data ({id, step}, step from 1, or "" for none); applyStory draws the
 * step card as text nodes and moves the page to the step through Dash's own properties
 * (timeline value and mode, selection, layers, camera), so the map, strip and panels
 * follow as they do for a reader's own moves. Back/Next, the arrow keys and Escape steer.
 */
(function (root) {
  "use strict";
  var k = root.karabakh = root.karabakh || {};

  // The step number (from 1) after moving by ``delta``, kept within the story (pure).
  k.storyStep = function (step, delta, count) {
    return Math.max(1, Math.min(count, (step | 0) + delta));
  };

  // The open story and its step, or null when none is open or the ids are stale (pure).
  k.openStep = function (stories, state) {
    var story = state && stories && Object.prototype.hasOwnProperty.call(stories, state.id) ? stories[state.id] : null;
    if (!story || !story.steps.length) return null;
    var n = k.storyStep(state.step, 0, story.steps.length);
    return { story: story, id: state.id, n: n, step: story.steps[n - 1], count: story.steps.length };
  };

  if (typeof document === "undefined") return;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function button(text, className, move, label) {
    var b = el("button", className, text);
    b.type = "button";
    b.setAttribute("data-story-move", move);
    if (label) b.setAttribute("aria-label", label);
    return b;
  }

  // One paragraph of spans: text, bold, italic; http(s) links open the source, event and
  // site links select in the page.
  function paragraph(spans, rules) {
    var p = el("p");
    (spans || []).forEach(function (s) {
      var node;
      if (typeof s.href === "string" && /^https?:\/\//.test(s.href)) {
        node = el("a");
        node.href = s.href;
        node.target = "_blank";
        node.rel = "noopener noreferrer";
      } else if (k.isToken(rules, s.token)) {
        // a real link to the item's view (a new tab opens it); a click selects it here
        node = el("a", "story-link");
        node.href = "?" + s.token.replace(":", "=");
        node.setAttribute("data-token", s.token);
      } else {
        node = el("span");
      }
      var inner = node;
      if (s.strong) inner = inner.appendChild(el("strong"));
      if (s.em) inner = inner.appendChild(el("em"));
      inner.textContent = String(s.text);
      p.appendChild(node);
    });
    return p;
  }

  function drawCard(card, open, rules, embed) {
    var fragment = document.createDocumentFragment();
    var top = el("div", "story-top");
    var title = top.appendChild(el("span", "story-title", open.story.title));
    if (open.story.english) title.lang = "en";
    top.appendChild(el("span", "story-count",
      k.t("Step {n} of {count}", { n: k.formatNumber(open.n), count: k.formatNumber(open.count) })));
    fragment.appendChild(top);
    var heading = el("h2", "story-heading", open.step.heading);
    heading.tabIndex = -1;
    fragment.appendChild(heading);
    var body = el("div", "story-text");
    open.step.blocks.forEach(function (spans) { body.appendChild(paragraph(spans, rules)); });
    if (open.step.english) {
      // no translation of this step into the page's language: said, and marked for screen readers
      heading.lang = body.lang = "en";
      fragment.insertBefore(el("p", "story-language muted", k.t("This step is not translated yet: it is shown in English.")), heading);
    }
    fragment.appendChild(body);
    var nav = el("div", "story-nav");
    var back = button(k.t("◀ Back"), "story-button", "-1");
    var next = button(k.t("Next ▶"), "story-button primary", "1");
    back.disabled = open.n <= 1;
    next.disabled = open.n >= open.count;
    nav.appendChild(back);
    nav.appendChild(next);
    if (!embed) nav.appendChild(button(k.t("Leave story"), "story-button leave", "leave"));
    fragment.appendChild(nav);
    card.replaceChildren(fragment);
    card.hidden = false;
    return heading;
  }

  function setStory(value) {
    var dc = root.dash_clientside;
    if (dc && dc.set_props) dc.set_props("story", { data: value });
  }

  // A camera moved so that what it fits shows beside the card when the card lies over the
  // map (wide screens): zoomed out by the covered share, centred in the open part.
  function besideCard(camera, card) {
    var gd = k.mapDiv(), map = document.getElementById("map");
    if (!camera) return camera;
    camera = Object.assign({}, camera, { glide: true });  // a story's camera glides (60-url.js)
    if (!gd || !map || root.getComputedStyle(card).position !== "absolute") return camera;
    var range = gd.layout && gd.layout.geo && gd.layout.geo.lonaxis && gd.layout.geo.lonaxis.range;
    var width = map.clientWidth, cover = card.getBoundingClientRect().right - map.getBoundingClientRect().left;
    if (!range || !(width > 0) || cover <= 0 || cover > width * 0.6) return camera;
    var scale = Math.max(1, camera.scale * (width - cover) / width);
    var degreesPerPx = (range[1] - range[0]) / (width * scale);
    return { lon: camera.lon - (cover / 2) * degreesPerPx, lat: camera.lat, scale: scale, glide: true };
  }

  var current = null;  // the open story's {id, step, count}, for the keys and buttons

  function move(how) {
    if (!current) return;
    if (how === "leave") { if (!current.embed) setStory(""); return; }
    var n = k.storyStep(current.step, how === "-1" ? -1 : 1, current.count);
    if (n !== current.step) setStory({ id: current.id, step: n });
  }

  // Draw the step card and move the page to the step: [timeline value, mode, selection,
  // layers, camera] (no_update where the step says nothing).
  function applyStory(state, stories, pageClass) {
    var dc = root.dash_clientside, keep = dc.no_update, rules = k.rules();
    var card = document.getElementById("story-card");
    var open = rules ? k.openStep(stories, state) : null;
    if (!open || !card) {
      current = null;
      if (card) { card.hidden = true; card.replaceChildren(); }
      return [keep, keep, keep, keep, keep];
    }
    var embed = !!(pageClass && pageClass.indexOf("embed") >= 0);
    current = { id: open.id, step: open.n, count: open.count, embed: embed };
    var heading = drawCard(card, open, rules, embed);
    heading.focus({ preventScroll: false });
    var s = open.step;
    return [s.range, s.mode || keep, s.select || null, s.layers || keep, besideCard(s.camera, card) || keep];
  }

  document.addEventListener("click", function (ev) {
    var target = ev.target && ev.target.closest ? ev.target : null;
    var link = target && target.closest("a.story-link[data-token]");
    if (link && !ev.ctrlKey && !ev.metaKey && !ev.shiftKey && root.dash_clientside.set_props) {
      ev.preventDefault();
      root.dash_clientside.set_props("selection", { data: link.getAttribute("data-token") });
      return;
    }
    var moveButton = target && target.closest("button[data-story-move]");
    if (moveButton) { move(moveButton.getAttribute("data-story-move")); return; }
    var choice = target && target.closest("button[data-story]");
    if (choice) {
      var menu = choice.closest("details");
      if (menu) menu.open = false;
      setStory({ id: choice.getAttribute("data-story"), step: 1 });
    }
  });

  // Arrow keys step through the open story unless a control that uses them has focus.
  document.addEventListener("keydown", function (ev) {
    if (!current || ev.altKey || ev.ctrlKey || ev.metaKey || ev.shiftKey) return;
    var t = ev.target, tag = t && t.tagName;
    var busy = tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA" || (t && t.isContentEditable) ||
      (t && t.closest && t.closest("[role=slider], .rc-slider, #map"));
    if (busy) return;
    if (ev.key === "ArrowRight" || ev.key === "ArrowLeft") {
      ev.preventDefault();
      move(ev.key === "ArrowRight" ? "1" : "-1");
    } else if (ev.key === "Escape") {
      move("leave");
    }
  });

  k.callbacks = Object.assign(k.callbacks || {}, { applyStory: applyStory });
})(typeof window !== "undefined" ? window : globalThis);
