"""cli.main: validate and serve report bad data cleanly and never start on it."""

from __future__ import annotations

import json

import pytest
from dash import Dash

from dashboard.cli import main
from dashboard.data import schema
from dashboard.web import serving
from dashboard.web.switching import DataSwitch


def count(data_dir, name: str) -> int:
    """The number of features in ``data_dir/name.geojson``."""
    return len(json.loads((data_dir / f"{name}.geojson").read_text(encoding="utf-8"))["features"])


def break_data(data_dir, edit_feature):
    """Two problems in two files: E005 loses its title, lake_01 becomes a bow-tie."""
    edit_feature(data_dir, "events.geojson", "E005", lambda f: f["properties"].pop("title"))
    bowtie = [[[46.0, 40.0], [46.2, 40.2], [46.2, 40.0], [46.0, 40.2], [46.0, 40.0]]]
    edit_feature(
        data_dir,
        "lakes.geojson",
        "lake_01",
        lambda f: f.__setitem__("geometry", {"type": "Polygon", "coordinates": bowtie}),
    )


@pytest.fixture
def no_server(monkeypatch):
    """Fail loudly if anything tries to start the development server."""
    calls = []

    def fake_run(self, *args, **kwargs):
        calls.append((args, kwargs))
        raise AssertionError("the server was started")

    monkeypatch.setattr(Dash, "run", fake_run)
    monkeypatch.setattr(serving, "run_development", fake_run)
    return calls


def test_validate_bundled(bundled_dir, capsys):
    assert main(["validate", str(bundled_dir)]) == 0
    out, err = capsys.readouterr()
    assert out.startswith(f"ok: {count(bundled_dir, 'events')} events")
    assert f"{count(bundled_dir, 'sites')} sites" in out
    assert f"{len(schema.LAYERS)} layers" in out
    assert err == ""


def test_validate_defaults_to_bundled(bundled_dir, capsys):
    assert main(["validate"]) == 0
    assert capsys.readouterr().out.startswith(f"ok: {count(bundled_dir, 'events')} events")


def test_validate_broken(data_dir, edit_feature, capsys):
    break_data(data_dir, edit_feature)
    assert main(["validate", str(data_dir)]) == 1
    out, err = capsys.readouterr()
    assert "ok:" not in out
    assert str(data_dir) in err
    event_line = next(line for line in err.splitlines() if "feature E005" in line)
    assert "events.geojson" in event_line
    assert "'title'" in event_line
    lake_line = next(line for line in err.splitlines() if "feature lake_01" in line)
    assert "lakes.geojson" in lake_line
    assert "invalid geometry" in lake_line
    assert "Traceback" not in out + err


def test_validate_malformed_json(data_dir, capsys):
    (data_dir / "sites.geojson").write_text('{"type": "FeatureCollection",\n', encoding="utf-8")
    assert main(["validate", str(data_dir)]) == 1
    out, err = capsys.readouterr()
    assert "sites.geojson" in err
    assert "line 2" in err
    assert "Traceback" not in out + err


def test_validate_missing_folder(tmp_path, capsys):
    missing = tmp_path / "nowhere"
    assert main(["validate", str(missing)]) == 1
    out, err = capsys.readouterr()
    assert "nowhere" in err
    assert "does not exist" in err
    assert "Traceback" not in out + err


def test_serve_broken_data_does_not_start(data_dir, edit_feature, capsys, no_server):
    break_data(data_dir, edit_feature)
    code = main(["serve", "--data", str(data_dir), "--port", "8765"])
    out, err = capsys.readouterr()
    assert code != 0
    assert no_server == []
    assert "Serving on" not in out
    assert "events.geojson, feature E005" in err
    assert "lakes.geojson, feature lake_01" in err
    assert "Traceback" not in out + err


def test_serve_missing_folder_does_not_start(tmp_path, capsys, no_server):
    code = main(["serve", "--data", str(tmp_path / "nowhere")])
    err = capsys.readouterr().err
    assert code != 0
    assert no_server == []
    assert "nowhere" in err


def test_serve_good_data_runs_with_flags(data_dir, capsys, monkeypatch):
    calls = []
    monkeypatch.setattr(
        serving, "run_development", lambda app, settings: calls.append((app, settings))
    )
    assert main(["serve", "--data", str(data_dir), "--host", "0.0.0.0", "--port", "8765"]) == 0
    [(app, settings)] = calls
    assert isinstance(app, DataSwitch) and app.settings.data_dir == data_dir
    assert (settings.host, settings.port, settings.debug) == ("0.0.0.0", 8765, False)
    assert "8765" in capsys.readouterr().out


def test_serve_help(capsys):
    with pytest.raises(SystemExit) as info:
        main(["serve", "--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    for flag in ("--host", "--port", "--data"):
        assert flag in out


def test_bad_port_is_a_usage_error(capsys, no_server):
    with pytest.raises(SystemExit) as info:
        main(["serve", "--port", "eighty"])
    assert info.value.code == 2
    assert "--port" in capsys.readouterr().err
