"""The SQLite search finds exactly what the plain search finds: every term, casefolded,
a substring of the event's search text (``filters.apply_filter`` over
``filters.event_search_text``).

Same queries (every script, 1, 2, 3 and long terms, several terms, with and without
diacritics, ids, URL fragments) through the reference and through the database's
filter mask, on the bundled data and on a generated 10,000-event set. (Until the
packed-text engine was deleted, the same test ran it as the reference: commit f5f510a.)
"""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest

from dashboard.data.filters import EventFilter, event_search_text, site_search_names
from dashboard.data.store import EventDatabase
from dashboard.data.store_build import build_database
from dashboard.data.validation import validate_folder
from tests.unit.test_queries import _generator

FIXED_QUERIES = [
    "dadivank",
    "Dadivank",
    "DADIVANK",
    "Дадиванк",
    "дадиванк",
    "Xudavəng",
    "xudaveng",
    "Khudavang",
    "Դադիվանք",
    "Ստեփանակերտ",
    "Xankəndi",
    "Şuşa",
    "şuşa",
    "susa",
    "Çanaqçı",
    "Ağdam",
    "ə",
    "ş",
    "ç",
    "a",
    "e",
    "я",
    "Ա",
    "li",
    "ко",
    "əd",
    "corr",
    "corridor",
    "lachin corridor",
    "corr li",
    "a b",
    "RPKF",
    "rpkf icrc",
    "E081",
    "e08",
    "E0",
    "e",
    "https://",
    "http",
    "://",
    "www.",
    ".org/",
    "kremlin.ru",
    "tass",
    "/en/",
    '"quoted"',
    '"',
    "o'",
    "a-b",
    "peace-keeping",
    "10 november",
    "2023",
    "%",
    "_",
    "*",
    "(",
    "NEAR",
    "and",
    "OR",
    "not",
    "AND OR NOT",
    "zzzzqqq",
    "Ꙗ",
    "ß",
    "İ",
    "ﬁ",
    "x" * 150,
]


def _words_from(texts: list[str], rng: random.Random, count: int) -> list[str]:
    """Substrings of the data's own text: words, word parts of 1-6 characters, word pairs."""
    words = [w for text in rng.sample(texts, min(40, len(texts))) for w in text.split()]
    queries = []
    for _ in range(count):
        word = rng.choice(words)
        kind = rng.randrange(4)
        if kind == 0:
            queries.append(word)
        elif kind == 1:
            size = rng.randint(1, 6)
            at = rng.randrange(max(1, len(word) - size + 1))
            queries.append(
                word[at : at + size].upper() if rng.random() < 0.3 else word[at : at + size]
            )
        elif kind == 2:
            queries.append(f"{word} {rng.choice(words)}")
        else:
            queries.append(f"{word[:2]} {rng.choice(words)[:1]} {rng.choice(words)}")
    return queries


def _engines(folder: Path, cache: Path) -> tuple[list[str], EventDatabase, list[str]]:
    validated = validate_folder(folder)
    site_names = site_search_names(validated.sites)
    records = validated.events.to_dict("records")
    texts = [event_search_text(event, site_names) for event in records]
    path, _ = build_database(folder, cache)
    return texts, EventDatabase(path), texts


def _old_mask(texts: list[str], query: str) -> np.ndarray:
    """The reference: ``apply_filter``'s rule, written out."""
    terms = query.casefold().split()
    return np.array([all(term in text for term in terms) for text in texts], dtype=bool)


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("parity") / "data"
    _generator().generate(10_000, folder, seed=14)
    return folder


@pytest.mark.parametrize("which", ["bundled", "generated"])
def test_the_database_search_finds_what_the_plain_search_finds(
    which, bundled_dir, generated, tmp_path
):
    folder = bundled_dir if which == "bundled" else generated
    old, database, texts = _engines(folder, tmp_path)
    queries = FIXED_QUERIES + _words_from(texts, random.Random(which), 150)
    for query in queries:
        expected = _old_mask(old, query)
        found = database.filter_mask(EventFilter(text=query))
        if not query.split():
            assert found is None
            continue
        assert found is not None
        assert np.array_equal(found, expected), (
            f"{query!r}: {int(found.sum())} found, {int(expected.sum())} expected"
        )
