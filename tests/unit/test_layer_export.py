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
