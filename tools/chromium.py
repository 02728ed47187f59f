"""Headless Debian Chromium for the browser tests, the benchmark and the screenshot tool.

One set of flags, so the three measure and look at the same browser. Nothing is
downloaded: the binary and its driver come from the ``chromium`` and
``chromium-driver`` packages.
"""

from __future__ import annotations

import shutil

from selenium.webdriver.chrome.options import Options

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)


def headless_options(window_size: str = "1400,1000") -> Options:
    """Chromium options with the shared flags and a window of ``width,height``."""
    options = Options()
    options.binary_location = CHROMIUM
    for flag in (*FLAGS, f"--window-size={window_size}"):
        options.add_argument(flag)
    return options
