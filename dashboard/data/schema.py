"""The single source of truth for the data contract: files, fields, vocabularies, colours.

The loader validates against these definitions, the figures take their colours
and labels from them, and a test keeps the README's field tables in step.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dashboard.i18n import N_

MISSION_START = date(2020, 11, 10)
"""Trilateral statement; the timeline never starts later than this."""
MISSION_END = date(2024, 6, 12)
"""Withdrawal reported complete (event E086); the timeline never ends earlier."""

REGION_BBOX = (44.5, 38.8, 47.5, 41.0)
"""lon_min, lat_min, lon_max, lat_max: every geometry must lie inside."""

# Vocabularies: codes in the data, and (marked with N_) words the interface translates.
DATE_PRECISIONS = (N_("day"), N_("month"), N_("season"), N_("year"))
LOCATION_PRECISIONS = (N_("exact"), N_("settlement"), N_("approximate"), N_("region"))
SITE_LOCATION_PRECISIONS = (N_("exact"), N_("settlement"), N_("approximate"), N_("none"))
CONFIDENCE_LEVELS = (N_("high"), N_("medium"), N_("low"))
SITE_KINDS = (N_("settlement"), N_("city"), N_("monastery"), N_("checkpoint"), N_("base"))
SITE_KINDS += (N_("route"), N_("region"))
ACCURACY_LEVELS = (N_("exact"), N_("approximate"), N_("schematic"))

SOURCE_ROLES = (N_("primary"), N_("cited in notes"))
"""Roles the record gives its sources: translated; any other role is shown as written."""

# Who reported (or denied) an event, as UCDP/ACLED code a claim's origin: code -> label.
CLAIMANTS: dict[str, str] = {
    "ru_mod": N_("Russian MoD"),
    "ru_gov": N_("Russian government (Kremlin, MFA)"),
    "am_gov": N_("Armenian government"),
    "nk_gov": N_("Karabakh authorities"),
    "az_gov": N_("Azerbaijani government"),
    "other_gov": N_("Another government"),
    "icrc": N_("ICRC"),
    "intl": N_("Other international body"),
    "media": N_("Media"),
}
# Who held a place (a site's `held_by` periods): code -> label.
HOLDERS: dict[str, str] = {
    "armenia": N_("Armenia"),
    "karabakh_armenian": N_("Karabakh Armenian authorities"),
    "azerbaijan": N_("Azerbaijan"),
}
CORROBORATED_SOURCES = 2
"""Independent sources (distinct originators) an event needs to count as corroborated."""
REPORTED_WITHIN_DAYS = (0, 2, 7, 30)
"""The reporting-lag filter's choices: first reported at most this many days after the event."""

# category -> (label, colour). Colours: Okabe-Ito-like, distinguishable for colour-blind readers.
CATEGORIES: dict[str, tuple[str, str]] = {
    "agreement": (N_("Agreement"), "#0072B2"),
    "deployment": (N_("Deployment"), "#56B4E9"),
    "handover": (N_("Territory handover"), "#6A3D9A"),
    "monitoring": (N_("Monitoring"), "#009E73"),
    "ceasefire_violation": (N_("Ceasefire violation"), "#D55E00"),
    "incident": (N_("Incident"), "#E69F00"),
    "casualty": (N_("Casualty"), "#B2182B"),
    "blockade": (N_("Blockade"), "#8C510A"),
    "humanitarian": (N_("Humanitarian"), "#1B9E77"),
    "infrastructure": (N_("Infrastructure"), "#7F7F7F"),
    "legal": (N_("Legal"), "#3F4A8A"),
    "command": (N_("Command"), "#4D4D4D"),
    "political": (N_("Political"), "#CC79A7"),
    "military_operation": (N_("Military operation"), "#67001F"),
    "displacement": (N_("Displacement"), "#F0A30A"),
    "religious_site": (N_("Religious site"), "#8E6C8A"),
    "withdrawal": (N_("Withdrawal"), "#2F4F4F"),
}


