"""Settings, each declared once: its type, default, environment variable, flag and help.

Every setting is a field of :class:`Settings` (pydantic-settings) read from a
``KARABAKH_MAP_*`` environment variable; the ``serve`` command's flags are derived
from the fields that name one (``flag`` below) and take their defaults from the
environment, so both work everywhere (``gunicorn dashboard.wsgi:server`` reads only
the environment). ``python -m dashboard.config`` prints the table docs/production.md
carries (a test keeps the two equal).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Annotated, Any

from platformdirs import user_cache_dir
from pydantic import (
    AliasChoices,
    Field,
    TypeAdapter,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent
ENV_PREFIX = "KARABAKH_MAP_"
DEFAULT_MAX_BODY = 1024 * 1024
"""Largest request body accepted (bytes); a callback request is a few kB."""
ORIGIN_RE = re.compile(r"^(https?://(\*\.)?[A-Za-z0-9.-]+(:[0-9]{1,5})?|'self')$")
"""A CSP source we accept from settings: an http(s) origin (``*.`` subdomains allowed)."""


def _default_dir(name: str) -> Path:
    """The bundled folder: beside the package in a checkout, or inside it when installed."""
    for candidate in (PROJECT_DIR / name, PACKAGE_DIR / "_bundled" / name):
        if candidate.is_dir():
            return candidate
    return PROJECT_DIR / name


def default_cache_dir() -> Path:
    """The user's cache folder for files derived from the data (never the data folder)."""
    return Path(user_cache_dir("karabakh-map"))


def split_list(value: str | None) -> tuple[str, ...]:
    """``"https://a.org https://b.org"`` or comma-separated -> a tuple of the items."""
    if not value:
        return ()
    return tuple(item for item in value.replace(",", " ").split() if item)


class SettingsError(ValueError):
    """A setting has a value that cannot be used; the message names it."""


def env_name(field: str) -> str:
    """The environment variable of a field: ``KARABAKH_MAP_`` and its ``env`` or name."""
    extra = Settings.model_fields[field].json_schema_extra or {}
    return ENV_PREFIX + str(extra.get("env", field)).upper()


def _setting(
    default: Any,
    *,
    help: str,
    env: str | None = None,
    flag: str | None = None,
    metavar: str | None = None,
    doc_default: str | None = None,
    **limits: Any,
) -> Any:
    """A field. ``env``: the variable's name when it is not the field's; ``flag`` (and
    ``metavar``): ``serve``'s flag for it; ``doc_default``: the default as the docs say
    it; ``limits``: pydantic's (``ge=1``). A callable ``default`` is called for it."""
    extra = {"env": env, "flag": flag, "metavar": metavar, "doc_default": doc_default}
    kwargs: dict[str, Any] = {
        "description": help,
        "json_schema_extra": {key: value for key, value in extra.items() if value},
        **limits,
    }
    if env:  # read from KARABAKH_MAP_<env>, built in code by the field's name
        kwargs["validation_alias"] = AliasChoices(ENV_PREFIX + env)
    if callable(default):
        return Field(default_factory=default, **kwargs)
    return Field(default, **kwargs)


Origins = Annotated[tuple[str, ...], NoDecode]
"""Space- or comma-separated in the environment (never JSON)."""


