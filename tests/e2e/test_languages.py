"""The interface in Russian, Armenian and Azerbaijani (issue 16, part 2): no English left
on the page but the record's own texts (marked lang="en") and names such as RPKF; the
language in links, the page's ``lang``; axe and a phone's width in each language."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from babel import Locale
from babel.messages.pofile import read_po

from dashboard.i18n.catalog import LOCALE_DIR
from dashboard.views import ids
from tests.e2e.helpers import (
    needs_axe,
    open_page,
    serious_axe_violations,
    until,
    wait_until_fits_phone,
)

LANGUAGES = ("ru", "hy", "az")
# Names and formats that stay as written in every language.
ALLOWED = {"RPKF", "ICRC", "CSV", "GeoJSON", "Natural", "Earth", "GeoNames", "OpenStreetMap"}
ALLOWED |= {"Wikipedia", "CC", "BY", "SA", "www", "geonames", "org", "YYYY", "MM", "DD"}
ALLOWED |= {"Page", "Up", "Down", "Home", "End", "BY-SA"}  # keys, as keyboards name them
# Written as they are in every language: Natural Earth's credit line, link parameters.
# Addresses and codes (a word with a digit) too.
KEPT = re.compile(r"Made with Natural Earth|\?\w+=\S*|https?://\S+|\b\w*\d\w*\b")
WORD = re.compile(r"[A-Za-z]{3,}(?:['-][A-Za-z]+)*")
# Views that together show every panel: a site with its cards, a layer, an event, Compare
# with its change list, a story's card.
VIEWS = (
    "&site=dadivank",
    "&layer=loc_2020",
    "&event=E081",
    "&compare=2022-12-01,2023-05-01",
    "&story=lachin-corridor&step=2",
)
VISIBLE_TEXT = """
const page = document.documentElement.lang, out = [];
document.querySelectorAll('details').forEach(d => { d.open = true; });
const own = el => { const o = el.closest('[lang]'); return !o || o.lang === page; };
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
while (walker.nextNode()) {
  const node = walker.currentNode, el = node.parentElement;
  if (!el || !node.textContent.trim() || el.closest('script, style, .js-plotly-plot')) continue;
  if (!el.getClientRects().length || !own(el)) continue;
  out.push(node.textContent.trim());
}
document.querySelectorAll('[placeholder], [aria-label], [title]').forEach(el => {
  if (!own(el) || el.closest('.js-plotly-plot')) return;
  for (const a of ['placeholder', 'aria-label', 'title']) {
    if (el.getAttribute(a)) out.push(el.getAttribute(a));
  }
});
return out;
"""


def _english_only_words(language: str) -> set[str]:
    """Words of the English messages that the language's translations never use."""
    with (LOCALE_DIR / f"{language}.po").open("rb") as handle:
        catalog = read_po(handle, locale=language)
    english, translated = set(), set()
    for m in catalog:
        if not m.id:
            continue
        for text in m.id if isinstance(m.id, tuple) else (m.id,):
            english |= set(WORD.findall(re.sub(r"\{\w*\}", " ", text)))
        for text in m.string if isinstance(m.string, tuple) else (m.string,):
            translated |= set(WORD.findall(text or ""))
    locale = Locale.parse(language)  # a month's name may be an English word too (az "may")
    for context in ("format", "stand-alone"):
        for width in ("abbreviated", "wide"):
            translated |= set(locale.months[context][width].values())
    return english - translated - ALLOWED


def _identifiers(dataset) -> set[str]:
    """Ids the page shows as they are (a site's id, an event's number) and the words of
    place names (a name missing in one script falls back to another's, visibly)."""
    ids_ = set(dataset.sites.index) | set(dataset.events.index)
    for layer in dataset.layers.values():
        ids_ |= set(layer.index)
    for _sid, site in dataset.sites.iterrows():
        names = [site["name_en"], site["name_hy_usage"], site["name_az_usage"]]
        names += [entry["name"] for entry in site["names"]]
        ids_ |= {word for name in names for word in WORD.findall(name)}
    return ids_ | {dataset.version}


