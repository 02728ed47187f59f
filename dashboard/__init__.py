"""Interactive map of the Russian peacekeeping mission in Nagorno-Karabakh, 2020-2024."""

__version__ = "0.1.0"
