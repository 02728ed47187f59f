"""Serve new data without a restart and without a failed request.

The server hands every request to :class:`DataSwitch`, which passes it to the current
app. A watcher thread in each serving process (each gunicorn worker, or the development
server) looks at the data folder every ``reload_interval`` seconds. When its files
change to a new version, it builds a whole new app on the new data beside the old one
(its database is built once under the cache folder's lock, or found built by
``karabakh-map import``), then swaps one reference: requests already running finish on
the old app, every later one goes to the new. A folder that does not validate leaves
the old data served and says why in the log, once per version.

A whole app rather than a dataset swapped inside it, because the page, its first frame,
the primed responses and the callbacks all derive from the data: nothing of the old
version can leak into the new. A page opened before the switch is told so by its next
callback (:func:`dashboard.web.callbacks.data_changed`).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from dash import Dash

from dashboard.config import Settings
from dashboard.data.store_build import data_version
from dashboard.data.stories import STORIES_DIR
from dashboard.data.validation import DataError
from dashboard.web.app import DATA_VERSION_KEY, create_app

# Under the app's logger (serving.configure_logging): the switch and its failures are
# operators' news, beside the access log.
log = logging.getLogger("karabakh_map.data")

Signature = tuple[tuple[str, int, int], ...]


def folder_signature(data_dir: Path) -> Signature:
    """(name, size, modification time) of each file, and of each story: cheap to read,
    changes with any write."""
    entries = []
    folder = Path(data_dir)
    paths = [*folder.iterdir(), *folder.glob(f"{STORIES_DIR}/*")] if folder.is_dir() else []
    for path in sorted(paths):
        try:
            stat = path.stat()
        except OSError:  # removed while listed: the next look sees the new state
            continue
        if path.is_file():
            entries.append((str(path.relative_to(folder)), stat.st_size, stat.st_mtime_ns))
    return tuple(entries)


class DataSwitch:
    """A WSGI app that forwards to the Dash app of the current data version.

    ``build``: makes the app for the data folder as it is now (``create_app``); it raises
    :class:`DataError` for a folder that does not validate.
    """

    def __init__(
        self, app: Dash, settings: Settings, build: Callable[[Settings], Dash] = create_app
    ):
        self.app = app
        self.settings = settings
        self._build = build
        self._signature = folder_signature(settings.data_dir)
        self._failed: str | None = None
        self._watcher: threading.Thread | None = None
        self._stop = threading.Event()
        self._start_lock = threading.Lock()

    @property
    def version(self) -> str:
        return self.app.server.config[DATA_VERSION_KEY]

    def __call__(self, environ: dict[str, Any], start_response: Callable) -> Iterable[bytes]:
        if self._watcher is None and self.settings.reload_interval > 0:
            self._start_watching()  # here, in the serving process: threads do not survive fork
        return self.app.server(environ, start_response)

    def _start_watching(self) -> None:
        with self._start_lock:
            if self._watcher is None:
                self._watcher = threading.Thread(
                    target=self._watch, name="karabakh-map data watcher", daemon=True
                )
                self._watcher.start()

    def stop(self) -> None:
        self._stop.set()

    def _watch(self) -> None:
        while not self._stop.wait(self.settings.reload_interval):
            try:
                self.check()
            except Exception:  # never let the watcher die: the old data stays served
                log.exception("checking %s for new data failed", self.settings.data_dir)

    def check(self) -> bool:
        """Switch to the data folder's current version if it changed; True if it did."""
        signature = folder_signature(self.settings.data_dir)
        if signature == self._signature:
            return False
        version = data_version(self.settings.data_dir)
        if version in (self.version, self._failed):
            self._signature = signature
            return False
        try:
            app = self._build(self.settings)
        except DataError as error:
            self._failed = version
            self._signature = signature
            problems = "\n".join(f"  {problem}" for problem in error.problems)
            log.error(
                "new data in %s (version %s) not used, still serving %s:\n%s",
                self.settings.data_dir,
                version,
                self.version,
                problems,
            )
            return False
        old = self.version
        self.app, self._signature, self._failed = app, signature, None
        log.info("switched to data version %s (was %s)", self.version, old)
        return True
