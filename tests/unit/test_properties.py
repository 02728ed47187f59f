"""Property-based tests: random and hostile values never crash the callbacks or the loader.

The callbacks get random JSON (what a client can send), called directly and
through ``/_dash-update-component``; the loader gets random mutations of one
feature. The answer is a default, a rendered panel, a 4xx or a ``DataError``,
never another exception and never a 500.
"""

from __future__ import annotations

import copy
import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.config import Settings
from dashboard.data import schema
from dashboard.data.filters import PRECISION_KINDS
from dashboard.data.loading import DataError, Dataset, load_dataset
from dashboard.web import callbacks
from dashboard.web.app import create_app

FAST = settings(
    max_examples=60,
    database=None,  # no .hypothesis/ folder in the checkout
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
CALLBACK = "/_dash-update-component"

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "javascript:alert(1)",
    "site:",
    ":",
    "site:dadivank",
    "site:<script>",
    "event:E081",
    "event:__proto__",
    "layer:loc_2020",
    "layer:",
    "site:../../etc/passwd",
    "%00",
    "\x00",
    "\u202e",
    "🙂" * 50,
    "x" * 5000,
    "?start=2021-13-45&end=0000-00-00&site=<b>&embed=1&view=1e999,nan,-0",
    "?view=NaN,Infinity,1e308&layers=%ff&names=__proto__",
]

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)  # strict JSON has neither
    | st.text(max_size=40)
    | st.sampled_from(HOSTILE)
)
json_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=12), inner, max_size=5)
    ),
    max_leaves=15,
)
ranges = st.lists(st.integers(min_value=-5000, max_value=5000), min_size=0, max_size=3)
anything = json_values | ranges | st.lists(st.sampled_from((*PRECISION_KINDS, "x", "")), max_size=4)


def test_parse_precision_ignores_unhashable_items():
    """Found by these properties: list items used to raise TypeError (a JSON 500)."""
    assert callbacks.parse_precision([[], {}, "region"]) == ["region"]


def within(day: date, dataset: Dataset) -> bool:
    return dataset.span[0] <= day <= dataset.span[1]


# -- the callbacks' functions, called directly ---------------------------------------


@FAST
@given(value=anything)
def test_parse_range_always_answers_dates_in_the_span(dataset, value):
    start, end = callbacks.parse_range(value, dataset)
    assert within(start, dataset) and within(end, dataset) and start <= end


@FAST
@given(token=anything)
def test_parse_selection(token):
    parsed = callbacks.parse_selection(token)
    assert parsed is None or (
        parsed[0] in callbacks.SELECTION_KINDS and isinstance(parsed[1], str) and parsed[1]
    )


@FAST
@given(value=anything)
def test_parse_precision(value):
    parsed = callbacks.parse_precision(value)
    assert parsed is None or set(parsed) <= set(PRECISION_KINDS)


@FAST
@given(selection=anything, value=anything, precision=anything, state=anything)
def test_render_detail(dataset, selection, value, precision, state):
    panel = callbacks.render_detail(selection, value, dataset, precision, state)
    assert isinstance(panel.head, list) and len(panel.head) >= 1
    json.dumps(panel.cards_data())  # plain data the browser can take as it is


@FAST
@given(value=anything, precision=anything, state=anything)
def test_render_list(dataset, value, precision, state):
    items, summary = callbacks.render_list(value, dataset, precision, state)
    assert isinstance(items, list) and isinstance(summary, str)


@FAST
@given(value=anything)
def test_render_situation(dataset, value):
    assert isinstance(callbacks.render_situation(value, dataset), list)


@FAST
@given(
    categories=anything,
    actors=anything,
    confidence=anything,
    text=anything,
    corroborated=anything,
    lag=anything,
    by=anything,
)
def test_compute_filter(dataset, categories, actors, confidence, text, corroborated, lag, by):
    state, _mask, words = callbacks.compute_filter(
        categories, actors, confidence, text, dataset, corroborated, lag, by
    )
    assert state is None or isinstance(state, dict)
    assert isinstance(words, str)
    if state is not None:  # only known values survive a malformed input
        assert state["reported_within"] in (None, *schema.REPORTED_WITHIN_DAYS)
        assert set(state["claimed_by"]) <= set(schema.CLAIMANTS)
        assert isinstance(state["corroborated"], bool)


@FAST
@given(search=st.text(max_size=200) | st.sampled_from(HOSTILE) | st.none())
def test_restore_view(dataset, search):
    assert isinstance(callbacks.restore_view(search, dataset), tuple)


# -- the same through HTTP -----------------------------------------------------------


@pytest.fixture(scope="module")
def app(dataset):
    return create_app(Settings(access_log=False), dataset=dataset)


def _server_callbacks(app) -> list[tuple[str, dict]]:
    return sorted((key, spec) for key, spec in app.callback_map.items() if "callback" in spec)


def _outputs(key: str):
    if key.startswith(".."):
        parts = key[2:-2].split("...")
        return [{"id": p.rsplit(".", 1)[0], "property": p.rsplit(".", 1)[1]} for p in parts]
    id_, prop = key.rsplit(".", 1)
    return {"id": id_, "property": prop}


