"""Message catalogs: one gettext ``.po`` file per language, read once with Babel."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from functools import cache
from pathlib import Path

from babel import Locale
from babel.messages.pofile import read_po

LANGUAGES = ("en", "ru", "hy", "az")
DEFAULT_LANGUAGE = "en"
# Each language's name in itself, as the switch shows it (never translated).
LANGUAGE_NAMES = {"en": "English", "ru": "Русский", "hy": "Հայերեն", "az": "Azərbaycanca"}
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"

_language: ContextVar[str] = ContextVar("language", default=DEFAULT_LANGUAGE)


def current_language() -> str:
    return _language.get()


@contextlib.contextmanager
def use_language(language: str) -> Iterator[str]:
    """Translate into ``language`` (an unknown one means the default) inside the block."""
    token = _language.set(language if language in LANGUAGES else DEFAULT_LANGUAGE)
    try:
        yield _language.get()
    finally:
        _language.reset(token)


class Catalog:
    """One language's translations: msgid -> text, and plural msgid -> forms."""

    def __init__(self, language: str, path: Path | None):
        self.language = language
        self.locale = Locale.parse(language)
        self.singular: dict[str, str] = {}
        self.plural: dict[str, tuple[str, ...]] = {}
        self.client: dict[str, str | list[str]] = {}
        if path is None:
            return
        with path.open("rb") as handle:
            po = read_po(handle, locale=language)
        for message in po:
            if not message.id or message.fuzzy:
                continue
            in_browser = any(file.startswith("assets/") for file, _line in message.locations)
            if isinstance(message.id, tuple | list):
                forms = tuple(message.string)
                if all(forms):
                    self.plural[message.id[0]] = forms
                    if in_browser:
                        self.client[message.id[0]] = list(forms)
            elif message.string:
                self.singular[message.id] = message.string
                if in_browser:
                    self.client[message.id] = message.string

    def plural_index(self, n: int) -> int:
        """Which of the ``.po`` file's plural forms ``n`` takes (CLDR's categories, in
        the order gettext numbers them: one, few, many, other)."""
        return plural_forms(self.language).index(self.locale.plural_form(abs(n)))


@cache
def plural_forms(language: str) -> tuple[str, ...]:
    """The CLDR plural categories an integer can take in ``language``, in CLDR order."""
    order = ("zero", "one", "two", "few", "many", "other")
    rule = Locale.parse(language).plural_form
    seen = {rule(n) for n in range(0, 1000)}
    return tuple(category for category in order if category in seen)


@cache
def catalog(language: str) -> Catalog:
    path = LOCALE_DIR / f"{language}.po"
    return Catalog(language, path if language != DEFAULT_LANGUAGE and path.is_file() else None)


def N_(message: str) -> str:
    """Mark a message for extraction; it is translated where it is shown, with ``_``."""
    return message


def _(message: str) -> str:
    """``message`` in the current language (itself when it has no translation)."""
    return catalog(_language.get()).singular.get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of ``singular``/``plural`` that ``n`` takes in the current language."""
    language = _language.get()
    found = catalog(language)
    forms = found.plural.get(singular)
    if forms is None:
        return singular if n == 1 else plural
    return forms[min(found.plural_index(n), len(forms) - 1)]
