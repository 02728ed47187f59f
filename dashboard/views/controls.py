"""The side panels' controls: filter and search, the legend's layer switches, names and
the imprecise events to include."""

from __future__ import annotations

from dash import dcc, html

from dashboard.data import schema
from dashboard.data.filters import ALL_PRECISION, PRECISION_KINDS, filter_summary
from dashboard.data.loading import Dataset
from dashboard.i18n import _, format_number
from dashboard.views import ids
from dashboard.views.legend import DEFAULT_TOGGLES, TOGGLES
from dashboard.views.names import NAME_CONVENTIONS, default_convention


def inline_radio(component_id: str, choices: dict, value, class_name: str) -> dcc.RadioItems:
    """Radio buttons in a row, one per ``choices`` entry (value -> label)."""
    return dcc.RadioItems(
        id=component_id,
        options=[{"label": _(label), "value": key} for key, label in choices.items()],
        value=value,
        inline=True,
        className=class_name,
    )


CORROBORATED = schema.CORROBORATED_SOURCES


def _lag_label(days: int) -> str:
    if days == 0:
        return _("First reported the same day")
    return _("First reported within {days} days").format(days=days)


def filter_panel(dataset: Dataset) -> html.Section:
    events = dataset.events
    categories = events["category"].value_counts()
    actors = events["actors"].explode().value_counts()
    confidence = events["confidence"].value_counts()
    counted = dataset.store.claimant_counts()
    claimants = [
        (code, f"{_(label)} ({format_number(counted[code])})")
        for code, label in schema.CLAIMANTS.items()
        if counted.get(code)
    ]
    return html.Section(
        [
            html.Div(
                [
                    html.H2(_("Filter and search")),
                    html.Button(
                        _("Reset"), id=ids.FILTER_CLEAR, n_clicks=0, className="clear-button"
                    ),
                ],
                className="panel-head",
            ),
            html.Label(_("Search"), htmlFor=ids.FILTER_TEXT, className="control-title"),
            dcc.Input(
                id=ids.FILTER_TEXT,
                type="search",
                debounce=0.3,
                placeholder=_("Words in titles, summaries, names (any language), sources"),
                className="search-input",
                maxLength=200,
            ),
            html.Label(_("Categories"), htmlFor=ids.FILTER_CATEGORY, className="control-title"),
            dcc.Dropdown(
                id=ids.FILTER_CATEGORY,
                options=[
                    {
                        "label": f"{_(label)} ({format_number(int(categories.get(key, 0)))})",
                        "value": key,
                    }
                    for key, (label, _colour) in schema.CATEGORIES.items()
                    if key in categories
                ],
                multi=True,
                placeholder=_("All categories"),
            ),
            html.Label(_("Actors"), htmlFor=ids.FILTER_ACTOR, className="control-title"),
            dcc.Dropdown(
                id=ids.FILTER_ACTOR,
                options=[
                    {"label": f"{a} ({format_number(n)})", "value": a} for a, n in actors.items()
                ],
                multi=True,
                placeholder=_("All actors (RPKF = Russian peacekeeping contingent)"),
            ),
            html.Div(_("Confidence"), className="control-title", id="confidence-label"),
            dcc.Checklist(
                id=ids.FILTER_CONFIDENCE,
                options=[
                    {
                        "label": f"{_(level)} ({format_number(int(confidence.get(level, 0)))})",
                        "value": level,
                    }
                    for level in schema.CONFIDENCE_LEVELS
                ],
                value=list(schema.CONFIDENCE_LEVELS),
                inline=True,
                className="radio-row",
            ),
            html.Label(_("Reported by"), htmlFor=ids.FILTER_CLAIMED_BY, className="control-title"),
            dcc.Dropdown(
                id=ids.FILTER_CLAIMED_BY,
                options=[{"label": label, "value": code} for code, label in claimants],
                multi=True,
                placeholder=_("Anyone (Russian MoD, each government, ICRC, media...)"),
            ),
            html.Div(_("Sourcing"), className="control-title", id="sourcing-label"),
            dcc.Checklist(
                [
                    {
                        "label": _("Corroborated ({n}+ independent sources)").format(
                            n=CORROBORATED
                        ),
                        "value": "yes",
                    }
                ],
                [],
                id=ids.FILTER_CORROBORATED,
                className="radio-row",
            ),
            html.Label(
                _("Reporting lag"), htmlFor=ids.FILTER_REPORTED_WITHIN, className="control-title"
            ),
            dcc.Dropdown(
                id=ids.FILTER_REPORTED_WITHIN,
                options=[
                    {"label": _lag_label(days), "value": days}
                    for days in schema.REPORTED_WITHIN_DAYS
                ],
                value=None,
                placeholder=_("First reported: any time"),
                searchable=False,
            ),
            html.P(
                filter_summary(None, len(dataset.events)),
                id=ids.FILTER_SUMMARY,
                className="muted filter-summary",
                role="status",
            ),
            dcc.Store(id=ids.FILTER_STATE, data={}),
            dcc.Store(id=ids.FILTER_MASK, data=""),
        ],
        className="panel filter-panel",
    )


def legend_panel() -> html.Section:
    options = []
    for toggle in TOGGLES:
        options.append(
            {
                "label": html.Span(
                    [
                        html.Span(
                            className=f"swatch swatch-{toggle.style}",
                            style={"--swatch": toggle.colour},
                        ),
                        html.Span(_(toggle.label), className="legend-label"),
                        html.Span(_(toggle.description), className="legend-desc"),
                    ],
                    className="legend-item",
                ),
                "value": toggle.id,
            }
        )
    return html.Section(
        [
            html.H2(_("Layers")),
            dcc.Checklist(
                id=ids.LAYER_TOGGLES,
                options=options,
                value=DEFAULT_TOGGLES,
                className="legend",
                inputClassName="legend-check",
            ),
            html.P(
                [
                    html.Span("◆", className="glyph"),
                    " " + _("monastery") + "  ",
                    html.Span("■", className="glyph"),
                    " " + _("checkpoint") + "  ",
                    html.Span("▲", className="glyph"),
                    " " + _("base") + "  ",
                    html.Span("●", className="glyph"),
                    " " + _("settlement"),
                ],
                className="legend-symbols muted",
            ),
            html.H3(_("Names on the map"), className="control-title"),
            inline_radio(ids.NAME_CONVENTION, NAME_CONVENTIONS, default_convention(), "radio-row"),
            html.H3(_("Include imprecise events"), className="control-title"),
            dcc.Checklist(
                id=ids.PRECISION_FILTER,
                options=[
                    {"label": _(label), "value": key}
                    for key, (_bit, label) in PRECISION_KINDS.items()
                ],
                value=list(ALL_PRECISION),
                className="precision-filter",
            ),
        ],
        className="panel legend-panel",
    )
