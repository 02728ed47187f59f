"""Guided stories on the page: the "Stories" menu, the step card's place, and each story
as plain data for the browser (assets/client/75-stories.js draws the card and applies a
step's dates, mode, selection, layers and camera through Dash's own properties)."""

from __future__ import annotations

from datetime import date
from typing import Any

from dash import html

from dashboard.data.dates import to_index
from dashboard.data.loading import Dataset
from dashboard.data.stories import markdown_blocks
from dashboard.i18n import DEFAULT_LANGUAGE, _, current_language
from dashboard.views import ids
from dashboard.views.figures import MAP_VIEW
from dashboard.views.legend import TOGGLES

FIT_MARGIN = 1.6  # the fitted sites' box, widened so markers and labels stay inside
MIN_SPAN = 0.12  # degrees: a fit on one place still shows its surroundings
MAX_SCALE = 8.0


def fit_camera(dataset: Dataset, site_ids: list[str]) -> dict[str, float] | None:
    """The camera (centre, projection scale relative to the default view) showing these
    sites; None when none of them has a geometry."""
    boxes = [
        dataset.sites.geometry[s].bounds
        for s in site_ids
        if s in dataset.sites.index
        and dataset.sites.geometry[s] is not None
        and not dataset.sites.geometry[s].is_empty
    ]
    if not boxes:
        return None
    west, south = min(b[0] for b in boxes), min(b[1] for b in boxes)
    east, north = max(b[2] for b in boxes), max(b[3] for b in boxes)
    span_lon = max(east - west, MIN_SPAN) * FIT_MARGIN
    span_lat = max(north - south, MIN_SPAN) * FIT_MARGIN
    default_lon = MAP_VIEW["lon"][1] - MAP_VIEW["lon"][0]
    default_lat = MAP_VIEW["lat"][1] - MAP_VIEW["lat"][0]
    scale = min(default_lon / span_lon, default_lat / span_lat)
    return {
        "lon": round((west + east) / 2, 4),
        "lat": round((south + north) / 2, 4),
        "scale": round(min(max(scale, 1.0), MAX_SCALE), 3),
    }


def _camera(dataset: Dataset, view: dict[str, Any] | None) -> dict[str, float] | None:
    if not view:
        return None
    if "fit" in view:
        return fit_camera(dataset, view["fit"])
    lon, lat = view["center"]
    return {"lon": lon, "lat": lat, "scale": view["zoom"]}


def _toggles(step: dict[str, Any]) -> list[str] | None:
    """The legend's switches for a step: those showing a data layer it names, the
    basemap's, and the switches that are not layers (sites, ended features) as a fresh
    page has them."""
    if step.get("layers") is None:
        return None
    named = set(step["layers"])
    return [
        t.id
        for t in TOGGLES
        if (named & set(t.layers)) or t.style == "basemap" or (not t.layers and t.default_on)
    ]


def client_stories(dataset: Dataset) -> dict[str, Any]:
    """Every story as the browser draws it: steps with Markdown as blocks of spans, dates as
    slider days, the view as a camera."""
    origin = dataset.span[0]
    out = {}
    for story_id, story in dataset.stories.items.items():
        steps = []
        for step in story["steps"]:
            start, end = (to_index(date.fromisoformat(step[k]), origin) for k in ("from", "to"))
            text, english = _in_language(step, ("heading", "text"))
            steps.append(
                {
                    "heading": text["heading"],
                    "blocks": markdown_blocks(text["text"])[0],
                    # in English because the step has no translation into the page's language
                    "english": english,
                    "range": [start, end],
                    "mode": step["mode"],
                    "camera": _camera(dataset, step.get("view")),
                    "select": step.get("select") or "",
                    "layers": _toggles(step),
                }
            )
        head, english = _in_language(story, ("title", "summary"))
        out[story_id] = {**head, "english": english, "steps": steps}
    return out


def _in_language(item: dict[str, Any], keys: tuple[str, ...]) -> tuple[dict[str, str], bool]:
    """``item``'s texts in the page's language, else its English ones (then True)."""
    language = current_language()
    translated = (item.get("translations") or {}).get(language)
    if language == DEFAULT_LANGUAGE or translated:
        source = translated or item
        return {key: source[key] for key in keys}, False
    return {key: item[key] for key in keys}, True


def stories_menu(dataset: Dataset) -> html.Details | None:
    """The "Stories" control: each story's title and summary; a click opens its first step
    (a delegated listener in 75-stories.js reads ``data-story``)."""
    if not dataset.stories.items:
        return None
    items = []
    for story_id, story in dataset.stories.items.items():
        text, english = _in_language(story, ("title", "summary"))
        data_language = {"lang": "en"} if english else {}
        words = [
            html.Strong(text["title"], **data_language),
            html.Span(text["summary"], className="muted", **data_language),
        ]
        if english:
            words.append(html.Span(_("(in English)"), className="muted story-language"))
        items.append(
            html.Li(
                html.Button(
                    words,
                    type="button",
                    className="story-choice",
                    **{"data-story": story_id},
                )
            )
        )
    return html.Details(
        [html.Summary(_("Stories")), html.Ul(items, className="story-list")],
        id=ids.STORY_MENU,
        className="stories-menu",
    )


def story_card() -> html.Section:
    """Where the open story's step is drawn (by the browser; hidden when none is open)."""
    return html.Section(
        id=ids.STORY_CARD,
        className="story-card",
        hidden=True,
        role="region",
        **{"aria-label": _("Story")},
    )
