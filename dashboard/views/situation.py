"""The "situation on this date" panel: what held on the selected end date, each number sourced."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from itertools import groupby
from typing import Any

from dash import html

from dashboard.data import schema
from dashboard.data.dates import day_text, event_date_text
from dashboard.data.filters import layer_status
from dashboard.data.loading import Dataset
from dashboard.data.queries import (
    event_at,
    first_in_category,
    latest_with_figure,
    rows_started_by,
    rows_with_figure_by,
)
from dashboard.i18n import _, format_number, ngettext
from dashboard.views.cards import safe_link


@dataclass(frozen=True)
class Fact:
    """One figure with the event that reports it."""

    value: str
    event_id: str
    day: date
    url: str


@dataclass(frozen=True)
class Situation:
    on: date
    mission_day: int | None  # None before the statement or after the withdrawal
    route: str | None  # "original", "bypass" or None
    blocked: bool
    checkpoint: bool
    corridor_events: list[str] = field(default_factory=list)
    posts: Fact | None = None
    posts_dismantling: Fact | None = None
    personnel: Fact | None = None
    deaths: list[Fact] = field(default_factory=list)
    death_range: tuple[int, int, int] = (0, 0, 0)  # low, best, high summed over the days
    events_so_far: int = 0
    in_force: list[str] = field(default_factory=list)


def _fact(event: Mapping[str, Any], value: str) -> Fact:
    return Fact(value, event["id"], event["start"], event["sources"][0]["url"])


def _event(dataset: Dataset, row: int) -> dict[str, Any]:
    return event_at(dataset.store, dataset.days, row)


def _latest_figure(dataset: Dataset, key: str, day: int) -> Fact | None:
    """The latest report of figure ``key`` among the events started by ``day``."""
    row = latest_with_figure(dataset.store, dataset.days, key, day)
    if row is None:
        return None
    event = _event(dataset, row)
    return _fact(event, event["figures"][key])


def _first_fact(dataset: Dataset, category: str, day: int) -> Fact | None:
    """The date of the first event of ``category`` started by ``day``."""
    row = first_in_category(dataset.store, dataset.days, category, day)
    if row is None:
        return None
    event = _event(dataset, row)
    return _fact(event, event_date_text(event["date"], event["date_precision"], event["end_date"]))


def _range(event: Mapping[str, Any]) -> tuple[int, int, int]:
    """The event's deaths as (low, best, high): its coded range, else its reported figure."""
    coded = event.get("killed")
    if coded:
        return coded["low"], coded["best"], coded["high"]
    value = int(event["figures"]["rpkf_killed"])
    return value, value, value


def _deaths(dataset: Dataset, day: int) -> tuple[list[Fact], tuple[int, int, int]]:
    """Peacekeepers killed, by day: each day's highest report, so two reports of one incident
    count once; and the total as (low, best, high), each day spanning all its reports."""
    deaths, total = [], (0, 0, 0)
    rows = rows_with_figure_by(dataset.store, dataset.days, "rpkf_killed", day)
    reports = [_event(dataset, row) for row in rows.tolist()]
    for on, group in groupby(reports, key=lambda event: event["start"]):
        group = list(group)
        top = max(group, key=lambda event: int(event["figures"]["rpkf_killed"]))
        deaths.append(Fact(top["figures"]["rpkf_killed"], top["id"], on, top["sources"][0]["url"]))
        lows, bests, highs = zip(*(_range(event) for event in group), strict=True)
        total = (total[0] + min(lows), total[1] + max(bests), total[2] + max(highs))
    return deaths, total


def _layer_validity(dataset: Dataset) -> dict[tuple[str, str], tuple[str, Any, Any]]:
    """(layer, feature) -> (name, valid_from, valid_to) of every layer feature, in layer
    order: read once per data set, not through pandas on every request."""

    def build() -> dict[tuple[str, str], tuple[str, Any, Any]]:
        return {
            (layer_id, feature): (name, valid_from, valid_to)
            for layer_id, layer in dataset.layers.items()
            for feature, name, valid_from, valid_to in zip(
                layer.index, layer["name"], layer["valid_from"], layer["valid_to"], strict=True
            )
        }

    return dataset.store.memo("layer_validity", build)


def _current(dataset: Dataset, layer: str, feature: str, on: date) -> bool:
    found = _layer_validity(dataset).get((layer, feature))
    return found is not None and layer_status(found[1], found[2], on) == "current"


def _documenting(dataset: Dataset, layer: str, feature: str) -> list[str]:
    table = dataset.layers.get(layer)
    if table is None or feature not in table.index:
        return []
    return list(table.loc[feature, "events"] or [])


