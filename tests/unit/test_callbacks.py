"""Callbacks called as plain functions, and the app factory."""

from __future__ import annotations

import json
from datetime import date

import pytest
from dash import html, no_update

from dashboard.config import Settings
from dashboard.views import ids
from dashboard.views.detail import LIST_LIMIT
from dashboard.web.app import create_app
from dashboard.web.callbacks import (
    SELECTION_PROP,
    SETTLED_RANGE_PROP,
    parse_range,
    parse_selection,
    render_detail,
    render_list,
    render_panels,
    render_situation,
)


def _text(component) -> str:
    """All text of a component tree or a detail panel (its card rows' values included)."""
    if component is None or isinstance(component, bool):
        return ""
    if isinstance(component, str | int | float):
        return str(component)
    if isinstance(component, dict):
        return " ".join(_text(v) for v in component.values())
    if isinstance(component, list | tuple):
        return " ".join(_text(c) for c in component)
    return _text(getattr(component, "children", None))


def _links(component) -> list[str]:
    """The links of a component tree or a detail panel (card rows send them as ``url``)."""
    found = []
    if isinstance(component, dict):
        if isinstance(component.get("url"), str):
            found.append(component["url"])
        for value in component.values():
            found += _links(value)
    elif isinstance(component, list | tuple):
        if len(component) == 2 and component[0] == "link":  # a note's link segment
            return [component[1]]
        for c in component:
            found += _links(c)
    elif isinstance(component, html.A):
        found.append(component.href)
    elif component is not None and not isinstance(component, str | int | float):
        found += _links(getattr(component, "children", None))
    return found


def full(dataset):
    return [0, (dataset.span[1] - dataset.span[0]).days]


def listed(dataset) -> int:
    """How many rows the chronology lists for the whole mission (it stops at LIST_LIMIT)."""
    return min(len(dataset.events), LIST_LIMIT)


def test_parse_range_clamps_and_sorts(dataset):
    first, last = dataset.span
    assert parse_range([0, 10_000], dataset) == (first, last)
    assert parse_range([5, 2], dataset) == (date(2020, 11, 12), date(2020, 11, 15))
    for bad in (None, "x", [1], ["a", "b"], [None, 3], {"a": 1}):
        assert parse_range(bad, dataset) == (first, last)


def test_parse_selection():
    assert parse_selection("site:dadivank") == ("site", "dadivank")
    assert parse_selection("layer:loc_2020") == ("layer", "loc_2020")
    for bad in (None, 42, "dadivank", "evil:x", "site:", ["site:x"]):
        assert parse_selection(bad) is None


def test_detail_for_dadivank_lists_e081_newest_first_with_source(dataset):
    children = render_detail("site:dadivank", full(dataset), dataset)
    text = _text(children)
    e081, e004 = dataset.all_events().loc["E081"], dataset.all_events().loc["E004"]
    assert e081["title"] in text and "17 Apr 2024" in text
    assert text.index(e081["title"]) < text.index(e004["title"])
    assert e081["sources"][0]["url"] in _links(children)
    assert "Դադիվանք" in text  # all names, Armenian script included


def test_detail_says_when_a_site_has_no_events_in_the_dates(dataset):
    window = [(date(2022, 1, 1) - dataset.span[0]).days, (date(2022, 2, 1) - dataset.span[0]).days]
    text = _text(render_detail("site:dadivank", window, dataset))
    assert "No events at this site between 1 Jan 2022 and 1 Feb 2022" in text
    assert "widen the timeline" in text


def test_detail_for_layer_explains_dates_accuracy_and_related_events(dataset):
    text = _text(render_detail("layer:corridor_2022_route", full(dataset), dataset))
    assert "SCHEMATIC" in text
    assert "30 Aug 2022 to 1 Oct 2023" in text
    assert "no longer in force" in text  # on the default end date, 12 Jun 2024
    assert dataset.all_events().loc["E041"]["title"] in text  # ICJ order, a corridor event


def test_detail_handles_unknown_ids(dataset):
    assert "Unknown site" in _text(render_detail("site:nowhere", full(dataset), dataset))
    assert "Unknown map feature" in _text(render_detail("layer:nope", full(dataset), dataset))
    assert "Unknown event" in _text(render_detail("event:E999", full(dataset), dataset))
    assert "Click a site" in _text(render_detail(None, full(dataset), dataset))


def test_event_list_follows_the_dates(dataset):
    items, summary = render_list(full(dataset), dataset)
    assert len(items) == listed(dataset)
    assert summary.startswith(f"{len(dataset.events)} events")
    assert (f"first {LIST_LIMIT} listed" in summary) == (len(dataset.events) > LIST_LIMIT)
    day = (date(2023, 9, 20) - dataset.span[0]).days
    items, summary = render_list([day, day], dataset)
    expected = dataset.events[
        (dataset.events["start"] <= date(2023, 9, 20))
        & (dataset.events["end"] >= date(2023, 9, 20))
    ]
    assert [row["token"] for row in items] == [f"event:{i}" for i in expected.index]
    assert any("not on map" in row["place"] for row in items)  # region-wide events too