def _entries(spec: dict, draw) -> object:
    """One input or state entry with a random value (a list of them for ALL patterns)."""
    if spec["id"].startswith("{"):
        pattern = json.loads(spec["id"])
        items = []
        for _ in range(draw(st.integers(min_value=0, max_value=4))):
            item_id = {
                k: (draw(st.text(max_size=20) | st.sampled_from(HOSTILE) | st.integers()))
                if isinstance(v, list)
                else v
                for k, v in pattern.items()
            }
            items.append({"id": item_id, "property": spec["property"], "value": draw(anything)})
        return items
    entry = {"id": spec["id"], "property": spec["property"]}
    if draw(st.integers(0, 4)):  # sometimes no value at all, as for an undefined prop
        entry["value"] = draw(anything)
    return entry


@st.composite
def valid_bodies(draw, callbacks_list):
    key, spec = draw(st.sampled_from(callbacks_list))
    inputs = [_entries(s, draw) for s in spec["inputs"]]
    state = [_entries(s, draw) for s in spec.get("state") or []]
    props = [f"{s['id']}.{s['property']}" for s in spec["inputs"] if not s["id"].startswith("{")]
    changed = draw(st.lists(st.sampled_from(props), max_size=2, unique=True)) if props else []
    body = {"output": key, "outputs": _outputs(key), "inputs": inputs, "changedPropIds": changed}
    if state:
        body["state"] = state
    return body


def _no_leak(response) -> None:
    text = response.get_data(as_text=True)
    assert "Traceback" not in text
    assert 'File "' not in text


def test_every_server_callback_answers_random_values(app):
    client = app.server.test_client()
    bodies = valid_bodies(_server_callbacks(app))

    @FAST
    @given(body=bodies)
    def check(body):
        response = client.post(CALLBACK, json=body)
        assert response.status_code in (200, 204), (response.status_code, body)
        _no_leak(response)
        if response.status_code == 200:
            assert "response" in response.get_json()

    check()


def _mutate(body, draw):
    """A structural mutation of a valid body: a part removed, replaced or retyped."""
    body = copy.deepcopy(body)
    paths = []

    def walk(node, path):
        paths.append(path)
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, (*path, k))
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, (*path, i))

    walk(body, ())
    path = draw(st.sampled_from(paths))
    replacement = draw(json_values)
    if not path:
        return replacement
    parent = body
    for step in path[:-1]:
        parent = parent[step]
    if draw(st.booleans()) and isinstance(parent, dict):
        del parent[path[-1]]
    else:
        parent[path[-1]] = replacement
    return body


def test_malformed_callback_requests_get_4xx_never_500(app):
    client = app.server.test_client()
    bodies = valid_bodies(_server_callbacks(app))

    @st.composite
    def mutated(draw):
        return _mutate(draw(bodies), draw)

    raw_garbage = st.binary(max_size=300) | st.text(max_size=300).map(str.encode)

    @FAST
    @given(body=mutated(), garbage=raw_garbage, as_raw=st.booleans())
    def check(body, garbage, as_raw):
        data = garbage if as_raw else json.dumps(body).encode()
        response = client.post(CALLBACK, data=data, content_type="application/json")
        assert response.status_code in (200, 204, 400, 413, 415), (response.status_code, data)
        _no_leak(response)

    check()


# -- the data loader -----------------------------------------------------------------

FILES = (schema.EVENTS_FILE, schema.SITES_FILE, "line_of_contact.geojson", "installations.geojson")

geometries = json_values | st.fixed_dictionaries(
    {
        "type": st.sampled_from(["Point", "LineString", "Polygon", "MultiPoint", "Nonsense"]),
        "coordinates": json_values
        | st.lists(st.floats(allow_nan=True, allow_infinity=True), max_size=3)
        | st.lists(st.lists(st.floats(min_value=-200, max_value=200), max_size=3), max_size=4),
    }
)


@st.composite
def mutations(draw):
    file = draw(st.sampled_from(FILES))
    index = draw(st.integers(min_value=0, max_value=10))
    kind = draw(
        st.sampled_from(["set", "delete", "geometry", "feature", "properties", "collection"])
    )
    key = draw(
        st.sampled_from(
            [f.name for f in schema.EVENT_FIELDS + schema.SITE_FIELDS + schema.LAYER_FIELDS]
        )
        | st.text(max_size=8)
    )
    value = draw(geometries if kind == "geometry" else json_values)
    return file, index, kind, key, value


@pytest.fixture(scope="module")
def scratch(tmp_path_factory, bundled_dir) -> Path:
    folder = tmp_path_factory.mktemp("fuzzed") / "geodata"
    shutil.copytree(bundled_dir, folder)
    return folder


def test_loader_mutations_give_data_error_or_data(scratch, bundled_dir):
    originals = {name: (bundled_dir / name).read_text(encoding="utf-8") for name in FILES}

    @FAST
    @given(mutation=mutations())
    def check(mutation):
        file, index, kind, key, value = mutation
        doc = json.loads(originals[file])
        feature = doc["features"][index % len(doc["features"])]
        if kind == "set":
            feature["properties"][key] = value
        elif kind == "delete":
            feature["properties"].pop(key, None)
        elif kind == "geometry":
            feature["geometry"] = value
        elif kind == "feature":
            doc["features"][index % len(doc["features"])] = value
        elif kind == "properties":
            feature["properties"] = value
        else:
            doc = value
        for name, text in originals.items():
            (scratch / name).write_text(text, encoding="utf-8")
        (scratch / file).write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
        try:
            loaded = load_dataset(scratch)
        except DataError as error:
            assert error.problems
            for problem in error.problems:
                assert problem.file and problem.reason
        else:
            assert isinstance(loaded, Dataset)

    check()
