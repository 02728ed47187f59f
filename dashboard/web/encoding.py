"""Content-Encoding negotiation and compression for responses that never change.

Static bytes (the JavaScript bundles, the page's layout) are compressed once, as
small as the client accepts: brotli, else gzip. Dynamic responses are left to
Flask-Compress.
"""

from __future__ import annotations

import gzip

import brotli

PREFERENCE = ("br", "gzip")  # best first
BROTLI_QUALITY = 9  # ~10 % smaller than zstd level 3, ~40 ms per 250 KB; cached afterwards


def accepted(header: str | None) -> set[str]:
    """Codings an ``Accept-Encoding`` header allows (``q=0`` refuses one)."""
    codings = set()
    for part in (header or "").split(","):
        name, _, params = part.strip().partition(";")
        name = name.strip().lower()
        q = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if name and q > 0:
            codings.add(name)
    return codings


def choose(header: str | None, available: tuple[str, ...] = PREFERENCE) -> str | None:
    """The best of ``available`` the client accepts, or None for the raw bytes."""
    allowed = accepted(header)
    return next((c for c in available if c in allowed or "*" in allowed), None)


def compress(body: bytes, coding: str, brotli_quality: int = BROTLI_QUALITY) -> bytes:
    if coding == "br":
        return brotli.compress(body, quality=brotli_quality)
    if coding == "gzip":
        return gzip.compress(body, 9, mtime=0)
    raise ValueError(f"unknown coding {coding!r}")