def situation_on(dataset: Dataset, on: date) -> Situation:
    """What held on ``on``, from the layers' validity and the events reported so far."""
    day = dataset.days.day(on)
    mission_day = None
    if schema.MISSION_START <= on <= schema.MISSION_END:
        mission_day = (on - schema.MISSION_START).days + 1
    route = None
    if _current(dataset, "lachin_corridor", "corridor_2020_route", on):
        route = "original"
    elif _current(dataset, "lachin_corridor", "corridor_2022_route", on):
        route = "bypass"
    blocked = _current(dataset, "lachin_corridor", "blockade_2022", on)
    checkpoint = _current(dataset, "installations", "hakari_checkpoint", on)
    # The events that report the blockade's start and the checkpoint, when the data has
    # them (an imported data set may not).
    cited = dataset.annotations.situation_events
    wanted = [(cited.get("blockade_2022"), blocked), (cited.get("hakari_checkpoint"), checkpoint)]
    corridor_events = [eid for eid, held in wanted if held and eid in dataset.events.index]
    in_force = [
        name
        for (layer_id, _feature), (name, valid_from, valid_to) in _layer_validity(dataset).items()
        if not schema.LAYER_BY_ID[layer_id].basemap
        and layer_status(valid_from, valid_to, on) == "current"
    ]
    deaths, death_range = _deaths(dataset, day)
    return Situation(
        on=on,
        mission_day=mission_day,
        route=route,
        blocked=blocked,
        checkpoint=checkpoint,
        corridor_events=corridor_events,
        posts=_latest_figure(dataset, "observation_posts", day),
        posts_dismantling=_first_fact(dataset, "withdrawal", day),
        personnel=_latest_figure(dataset, "personnel", day),
        deaths=deaths,
        death_range=death_range,
        events_so_far=rows_started_by(dataset.days, day),
        in_force=in_force,
    )


def _sourced(fact: Fact, text: str | None = None) -> list:
    return [
        safe_link(fact.url, text or fact.value),
        html.Span(f" ({day_text(fact.day)}, {fact.event_id})", className="muted"),
    ]


def _posts_text(value: str) -> str:
    """``12 posts``: the figure as the source gave it (``~12``, ``12+``); its digits choose
    the plural form."""
    digits = "".join(c for c in value if c.isdigit())
    count = int(digits) if digits else 2
    return ngettext("{n} post", "{n} posts", count).format(n=value)


def _personnel_text(n: int) -> str:
    return ngettext("{n} personnel", "{n} personnel", n).format(n=format_number(n))


def situation_panel(dataset: Dataset, on: date) -> list:
    """The panel's content for the end date ``on``."""
    s = situation_on(dataset, on)
    if s.mission_day is not None:
        heading = _("{day}: day {n} of the mission").format(
            day=day_text(on), n=format_number(s.mission_day)
        )
    elif on < schema.MISSION_START:
        heading = _("{day}: before the trilateral statement").format(day=day_text(on))
    else:
        heading = _("{day}: after the withdrawal").format(day=day_text(on))
    rows = []
    if s.route is None:
        corridor = [_("no corridor under peacekeeping control")]
    else:
        words = (
            _("through Lachin/Berdzor")
            if s.route == "original"
            else _("bypass via Kornidzor, the Hakari bridge and Mets Shen")
        )
        status = []
        if s.blocked:
            status.append(_("blocked"))
        if s.checkpoint:
            status.append(_("Azerbaijani checkpoint at the Hakari bridge"))
        corridor = [
            _("{route}; {status}").format(
                route=words, status=", ".join(status) if status else _("open")
            )
        ]
        for event_id in s.corridor_events:
            event = dataset.store.record(dataset.store.row_of(event_id))
            corridor += [" ", safe_link(event["sources"][0]["url"], f"[{event_id}]")]
        if s.blocked:
            corridor.append(
                html.Span(" " + _("(framing contested: see the blockade)"), className="muted")
            )
    rows.append((_("Lachin corridor"), corridor))
    if s.posts:
        count = _posts_text(s.posts.value)
        posts = [_("latest report:") + " ", *_sourced(s.posts, count)]
        if s.posts_dismantling and s.posts_dismantling.day >= s.posts.day:
            posts += ["; " + _("dismantling reported from") + " ", *_sourced(s.posts_dismantling)]
        rows.append((_("Observation posts"), posts))
    if s.personnel:
        rows.append(
            (
                _("Contingent (reported)"),
                [*_sourced(s.personnel, _personnel_text(int(s.personnel.value)))],
            )
        )
    if s.deaths:
        deaths: list = []
        for i, fact in enumerate(s.deaths):
            deaths += ([", "] if i else []) + _sourced(fact)
        low, best, high = s.death_range
        if low != high:
            total = _("total {best} as reported, sources range {low}–{high} (tolls are contested)")
        else:
            total = _("total {best} as reported (tolls are contested)")
        deaths += ["; " + total.format(best=best, low=low, high=high)]
        rows.append((_("Peacekeepers killed"), deaths))
    so_far = _("{n} since {day}").format(
        n=format_number(s.events_so_far), day=day_text(dataset.span[0])
    )
    rows.append((_("Events so far"), [so_far]))
    rows.append(
        (
            _("In force"),
            # the features' names are the record's, in English
            [html.Ul([html.Li(name, lang="en") for name in s.in_force], className="in-force")]
            if s.in_force
            else [_("no dated layer")],
        )
    )
    return [
        html.H3(heading, className="situation-heading"),
        html.Dl(
            [part for label, value in rows for part in (html.Dt(label), html.Dd(value))],
            className="situation-list",
        ),
    ]
