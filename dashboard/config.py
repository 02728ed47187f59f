"""Settings, from command-line flags or environment variables."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent


def _default_dir(name: str) -> Path:
    """The bundled folder: beside the package in a checkout, or inside it when installed."""
    for candidate in (PROJECT_DIR / name, PACKAGE_DIR / "_bundled" / name):
        if candidate.is_dir():
            return candidate
    return PROJECT_DIR / name


@dataclass(frozen=True)
class Settings:
    data_dir: Path = field(default_factory=lambda: _default_dir("geodata"))
    assets_dir: Path = field(default_factory=lambda: _default_dir("assets"))
    host: str = "127.0.0.1"
    port: int = 8050
    debug: bool = False

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        """Read ``KARABAKH_MAP_DATA``, ``_HOST``, ``_PORT`` and ``_DEBUG`` (same prefix)."""
        env = os.environ if environ is None else environ
        base = cls()
        return cls(
            data_dir=Path(env.get("KARABAKH_MAP_DATA", base.data_dir)),
            host=env.get("KARABAKH_MAP_HOST", base.host),
            port=int(env.get("KARABAKH_MAP_PORT", base.port)),
            debug=env.get("KARABAKH_MAP_DEBUG", "").lower() in ("1", "true", "yes"),
        )
