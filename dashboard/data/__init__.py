"""The data layer: the schema (fields and vocabularies), dates with precision, loading and
validation of a data folder, the event store, and import/export of the one CSV format.

May import: the standard library and third-party packages only, and ``dashboard.data``
itself. Never ``dashboard.views``, ``dashboard.web`` or ``dashboard.cli``.
"""