def test_list_rows_are_plain_data_with_the_selection_marked(dataset):
    # September 2023: E061's month, a period the chronology lists in full
    september = [(date(2023, m, d) - dataset.span[0]).days for m, d in ((9, 1), (9, 30))]
    items, summary = render_list(september, dataset, selection="site:dadivank")
    assert len(items) < LIST_LIMIT and summary.startswith(f"{len(items)} events")
    dadivank = set(dataset.events.index[dataset.events["site"] == "dadivank"])
    for row in items:
        assert set(row) == {"token", "date", "title", "contested", "place", "colour", "selected"}
        assert all(isinstance(row[k], str) for k in ("token", "date", "title", "place", "colour"))
        assert row["selected"] == (row["token"].removeprefix("event:") in dadivank)
    e061 = next(row for row in items if row["token"] == "event:E061")
    assert e061["contested"] is True
    # rows are kept built between requests: a later request marks its own selection only
    again, _ = render_list(september, dataset, selection="event:E061")
    assert [row["token"] for row in again if row["selected"]] == ["event:E061"]
    unselected, _ = render_list(september, dataset)
    assert not any(row["selected"] for row in unselected)


def test_panels_render_only_what_the_change_touches(dataset):
    value = full(dataset)
    # the slider rests, nothing selected: situation and chronology; no detail, no ring
    situation, rows, summary, head, cards, highlight = render_panels(
        {SETTLED_RANGE_PROP}, value, None, None, None, dataset
    )
    assert _text(situation) == _text(render_situation(value, dataset))
    assert len(rows) == listed(dataset) and summary.startswith(f"{len(dataset.events)}")
    assert head is no_update and cards is no_update and highlight is no_update
    # a site is selected: its detail and ring, the chronology marks it; the situation stays
    situation, rows, _, head, cards, highlight = render_panels(
        {SELECTION_PROP}, value, None, None, "site:dadivank", dataset
    )
    assert situation is no_update
    assert "Dadivank" in _text(head)
    assert dataset.all_events().loc["E081", "title"] in _text(cards)
    assert highlight["lon"] == pytest.approx(dataset.sites.loc["dadivank"].geometry.x)
    assert any(row["selected"] for row in rows)
    # the dates move with the site selected: its detail follows, the ring stays
    day = (date(2020, 11, 20) - dataset.span[0]).days
    situation, rows, _, head, cards, highlight = render_panels(
        {SETTLED_RANGE_PROP}, [0, day], None, None, "site:dadivank", dataset
    )
    assert situation is not no_update and highlight is no_update
    panel = render_detail("site:dadivank", [0, day], dataset)
    assert _text([head, cards]) == _text([panel.head, panel.cards_data()])
    # the selection is cleared: the placeholder and no ring
    *_, head, cards, highlight = render_panels({SELECTION_PROP}, value, None, None, None, dataset)
    assert "Click a site" in _text(head) and cards["cards"] == [] and highlight is None
    # no trigger known (a direct call): everything
    parts = render_panels(set(), value, None, None, "site:dadivank", dataset)
    assert all(part is not no_update for part in parts)


def test_card_rows_send_only_http_urls_and_plain_text(dataset):
    from dashboard.views.detail import card_row

    event = dict(dataset.all_events().loc["E061"], id="E061")
    event["sources"] = [
        {"url": "javascript:alert(1)", "name": "<b>evil</b>", "role": "primary", "via": "<i>x</i>"},
        {"url": "https://example.org/a", "name": "", "role": "cited in notes"},
    ]
    event["notes"] = "see https://a.example/x. and javascript:alert(2) <i>x</i>"
    row = card_row(event)
    assert row["sources"] == [
        {"name": "<b>evil</b>", "url": None, "role": None, "via": "<i>x</i>"},
        {
            "name": "https://example.org/a",
            "url": "https://example.org/a",
            "role": "cited in notes",
            "via": None,
        },
    ]
    assert row["notes"] == [
        ["text", "see "],
        ["link", "https://a.example/x"],
        ["text", ". and javascript:alert(2) <i>x</i>"],
    ]
    claims = dataset.all_events().loc["E061", "contested"]
    assert [c["by"] for c in row["contested"]] == [c["by"] for c in claims]
    assert all(c["url"] is None or c["url"].startswith("http") for c in row["contested"])
    assert json.loads(json.dumps(row)) == row  # plain data


def test_links_are_only_http(dataset):
    from dashboard.views.detail import linkify, safe_link

    assert isinstance(safe_link("javascript:alert(1)"), str)
    assert isinstance(safe_link("https://example.org"), html.A)
    parts = linkify("see https://a.example/x. and javascript:alert(1)")
    assert [p.href for p in parts if isinstance(p, html.A)] == ["https://a.example/x"]


@pytest.mark.parametrize("build", [1, 2])
def test_app_factory_builds_independent_apps_with_callbacks(dataset, build):
    app = create_app(Settings(), dataset=dataset)
    assert app.callback_map, "no callbacks registered"
    layout_ids = {ids.MAP_SLOT, ids.TIMELINE, ids.DETAIL}
    found = set()

    def walk(c):
        if isinstance(c, list | tuple):
            for x in c:
                walk(x)
        elif hasattr(c, "children") or hasattr(c, "id"):
            if isinstance(getattr(c, "id", None), str) and c.id in layout_ids:
                found.add(c.id)
            walk(getattr(c, "children", None))

    walk(app.layout())
    assert found == layout_ids
    # the map itself is in the page before Dash's, drawn before Dash boots (boot.py)
    page = app.server.test_client().get("/").get_data(as_text=True)
    assert page.index(f'id="{ids.MAP}"') < page.index('id="react-entry-point"')
