"""New data while a page is open (issue 17, part 2): the server switches, and the old
page's next callback says the data changed, with a Reload button, instead of showing
panels of other data; after the reload the page shows the new data."""

from __future__ import annotations

import json
import shutil
import threading
import time
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from dashboard.config import Settings
from dashboard.views import ids
from dashboard.web.app import create_app
from dashboard.web.switching import DataSwitch
from tests.e2e.conftest import BUNDLED_DIR
from tests.e2e.helpers import set_dates, until, wait_for_map

NEW_TITLE = "A title only the new data has"


@pytest.fixture
def switching_server(tmp_path: Path):
    data = tmp_path / "geodata"
    shutil.copytree(BUNDLED_DIR, data)
    settings = Settings(data_dir=data, cache_dir=tmp_path / "cache", reload_interval=0.2)
    switch = DataSwitch(create_app(settings), settings)
    server = make_server("127.0.0.1", 0, switch, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/", switch, data
    switch.stop()
    server.shutdown()


def notice_shown(dash_duo) -> bool:
    return dash_duo.driver.execute_script(
        "const n = document.getElementById(arguments[0]); return !!n && !n.hidden;",
        ids.DATA_NOTICE,
    )


def test_an_open_page_is_told_the_data_changed_and_reloads_into_it(dash_duo, switching_server):
    url, switch, data = switching_server
    dash_duo.driver.get(url)
    wait_for_map(dash_duo)
    dash_duo.wait_for_element(f"#{ids.TIMELINE}")
    assert not notice_shown(dash_duo)
    old = switch.version

    events = json.loads((data / "events.geojson").read_text(encoding="utf-8"))
    events["features"][0]["properties"]["title"] = NEW_TITLE
    (data / "events.geojson").write_text(json.dumps(events), encoding="utf-8")
    until(dash_duo, lambda: switch.version != old, 30, "the server never switched")

    situation_before = dash_duo.find_element(f"#{ids.SITUATION}").text
    set_dates(dash_duo, 0, 400)  # a step of the old page: its panels callback fires
    until(dash_duo, lambda: notice_shown(dash_duo), 15, "the old page was not told")
    notice = dash_duo.find_element(f"#{ids.DATA_NOTICE}")
    assert "data changed" in notice.text
    time.sleep(0.5)
    assert dash_duo.find_element(f"#{ids.SITUATION}").text == situation_before  # no new panels
    assert NEW_TITLE not in dash_duo.find_element(f"#{ids.EVENT_LIST}").text

    dash_duo.find_element(f"#{ids.RELOAD_PAGE}").click()
    until(
        dash_duo,
        lambda: (
            NEW_TITLE
            in dash_duo.driver.execute_script(
                "const l = document.getElementById(arguments[0]); return l ? l.innerText : '';",
                ids.EVENT_LIST,
            )
        ),
        20,
        "the reloaded page does not show the new data",
    )
    assert not notice_shown(dash_duo)
