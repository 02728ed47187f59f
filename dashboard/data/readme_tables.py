"""The README's data-contract tables, generated from the schema (tests/unit/test_readme.py
keeps the README in step with them)."""

from __future__ import annotations

from dashboard.data.schema import Field


def field_table(fields: tuple[Field, ...]) -> str:
    """The README's table for ``fields`` (a test keeps the README in step with this)."""
    lines = ["| field | type | required | meaning |", "| --- | --- | --- | --- |"]
    for f in fields:
        meaning = f.description
        if f.choices:
            meaning += " One of: " + ", ".join(f"`{c}`" for c in f.choices) + "."
        required = "yes" if f.required else ("no (may be null)" if f.nullable else "no")
        lines.append(f"| `{f.name}` | {f.type} | {required} | {meaning} |")
    return "\n".join(lines)
