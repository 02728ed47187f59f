"""``geodata/annotations.json``: key dates, situation citations and label positions come from
the data folder, are validated with it, and reach the views."""

from __future__ import annotations

from dashboard.data.annotations import ANNOTATIONS_FILE
from dashboard.data.loading import load_dataset
from dashboard.views import layout, timeline


def test_bundled_annotations_reach_the_views(dataset):
    keys = timeline.key_dates(dataset)
    assert [k["event"] for k in keys][:3] == ["E001", "E035", "E038"]
    assert keys[2]["label"] == "Blockade begins" and keys[2]["iso"] == "2022-12-12"
    assert dataset.annotations.situation_events["hakari_checkpoint"] == "E044"
    assert dataset.annotations.label_position("stepanakert") == "middle left"
    assert dataset.annotations.label_position("not-listed") == "middle right"


def test_edited_annotations_change_the_views(data_dir, edit):
    def change(doc):
        doc["key_dates"] = [{"event": "E044", "label": "Checkpoint"}]
        doc["label_positions"]["stepanakert"] = "top center"

    edit(data_dir, ANNOTATIONS_FILE, change)
    data = load_dataset(data_dir)
    assert [(k["event"], k["label"]) for k in timeline.key_dates(data)] == [("E044", "Checkpoint")]
    assert data.annotations.label_position("stepanakert") == "top center"


def test_a_folder_without_annotations_loads(data_dir):
    (data_dir / ANNOTATIONS_FILE).unlink()
    data = load_dataset(data_dir)
    assert timeline.key_dates(data) == []
    assert data.annotations.label_position("stepanakert") == "middle right"


def test_bad_entries_are_named(data_dir, edit, problems_of):
    def spoil(doc):
        doc["key_dates"].append({"event": "E999", "label": "Nothing"})
        doc["key_dates"].append({"event": "E001"})
        doc["situation_events"]["nowhere_2020"] = "E038"
        doc["situation_events"]["blockade_2022"] = "E998"
        doc["label_positions"]["atlantis"] = "middle left"
        doc["label_positions"]["shusha"] = "upside down"
        doc["label_priority"].append("atlantis")

    edit(data_dir, ANNOTATIONS_FILE, spoil)
    found = {str(p) for p in problems_of(data_dir)}
    assert found == {
        "annotations.json, feature key_dates[7]: unknown event 'E999'",
        "annotations.json, feature key_dates[8]: must be {event, label}, both text",
        "annotations.json, feature situation_events.nowhere_2020: "
        "unknown layer feature 'nowhere_2020'",
        "annotations.json, feature situation_events.blockade_2022: unknown event 'E998'",
        "annotations.json, feature label_positions.atlantis: unknown site 'atlantis'",
        "annotations.json, feature label_positions.shusha: 'upside down' is not one of "
        "top left, top center, top right, middle left, middle center, middle right, "
        "bottom left, bottom center, bottom right",
        "annotations.json, feature label_priority[7]: unknown site 'atlantis'",
    }


def test_the_browser_places_the_key_sites_labels_first(dataset):
    from dashboard.views.sites_trace import label_first, mapped_sites

    sites = mapped_sites(dataset)
    first = [sites.index[i] for i in label_first(dataset, sites)]
    assert first == list(dataset.annotations.label_priority)
    assert first  # the bundled data names its key sites


def test_unreadable_annotations_are_a_problem(data_dir, problems_of):
    (data_dir / ANNOTATIONS_FILE).write_text("{not json", encoding="utf-8")
    (problem,) = problems_of(data_dir)
    assert problem.file == ANNOTATIONS_FILE and "cannot be read as JSON" in problem.reason


def test_about_text_counts_the_events(dataset):
    about = str(layout.about_panel(dataset))
    assert f"a chronology of {len(dataset.events)} sourced events" in about
