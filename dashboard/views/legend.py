"""The legend's switches: which map traces each shows, and how its swatch looks.

Colours of the switches that stand for a layer come from ``schema.LAYERS``.
"""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.data import schema
from dashboard.i18n import N_

SITES_COLOUR = "#1f3b57"
BLOCKADE_COLOUR = "#b2182b"


def _colour(layer_id: str) -> str:
    return schema.LAYER_BY_ID[layer_id].colour


@dataclass(frozen=True)
class Toggle:
    """One switch in the legend: which traces it shows and how they look."""

    id: str
    label: str  # marked with N_, translated where shown
    description: str
    colour: str
    style: str  # "area", "line", "approximate", "schematic", "site", "basemap"
    default_on: bool = True
    layers: tuple[str, ...] = ()  # the data layers (schema.LAYERS) it shows; () = not a layer


TOGGLES: tuple[Toggle, ...] = (
    Toggle(
        "sites",
        N_("Sites"),
        N_("Size = events in the selected dates; hollow = none"),
        SITES_COLOUR,
        "site",
    ),
    Toggle(
        "zone",
        N_("Peacekeeping zone"),
        N_("Armenian-held area, Nov 2020 – Sep 2023 (approximate)"),
        _colour("peacekeeping_zone"),
        "area",
        layers=("peacekeeping_zone",),
    ),
    Toggle(
        "loc",
        N_("Line of contact 2020"),
        N_("10 Nov 2020 – Sep 2023; wide band = approximate"),
        _colour("line_of_contact"),
        "approximate",
        layers=("line_of_contact",),
    ),
    Toggle(
        "corridor",
        N_("Lachin corridor"),
        N_("Dotted = schematic road; shaded = 5 km zone"),
        _colour("lachin_corridor"),
        "schematic",
        layers=("lachin_corridor",),
    ),
    Toggle(
        "loc1994",
        N_("Line of contact 1994"),
        N_("Historical, 1994 – 2020"),
        "#6b6b6b",
        "line",
        False,
        (),
    ),
    Toggle(
        "blockade",
        N_("Corridor blockade"),
        N_("12 Dec 2022 – 24 Sep 2023 (framing contested)"),
        BLOCKADE_COLOUR,
        "blockade",
        layers=("lachin_corridor",),
    ),
    Toggle(
        "installations",
        N_("Mission installations"),
        N_("Base, joint monitoring centre, Hakari checkpoint"),
        _colour("installations"),
        "ring",
        layers=("installations",),
    ),
    Toggle(
        "handovers",
        N_("Handovers to Azerbaijan"),
        N_("Districts (Nov–Dec 2020) and towns (Aug 2022)"),
        _colour("handovers"),
        "ring",
        layers=("handovers",),
    ),
    Toggle(
        "basemap",
        N_("Rivers and lakes"),
        N_("Natural Earth 1:10m"),
        _colour("rivers"),
        "basemap",
        layers=("rivers", "lakes"),
    ),
    Toggle(
        "former",
        N_("Show ended features, faded"),
        N_("Lines, areas and installations no longer in force on the end date"),
        "#bbbbbb",
        "former",
    ),
)
TOGGLE_IDS = tuple(t.id for t in TOGGLES)
DEFAULT_TOGGLES = [t.id for t in TOGGLES if t.default_on]
