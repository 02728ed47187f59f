"""The README's field tables and ids stay in step with the code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dashboard.data import schema
from dashboard.data.readme_tables import field_table
from dashboard.views import ids

README = Path(__file__).resolve().parents[2] / "README.md"
TABLES = {
    "events": schema.EVENT_FIELDS,
    "sites": schema.SITE_FIELDS,
    "layers": schema.LAYER_FIELDS,
}


def readme_table(name: str) -> str:
    text = README.read_text(encoding="utf-8")
    match = re.search(rf"<!-- table:{name} -->\n(.*?)\n<!-- /table -->", text, re.S)
    assert match, f"README has no table marked {name}"
    return match.group(1).strip()


@pytest.mark.parametrize("name", sorted(TABLES))
def test_readme_field_table_matches_schema(name):
    assert readme_table(name) == field_table(TABLES[name]), (
        f"README table '{name}' is out of date: regenerate it from dashboard/data/schema.py"
    )


def test_readme_documents_public_ids_and_opens_with_two_commands():
    text = README.read_text(encoding="utf-8")
    for public in (ids.MAP, ids.TIMELINE, ids.DETAIL):
        assert f"| `{public}` |" in text
    blocks = re.findall(r"```\n(.*?)\n```", text, re.S)
    assert "karabakh-map serve" in blocks[0]
    assert blocks[1].strip() == "bash tools/run-tests"