@dataclass(frozen=True)
class Field:
    """One property of a GeoJSON feature."""

    name: str
    type: str  # "str", "bool", "list[str]", "dict[str,str]", "list[source]", "list[name]"
    required: bool
    description: str
    choices: tuple[str, ...] = ()
    nullable: bool = False


RANGE_MEANING = "Deaths as `{low, best, high}` (whole numbers, low <= best <= high); null = none."

EVENT_FIELDS: tuple[Field, ...] = (
    Field("id", "str", True, "Stable event id, e.g. `E081` (also the feature `id`)."),
    Field(
        "date",
        "str",
        True,
        "`YYYY-MM-DD` (day precision) or `YYYY-MM` (month/season: the first month) or `YYYY`.",
    ),
    Field("date_precision", "str", True, "How precise `date` is.", DATE_PRECISIONS),
    Field(
        "end_date",
        "str",
        False,
        "Last day (or month) of a multi-day event, same formats as `date`.",
        nullable=True,
    ),
    Field("title", "str", True, "Short neutral title."),
    Field("summary", "str", True, "One-paragraph neutral summary."),
    Field("category", "str", True, "Event category.", tuple(CATEGORIES)),
    Field("site", "str", True, "`id` of the site in `sites.geojson`."),
    Field(
        "location_precision",
        "str",
        True,
        "`exact` site, `settlement`, `approximate` (near the point) or `region` (display only).",
        LOCATION_PRECISIONS,
    ),
    Field("actors", "list[str]", True, "Who acted; `RPKF` = Russian peacekeeping contingent."),
    Field("figures", "dict[str,str]", True, "Reported figures as given by the source (`~`, `+`)."),
    Field(
        "sources",
        "list[source]",
        True,
        "At least one `{url, name, role, via}`; the first is the primary source. http(s) only. "
        "`via` names the originator (the ministry a reprint quotes, the wire, the outlet "
        "itself): distinct originators are the independent sources.",
    ),
    Field("confidence", "str", True, "Source reliability.", CONFIDENCE_LEVELS),
    Field("notes", "str", False, "Corroboration, conflicting claims and caveats.", nullable=True),
    Field("context", "bool", False, "True for rows kept for context outside the mission's remit."),
    Field(
        "contested",
        "list[claim]",
        False,
        "Each side's claim on a contested fact: `{claim, by, source_url, source_name}`.",
    ),
    Field(
        "reported",
        "str",
        False,
        "Day the event was first reported (`YYYY-MM-DD`), never before `date`; null = unknown.",
        nullable=True,
    ),
    Field("claimed_by", "list[str]", False, "Who reported the event.", tuple(CLAIMANTS)),
    Field(
        "denied_by", "list[str]", False, "Who denied it, where a source says so.", tuple(CLAIMANTS)
    ),
    Field("killed", "range", False, RANGE_MEANING, nullable=True),
    Field("injured", "range", False, "Injuries, as `killed`.", nullable=True),
    Field("added", "str", False, "Day it entered the record (`YYYY-MM-DD`).", nullable=True),
    Field("updated", "str", False, "Day it last changed, not before `added`.", nullable=True),
)
EVENT_FIELD_NAMES: tuple[str, ...] = tuple(f.name for f in EVENT_FIELDS)
# The fields the server selects, counts and sorts events by, for every event at once:
# plain columns of the events frame. The others (texts, sources, figures...) are read
# for the few events a panel shows, from the packed event store (event_store.py).
EVENT_COLUMN_FIELDS: tuple[str, ...] = (
    "id",
    "date_precision",
    "category",
    "site",
    "location_precision",
    "actors",
    "confidence",
    "context",
)
EVENT_STORED_FIELDS: tuple[str, ...] = tuple(
    name for name in EVENT_FIELD_NAMES if name not in EVENT_COLUMN_FIELDS
)

