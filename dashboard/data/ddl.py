"""The database's tables and indexes, generated from the schema module's field lists.

A field of type ``str`` is a TEXT column, ``bool`` an INTEGER (0/1), and every list or
dict field JSON text. Beside the fields: integer day offsets from the data's span origin
(``start_day``/``end_day``, indexed for date ranges), the precision bits of
``filters.PRECISION_KINDS`` (``flags``), the values ``coding.py`` derives (independent
sources, days from the event to its first report), lookup tables for the filters that look
inside a list (actors) or a dict (figures), and the search text with its FTS5 trigram index.

``SCHEMA_VERSION`` hashes the generated DDL with ``FORMAT``: a database built by another
version of the code has another file name, so it is never opened by this one.
"""

from __future__ import annotations

import hashlib

from dashboard.data import schema

FORMAT = 4  # 3: stories in meta; 4: the short columns stored whole (event_arrays)
"""Raise when the database's content changes without the DDL changing (a new derived value)."""

# The oldest SQLite with FTS5's trigram tokenizer (and its case_sensitive option).
TRIGRAM_SINCE = (3, 34, 0)
SEARCH_TOKENIZER = "trigram case_sensitive 1"  # the text and the terms are casefolded already
PLAIN_TYPES = {"str": "TEXT", "bool": "INTEGER"}


def is_json(spec: schema.Field) -> bool:
    """Is the field stored as JSON text (a list or a dict)?"""
    return spec.type not in PLAIN_TYPES


def _column(spec: schema.Field) -> str:
    kind = PLAIN_TYPES.get(spec.type, "TEXT")
    required = spec.required and not spec.nullable
    return f'"{spec.name}" {kind}' + (" NOT NULL" if required else "")


def _columns(fields: tuple[schema.Field, ...]) -> str:
    return ",\n  ".join(_column(spec) for spec in fields)


def statements() -> list[str]:
    """Every CREATE statement of a new database, in order."""
    return [
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        # row: the event's position, sorted by start day then id (the browser's order)
        f"""CREATE TABLE events (
  row INTEGER PRIMARY KEY,
  {_columns(schema.EVENT_FIELDS)},
  start_day INTEGER NOT NULL,
  end_day INTEGER NOT NULL,
  flags INTEGER NOT NULL,
  independent_sources INTEGER NOT NULL,
  report_lag INTEGER,
  geometry BLOB
)""",
        'CREATE UNIQUE INDEX events_by_id ON events ("id")',
        "CREATE INDEX events_by_day ON events (start_day, end_day)",
        'CREATE INDEX events_by_site ON events ("site", row)',
        'CREATE INDEX events_by_category ON events ("category", row)',
        "CREATE TABLE event_actors (actor TEXT NOT NULL, row INTEGER NOT NULL, "
        "PRIMARY KEY (actor, row)) WITHOUT ROWID",
        "CREATE TABLE event_figures (figure TEXT NOT NULL, row INTEGER NOT NULL, "
        "value TEXT NOT NULL, PRIMARY KEY (figure, row)) WITHOUT ROWID",
        # the events' short columns, whole, for start-up (event_arrays.py); kind: a numpy
        # dtype (data: the array's bytes) or 'json' (data: JSON text)
        "CREATE TABLE event_arrays (name TEXT PRIMARY KEY, kind TEXT NOT NULL, data BLOB NOT NULL)",
        "CREATE TABLE search_text (row INTEGER PRIMARY KEY, text TEXT NOT NULL)",
        "CREATE VIRTUAL TABLE search USING fts5(text, content='search_text', "
        f"content_rowid='row', tokenize='{SEARCH_TOKENIZER}', detail='none')",
        f"""CREATE TABLE sites (
  position INTEGER PRIMARY KEY,
  {_columns(schema.SITE_FIELDS)},
  geometry BLOB
)""",
        f"""CREATE TABLE layer_features (
  layer TEXT NOT NULL,
  position INTEGER NOT NULL,
  {_columns(schema.LAYER_FIELDS)},
  geometry BLOB,
  PRIMARY KEY (layer, position)
)""",
    ]


def tables_and_indexes() -> tuple[list[str], list[str]]:
    """:func:`statements` split: the tables, then the indexes (made once the rows are in)."""
    statements_ = statements()
    indexes = [s for s in statements_ if s.startswith(("CREATE INDEX", "CREATE UNIQUE INDEX"))]
    return [s for s in statements_ if s not in indexes], indexes


def schema_version() -> str:
    """Hash of the generated DDL and ``FORMAT``: part of the database's file name."""
    text = f"format {FORMAT}\n" + ";\n".join(statements())
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
