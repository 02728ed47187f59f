"""Settings: each declared once, read from the environment and the serve flags alike."""

from __future__ import annotations

from pathlib import Path

import pytest
from platformdirs import user_cache_dir

from dashboard.cli import main
from dashboard.config import Settings, SettingsError, settings_table
from dashboard.web import serving

PRODUCTION_DOC = Path(__file__).resolve().parents[2] / "docs" / "production.md"


def test_the_docs_table_is_the_settings_declaration():
    assert settings_table() in PRODUCTION_DOC.read_text(encoding="utf-8")


def test_cache_dir_default_env_and_flag(monkeypatch, tmp_path):
    monkeypatch.delenv("KARABAKH_MAP_CACHE_DIR", raising=False)
    assert Settings().cache_dir == Path(user_cache_dir("karabakh-map"))
    monkeypatch.setenv("KARABAKH_MAP_CACHE_DIR", str(tmp_path / "env"))
    assert Settings().cache_dir == tmp_path / "env"
    assert Settings.from_env({"KARABAKH_MAP_CACHE_DIR": "/srv/cache"}).cache_dir == Path(
        "/srv/cache"
    )


def test_flags_override_the_environment(monkeypatch, tmp_path, data_dir):
    calls = []
    monkeypatch.setattr(serving, "run_gunicorn", lambda app, settings: calls.append(settings))
    monkeypatch.setenv("KARABAKH_MAP_CACHE_DIR", str(tmp_path / "env"))
    monkeypatch.setenv("KARABAKH_MAP_THREADS", "7")
    monkeypatch.setenv("KARABAKH_MAP_PORT", "9001")
    flags = ["--data", str(data_dir), "--cache-dir", str(tmp_path / "flag"), "--workers", "2"]
    assert main(["serve", *flags]) == 0
    (settings,) = calls
    assert settings.cache_dir == tmp_path / "flag"  # the flag wins
    assert settings.threads == 7 and settings.port == 9001  # the environment fills the rest
    assert settings.data_dir == data_dir and settings.workers == 2


@pytest.mark.parametrize(
    ("flag", "value"),
    [("--workers", "-1"), ("--threads", "0"), ("--timeout", "soon"), ("--port", "70000")],
)
def test_bad_flag_values_are_usage_errors_naming_the_flag(capsys, flag, value):
    with pytest.raises(SystemExit) as info:
        main(["serve", flag, value])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert f"argument {flag}" in err and repr(value) in err and "Traceback" not in err


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("KARABAKH_MAP_PORT", "80.5"),
        ("KARABAKH_MAP_THREADS", "0"),
        ("KARABAKH_MAP_MAX_BODY", "10"),
        ("KARABAKH_MAP_DEBUG", "maybe"),
        ("KARABAKH_MAP_TILE_HOSTS", "https://a.org; script-src *"),
    ],
)
def test_bad_environment_values_name_the_variable(capsys, monkeypatch, name, value):
    with pytest.raises(SettingsError, match=name):
        Settings.from_env({name: value})
    monkeypatch.setenv(name, value)
    assert main(["serve"]) == 2
    err = capsys.readouterr().err
    assert name in err and "Traceback" not in err


def test_empty_variables_keep_the_defaults(monkeypatch):
    for name in ("KARABAKH_MAP_PORT", "KARABAKH_MAP_ACCESS_LOG", "KARABAKH_MAP_TILE_HOSTS"):
        monkeypatch.setenv(name, " " if name.endswith("PORT") else "")
    settings = Settings()
    assert settings.port == 8050 and settings.access_log is True and settings.tile_hosts == ()
    assert Settings.from_env({"KARABAKH_MAP_PORT": "  "}).port == 8050


@pytest.mark.parametrize(("text", "value"), [("on", True), ("yes", True), ("off", False)])
def test_switch_words(text, value):
    assert Settings.from_env({"KARABAKH_MAP_ACCESS_LOG": text}).access_log is value


def test_settings_are_frozen_and_replace_validates():
    settings = Settings()
    with pytest.raises(ValueError):
        settings.port = 1  # type: ignore[misc]
    assert settings.replace(port=9000).port == 9000
    with pytest.raises(SettingsError, match="KARABAKH_MAP_WORKERS"):
        settings.replace(workers=-2)
