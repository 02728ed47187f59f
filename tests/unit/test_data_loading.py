"""load_dataset: the bundled data loads, and every kind of bad data is reported clearly."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path

import pytest

from dashboard.data import schema
from dashboard.data.loading import DataError, Problem, load_dataset

# A bow-tie: the ring crosses itself at (46.1, 40.1). Inside the region bbox.
BOWTIE = [[[46.0, 40.0], [46.2, 40.2], [46.2, 40.0], [46.0, 40.2], [46.0, 40.0]]]


def problem_for(problems: list[Problem], file: str, feature: str | None) -> Problem:
    """The single problem for (file, feature); fails listing everything that was reported."""
    found = [p for p in problems if p.file == file and p.feature == feature]
    listing = "\n".join(str(p) for p in problems)
    assert len(found) == 1, f"expected one problem for {file} / {feature}, got:\n{listing}"
    return found[0]


def feature_ids(path: Path) -> list[str]:
    doc = json.loads(path.read_text(encoding="utf-8"))
    return [f["properties"]["id"] for f in doc["features"]]


# --- the bundled data ------------------------------------------------------------------


def test_bundled_nothing_dropped(dataset, bundled_dir):
    """Validation keeps every feature of every file (none silently skipped)."""
    assert sorted(dataset.events.index) == sorted(feature_ids(bundled_dir / "events.geojson"))
    assert sorted(dataset.sites.index) == sorted(feature_ids(bundled_dir / "sites.geojson"))


def test_every_event_site_exists(dataset):
    missing = set(dataset.events["site"]) - set(dataset.sites.index)
    assert not missing, f"events reference unknown sites: {sorted(missing)}"


def test_events_sorted_by_start(dataset):
    starts = list(dataset.events["start"])
    assert all(isinstance(s, date) for s in starts)
    assert starts == sorted(starts)
    order = list(dataset.events.index)
    # E072 is a season starting Sep 2023 (1 Sep), listed after E071 (30 Sep) in the file:
    # sorting by start must put it before E055 (3 Sep 2023).
    assert order.index("E072") < order.index("E055")
    # Same day (10 Nov 2020): ties broken by id.
    assert order[:2] == ["E001", "E002"]


def test_e081(dataset):
    row = dataset.all_events().loc["E081"]
    assert row["start"] == date(2024, 4, 17)
    assert row["end"] == date(2024, 4, 17)
    assert row["site"] == "dadivank"


def test_multi_day_and_season_intervals(dataset):
    e013 = dataset.all_events().loc["E013"]  # 2020-12-11 .. 2020-12-14
    assert (e013["start"], e013["end"]) == (date(2020, 12, 11), date(2020, 12, 14))
    e072 = dataset.all_events().loc["E072"]  # season 2023-09, end 2023-11
    assert (e072["start"], e072["end"]) == (date(2023, 9, 1), date(2023, 11, 30))


def test_all_layers_load(dataset, bundled_dir):
    assert set(dataset.layers) == {spec.id for spec in schema.LAYERS}
    for spec in schema.LAYERS:
        expected = feature_ids(bundled_dir / schema.layer_file(spec.id))
        assert sorted(dataset.layers[spec.id].index) == sorted(expected), spec.id
        assert dataset.layers[spec.id].geometry.notna().all(), spec.id


def test_crs_is_wgs84(dataset):
    frames = {"events": dataset.all_events(), "sites": dataset.sites, **dataset.layers}
    for name, frame in frames.items():
        assert frame.crs is not None, name
        assert frame.crs.to_epsg() == 4326, name


def test_span_covers_mission(dataset):
    assert dataset.span[0] <= schema.MISSION_START
    assert dataset.span[1] >= schema.MISSION_END


def test_accepted_crs_member_loads(data_dir, edit):
    crs = {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}}
    edit(data_dir, "lakes.geojson", lambda doc: doc.__setitem__("crs", crs))
    assert len(load_dataset(data_dir).layers["lakes"]) == 3


# --- bad files ---------------------------------------------------------------------------


def test_malformed_json(data_dir, problems_of):
    # Line 3 is `  "features": [,]`: the stray comma is the 16th character.
    (data_dir / "events.geojson").write_text(
        '{\n  "type": "FeatureCollection",\n  "features": [,]\n}\n', encoding="utf-8"
    )
    problem = problem_for(problems_of(data_dir), "events.geojson", None)
    assert "JSON" in problem.reason
    assert "line 3" in problem.reason
    assert "column 16" in problem.reason


def test_not_utf8(data_dir, problems_of):
    (data_dir / "sites.geojson").write_bytes(b'{"type": "FeatureCollection", "x": "\xff"}')
    problem = problem_for(problems_of(data_dir), "sites.geojson", None)
    assert "UTF-8" in problem.reason


@pytest.mark.parametrize(
    "doc",
    [
        [],
        {"type": "Feature", "geometry": None, "properties": {}},
        {"features": []},
        "FeatureCollection",
    ],
    ids=["list", "feature", "no-type", "string"],
)
def test_not_a_feature_collection(data_dir, problems_of, doc):
    (data_dir / "sites.geojson").write_text(json.dumps(doc), encoding="utf-8")
    problem = problem_for(problems_of(data_dir), "sites.geojson", None)
    assert "FeatureCollection" in problem.reason


def test_features_not_a_list(data_dir, edit, problems_of):
    edit(data_dir, "rivers.geojson", lambda doc: doc.__setitem__("features", {"a": 1}))
    problem = problem_for(problems_of(data_dir), "rivers.geojson", None)
    assert "features" in problem.reason


@pytest.mark.parametrize("name", ["urn:ogc:def:crs:EPSG::3857", "EPSG:3857"])
def test_crs_3857_rejected(data_dir, edit, problems_of, name):
    crs = {"type": "name", "properties": {"name": name}}
    edit(data_dir, "peacekeeping_zone.geojson", lambda doc: doc.__setitem__("crs", crs))
    problem = problem_for(problems_of(data_dir), "peacekeeping_zone.geojson", None)
    assert "3857" in problem.reason
    assert "4326" in problem.reason


def test_crs_properties_not_an_object(data_dir, edit):
    crs = {"type": "name", "properties": "EPSG:3857"}
    edit(data_dir, "lakes.geojson", lambda doc: doc.__setitem__("crs", crs))
    try:
        load_dataset(data_dir)
    except DataError as error:
        assert any(p.file == "lakes.geojson" for p in error.problems)
    except Exception as error:
        pytest.fail(
            "a crs member whose 'properties' is not an object must give a DataError naming "
            f"lakes.geojson, not {type(error).__name__}: {error}"
        )
    else:
        pytest.fail("a crs member whose 'properties' is not an object was accepted")


def test_missing_file(data_dir, problems_of):
    (data_dir / "rivers.geojson").unlink()
    problem = problem_for(problems_of(data_dir), "rivers.geojson", None)
    assert "missing" in problem.reason


def test_missing_data_folder(tmp_path):
    folder = tmp_path / "no_such_folder"
    with pytest.raises(DataError) as info:
        load_dataset(folder)
    assert len(info.value.problems) == 1
    assert "no_such_folder" in info.value.problems[0].file
    assert "does not exist" in info.value.problems[0].reason
    assert "no_such_folder" in str(info.value)


# --- bad features --------------------------------------------------------------------------


def test_missing_required_field(data_dir, edit_feature, problems_of):
    edit_feature(data_dir, "events.geojson", "E005", lambda f: f["properties"].pop("title"))
    problems = problems_of(data_dir)
    problem = problem_for(problems, "events.geojson", "E005")
    assert "missing" in problem.reason
    assert "'title'" in problem.reason
    assert "events.geojson, feature E005" in str(problem)


# (file name without .geojson, feature, properties set on it, fragments the reason must name)
BAD_PROPERTIES = {
    "required-null": ("sites", "goris", {"name_en": None}, ["name_en"]),
    "wrong-type": ("events", "E005", {"category": 42}, ["'category'", "text", "int"]),
    # the accepted values are listed
    "unknown-category": (
        "events",
        "E005",
        {"category": "riot"},
        ["'category'", "'riot'", "incident"],
    ),
    "unknown-accuracy": (
        "line_of_contact",
        "loc_2020",
        {"accuracy": "precise"},
        ["accuracy", "'precise'"],
    ),
    "feb-30": ("events", "E005", {"date": "2023-02-30"}, ["date", "2023-02-30"]),
    "month-13": ("events", "E022", {"date": "2023-13"}, ["date", "2023-13"]),
    "day-precision-month-text": ("events", "E005", {"date": "2023-05"}, ["date", "2023-05", "day"]),
    "not-leap": ("events", "E005", {"date": "2023-02-29"}, ["date", "2023-02-29"]),
    "slashes": ("events", "E005", {"date": "15/11/2020"}, ["date", "15/11/2020"]),
    "bad-end": ("events", "E013", {"end_date": "2020-12-32"}, ["date", "2020-12-32"]),
    "unknown-date-precision": (
        "events",
        "E005",
        {"date_precision": "week"},
        ["date_precision", "'week'"],
    ),
    # E013 starts 2020-12-11.
    "end-before-start": (
        "events",
        "E013",
        {"end_date": "2020-12-10"},
        ["before", "2020-12-10", "2020-12-11"],
    ),
    # valid_to == valid_from
    "layer-valid-to-not-after-valid-from": (
        "lachin_corridor",
        "corridor_2020_route",
        {"valid_to": "2020-11-15"},
        ["valid_to"],
    ),
    "layer-bad-valid-from": (
        "peacekeeping_zone",
        "zone_2020",
        {"valid_from": "2020-11"},
        ["valid_from", "2020-11"],
    ),
    "unknown-site": ("events", "E005", {"site": "atlantis"}, ["'atlantis'", "sites.geojson"]),
}


@pytest.mark.parametrize("case", sorted(BAD_PROPERTIES))
def test_bad_property_is_reported(data_dir, edit_feature, problems_of, case):
    stem, fid, props, fragments = BAD_PROPERTIES[case]
    file = f"{stem}.geojson"
    edit_feature(data_dir, file, fid, lambda f: f["properties"].update(props))
    problem = problem_for(problems_of(data_dir), file, fid)
    for fragment in fragments:
        assert fragment in problem.reason


def test_duplicate_id(data_dir, edit_feature, problems_of):
    def rename(feature):
        feature["id"] = "E005"
        feature["properties"]["id"] = "E005"

    edit_feature(data_dir, "events.geojson", "E006", rename)
    problem = problem_for(problems_of(data_dir), "events.geojson", "E005")
    assert "duplicate" in problem.reason


def test_feature_without_id(data_dir, edit, problems_of):
    def drop_id(doc):
        feature = doc["features"][2]  # the third site
        feature.pop("id", None)
        feature["properties"].pop("id")

    edit(data_dir, "sites.geojson", drop_id)
    problem = problem_for(problems_of(data_dir), "sites.geojson", "#3")
    assert "id" in problem.reason


def test_self_intersecting_polygon(data_dir, edit_feature, problems_of):
    def bowtie(feature):
        feature["geometry"] = {"type": "Polygon", "coordinates": BOWTIE}

    edit_feature(data_dir, "lakes.geojson", "lake_01", bowtie)
    problem = problem_for(problems_of(data_dir), "lakes.geojson", "lake_01")
    assert "invalid geometry" in problem.reason
    assert "self-intersection" in problem.reason.lower()


@pytest.mark.parametrize(
    ("file", "fid"),
    [("sites.geojson", "dadivank"), ("events.geojson", "E005")],
)
def test_swapped_lon_lat_is_outside_region(data_dir, edit_feature, problems_of, file, fid):
    def swap(feature):
        lon, lat = feature["geometry"]["coordinates"]
        feature["geometry"]["coordinates"] = [lat, lon]

    edit_feature(data_dir, file, fid, swap)
    problem = problem_for(problems_of(data_dir), file, fid)
    assert "outside the region" in problem.reason
    assert "lon/lat" in problem.reason


@pytest.mark.parametrize(
    "point",
    [[44.49, 40.0], [47.51, 40.0], [46.0, 38.79], [46.0, 41.01]],
    ids=["west", "east", "south", "north"],
)
def test_each_edge_of_the_region(data_dir, edit_feature, problems_of, point):
    """REGION_BBOX is lon 44.5-47.5, lat 38.8-41.0: just beyond any edge is rejected."""

    def move(feature):
        feature["geometry"]["coordinates"] = point

    edit_feature(data_dir, "sites.geojson", "goris", move)
    problem = problem_for(problems_of(data_dir), "sites.geojson", "goris")
    assert "outside the region" in problem.reason


def test_region_edges_are_inside(data_dir, edit_feature):
    # The bundled country and river layers are clipped exactly to the box, so edges must pass.
    edit_feature(
        data_dir,
        "sites.geojson",
        "goris",
        lambda f: f["geometry"].__setitem__("coordinates", [44.5, 38.8]),
    )
    assert load_dataset(data_dir).sites.loc["goris"].geometry.coords[0] == (44.5, 38.8)


def test_swapped_layer_geometry_is_outside_region(data_dir, edit_feature, problems_of):
    def swap(feature):
        feature["geometry"]["coordinates"] = [
            [lat, lon] for lon, lat in feature["geometry"]["coordinates"]
        ]

    edit_feature(data_dir, "lachin_corridor.geojson", "corridor_2022_route", swap)
    problem = problem_for(problems_of(data_dir), "lachin_corridor.geojson", "corridor_2022_route")
    assert "outside the region" in problem.reason


@pytest.mark.parametrize(
    "geometry",
    [
        {"type": "Point", "coordinates": ["46.7", "x"]},
        {"type": "Point", "coordinates": [46.7]},
        {"type": "Point", "coordinates": "46.7, 39.8"},
        {"type": "Point"},
        {"type": "Polygon", "coordinates": [[[46.0, 40.0], [46.1, 40.0]]]},
        {"type": "Circle", "coordinates": [46.7, 39.8]},
        "POINT (46.7 39.8)",
    ],
    ids=["text", "one-number", "string", "no-coords", "short-ring", "unknown-type", "wkt"],
)
def test_malformed_coordinates(data_dir, edit_feature, problems_of, geometry):
    edit_feature(data_dir, "events.geojson", "E005", lambda f: f.__setitem__("geometry", geometry))
    problem = problem_for(problems_of(data_dir), "events.geojson", "E005")
    assert "geometry" in problem.reason


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(document.cookie)",
        "data:text/html,<script>alert(1)</script>",
        "ftp://example.org/file",
        "//example.org/page",
        "example.org",
        None,
    ],
)
def test_source_url_must_be_http(data_dir, edit_feature, problems_of, url):
    edit_feature(
        data_dir,
        "events.geojson",
        "E001",
        lambda f: f["properties"]["sources"][0].__setitem__("url", url),
    )
    problem = problem_for(problems_of(data_dir), "events.geojson", "E001")
    assert "sources" in problem.reason
    assert "http" in problem.reason


def test_bad_url_in_a_later_source(data_dir, edit_feature, problems_of):
    # E001 has three sources; the third one is bad.
    edit_feature(
        data_dir,
        "events.geojson",
        "E001",
        lambda f: f["properties"]["sources"][2].__setitem__("url", "javascript:alert(1)"),
    )
    problem = problem_for(problems_of(data_dir), "events.geojson", "E001")
    assert "source 3" in problem.reason


@pytest.mark.parametrize("url", ["http://example.org/a", "HTTPS://EXAMPLE.ORG/B"])
def test_http_urls_accepted(data_dir, edit_feature, url):
    edit_feature(
        data_dir,
        "events.geojson",
        "E001",
        lambda f: f["properties"]["sources"][0].__setitem__("url", url),
    )
    assert load_dataset(data_dir).all_events().loc["E001"]["sources"][0]["url"] == url


@pytest.mark.parametrize("sources", [[], None, "https://example.org/"])
def test_sources_must_be_a_non_empty_list(data_dir, edit_feature, problems_of, sources):
    edit_feature(
        data_dir,
        "events.geojson",
        "E005",
        lambda f: f["properties"].__setitem__("sources", sources),
    )
    problem = problem_for(problems_of(data_dir), "events.geojson", "E005")
    assert "sources" in problem.reason


def test_several_problems_all_reported(data_dir, edit_feature, problems_of):
    def two_faults(feature):
        del feature["properties"]["title"]
        feature["properties"]["category"] = 42

    edit_feature(data_dir, "events.geojson", "E005", two_faults)
    edit_feature(
        data_dir,
        "events.geojson",
        "E013",
        lambda f: f["properties"].__setitem__("end_date", "2020-12-01"),
    )
    edit_feature(
        data_dir,
        "events.geojson",
        "E040",
        lambda f: f["properties"].__setitem__("site", "atlantis"),
    )
    edit_feature(
        data_dir,
        "lakes.geojson",
        "lake_02",
        lambda f: f.__setitem__("geometry", {"type": "Polygon", "coordinates": BOWTIE}),
    )
    (data_dir / "rivers.geojson").unlink()
    (data_dir / "countries.geojson").write_text("{", encoding="utf-8")

    problems = problems_of(data_dir)
    where = {(p.file, p.feature) for p in problems}
    assert where == {
        ("events.geojson", "E005"),
        ("events.geojson", "E013"),
        ("events.geojson", "E040"),
        ("lakes.geojson", "lake_02"),
        ("rivers.geojson", None),
        ("countries.geojson", None),
    }
    e005 = " ".join(p.reason for p in problems if p.feature == "E005")
    assert "'title'" in e005
    assert "'category'" in e005
    message = str(DataError(problems))
    assert message.count("\n") == len(problems) - 1


def test_data_error_message_truncates_long_lists():
    problems = [Problem("events.geojson", f"E{i:03d}", "bad") for i in range(60)]
    message = str(DataError(problems))
    assert "E049" in message
    assert "E050" not in message
    assert "10 more problems" in message


# --- the loader only reads -------------------------------------------------------------------


def _digests(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_failed_load_leaves_files_untouched(data_dir, edit_feature, problems_of):
    edit_feature(data_dir, "events.geojson", "E005", lambda f: f["properties"].pop("title"))
    edit_feature(
        data_dir,
        "lakes.geojson",
        "lake_01",
        lambda f: f.__setitem__("geometry", {"type": "Polygon", "coordinates": BOWTIE}),
    )
    (data_dir / "sites.geojson").write_text('{"type": "FeatureCollection",', encoding="utf-8")
    before = _digests(data_dir)
    problems_of(data_dir)
    assert _digests(data_dir) == before


def test_successful_load_leaves_files_untouched(data_dir):
    before = _digests(data_dir)
    load_dataset(data_dir)
    assert _digests(data_dir) == before


def test_version_follows_content(data_dir, edit_feature):
    first = load_dataset(data_dir).version
    assert load_dataset(data_dir).version == first
    edit_feature(
        data_dir,
        "events.geojson",
        "E005",
        lambda f: f["properties"].__setitem__("title", "Changed title"),
    )
    assert load_dataset(data_dir).version != first


def test_contested_claim_with_script_url_is_rejected(data_dir, edit_feature, problems_of):
    def bad_claim(feature):
        feature["properties"]["contested"] = [
            {"claim": "x", "by": "y", "source_url": "javascript:alert(1)", "source_name": "z"}
        ]

    edit_feature(data_dir, "events.geojson", "E010", bad_claim)
    problems = problems_of(data_dir)
    assert [(p.file, p.feature) for p in problems] == [("events.geojson", "E010")]
    assert "http(s)" in problems[0].reason


def test_layer_feature_citing_unknown_event_is_reported(data_dir, edit_feature, problems_of):
    edit_feature(
        data_dir,
        "installations.geojson",
        "hakari_checkpoint",
        lambda f: f["properties"].__setitem__("events", ["E044", "E999"]),
    )
    problems = problems_of(data_dir)
    assert [(p.file, p.feature) for p in problems] == [
        ("installations.geojson", "hakari_checkpoint")
    ]
    assert "E999" in problems[0].reason
