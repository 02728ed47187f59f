"""In a real browser: the page works under its Content-Security-Policy, and hostile text in
the data (script tags, event handlers, ``javascript:`` links) is shown as inert text."""

from __future__ import annotations

import shutil
import urllib.request

import pytest
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from dashboard.config import Settings
from dashboard.data.loading import load_dataset
from dashboard.views import ids
from dashboard.web.app import create_app
from tests.e2e.conftest import BUNDLED_DIR
from tests.e2e.helpers import click_site, until, wait_for_map
from tests.unit.conftest import edit_feature_in

TITLE = '<script>window.__xss = "title"; alert("xss")</script>Farewell <b>bold?</b>'
SUMMARY = "<img src=x onerror=\"window.__xss = 'summary'; alert('xss')\"> A summary."
NOTES = (
    "Clicking javascript:window.__xss='notes' does nothing; nor does "
    "<a href=\"javascript:window.__xss='a'\">this</a>. Real source: https://example.org/ok"
)
SOURCE_NAME = "<svg onload=\"window.__xss='source'\">Source name</svg>"
SITE_NAME = "Dadivank<img src=x onerror=\"window.__xss='site'\">"

# Records CSP violations from the first script on, so none can go unnoticed.
VIOLATION_LISTENER = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', function (e) {
  window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile);
});
"""


def _watch_csp(dash_duo, query: str = "") -> None:
    """Reload the page with the violation listener installed before any script runs."""
    dash_duo.driver.execute_cdp_cmd(
        "Page.addScriptToEvaluateOnNewDocument", {"source": VIOLATION_LISTENER}
    )
    dash_duo.driver.get(dash_duo.server_url + query)
    wait_for_map(dash_duo)


def _violations(dash_duo) -> list[str]:
    return dash_duo.driver.execute_script("return window.__cspViolations || []")


def test_page_works_under_the_csp_with_a_clean_console(dash_duo, app, dataset):
    dash_duo.start_server(app)
    with urllib.request.urlopen(dash_duo.server_url, timeout=10) as response:
        policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self' 'sha256-" in policy
    assert "'unsafe-eval'" not in policy
    _watch_csp(dash_duo)
    # Exercise the page: a slider step (server callbacks), a site click (detail).
    handles = dash_duo.driver.find_elements(By.CSS_SELECTOR, f"#{ids.TIMELINE} [role=slider]")
    handles[0].send_keys(Keys.PAGE_UP)
    click_site(dash_duo, "dadivank")
    dash_duo.wait_for_contains_text(f"#{ids.DETAIL}", dataset.all_events().loc["E081", "title"])
    assert _violations(dash_duo) == []
    assert dash_duo.get_logs() == []


@pytest.fixture
def hostile_app(tmp_path):
    data_dir = tmp_path / "geodata"
    shutil.copytree(BUNDLED_DIR, data_dir)

    def poison_event(feature):
        props = feature["properties"]
        props["title"] = TITLE
        props["summary"] = SUMMARY
        props["notes"] = NOTES
        props["sources"][0]["name"] = SOURCE_NAME
        props["figures"] = {"<i>killed</i>": "<script>window.__xss='figure'</script>"}

    def poison_site(feature):
        feature["properties"]["name_hy_usage"] = SITE_NAME
        feature["properties"]["name_en"] = SITE_NAME

    edit_feature_in(data_dir, "events.geojson", "E081", poison_event)
    edit_feature_in(data_dir, "sites.geojson", "dadivank", poison_site)
    dataset = load_dataset(data_dir)  # the loader accepts text; only the browser could go wrong
    return create_app(Settings(data_dir=data_dir), dataset=dataset)


def test_hostile_text_in_the_data_is_inert(dash_duo, hostile_app):
    dash_duo.start_server(hostile_app)
    # From April 2024: the chronology lists E081 (it lists the first LIST_LIMIT events only).
    _watch_csp(dash_duo, "/?from=2024-04-01")
    click_site(dash_duo, "dadivank")
    detail = f"#{ids.DETAIL}"
    dash_duo.wait_for_contains_text(detail, "Farewell", timeout=10)
    # Open the notes of the poisoned event (re-found each time: the panel may re-render).
    open_notes = (
        "const d = document.querySelector('#detail #event-E081 details.notes');"
        "if (d) { d.open = true; } return !!d;"
    )
    until(
        dash_duo,
        lambda: (
            dash_duo.driver.execute_script(open_notes)
            and "Real source" in dash_duo.find_element(detail).text
        ),
        10,
        "the notes did not open",
    )
    text = dash_duo.find_element(detail).text
    # The literal text is visible, tags and all.
    for literal in (
        TITLE,
        SUMMARY,
        "javascript:window.__xss='notes'",
        "<a href=\"javascript:window.__xss='a'\">this</a>",
        SOURCE_NAME,
        "<script>window.__xss='figure'</script>",
        SITE_NAME,
    ):
        assert literal in text, f"{literal!r} is not shown as text"
    # The chronology, drawn by the browser from rows of data, shows it as text too.
    assert TITLE in dash_duo.find_element(f"#{ids.EVENT_LIST}").text
    # A map label with the site's name shows it as text too.
    assert SITE_NAME in dash_duo.driver.execute_script(
        "return document.querySelector('#map').textContent"
    )
    # ...and nothing ran or was created from it.
    assert dash_duo.driver.execute_script("return window.__xss === undefined")
    with pytest.raises(NoAlertPresentException):
        dash_duo.driver.switch_to.alert.text  # noqa: B018 (reading it raises if none)
    found = dash_duo.driver.execute_script(
        """
        const all = Array.from(document.querySelectorAll('*'));
        const js = all.filter(el => ['href', 'xlink:href', 'src', 'action', 'formaction']
            .some(a => (el.getAttribute(a) || '').trim().toLowerCase().startsWith('javascript:')));
        return {
            javascriptLinks: js.map(el => el.outerHTML.slice(0, 120)),
            handlers: all.filter(el => Array.from(el.attributes).some(a => a.name.startsWith('on')))
                .map(el => el.outerHTML.slice(0, 120)),
            imgX: Array.from(document.images).filter(i => i.getAttribute('src') === 'x').length,
            svgInDetail: document.querySelectorAll('#detail svg').length,
            scriptsInDetail: document.querySelectorAll('#detail script').length,
            bold: document.querySelectorAll('#detail b, #detail i').length,
        };
        """
    )
    assert found == {
        "javascriptLinks": [],
        "handlers": [],
        "imgX": 0,
        "svgInDetail": 0,
        "scriptsInDetail": 0,
        "bold": 0,
    }
    # The http(s) URL in the notes is still a link; the javascript: text is not.
    hrefs = [a.get_attribute("href") for a in dash_duo.find_elements(f"{detail} a")]
    assert "https://example.org/ok" in hrefs
    assert _violations(dash_duo) == []
    assert dash_duo.get_logs() == []
