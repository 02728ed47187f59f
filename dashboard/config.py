"""Settings, from command-line flags or environment variables.

Every setting has an environment variable with the ``KARABAKH_MAP_`` prefix; the
``serve`` command's flags take their defaults from them, so both work everywhere
(``gunicorn dashboard.wsgi:server`` reads only the environment).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent
ENV_PREFIX = "KARABAKH_MAP_"
TRUE_WORDS = ("1", "true", "yes", "on")
DEFAULT_MAX_BODY = 1024 * 1024
"""Largest request body accepted (bytes); a callback request is a few kB."""


def _default_dir(name: str) -> Path:
    """The bundled folder: beside the package in a checkout, or inside it when installed."""
    for candidate in (PROJECT_DIR / name, PACKAGE_DIR / "_bundled" / name):
        if candidate.is_dir():
            return candidate
    return PROJECT_DIR / name


def default_cache_dir() -> Path:
    """Where the data's database is built: ``KARABAKH_MAP_CACHE_DIR``, else the user's cache
    folder (never the package or the data folder, which may be read-only)."""
    configured = os.environ.get(ENV_PREFIX + "CACHE_DIR")
    if configured:
        return Path(configured)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("karabakh-map", appauthor=False))


def split_list(value: str | None) -> tuple[str, ...]:
    """``"https://a.org https://b.org"`` or comma-separated -> a tuple of the items."""
    if not value:
        return ()
    return tuple(item for item in value.replace(",", " ").split() if item)


class SettingsError(ValueError):
    """An environment variable has a value that cannot be used."""


def _int(env: Mapping[str, str], name: str, default: int, minimum: int = 0) -> int:
    raw = env.get(ENV_PREFIX + name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{ENV_PREFIX}{name}={raw!r} is not a whole number") from None
    if value < minimum:
        raise SettingsError(f"{ENV_PREFIX}{name}={raw!r} must be at least {minimum}")
    return value


def _bool(env: Mapping[str, str], name: str, default: bool) -> bool:
    raw = env.get(ENV_PREFIX + name)
    if raw is None or raw.strip() == "":
        return default
    return raw.strip().lower() in TRUE_WORDS


@dataclass(frozen=True)
class Settings:
    data_dir: Path = field(default_factory=lambda: _default_dir("geodata"))
    assets_dir: Path = field(default_factory=lambda: _default_dir("assets"))
    host: str = "127.0.0.1"
    port: int = 8050
    debug: bool = False
    workers: int = 0
    """0: Flask's development server; N > 0: gunicorn with N worker processes."""
    threads: int = 4
    """Threads per gunicorn worker (gthread worker class)."""
    timeout: int = 30
    """Seconds before gunicorn restarts a silent worker."""
    frame_ancestors: tuple[str, ...] = ()
    """Origins allowed to embed the page in a frame, only with ``?embed=1``."""
    tile_hosts: tuple[str, ...] = ()
    """Extra origins for map tiles (images and fetches); none while the basemap is bundled."""
    max_body: int = DEFAULT_MAX_BODY
    access_log: bool = True
    """One log line per request (method, path, status, duration, bytes)."""
    cache_dir: Path = field(default_factory=default_cache_dir)
    """Folder of the data's SQLite database (built there once, then opened read-only)."""

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Read the ``KARABAKH_MAP_*`` variables; unset ones keep their defaults.

        ``DATA``, ``HOST``, ``PORT``, ``DEBUG``, ``WORKERS``, ``THREADS``, ``TIMEOUT``,
        ``FRAME_ANCESTORS``, ``TILE_HOSTS`` (space- or comma-separated origins),
        ``MAX_BODY`` (bytes), ``ACCESS_LOG`` and ``CACHE_DIR``.

        Raises
        ------
        SettingsError
            If a number is not a number.
        """
        env = os.environ if environ is None else environ
        base = cls()
        return cls(
            data_dir=Path(env.get(ENV_PREFIX + "DATA") or base.data_dir),
            host=env.get(ENV_PREFIX + "HOST") or base.host,
            port=_int(env, "PORT", base.port, minimum=0),
            debug=_bool(env, "DEBUG", False),
            workers=_int(env, "WORKERS", base.workers),
            threads=_int(env, "THREADS", base.threads, minimum=1),
            timeout=_int(env, "TIMEOUT", base.timeout, minimum=1),
            frame_ancestors=split_list(env.get(ENV_PREFIX + "FRAME_ANCESTORS")),
            tile_hosts=split_list(env.get(ENV_PREFIX + "TILE_HOSTS")),
            max_body=_int(env, "MAX_BODY", base.max_body, minimum=1024),
            access_log=_bool(env, "ACCESS_LOG", base.access_log),
            cache_dir=Path(env.get(ENV_PREFIX + "CACHE_DIR") or base.cache_dir),
        )
