"""The territorial record as data: layers in force on a day (GeoJSON), every dated feature
with its validity (CSV); both cite the dataset, neither reaches the network."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pyogrio
import pytest

from dashboard.config import Settings
from dashboard.data import schema
from dashboard.data.filters import layer_status
from dashboard.web.app import create_app


@pytest.fixture(scope="module")
def client(dataset):
    return create_app(Settings(), dataset=dataset).server.test_client()


def in_force(client, day: str) -> dict:
    response = client.get(f"/export/layers.geojson?at={day}")
    assert response.status_code == 200
    assert response.mimetype == "application/geo+json"
    return json.loads(response.get_data(as_text=True))


def test_the_layers_in_force_follow_the_day(client):
    before_blockade = {f["id"] for f in in_force(client, "2022-12-01")["features"]}
    blockade = {f["id"] for f in in_force(client, "2023-05-01")["features"]}
    after_exodus = {f["id"] for f in in_force(client, "2024-01-01")["features"]}
    assert {"corridor_2022_route", "zone_2020", "loc_2020"} <= before_blockade
    assert not {"blockade_2022", "hakari_checkpoint"} & before_blockade
    assert {"blockade_2022", "hakari_checkpoint", "corridor_2022_route"} <= blockade
    assert not {"zone_2020", "loc_2020", "blockade_2022", "corridor_2022_route"} & after_exodus
    assert "hakari_checkpoint" in after_exodus


def test_every_feature_exported_is_in_force_and_no_basemap(client, dataset):
    doc = in_force(client, "2021-06-01")
    basemap = {spec.id for spec in schema.LAYERS if spec.basemap}
    assert doc["at"] == "2021-06-01" and doc["dataset_version"] == dataset.version
    assert "layers in force on 1 Jun 2021" in doc["citation"]
    for feature in doc["features"]:
        props = feature["properties"]
        assert props["layer"] not in basemap
        assert layer_status(props["valid_from"], props["valid_to"], date(2021, 6, 1)) == "current"


def test_the_geojson_reads_in_gdal_as_wgs84(client, tmp_path):
    path = tmp_path / "layers.geojson"
    path.write_bytes(client.get("/export/layers.geojson?at=2023-05-01").data)
    frame = pyogrio.read_dataframe(path)
    assert frame.crs.to_epsg() == 4326 and len(frame) > 5
    assert "hakari_checkpoint" in set(frame["id"])


@pytest.mark.parametrize("bad", ["", "2023-13-01", "yesterday", "<script>"])
def test_a_bad_day_is_a_clear_400(client, bad):
    response = client.get(f"/export/layers.geojson?at={bad}")
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert "Parameter 'at' must be a day YYYY-MM-DD" in text and "Traceback" not in text


def test_the_csv_lists_every_dated_feature_with_its_validity(client, dataset):
    response = client.get("/export/layers.csv")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    expected = {
        (spec.id, fid)
        for spec in schema.LAYERS
        if not spec.basemap
        for fid in dataset.layers[spec.id].index
    }
    assert {(r["layer"], r["id"]) for r in rows} == expected
    blockade = next(r for r in rows if r["id"] == "blockade_2022")
    layer = dataset.layers["lachin_corridor"].loc["blockade_2022"]
    assert (blockade["valid_from"], blockade["valid_to"]) == (
        layer["valid_from"],
        layer["valid_to"],
    )
    assert blockade["events"] == "; ".join(layer["events"])
    assert all(r["cite_as"].startswith("Karabakh peacekeeping map, dataset v") for r in rows)


def test_the_changes_between_two_dates_name_the_blockade_and_the_checkpoint(client, dataset):
    from dashboard.views.compare import changes_between, words

    a, b = date(2022, 12, 1), date(2023, 5, 1)
    changes = changes_between(dataset, a, b)
    began = {c.reference: c for c in changes if c.change == "began"}
    assert set(began) == {"E038", "E044"}  # the blockade's and the checkpoint's events
    assert began["E038"].day == date(2022, 12, 12) and began["E044"].day == date(2023, 4, 23)
    events = dataset.all_events()
    for c in began.values():
        assert c.source_url == events.loc[c.reference, "sources"][0]["url"]
    starts = dataset.events["start"]
    n = int(((starts > a) & (starts <= b)).sum())
    assert changes[-1].what == f"{n} events began after 1 Dec 2022, up to 1 May 2023"
    text = words(changes, a, b)
    assert text.startswith("Between 1 Dec 2022 and 1 May 2023: began: Lachin corridor blockade")
    assert changes_between(dataset, b, a) == changes  # the order of the dates does not matter


def test_the_changes_count_the_peacekeepers_killed_as_a_range(dataset):
    from dashboard.views.compare import changes_between
    from dashboard.views.situation import situation_on

    changes = changes_between(dataset, date(2023, 9, 1), date(2023, 12, 31))
    ended = {c.what for c in changes if c.change == "ended"}
    assert any(name.startswith("Peacekeeping zone") for name in ended)
    killed = next(c for c in changes if c.change == "peacekeepers killed")
    low_a, best_a, high_a = situation_on(dataset, date(2023, 9, 1)).death_range
    low_b, best_b, high_b = situation_on(dataset, date(2023, 12, 31)).death_range
    spread = f"(sources range {low_b - low_a}–{high_b - high_a})"
    assert killed.what == f"{best_b - best_a} peacekeepers reported killed {spread}"
    assert not any(
        c.change == "peacekeepers killed"
        for c in changes_between(dataset, date(2021, 1, 1), date(2021, 6, 1))
    )


def test_the_change_list_exports_as_csv_with_its_citation(client):
    response = client.get("/export/changes.csv?compare=2023-05-01,2022-12-01")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert [r["change"] for r in rows][:2] == ["began", "began"]
    assert rows[0]["source_url"].startswith("https://")
    assert "changes between 1 Dec 2022 and 1 May 2023" in rows[0]["cite_as"]
    for bad in ("", "2023-05-01", "2023-05-01,soon", "a,b,c"):
        answer = client.get(f"/export/changes.csv?compare={bad}")
        assert answer.status_code == 400
        assert "Parameter 'compare' must be two days" in answer.get_data(as_text=True)