class Settings(BaseSettings):
    """The app's settings; ``Settings()`` reads the environment, keywords override it.

    Raises
    ------
    SettingsError
        For a value that cannot be used, naming its environment variable.
    """

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX,
        env_ignore_empty=True,  # KARABAKH_MAP_PORT= keeps the default
        frozen=True,
        validate_by_name=True,
        extra="forbid",
    )

    data_dir: Path = _setting(
        lambda: _default_dir("geodata"),
        env="DATA",
        flag="--data",
        metavar="DIR",
        help="data folder with the GeoJSON files",
        doc_default="bundled `geodata/`",
    )
    assets_dir: Path = _setting(
        lambda: _default_dir("assets"),
        help="folder of the page's CSS and JavaScript",
        doc_default="bundled `assets/`",
    )
    cache_dir: Path = _setting(
        default_cache_dir,
        flag="--cache-dir",
        metavar="DIR",
        help="folder for files derived from the data (its database), never the data folder",
        doc_default="the user's cache folder (`~/.cache/karabakh-map`)",
    )
    host: str = _setting(
        "127.0.0.1", flag="--host", help="address to listen on (`0.0.0.0` in the container)"
    )
    port: int = _setting(8050, flag="--port", ge=0, le=65535, help="port")
    workers: int = _setting(
        0, flag="--workers", metavar="N", ge=0, help="gunicorn workers; `0` = development server"
    )
    threads: int = _setting(4, flag="--threads", metavar="N", ge=1, help="threads per worker")
    timeout: int = _setting(
        30,
        flag="--timeout",
        metavar="S",
        ge=1,
        help="seconds before gunicorn restarts a silent worker",
    )
    reload_interval: float = _setting(
        2.0,
        flag="--reload-interval",
        metavar="S",
        ge=0,
        help="seconds between looks at the data folder for new data to switch to; `0` = never",
    )
    debug: bool = _setting(
        False,
        flag="--debug",
        help="Dash debug mode; development server only, never in production",
    )
    frame_ancestors: Origins = _setting(
        (),
        help="origins allowed to frame the page with `?embed=1` (space or comma separated)",
        doc_default="none",
    )
    tile_hosts: Origins = _setting(
        (),
        help="origins added to `img-src` and `connect-src` for an online basemap",
        doc_default="none",
    )
    max_body: int = _setting(
        DEFAULT_MAX_BODY, ge=1024, help="largest request body accepted, in bytes"
    )
    access_log: bool = _setting(
        True, help="one log line per request (`0` to turn off)", doc_default="on"
    )

    @model_validator(mode="before")
    @classmethod
    def _blank_is_unset(cls, values: Any) -> Any:
        # KARABAKH_MAP_PORT=" " keeps the default, as an empty variable does
        if isinstance(values, dict):
            return {k: v for k, v in values.items() if not (isinstance(v, str) and not v.strip())}
        return values

    @field_validator("port", "workers", "threads", "timeout", "max_body", mode="before")
    @classmethod
    def _whole_number(cls, value: Any) -> Any:
        # pydantic would take "8050.0" or 8050.0; a port is written as a whole number
        if isinstance(value, str):
            value = value.strip()
            if not re.fullmatch(r"[+-]?[0-9]+", value):
                raise ValueError("Input should be a whole number")
        return value

    @field_validator("frame_ancestors", "tile_hosts", mode="before")
    @classmethod
    def _origins(cls, value: Any) -> Any:
        items = split_list(value) if isinstance(value, str) else tuple(value)
        for item in items:
            if not isinstance(item, str) or not ORIGIN_RE.match(item):
                # So nothing like "https://a.org; script-src *" can widen the policy.
                raise ValueError(f"{item!r} is not an http(s) origin such as https://example.org")
        return items

    def __init__(self, **values: Any) -> None:
        try:
            super().__init__(**values)
        except ValidationError as error:
            raise SettingsError(_explain(error)) from None

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """The settings of ``environ`` (default: the process's environment)."""
        if environ is None:
            return cls()
        known = {env_name(field): field for field in cls.model_fields}
        return cls(**{known[key]: value for key, value in environ.items() if key in known})

    def replace(self, **changes: Any) -> Settings:
        """A copy with ``changes``, validated like the rest."""
        return type(self)(**{**self.model_dump(), **changes})


def _explain(error: ValidationError) -> str:
    """``KARABAKH_MAP_PORT='eighty' is not a whole number``, one line per bad setting."""
    aliases = {env_name(field): field for field in Settings.model_fields}
    lines = []
    for problem in error.errors():
        key = str(problem["loc"][0]) if problem["loc"] else "settings"
        field = aliases.get(key, key)
        name = env_name(field) if field in Settings.model_fields else key
        message = problem["msg"].removeprefix("Value error, ")
        lines.append(f"{name}={problem['input']!r}: {message}")
    return "; ".join(lines)


def flag_settings() -> Iterable[tuple[str, Any]]:
    """``(field name, FieldInfo)`` of the settings ``serve`` has a flag for, in order."""
    return [
        (name, info)
        for name, info in Settings.model_fields.items()
        if (info.json_schema_extra or {}).get("flag")
    ]


def flag_value(field: str, raw: str) -> Any:
    """A flag's text as the field's type, with its limits.

    Raises
    ------
    ValueError
        With the reason, for argparse to print after the flag's name.
    """
    info = Settings.model_fields[field]
    try:
        value = Settings._whole_number(raw) if info.annotation is int else raw
        kind = Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
        return TypeAdapter(kind).validate_python(value)
    except ValidationError as error:
        raise ValueError(error.errors()[0]["msg"].removeprefix("Value error, ")) from None


def settings_table() -> str:
    """The Markdown table of every setting, as docs/production.md shows it."""
    rows = [
        "| variable | flag | default | meaning |",
        "| --- | --- | --- | --- |",
    ]
    for name, info in Settings.model_fields.items():
        extra = info.json_schema_extra or {}
        flag = str(extra.get("flag", ""))
        if flag and info.annotation is not bool:
            flag += f" {extra.get('metavar', '')}".rstrip()
        default = extra.get("doc_default")
        if default is None:
            value = info.default
            default = ("on" if value else "off") if isinstance(value, bool) else f"`{value}`"
        flag_cell = f"`{flag}` " if flag else ""
        rows.append(f"| `{env_name(name)}` | {flag_cell}| {default} | {info.description} |")
    return "\n".join(rows)


if __name__ == "__main__":
    print(settings_table())
