"""Browser tests: Dash's ``dash_duo`` driving Debian's headless Chromium.

No browser is downloaded: the binary and driver come from the ``chromium`` and
``chromium-driver`` packages (``.ci/run`` installs them).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.config import Settings
from dashboard.data.loading import load_dataset
from dashboard.web.app import create_app
from tests.e2e.helpers import wait_for_map
from tools.chromium import headless_options

BUNDLED_DIR = Path(__file__).resolve().parents[2] / "geodata"


def pytest_setup_options():
    return headless_options()


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def dataset():
    return load_dataset(BUNDLED_DIR)


@pytest.fixture
def app(dataset):
    return create_app(Settings(data_dir=BUNDLED_DIR), dataset=dataset)


@pytest.fixture
def map_drawn(dash_duo, app):
    """The dashboard served in the browser with its map drawn: where most tests begin."""
    dash_duo.start_server(app)
    wait_for_map(dash_duo)
    return dash_duo
