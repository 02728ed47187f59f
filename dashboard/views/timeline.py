"""The timeline's pure builders: monthly density strip, key dates, slider constraints."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.data import schema
from dashboard.data.dates import day_text, to_index
from dashboard.data.loading import Dataset
from dashboard.i18n import N_, _

COMPARE = "compare"
MODES = {
    "range": N_("Range: both ends free"),
    "cumulative": N_("Cumulative: from the start"),
    "window": N_("Moving window"),
    COMPARE: N_("Compare: what changed from start to end"),
}
WINDOW_LENGTHS = {7: N_("1 week"), 30: N_("30 days"), 91: N_("3 months"), 365: N_("1 year")}
DEFAULT_WINDOW = 91
# Playback speed: days advanced per second.
SPEEDS = {
    7: N_("a week per second"),
    30: N_("a month per second"),
    91: N_("a quarter per second"),
}
DEFAULT_SPEED = 30
PLAY_TICK_MS = 200


def key_dates(dataset: Dataset) -> list[dict]:
    """The key dates of ``annotations.json`` present in the data: id, label, day offset
    and date in words."""
    origin = dataset.span[0]
    out = []
    for key in dataset.annotations.key_dates:
        if key.event_id not in dataset.events.index:
            continue
        start = dataset.events.loc[key.event_id, "start"]
        out.append(
            {
                "event": key.event_id,
                "label": key.label,
                "index": to_index(start, origin),
                "date": day_text(start),
                "iso": start.isoformat(),
            }
        )
    return out


def month_starts(first: date, last: date) -> list[date]:
    months = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append(date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def month_bins(events: pd.DataFrame, first: date) -> list[int]:
    """Index of each event's start month, counted from ``first``'s month."""
    return _month_bins(events, first).tolist()


def _month_bins(events: pd.DataFrame, first: date) -> np.ndarray:
    # once per distinct start day (a few thousand), not per event (a million)
    codes, days = pd.factorize(events["start"].to_numpy(dtype=object))
    months = [(d.year - first.year) * 12 + d.month - first.month for d in days]
    return np.asarray(months, dtype=np.int64)[codes]


def category_order(events: pd.DataFrame) -> list[str]:
    """Categories present, in the schema's order (stable colours and stacking)."""
    present = set(events["category"])
    return [c for c in schema.CATEGORIES if c in present]


def density_counts(dataset: Dataset, events: pd.DataFrame | None = None) -> dict[str, list[int]]:
    """Events per start month and category (every month of the span, zeros included)."""
    events = dataset.events if events is None else events
    first, last = dataset.span
    n_months = len(month_starts(first, last))
    order = category_order(dataset.events)
    bins = _month_bins(events, first)
    kinds = pd.Index(order, dtype=object).get_indexer(events["category"])
    kept = (bins >= 0) & (bins < n_months) & (kinds >= 0)
    flat = np.bincount(kinds[kept] * n_months + bins[kept], minlength=len(order) * n_months)
    return {c: flat[i * n_months : (i + 1) * n_months].tolist() for i, c in enumerate(order)}


def density_figure(dataset: Dataset) -> go.Figure:
    """Stacked monthly step areas by category, with key dates and the selection highlighted.

    Scatter traces (``stackgroup`` + ``hv`` steps) rather than bars keep the page to the
    trace types the map already needs.
    """
    first, last = dataset.span
    months = month_starts(first, last)
    edges = [m.isoformat() for m in months]
    end_edge = date(last.year + (last.month == 12), last.month % 12 + 1, 1).isoformat()
    traces = []
    for category, counts in density_counts(dataset).items():
        label, colour = schema.CATEGORIES[category]
        label = _(label)
        traces.append(
            go.Scatter(
                x=[*edges, end_edge],
                y=[*counts, counts[-1]],
                mode="lines",
                line={"shape": "hv", "width": 0.5, "color": colour},
                fillcolor=colour,
                stackgroup="events",
                name=label,
                hovertemplate=f"{label}: %{{y}}<extra>%{{x|%b %Y}}</extra>",
                meta={"category": category},
            )
        )
    fig = go.Figure(traces)
    shapes = [
        {
            "type": "rect",
            "xref": "x",
            "yref": "paper",
            "x0": first.isoformat(),
            "x1": last.isoformat(),
            "y0": 0,
            "y1": 1,
            "fillcolor": "rgba(31,59,87,0.10)",
            "line": {"color": "rgba(31,59,87,0.55)", "width": 1},
            "layer": "below",
            "name": "selection",
        }
    ]
    for key in key_dates(dataset):
        shapes.append(
            {
                "type": "line",
                "xref": "x",
                "yref": "paper",
                "x0": key["iso"],
                "x1": key["iso"],
                "y0": 0,
                "y1": 1,
                "line": {"color": "#8a8a8a", "width": 1, "dash": "dot"},
                "name": key["event"],
            }
        )
    shapes.append(
        {
            "type": "line",
            "xref": "x",
            "yref": "paper",
            "x0": first.isoformat(),
            "x1": first.isoformat(),
            "y0": 0,
            "y1": 1,
            "visible": False,
            "line": {"color": "#d4820a", "width": 3},
            "name": "selected",
        }
    )
    fig.update_layout(
        height=70,
        margin={"l": 0, "r": 0, "t": 2, "b": 2},
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="#ffffff",
        showlegend=False,
        dragmode="select",
        selectdirection="h",
        hovermode="x unified",
        # Aligned with the slider below it: the same first and last day, no tick labels.
        xaxis={
            "type": "date",
            "range": [first.isoformat(), (last + timedelta(days=1)).isoformat()],
            "showgrid": False,
            "showticklabels": False,
            "fixedrange": True,
        },
        yaxis={"fixedrange": True, "showgrid": False, "showticklabels": False, "zeroline": False},
        shapes=shapes,
        uirevision="density",
    )
    return fig


def density_client_data(dataset: Dataset) -> dict:
    """What the browser needs to recount the strip when filters change."""
    categories = category_order(dataset.events)
    return {
        # each month's first day as a day offset (the first may be negative): the browser
        # bins the events' start days itself rather than receiving a bin per event
        "monthStarts": [to_index(m, dataset.span[0]) for m in month_starts(*dataset.span)],
        "months": len(month_starts(*dataset.span)),
        "categories": len(categories),  # each event's is in the events' columns
    }