def _english_left(texts: list[str], language: str, dataset) -> list[str]:
    known = _identifiers(dataset)
    english_only = _english_only_words(language)
    found = []
    for text in texts:
        words = [w for w in WORD.findall(KEPT.sub(" ", text)) if w not in ALLOWED | known]
        if language in ("ru", "hy"):  # any Latin word is English here
            words = [w for w in words if not any(w in k for k in known)]
        else:  # Azerbaijani is written in Latin letters too: English-only words
            words = [w for w in words if w in english_only]
        if words:
            found.append(f"{text[:80]!r}: {words[:4]}")
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_page_in_the_language_shows_no_english_but_the_records_texts(
    dash_duo, app, dataset, language
):
    open_page(dash_duo, app, f"/?lang={language}")
    assert dash_duo.driver.execute_script("return document.documentElement.lang") == language
    left = []
    for view in VIEWS:
        dash_duo.driver.get(f"{dash_duo.server_url}/?lang={language}{view}")
        until(
            dash_duo,
            lambda: dash_duo.driver.execute_script(
                "return document.querySelectorAll('#event-list li').length > 0"
                " && !document.getElementById('boot-page')"
            ),
            20,
            "the page did not render",
        )
        dash_duo.driver.execute_script("return new Promise(r => setTimeout(r, 600))")
        left += [
            f"{view}: {t}"
            for t in _english_left(dash_duo.driver.execute_script(VISIBLE_TEXT), language, dataset)
        ]
    assert not left, "English left on the page:\n" + "\n".join(sorted(set(left))[:40])
    assert dash_duo.get_logs() == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_language_stays_in_links_and_the_switch_keeps_the_view(dash_duo, app, language):
    open_page(dash_duo, app, f"/?lang={language}&site=dadivank")
    share = f"#{ids.SHARE_URL}"
    until(
        dash_duo,
        lambda: f"lang={language}" in (dash_duo.find_element(share).get_attribute("value") or ""),
        10,
        "the share link lost the language",
    )
    assert f"lang={language}" in dash_duo.driver.execute_script("return location.search")
    english = dash_duo.find_element(f"#{ids.LANGUAGE_SWITCH} a[hreflang=en]")
    until(dash_duo, lambda: "site=dadivank" in english.get_attribute("href"), 10, "switch link")
    english.click()
    until(
        dash_duo,
        lambda: dash_duo.driver.execute_script("return document.documentElement.lang") == "en",
        15,
        "the switch did not change the page's language",
    )
    until(
        dash_duo,
        lambda: "Dadivank" in dash_duo.find_element(f"#{ids.DETAIL_HEAD}").text,
        15,
        "the view was not kept",
    )
    # the cookie now says English: a plain address opens in English too
    dash_duo.driver.get(dash_duo.server_url + "/")
    until(
        dash_duo,
        lambda: dash_duo.driver.execute_script("return document.documentElement.lang") == "en",
        15,
        "a plain address did not follow the chosen language",
    )


@needs_axe
@pytest.mark.parametrize("language", LANGUAGES)
def test_axe_in_each_language(dash_duo, app, language):
    open_page(dash_duo, app, f"/?lang={language}&site=dadivank")
    until(
        dash_duo,
        lambda: dash_duo.driver.execute_script(
            "return document.querySelectorAll('#detail-events article').length > 0"
        ),
        15,
        "no cards",
    )
    bad = serious_axe_violations(dash_duo)
    assert bad == [], json.dumps(bad, indent=1)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_phone_in_each_language_has_no_overflow(dash_duo, app, language, tmp_path: Path):
    open_page(dash_duo, app, f"/?lang={language}&site=dadivank")
    dash_duo.driver.set_window_size(390, 844)
    wait_until_fits_phone(dash_duo)
    overflow = dash_duo.driver.execute_script(
        "return [...document.querySelectorAll('button, label, h1, h2, h3, .key-date, a')]"
        ".filter(el => el.getClientRects().length && el.scrollWidth > el.clientWidth + 1"
        " && getComputedStyle(el).overflowX !== 'visible')"
        ".map(el => el.id || el.className || el.tagName).slice(0, 5)"
    )
    assert overflow == [], f"text cut off in {language}: {overflow}"
    dash_duo.driver.save_screenshot(str(tmp_path / f"phone-{language}.png"))
    assert dash_duo.get_logs() == []
