"""Stories as data: checked at start with clear errors, Markdown parsed safely, the shipped
stories cite the record, and a link opens a story at its step."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from dashboard.data.stories import markdown_blocks
from dashboard.views.query import parse_query
from dashboard.views.stories import client_stories, fit_camera

SHIPPED = ("lachin-corridor", "peacekeepers-killed", "withdrawal-2024")


def story_doc(**step_changes) -> dict:
    step = {
        "heading": "The first posts",
        "text": "Russia's defence ministry reported [posts along the corridor](event:E005).",
        "from": "2020-11-10",
        "to": "2020-11-20",
        "view": {"fit": ["lachin", "goris"]},
        "select": "event:E005",
        "layers": ["lachin_corridor"],
    }
    step.update(step_changes)
    return {"title": "A test story", "summary": "One step.", "steps": [step]}


def write_story(data_dir: Path, doc, name: str = "test-story.json") -> None:
    folder = data_dir / "stories"
    folder.mkdir(exist_ok=True)
    text = doc if isinstance(doc, str) else json.dumps(doc)
    (folder / name).write_text(text, encoding="utf-8")


def reasons(problems, file: str = "stories/test-story.json") -> list[str]:
    return [f"{p.feature}: {p.reason}" for p in problems if p.file == file]


def test_shipped_stories_load_with_the_issue_s_three(dataset):
    assert set(SHIPPED) <= set(dataset.stories.items)


def test_every_shipped_claim_links_an_event_shown_by_its_step(dataset):
    """Each sentence of a shipped story carries a link, and a linked event lies inside the
    dates its step shows (the reader sees it on the map and in the chronology)."""
    for story_id in SHIPPED:
        for n, step in enumerate(dataset.stories.items[story_id]["steps"], start=1):
            links = markdown_blocks(step["text"])[1]
            assert links, f"{story_id} step {n} cites nothing"
            start, end = date.fromisoformat(step["from"]), date.fromisoformat(step["to"])
            for target in links:
                kind, _, key = target.partition(":")
                assert kind in ("event", "site"), f"{story_id} step {n}: {target}"
                if kind == "event":
                    event_start = dataset.events.loc[key, "start"]
                    assert start <= event_start <= end, f"{story_id} step {n}: {key}"
            for sentence in re.split(r"(?<=[.!?])\s+(?=[A-Z\[])", step["text"]):
                assert "](" in sentence, f"{story_id} step {n}: uncited {sentence!r}"


def test_the_peacekeepers_story_shows_the_contested_toll_as_contested(dataset):
    text = " ".join(s["text"] for s in dataset.stories.items["peacekeepers-killed"]["steps"])
    assert "contested" in text
    killed = dataset.all_events().loc["E061", "killed"]
    assert f"{killed['low']} to {killed['high']}" in text


def test_a_valid_story_loads(data_dir, problems_of):
    write_story(data_dir, story_doc())
    from dashboard.data.loading import load_dataset

    story = load_dataset(data_dir).stories.items["test-story"]
    assert story["steps"][0]["select"] == "event:E005"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"text": "See [this](event:E999)."}, "step 1: link 'event:E999': no such event"),
        ({"text": "See [here](site:atlantis)."}, "step 1: link 'site:atlantis': no such site"),
        ({"text": "[x](javascript:alert(1))"}, "step 1: a link was refused"),
        ({"text": "<b>bold</b> text"}, "step 1: raw HTML is not allowed"),
        ({"from": "2020-13-01"}, "step 1: from:"),
        ({"from": "2020-12-01", "to": "2020-11-01"}, "step 1: 'from' 2020-12-01 is after"),
        ({"to": "2031-01-01"}, "step 1: date 2031-01-01 is outside the data"),
        ({"heading": ""}, "step 1: heading:"),
        ({"view": {"fit": ["nowhere"]}}, "step 1: view: no such site 'nowhere'"),
        ({"select": "event:E999"}, "step 1: select: 'event:E999': no such event"),
        ({"layers": ["roads"]}, "step 1: layers: unknown layer 'roads'"),
        ({"colour": "red"}, "step 1: colour: Extra inputs are not permitted"),
    ],
)
def test_a_bad_story_is_named_with_its_step_and_field(data_dir, problems_of, change, expected):
    write_story(data_dir, story_doc(**change))
    found = reasons(problems_of(data_dir))
    assert any(r.startswith(expected) for r in found), found


def test_an_empty_story_or_step_and_bad_json_are_reported(data_dir, problems_of):
    write_story(data_dir, {"title": "t", "summary": "s", "steps": []}, "empty.json")
    write_story(data_dir, {"title": "t", "summary": "s", "steps": [{}]}, "blank-step.json")
    write_story(data_dir, "{not json", "broken.json")
    write_story(data_dir, story_doc(), "Bad Name.json")
    problems = problems_of(data_dir)
    assert any("steps" in r for r in reasons(problems, "stories/empty.json"))
    blank = reasons(problems, "stories/blank-step.json")
    assert any(r.startswith("step 1: heading") for r in blank), blank
    assert reasons(problems, "stories/broken.json")
    assert any("file name" in r for r in reasons(problems, "stories/Bad Name.json"))


def test_markdown_becomes_text_spans_and_keeps_html_as_text():
    blocks, links = markdown_blocks(
        "**Bold** and *it* with [a source](https://example.org/a) and [E1](event:E001).\n\n"
        "Second paragraph."
    )
    assert links == ["https://example.org/a", "event:E001"]
    first, second = blocks
    assert {"text": "Bold", "strong": True} in first
    assert {"text": "a source", "href": "https://example.org/a"} in first
    assert {"text": "E1", "token": "event:E001"} in first
    assert second == [{"text": "Second paragraph."}]
    # markdown-it refuses javascript: links: the text stays text, with no link
    blocks, links = markdown_blocks("[x](javascript:alert(1))")
    assert links == [] and all("href" not in s and "token" not in s for s in blocks[0])


def test_client_stories_carry_slider_days_and_a_camera(dataset):
    stories = client_stories(dataset)
    step = stories["lachin-corridor"]["steps"][0]
    origin = dataset.span[0]
    source = dataset.stories.items["lachin-corridor"]["steps"][0]
    assert step["range"][0] == (date.fromisoformat(source["from"]) - origin).days
    assert step["camera"]["scale"] >= 1
    assert {"sites", "basemap", "corridor"} <= set(step["layers"])  # lachin_corridor named
    assert "loc1994" not in step["layers"]


def test_fit_camera_contains_the_sites(dataset):
    sites = ["hakari_bridge", "kornidzor", "lachin"]
    camera = fit_camera(dataset, sites)
    xs = [dataset.sites.geometry[s].x for s in sites]
    ys = [dataset.sites.geometry[s].y for s in sites]
    assert min(xs) < camera["lon"] < max(xs) and min(ys) < camera["lat"] < max(ys)
    # a fit of far-apart places zooms out further than a fit of neighbours
    wide = fit_camera(dataset, ["dadivank", "hakari_bridge", "aghdam"])
    assert wide["scale"] < camera["scale"]
    assert fit_camera(dataset, ["nowhere"]) is None


@pytest.mark.parametrize(
    ("query", "story", "notice"),
    [
        ("story=lachin-corridor&step=3", {"id": "lachin-corridor", "step": 3}, None),
        ("story=lachin-corridor", {"id": "lachin-corridor", "step": 1}, None),
        ("story=lachin-corridor&step=99", {"id": "lachin-corridor", "step": 9}, None),
        ("story=lachin-corridor&step=zero", {"id": "lachin-corridor", "step": 1}, "step=zero"),
        ("story=atlantis", None, "story=atlantis"),
        ("step=2", None, "'step' ignored"),
    ],
)
def test_a_link_opens_a_story_at_its_step(dataset, query, story, notice):
    state = parse_query(query, dataset)
    if story and story["step"] == 9:
        story = {**story, "step": len(dataset.stories.items["lachin-corridor"]["steps"])}
    assert state.story == story
    if notice:
        assert any(notice in n for n in state.notices), state.notices
    else:
        assert not state.notices
