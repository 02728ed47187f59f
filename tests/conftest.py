"""Every test builds its databases in one private cache folder, never the user's."""

from __future__ import annotations

import os
import tempfile

# Set at import, before any test runs, so the servers and commands tests start inherit it.
os.environ.setdefault("KARABAKH_MAP_CACHE_DIR", tempfile.mkdtemp(prefix="karabakh-map-tests-"))
