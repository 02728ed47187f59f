"""Link parameters: the server reads the names the schema gives the browser (one source)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from dashboard.data import schema
from dashboard.views.legend import TOGGLE_IDS
from dashboard.views.query import PARAMS, parse_query

README = Path(__file__).resolve().parents[2] / "README.md"

# what each parameter holds -> (a good value, how the restored view shows it)
GOOD_VALUES = {
    "start": ("2021-01-01", lambda s: s.start == date(2021, 1, 1)),
    "end": ("2023-01-01", lambda s: s.end == date(2023, 1, 1)),
    "mode": ("cumulative", lambda s: s.mode == "cumulative"),
    "window": ("30", lambda s: s.window == 30),
    "categories": ("blockade", lambda s: s.event_filter.categories == ("blockade",)),
    "actors": ("RPKF", lambda s: s.event_filter.actors == ("RPKF",)),
    "confidence": ("high", lambda s: s.event_filter.confidence == ("high",)),
    "precision": ("region", lambda s: s.precision == ["region"]),
    "text": ("Dadivank", lambda s: s.event_filter.text == "Dadivank"),
    "corroborated": ("1", lambda s: s.event_filter.corroborated),
    "claimed_by": ("ru_mod,az_gov", lambda s: s.event_filter.claimed_by == ("ru_mod", "az_gov")),
    "reported_within": ("7", lambda s: s.event_filter.reported_within == 7),
    "since": ("2026.11", lambda s: s.since == "2026.11"),
    "names": ("hy", lambda s: s.names == "hy"),
    "language": ("hy", lambda s: s.language == "hy"),
    "layers": (TOGGLE_IDS[0], lambda s: s.layers == [TOGGLE_IDS[0]]),
    "view": ("46.7,39.8,5", lambda s: s.view == (46.7, 39.8, 5.0)),
    "embed": ("1", lambda s: s.embed),
    "compare": (
        "2022-12-01,2023-05-01",
        lambda s: (s.mode, s.start) == ("compare", date(2022, 12, 1)),
    ),
    "story": ("lachin-corridor", lambda s: s.story == {"id": "lachin-corridor", "step": 1}),
    # a step means nothing without its story
    "step": ("2&story=lachin-corridor", lambda s: s.story == {"id": "lachin-corridor", "step": 2}),
}
# a cluster: the level-0 cell (2° square) that holds Dadivank and most of the region
SELECTIONS = {"site": "dadivank", "event": "E081", "layer": "loc_2020", "cluster": "0:23:20"}


def test_every_schema_parameter_has_a_case():
    assert set(GOOD_VALUES) == set(schema.LINK_PARAMS)
    assert {*schema.LINK_PARAMS.values(), *schema.SELECTION_KINDS} == PARAMS


@pytest.mark.parametrize("key", sorted(GOOD_VALUES))
def test_the_server_reads_the_schemas_parameter_names(dataset, key):
    value, restored = GOOD_VALUES[key]
    state = parse_query(f"?{schema.LINK_PARAMS[key]}={value}", dataset)
    assert state.notices == []
    assert restored(state)


@pytest.mark.parametrize("kind", schema.SELECTION_KINDS)
def test_a_selection_parameter_is_its_kind(dataset, kind):
    state = parse_query(f"?{kind}={SELECTIONS[kind]}", dataset)
    assert state.notices == []
    assert state.selection == f"{kind}:{SELECTIONS[kind]}"


@pytest.mark.parametrize("key", sorted(k for k in GOOD_VALUES if k not in ("text", "embed")))
def test_a_bad_value_is_ignored_with_a_notice_naming_its_parameter(dataset, key):
    name = schema.LINK_PARAMS[key]
    state = parse_query(f"?{name}=nonsense", dataset)
    assert len(state.notices) == 1
    assert f"'{name}" in state.notices[0]


def test_an_unknown_parameter_is_named(dataset):
    state = parse_query("?colour=red", dataset)
    assert state.notices == ["Unknown parameter 'colour' ignored."]


def test_the_readme_documents_exactly_these_parameters():
    text = README.read_text(encoding="utf-8")
    table = text.split("### Link parameters", 1)[1].split("\n\n")[2]
    documented = set(
        re.findall(r"`([a-z]+)`", "\n".join(r.split("|")[1] for r in table.splitlines()[2:]))
    )
    assert documented == PARAMS
