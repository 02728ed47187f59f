"""The "situation on this date" panel: what held on the selected end date, each number sourced."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pandas as pd
from dash import html

from dashboard import schema
from dashboard.data import Dataset
from dashboard.dates import day_text, event_date_text
from dashboard.detail import safe_link
from dashboard.filters import layer_status


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
    events_so_far: int = 0
    in_force: list[str] = field(default_factory=list)


def _latest_figure(events: pd.DataFrame, key: str) -> Fact | None:
    having = events[events["figures"].map(lambda f: key in f)]
    if having.empty:
        return None
    row = having.iloc[-1]
    return Fact(row["figures"][key], row["id"], row["start"], row["sources"][0]["url"])


def _first_fact(events: pd.DataFrame) -> Fact | None:
    if events.empty:
        return None
    row = events.iloc[0]
    text = event_date_text(row["date"], row["date_precision"], row["end_date"])
    return Fact(text, row["id"], row["start"], row["sources"][0]["url"])


def _current(dataset: Dataset, layer: str, feature: str, on: date) -> bool:
    table = dataset.layers.get(layer)
    if table is None or feature not in table.index:
        return False
    row = table.loc[feature]
    return layer_status(row["valid_from"], row["valid_to"], on) == "current"


def _documenting(dataset: Dataset, layer: str, feature: str) -> list[str]:
    table = dataset.layers.get(layer)
    if table is None or feature not in table.index:
        return []
    return list(table.loc[feature, "events"] or [])


def situation_on(dataset: Dataset, on: date) -> Situation:
    """What held on ``on``, from the layers' validity and the events reported so far."""
    so_far = dataset.events[dataset.events["start"] <= on]
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
    corridor_events = []
    if blocked:
        corridor_events.append("E038")
    if checkpoint:
        corridor_events.append("E044")
    # Deaths: the highest report of each day, so two reports of one incident count once.
    deaths = []
    killed = so_far[so_far["figures"].map(lambda f: "rpkf_killed" in f)]
    for day, group in killed.groupby("start", sort=True):
        top = max(group.itertuples(index=False), key=lambda r: int(r.figures["rpkf_killed"]))
        deaths.append(Fact(top.figures["rpkf_killed"], top.id, day, top.sources[0]["url"]))
    dismantling = so_far[(so_far["category"] == "withdrawal")]
    in_force = []
    for layer_id, layer in dataset.layers.items():
        if schema.LAYER_BY_ID[layer_id].basemap:
            continue
        for row in layer.itertuples(index=False):
            if layer_status(row.valid_from, row.valid_to, on) == "current":
                in_force.append(row.name)
    return Situation(
        on=on,
        mission_day=mission_day,
        route=route,
        blocked=blocked,
        checkpoint=checkpoint,
        corridor_events=corridor_events,
        posts=_latest_figure(so_far, "observation_posts"),
        posts_dismantling=_first_fact(dismantling),
        personnel=_latest_figure(so_far, "personnel"),
        deaths=deaths,
        events_so_far=len(so_far),
        in_force=in_force,
    )


def _sourced(fact: Fact, text: str | None = None) -> list:
    return [
        safe_link(fact.url, text or fact.value),
        html.Span(f" ({day_text(fact.day)}, {fact.event_id})", className="muted"),
    ]


def situation_panel(dataset: Dataset, on: date) -> list:
    """The panel's content for the end date ``on``."""
    s = situation_on(dataset, on)
    if s.mission_day is not None:
        heading = f"{day_text(on)}: day {s.mission_day:,} of the mission"
    elif on < schema.MISSION_START:
        heading = f"{day_text(on)}: before the trilateral statement"
    else:
        heading = f"{day_text(on)}: after the withdrawal"
    rows = []
    if s.route is None:
        corridor = ["no corridor under peacekeeping control"]
    else:
        words = (
            "through Lachin/Berdzor"
            if s.route == "original"
            else "bypass via Kornidzor, the Hakari bridge and Mets Shen"
        )
        status = []
        if s.blocked:
            status.append("blocked")
        if s.checkpoint:
            status.append("Azerbaijani checkpoint at the Hakari bridge")
        corridor = [f"{words}; {', '.join(status) if status else 'open'}"]
        for event_id in s.corridor_events:
            event = dataset.events.loc[event_id]
            corridor += [" ", safe_link(event["sources"][0]["url"], f"[{event_id}]")]
        if s.blocked:
            corridor.append(html.Span(" (framing contested: see the blockade)", className="muted"))
    rows.append(("Lachin corridor", corridor))
    if s.posts:
        posts = ["latest report: ", *_sourced(s.posts, f"{s.posts.value} posts")]
        if s.posts_dismantling and s.posts_dismantling.day >= s.posts.day:
            posts += ["; dismantling reported from ", *_sourced(s.posts_dismantling)]
        rows.append(("Observation posts", posts))
    if s.personnel:
        rows.append(
            (
                "Contingent (reported)",
                [*_sourced(s.personnel, f"{int(s.personnel.value):,} personnel")],
            )
        )
    if s.deaths:
        deaths: list = []
        for i, fact in enumerate(s.deaths):
            deaths += ([", "] if i else []) + _sourced(fact)
        total = sum(int(f.value) for f in s.deaths)
        deaths += [f"; total {total} as reported (tolls are contested)"]
        rows.append(("Peacekeepers killed", deaths))
    rows.append(("Events so far", [f"{s.events_so_far} since {day_text(dataset.span[0])}"]))
    rows.append(
        (
            "In force",
            [html.Ul([html.Li(name) for name in s.in_force], className="in-force")]
            if s.in_force
            else ["no dated layer"],
        )
    )
    return [
        html.H3(heading, className="situation-heading"),
        html.Dl(
            [part for label, value in rows for part in (html.Dt(label), html.Dd(value))],
            className="situation-list",
        ),
    ]
