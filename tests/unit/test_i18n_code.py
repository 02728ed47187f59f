"""Code that translates: ``_`` must stay the translation function wherever it is imported."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _imports_gettext(tree: ast.Module) -> bool:
    return any(
        isinstance(node, ast.ImportFrom)
        and (node.module or "").startswith("dashboard.i18n")
        and any(alias.name == "_" and alias.asname is None for alias in node.names)
        for node in ast.walk(tree)
    )


def test_no_module_that_translates_rebinds_underscore():
    """``for _, row in ...`` in a function that also calls ``_("...")`` makes ``_`` local
    there, and the call fails at run time (UnboundLocalError): only in a rare branch."""
    offenders = []
    for path in sorted((ROOT / "dashboard").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if not _imports_gettext(tree):
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Name) and node.id == "_" and isinstance(node.ctx, ast.Store):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not offenders, "'_' rebound where it translates: " + ", ".join(offenders)


def test_no_message_is_written_inside_an_f_string():
    """Babel's extractor does not read f-strings: a message there never reaches the
    catalogs, and the page shows it in English whatever its language."""
    offenders = []
    for path in sorted((ROOT / "dashboard").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.JoinedStr):
                continue
            for inner in ast.walk(node):
                if (
                    isinstance(inner, ast.Call)
                    and isinstance(inner.func, ast.Name)
                    and inner.func.id in ("_", "N_", "ngettext")
                    and inner.args
                    and isinstance(inner.args[0], ast.Constant)
                ):
                    offenders.append(f"{path.relative_to(ROOT)}:{inner.lineno}")
    assert not offenders, "messages inside f-strings: " + ", ".join(offenders)
