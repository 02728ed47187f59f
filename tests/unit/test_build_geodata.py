"""tools/build_geodata.py never silently drops what was added to geodata/ after the first build."""

from __future__ import annotations

import json

from tools.build_geodata import dropped_ids, main


def _collection(path, ids):
    features = [
        {"type": "Feature", "id": i, "geometry": None, "properties": {"id": i}} for i in ids
    ]
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))


def test_features_missing_from_the_rebuild_are_named(tmp_path):
    path = tmp_path / "events.geojson"
    _collection(path, ["E001", "E087", "E088"])
    assert dropped_ids(path, [{"id": "E001"}]) == ["E087", "E088"]
    assert dropped_ids(path, [{"id": i} for i in ("E001", "E087", "E088")]) == []
    assert dropped_ids(tmp_path / "absent.geojson", []) == []


def test_the_bundled_data_is_not_overwritten_by_a_rebuild_that_would_drop_events(
    tmp_path, monkeypatch, capsys
):
    out = tmp_path / "geodata"
    out.mkdir()
    _collection(out / "sites.geojson", ["dadivank"])
    _collection(out / "events.geojson", ["E001", "E150"])
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    monkeypatch.setattr(
        "tools.build_geodata.build_sites", lambda research, src: [{"id": "dadivank"}]
    )
    monkeypatch.setattr(
        "tools.build_geodata.build_events", lambda research, sites: [{"id": "E001"}]
    )
    assert main(["build_geodata.py", str(tmp_path / "shared"), str(out)]) == 1
    assert "E150" in capsys.readouterr().err
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
