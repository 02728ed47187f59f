"""Guided stories: ``stories/*.json`` in the data folder, checked at start (issue 16).

A story is data. Its id is its file name (``lachin-corridor.json`` -> ``lachin-corridor``);
it has a title, a summary and steps. Each step has a heading, a short Markdown text whose
links name the record's events and sites (``event:E061``, ``site:dadivank``,
``layer:FEATURE``) or http(s) sources, the dates the map shows, a timeline mode, a map view
(``{"fit": [site ids]}`` or ``{"center": [lon, lat], "zoom": Z}``), a selection and the
layers shown. The Markdown is parsed once here (markdown-it-py's "zero" preset plus
emphasis and links; raw HTML is refused) into plain blocks of spans that the browser draws
as text nodes. ``docs/stories.md`` shows how to write one.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal

from markdown_it import MarkdownIt
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from dashboard.data import schema

STORIES_DIR = "stories"
STORY_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
LINK_KINDS = ("event", "site", "layer")
RAW_HTML = re.compile(r"<\s*/?\s*[A-Za-z!?]")
_MARKDOWN = MarkdownIt("zero").enable(["emphasis", "link", "newline"])


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class FitView(_Strict):
    fit: list[str] = Field(min_length=1, max_length=30)


class CentreView(_Strict):
    center: tuple[float, float]
    zoom: float = Field(ge=1, le=12)


TRANSLATED = Literal["ru", "hy", "az"]
"""The interface languages a story may be translated into (English is the file's own)."""


class StepText(_Strict):
    heading: str = Field(min_length=1, max_length=120)
    text: str = Field(min_length=1, max_length=3000)


class StoryText(_Strict):
    title: str = Field(min_length=1, max_length=120)
    summary: str = Field(min_length=1, max_length=800)


class StepFile(_Strict):
    heading: str = Field(min_length=1, max_length=120)
    text: str = Field(min_length=1, max_length=3000)
    # the step in other languages; a language missing here is shown in English, marked so
    translations: dict[TRANSLATED, StepText] = Field(default_factory=dict)
    start: date = Field(alias="from", strict=True)  # strict: "2020-11-10", not a timestamp
    end: date = Field(alias="to", strict=True)
    mode: Literal["range", "cumulative", "window"] = "range"
    view: FitView | CentreView | None = None
    select: str | None = None
    layers: list[str] | None = None


class StoryFile(_Strict):
    title: str = Field(min_length=1, max_length=120)
    summary: str = Field(min_length=1, max_length=800)
    translations: dict[TRANSLATED, StoryText] = Field(default_factory=dict)
    steps: list[StepFile] = Field(min_length=1, max_length=40)


@dataclass(frozen=True)
class StoryRefs:
    """What a story may name: the record's ids (None: that file could not be read)."""

    events: Collection[str] | None
    sites: Collection[str] | None
    layer_features: Collection[str]
    layers: Collection[str]

    @classmethod
    def of(cls, events: Collection[str] | None, sites, layers: dict) -> StoryRefs:
        """From the validated ids: ``sites`` a frame by id (None: unreadable), ``layers``
        frames by layer id."""
        return cls(
            events,
            None if sites is None else set(sites.index),
            {fid for layer in layers.values() for fid in layer.index},
            {spec.id for spec in schema.LAYERS},
        )


# a span: {"text": ..., and optionally "strong": True, "em": True, "href": url, "token": "event:E1"}
Span = dict[str, Any]


def markdown_blocks(text: str) -> tuple[list[list[Span]], list[str]]:
    """Paragraphs of spans for ``text``, and the link targets it names, in order."""
    blocks: list[list[Span]] = []
    links: list[str] = []
    for token in _MARKDOWN.parse(text):
        if token.type != "inline":
            continue
        spans: list[Span] = []
        style: dict[str, Any] = {}
        for child in token.children or []:
            kind = child.type
            if kind in ("strong_open", "em_open"):
                style[kind[:-5]] = True
            elif kind in ("strong_close", "em_close"):
                style.pop(kind[:-6], None)
            elif kind == "link_open":
                target = str(child.attrGet("href") or "")
                links.append(target)
                style["href" if target.startswith(("http://", "https://")) else "token"] = target
            elif kind == "link_close":
                style.pop("href", None)
                style.pop("token", None)
            elif kind in ("softbreak", "hardbreak"):
                spans.append({**style, "text": " "})
            elif child.content:
                spans.append({**style, "text": child.content})
        if spans:
            blocks.append(spans)
    return blocks, links


def _link_problem(target: str, refs: StoryRefs) -> str | None:
    if target.startswith(("http://", "https://")):
        return None
    kind, _, key = target.partition(":")
    known = {"event": refs.events, "site": refs.sites, "layer": refs.layer_features}.get(kind)
    if kind not in LINK_KINDS:
        return f"link {target[:60]!r}: links must be http(s) or event:, site:, layer: ids"
    if known is not None and key not in known:
        return f"link {target[:60]!r}: no such {kind}"
    return None


def _step_problems(step: StepFile, refs: StoryRefs, span: tuple[date, date]) -> list[str]:
    problems = []
    if step.start > step.end:
        problems.append(f"'from' {step.start} is after 'to' {step.end}")
    for day in (step.start, step.end):
        if not span[0] <= day <= span[1]:
            problems.append(f"date {day} is outside the data ({span[0]} to {span[1]})")
    texts = [("", step.heading, step.text)] + [
        (f"translations.{lang}: ", t.heading, t.text) for lang, t in step.translations.items()
    ]
    for where, heading, text in texts:
        if RAW_HTML.search(text) or RAW_HTML.search(heading):
            problems.append(where + "raw HTML is not allowed in a story; use Markdown")
        blocks, links = markdown_blocks(text)
        problems.extend(where + p for p in (_link_problem(t, refs) for t in links) if p)
        if any("](" in span["text"] for spans in blocks for span in spans):
            problems.append(
                where + "a link was refused: links must be http(s) or event:, site:, layer: ids"
            )
    if isinstance(step.view, FitView) and refs.sites is not None:
        problems.extend(f"view: no such site {s!r}" for s in step.view.fit if s not in refs.sites)
    if step.select is not None and (problem := _link_problem(step.select, refs)):
        problems.append("select: " + problem.removeprefix("link "))
    for layer in step.layers or []:
        if layer not in refs.layers:
            problems.append(f"layers: unknown layer {layer!r}")
    return problems


@dataclass(frozen=True)
class Stories:
    """The folder's stories by id, in file-name order, as their files give them."""

    items: dict[str, dict[str, Any]] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps(self.items, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str | None) -> Stories:
        return cls(json.loads(text)) if text else cls()


def load_stories(
    data_dir: Path,
    refs: StoryRefs,
    span: tuple[date, date],
    report: Callable[[str, str | None, str], None],
) -> Stories:
    """The stories in ``data_dir/stories``; ``report(file, entry, reason)`` for each problem."""
    folder = data_dir / STORIES_DIR
    items: dict[str, dict[str, Any]] = {}
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else ():
        file = f"{STORIES_DIR}/{path.name}"
        if not STORY_ID.match(path.stem):
            report(file, None, "a story's file name must be lower-case letters, digits and '-'")
            continue
        try:
            story = StoryFile.model_validate_json(path.read_bytes())
        except (OSError, ValidationError) as error:
            for reason in _reasons(error):
                report(file, *reason)
            continue
        bad = False
        for n, step in enumerate(story.steps, start=1):
            for problem in _step_problems(step, refs, span):
                report(file, f"step {n}", problem)
                bad = True
        if not bad:
            items[path.stem] = story.model_dump(mode="json", by_alias=True)
    return Stories(items)


def _reasons(error: OSError | ValidationError) -> list[tuple[str | None, str]]:
    if isinstance(error, OSError):
        return [(None, f"cannot be read: {error.strerror}")]
    out = []
    for item in error.errors(include_url=False):
        loc = list(item["loc"])
        where = None
        if len(loc) >= 2 and loc[0] == "steps" and isinstance(loc[1], int):
            where, loc = f"step {loc[1] + 1}", loc[2:]
        name = ".".join(str(part) for part in loc)
        out.append((where, f"{name + ': ' if name else ''}{item['msg']}"))
    return out