SITE_FIELDS: tuple[Field, ...] = (
    Field("id", "str", True, "Stable site id, e.g. `dadivank` (also the feature `id`)."),
    Field("name_en", "str", True, "English name."),
    Field("name_hy_usage", "str", True, "Common Latin-script name in Armenian usage."),
    Field("name_az_usage", "str", True, "Common Latin-script name in Azerbaijani usage."),
    Field(
        "names",
        "list[name]",
        True,
        "All names as `{tag, name}`; tags `hy`, `az`, `ru`, `en`, `*-lat`, `hist`, `alt`.",
    ),
    Field("kind", "str", True, "What the site is.", SITE_KINDS),
    Field(
        "location_precision",
        "str",
        True,
        "`exact`, `settlement`, `approximate` (derived) or `none` (null geometry).",
        SITE_LOCATION_PRECISIONS,
    ),
    Field(
        "coord_source", "str", False, "URL of the page the coordinate comes from.", nullable=True
    ),
    Field("coord_method", "str", False, "How the coordinate was obtained.", nullable=True),
    Field("notes", "str", False, "Disambiguation and caveats.", nullable=True),
    Field(
        "held_by",
        "list[period]",
        False,
        "Who held the place when, where sources say: `{side, from, to, source_url, source_name}`; "
        "`to` is the first day no longer held, null = open. Sides: "
        + ", ".join(f"`{code}`" for code in HOLDERS)
        + ".",
    ),
    Field(
        "caveat",
        "str",
        False,
        "Why the point sits on the other side of a drawn line from who `held_by` says held it.",
        nullable=True,
    ),
)

LAYER_FIELDS: tuple[Field, ...] = (
    Field("id", "str", True, "Stable feature id, e.g. `loc_2020` (also the feature `id`)."),
    Field("name", "str", True, "What the feature is, with its dates."),
    Field("kind", "str", True, "Sub-type within the layer (e.g. `corridor_route`)."),
    Field(
        "valid_from",
        "str",
        False,
        "First day the feature is in force (`YYYY-MM-DD`); null = open.",
        nullable=True,
    ),
    Field(
        "valid_to",
        "str",
        False,
        "Day the feature ceased to be in force (`YYYY-MM-DD`); null = open.",
        nullable=True,
    ),
    Field("accuracy", "str", True, "How good the geometry is.", ACCURACY_LEVELS),
    Field("description", "str", True, "Plain-language explanation shown on click."),
    Field("source", "str", True, "Provenance of the geometry."),
    Field("licence", "str", True, "Licence / credit of the geometry."),
    Field("events", "list[str]", False, "Ids of the events that document the feature."),
)


@dataclass(frozen=True)
class LayerSpec:
    """How one layer file is drawn and described."""

    id: str
    title: str
    geometry: str  # "polygon", "line" or "point"
    colour: str
    basemap: bool
    default_on: bool
    legend: str


LAYERS: tuple[LayerSpec, ...] = (
    LayerSpec(
        "countries",
        N_("Countries"),
        "polygon",
        "#9a9a9a",
        True,
        True,
        N_("Borders (Natural Earth 1:10m)"),
    ),
    LayerSpec("lakes", N_("Lakes"), "polygon", "#9cc3e0", True, True, N_("Lakes and reservoirs")),
    LayerSpec("rivers", N_("Rivers"), "line", "#7fb2d9", True, True, N_("Major rivers")),
    LayerSpec(
        "peacekeeping_zone",
        N_("Peacekeeping zone"),
        "polygon",
        "#c0392b",
        False,
        True,
        N_("Armenian-held area where the contingent operated (approximate)"),
    ),
    LayerSpec(
        "line_of_contact",
        N_("Line of contact"),
        "line",
        "#7b1d12",
        False,
        True,
        N_("Ceasefire line of 10 Nov 2020 (approximate); 1994 line (historical)"),
    ),
    LayerSpec(
        "lachin_corridor",
        N_("Lachin corridor"),
        "line",
        "#d4820a",
        False,
        True,
        N_("Corridor road and 5 km zone (schematic / approximate)"),
    ),
    LayerSpec(
        "handovers",
        N_("Handovers"),
        "point",
        "#6a3d9a",
        False,
        True,
        N_("Districts and towns handed to Azerbaijan, from their date"),
    ),
    LayerSpec(
        "installations",
        N_("Mission installations"),
        "point",
        "#1b7f5b",
        False,
        True,
        N_("Main base, joint monitoring centre, Hakari checkpoint, while in force"),
    ),
)

