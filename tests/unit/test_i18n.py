"""The interface in four languages: catalogs complete, CLDR formats, the language chosen
per request, and pages and callbacks answering in it."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from babel import Locale
from babel.messages.pofile import read_po

from dashboard.data.dates import day_text, event_date_text
from dashboard.i18n import LANGUAGES, _, format_number, ngettext, use_language
from dashboard.i18n.catalog import LOCALE_DIR, catalog, plural_forms
from dashboard.i18n.cldr import client_locale
from dashboard.i18n.extract import extract
from dashboard.web.languages import choose_language

ROOT = Path(__file__).resolve().parents[2]
CASES = ROOT / "tests" / "cases"
TRANSLATED = LANGUAGES[1:]
PLACEHOLDER = re.compile(r"\{(\w*)\}")
# What the Node tests read of each language's locale (tests/js/i18n.test.js).
LOCALE_KEYS = ("lang", "months", "standaloneMonths", "dayPattern", "monthPattern", "group")
LOCALE_KEYS += ("plural",)
REWRITE = "tests/unit/test_i18n.py::locale_cases() > tests/cases/locales.json (see the test)"


@pytest.fixture(scope="module")
def messages():
    return {m.id if isinstance(m.id, str) else m.id[0]: m for m in extract(ROOT) if m.id}


def po(language: str):
    with (LOCALE_DIR / f"{language}.po").open("rb") as handle:
        return read_po(handle, locale=language)


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_message_of_the_code_has_a_translation(messages, language):
    """tools/i18n adds new messages to the catalogs untranslated: this lists what is left."""
    found = {m.id if isinstance(m.id, str) else m.id[0]: m for m in po(language) if m.id}
    missing = sorted(set(messages) - set(found))
    assert not missing, f"{language}.po lacks (run tools/i18n): {missing[:10]}"
    empty = [
        key
        for key, m in found.items()
        if key in messages
        and (m.fuzzy or not (all(m.string) if isinstance(m.string, tuple) else m.string))
    ]
    assert not empty, f"{language}.po: {len(empty)} untranslated or fuzzy, e.g. {empty[:8]}"


@pytest.mark.parametrize("language", TRANSLATED)
def test_translations_keep_the_placeholders_and_plural_forms(messages, language):
    for m in po(language):
        if not m.id or not m.string:
            continue
        ids = m.id if isinstance(m.id, tuple | list) else (m.id,)
        wanted = set(PLACEHOLDER.findall(ids[-1]))
        strings = m.string if isinstance(m.string, tuple | list) else (m.string,)
        if isinstance(m.id, tuple | list):
            assert len(strings) == len(plural_forms(language)), (language, m.id)
        for text in strings:
            assert set(PLACEHOLDER.findall(text)) <= wanted | set(PLACEHOLDER.findall(ids[0])), (
                f"{language}.po: {m.id!r} -> {text!r} has other {{placeholders}}"
            )
            assert "<" not in text or "<" in ids[0], f"{language}.po: markup in {text!r}"


def test_english_is_the_message_itself():
    with use_language("en"):
        assert _("Sources") == "Sources"
        assert ngettext("{n} day", "{n} days", 1) == "{n} day"
        assert ngettext("{n} day", "{n} days", 3) == "{n} days"


@pytest.mark.parametrize(
    ("n", "form"), [(1, 0), (21, 0), (2, 1), (4, 1), (22, 1), (5, 2), (11, 2), (12, 2), (0, 2)]
)
def test_russian_counts_take_cldr_plural_forms(n, form):
    forms = catalog("ru").plural["{n} day"]
    with use_language("ru"):
        assert ngettext("{n} day", "{n} days", n) == forms[form]


def test_an_unknown_language_means_english():
    with use_language("xx"):
        assert _("Sources") == "Sources"


@pytest.mark.parametrize("language", TRANSLATED)
def test_dates_and_numbers_follow_cldr(language):
    locale = Locale.parse(language)
    with use_language(language):
        text = day_text(date(2022, 12, 12))
        assert locale.months["format"]["abbreviated"][12] in text and "2022" in text
        assert "Dec" not in event_date_text("2023-09", "month")
        assert format_number(12345) != "12,345"
    with use_language("en"):
        assert day_text(date(2022, 12, 12)) == "12 Dec 2022"
        assert format_number(12345) == "12,345"


@pytest.mark.parametrize(
    ("asked", "cookie", "accept", "chosen"),
    [
        ("ru", "hy", "az", "ru"),
        (None, "hy", "ru", "hy"),
        ("xx", None, "az-Latn-AZ,az;q=0.9", "az"),
        (None, None, "en-US,ru;q=0.5", "en"),
        (None, None, "de-DE, ru;q=0.3", "ru"),
        (None, "zz", "de", "en"),
        (None, None, None, "en"),
        (None, None, ";;;q=garbage", "en"),
    ],
)
def test_the_language_of_a_request(asked, cookie, accept, chosen):
    assert choose_language(asked, cookie, accept) == chosen


def locale_cases() -> dict:
    return {lang: {k: client_locale(lang)[k] for k in LOCALE_KEYS} for lang in LANGUAGES}


def test_the_node_tests_read_the_locales_the_page_gets():
    assert json.loads((CASES / "locales.json").read_text(encoding="utf-8")) == locale_cases(), (
        REWRITE
    )


@pytest.mark.parametrize("case", json.loads((CASES / "locale_cases.json").read_text())["dates"])
def test_shared_date_cases(case):
    with use_language(case["lang"]):
        assert day_text(date.fromisoformat(case["iso"])) == case["text"]


@pytest.mark.parametrize("case", json.loads((CASES / "locale_cases.json").read_text())["plurals"])
def test_shared_plural_cases(case):
    assert Locale.parse(case["lang"]).plural_form(case["n"]) == case["category"]
