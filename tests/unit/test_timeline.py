"""Timeline builders and the situation panel, without a browser."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from dashboard.views.client_events import browser_events
from dashboard.views.situation import situation_on, situation_panel
from dashboard.views.timeline import (
    density_client_data,
    density_counts,
    density_figure,
    key_dates,
    month_bins,
    month_starts,
)


def test_month_starts_cover_the_span():
    months = month_starts(date(2020, 11, 10), date(2021, 2, 3))
    assert months == [date(2020, 11, 1), date(2020, 12, 1), date(2021, 1, 1), date(2021, 2, 1)]


def test_density_counts_equal_a_count_event_by_event(dataset):
    """The binned counts equal counting each event in its start month, for the whole data
    and for a subset (every other event), months outside the span left out."""
    first, last = dataset.span
    n_months = len(month_starts(first, last))
    for events in (dataset.events, dataset.events.iloc[::2], dataset.events.iloc[:0]):
        expected = {c: [0] * n_months for c in dict.fromkeys(density_counts(dataset))}
        for category, start in zip(events["category"], events["start"], strict=True):
            index = (start.year - first.year) * 12 + start.month - first.month
            if 0 <= index < n_months:
                expected[category][index] += 1
        found = density_counts(dataset, events)
        assert found == expected
        assert all(type(n) is int for counts in found.values() for n in counts)  # JSON as before


def test_density_counts_sum_to_the_events_and_sit_in_their_start_month(dataset):
    counts = density_counts(dataset)
    assert sum(sum(v) for v in counts.values()) == len(dataset.events)
    months = month_starts(*dataset.span)
    sep_2023 = months.index(date(2023, 9, 1))
    in_sep = dataset.events[dataset.events["start"].map(lambda d: (d.year, d.month) == (2023, 9))]
    assert sum(v[sep_2023] for v in counts.values()) == len(in_sep)
    assert counts["casualty"][sep_2023] == int((in_sep["category"] == "casualty").sum())


def test_density_figure_uses_scatter_only_and_marks_key_dates(dataset):
    fig = density_figure(dataset)
    assert {t.type for t in fig.data} == {"scatter"}
    assert all(t.stackgroup == "events" for t in fig.data)
    shape_names = [s.name for s in fig.layout.shapes]
    assert shape_names[0] == "selection"
    assert {k["event"] for k in key_dates(dataset)} <= set(shape_names)


def test_density_client_data_matches_trace_order(dataset):
    fig = density_figure(dataset)
    data = density_client_data(dataset)
    assert data["categories"] == len(fig.data)
    # the browser bins each event under the last month start on or before its start day
    starts = [(d - dataset.span[0]).days for d in dataset.events["start"]]
    bins = [max(i for i, m in enumerate(data["monthStarts"]) if m <= s) for s in starts]
    assert bins == month_bins(dataset.events, dataset.span[0])
    assert data["months"] == len(data["monthStarts"])
    # and stacks it under its category's trace (the category's position, per event)
    columns = browser_events(dataset)
    e081 = columns.rows.tolist().index(list(dataset.events.index).index("E081"))
    category = dataset.events.loc["E081", "category"]
    assert fig.data[int(columns.category[e081])].meta["category"] == category


def test_key_dates_come_from_the_events(dataset):
    keys = {k["event"]: k for k in key_dates(dataset)}
    assert keys["E044"]["date"] == "23 Apr 2023"
    assert keys["E035"]["index"] == (date(2022, 8, 30) - dataset.span[0]).days


def test_situation_at_four_dates(dataset):
    s = situation_on(dataset, date(2021, 1, 1))
    assert (s.route, s.blocked, s.checkpoint) == ("original", False, False)
    assert s.posts.value == "23" and s.posts.event_id == "E008"
    assert s.mission_day == 53
    s = situation_on(dataset, date(2022, 9, 1))
    assert (s.route, s.blocked, s.checkpoint) == ("bypass", False, False)
    assert s.posts.value == "27"
    s = situation_on(dataset, date(2023, 5, 1))
    assert (s.route, s.blocked, s.checkpoint) == ("bypass", True, True)
    assert s.posts.value == "30"
    s = situation_on(dataset, date(2024, 1, 1))
    assert s.route is None and not s.blocked
    assert s.posts_dismantling is not None and s.posts_dismantling.event_id == "E072"


def test_deaths_count_each_day_once(dataset):
    s = situation_on(dataset, date(2024, 6, 12))
    by_day = {f.day: int(f.value) for f in s.deaths}
    # 20 Sep 2023: E061 says 5, E062 (the prosecutor's total) 6: the higher report, once.
    assert by_day[date(2023, 9, 20)] == 6
    assert by_day == {date(2020, 12, 17): 1, date(2023, 9, 20): 6, date(2023, 12, 11): 1}
    # The total as a range: each day spans all its reports' coded ranges (E061: 2 to 7).
    events = dataset.all_events()
    sept = [events.loc[e, "killed"] for e in ("E061", "E062")]
    low = 1 + min(k["low"] for k in sept) + 1
    high = 1 + max(k["high"] for k in sept) + 1
    assert s.death_range == (low, 8, high) and low < 8 < high


def test_the_panel_gives_the_death_toll_as_a_range(dataset):
    text = str(situation_panel(dataset, date(2024, 6, 12)))
    low, best, high = situation_on(dataset, date(2024, 6, 12)).death_range
    assert f"total {best} as reported, sources range {low}–{high}" in text


def test_situation_panel_links_every_number(dataset):
    from dash import html

    def links(component):
        if isinstance(component, list | tuple):
            return [x for c in component for x in links(c)]
        if isinstance(component, html.A):
            return [component]
        children = getattr(component, "children", None)
        return links(children) if children is not None and not isinstance(children, str) else []

    found = links(situation_panel(dataset, date(2023, 5, 1)))
    texts = {a.children for a in found}
    assert "30 posts" in texts and "1,960 personnel" in texts
    assert all(a.href.startswith("https://") for a in found)


def test_situation_without_the_cited_corridor_events_still_renders(dataset):
    """An imported data set may lack E038/E044: the blockade and checkpoint still show."""
    trimmed = replace(dataset, events=dataset.events.drop(["E038", "E044"]))
    on = date(2023, 5, 1)
    full = situation_on(dataset, on)
    assert full.blocked and full.checkpoint and full.corridor_events == ["E038", "E044"]
    s = situation_on(trimmed, on)
    assert s.blocked and s.checkpoint and s.corridor_events == []
    assert "blocked" in str(situation_panel(trimmed, on))