LAYER_BY_ID = {spec.id: spec for spec in LAYERS}

# --- Rules the browser applies too (shipped to it by dashboard/data/contract.py) -------------


@dataclass(frozen=True)
class PrecisionKind:
    """A way an event can be imprecise, which the reader may hide: one bit of its flags."""

    id: str
    bit: int
    label: str
    field: str  # the event field that says so
    values: tuple[str, ...]  # values of ``field`` that make an event this kind...
    negate: bool = False  # ...or, when True, every value but these


PRECISION_KINDS: tuple[PrecisionKind, ...] = (
    PrecisionKind(
        "approximate", 1, N_("Approximate locations"), "location_precision", ("approximate",)
    ),
    PrecisionKind(
        "region", 2, N_("Region-wide or unlocated events"), "location_precision", ("region",)
    ),
    PrecisionKind(
        "coarse", 4, N_("Dates known only to the month or season"), "date_precision", ("day",), True
    ),
)

# Marker diameter in px for a site with ``count`` events in the selected dates:
# MARKER_EMPTY when none, else MARKER_BASE + MARKER_PER_ROOT * sqrt(count).
MARKER_EMPTY = 7
MARKER_BASE = 8
MARKER_PER_ROOT = 3

# A dated layer feature on a day: "future" before ``valid_from`` (that day is in force),
# "former" from ``valid_to`` on (the day it ceased), "current" between; a null end is open.
LAYER_STATUSES = ("future", "current", "former")
FORMER_OPACITY = 0.35
"""Features no longer in force are drawn at this opacity (when shown at all)."""

# Compare mode's map marks: change -> (Plotly marker symbol, colour, word, legend glyph).
COMPARE_MARKS = {
    "began": ("triangle-up", "#137333", N_("Began"), "▲"),
    "ended": ("triangle-down", "#b2182b", N_("Ended"), "▼"),
    "began and ended": ("diamond", "#6a3d9a", N_("Began and ended"), "◆"),
}


SELECTION_KINDS = ("site", "layer", "event", "cluster")
"""What a selection token (``"site:dadivank"``) can name; also link parameters."""

# Link parameters (README "Link parameters"): what each holds -> its name in the address.
LINK_PARAMS: dict[str, str] = {
    **{"start": "from", "end": "to", "categories": "cat", "actors": "actor", "confidence": "conf"},
    **{"precision": "prec", "text": "q", "corroborated": "corr", "reported_within": "lag"},
    **{"claimed_by": "by", "language": "lang"},
    # the others are named as they are held
    **{name: name for name in ("mode", "window", "since", "names", "layers", "view", "embed")},
    **{name: name for name in ("story", "step", "compare")},
}
VIEW_ONLY_PARAMS = (
    *("view", "embed", "names", "layers", "mode", "window", "since", "story", "step"),
    *SELECTION_KINDS,
)
"""Parameters that shape the page but not which events an export holds."""
DEFAULT_MODE = "range"
DEFAULT_NAMES = "both"
SITES_FILE = "sites.geojson"
EVENTS_FILE = "events.geojson"


def layer_file(layer_id: str) -> str:
    return f"{layer_id}.geojson"


def required_files() -> tuple[str, ...]:
    return (SITES_FILE, EVENTS_FILE, *(layer_file(spec.id) for spec in LAYERS))
