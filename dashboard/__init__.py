"""Interactive map of the Russian peacekeeping mission in Nagorno-Karabakh, 2020-2024.

Layers, from the bottom up; a layer imports only those below it (tests/unit/test_layers.py):

- ``dashboard.config``: settings, from flags or the environment;
- ``dashboard.data``: schema, loading and validation, the event store, CSV import/export;
- ``dashboard.views``: pure builders of figures and panels;
- ``dashboard.web``: the Dash app, callbacks and serving;
- ``dashboard.cli`` / ``dashboard.wsgi`` / ``dashboard.__main__``: entry points.
"""

__version__ = "0.1.0"
