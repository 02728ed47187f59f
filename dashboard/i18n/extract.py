"""The interface's messages, found in the code: ``_``/``N_``/``ngettext`` in Python,
``k.t``/``k.tn`` in the page's scripts. ``tools/i18n`` writes them to the catalogs;
a test checks every one has a translation in each language."""

from __future__ import annotations

from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file

PYTHON_KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
SCRIPT_KEYWORDS = {"t": None, "tn": (1, 2)}


def sources(root: Path) -> list[tuple[Path, str, dict]]:
    """(file, Babel method, keywords) for every file whose messages are shown."""
    found = [(p, "python", PYTHON_KEYWORDS) for p in sorted((root / "dashboard").rglob("*.py"))]
    scripts = [root / "assets" / "boot.js", *sorted((root / "assets" / "client").glob("*.js"))]
    return found + [(p, "javascript", SCRIPT_KEYWORDS) for p in scripts]


def extract(root: Path) -> Catalog:
    """A template catalog of every message in the code under ``root``."""
    template = Catalog(project="karabakh-map", charset="utf-8")
    for path, method, keywords in sources(root):
        relative = path.relative_to(root).as_posix()
        for line, message, comments, context in extract_from_file(
            method, str(path), keywords=keywords, comment_tags=("TRANSLATORS:",)
        ):
            if isinstance(message, tuple) and None in message:
                continue
            template.add(message, None, [(relative, line)], auto_comments=comments, context=context)
    return template
