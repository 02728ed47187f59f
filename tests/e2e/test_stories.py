"""Guided stories in the browser (issue 16, part 1): a link opens a story at its step, the
keys and buttons step through it and move the whole page, leaving keeps the step's view,
the embedded story fits a phone, and axe finds nothing serious with a story open."""

from __future__ import annotations

import json
from datetime import date

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from dashboard.views import ids
from tests.e2e.helpers import (
    needs_axe,
    open_page,
    serious_axe_violations,
    until,
    wait_for_map,
    wait_until_fits_phone,
)

CARD = f"#{ids.STORY_CARD}"


def heading(dash_duo) -> str:
    return dash_duo.driver.execute_script(
        "const h = document.querySelector(arguments[0] + ' .story-heading');"
        "return h && !document.querySelector(arguments[0]).hidden ? h.textContent : null;",
        CARD,
    )


def focused_class(dash_duo) -> str:
    return dash_duo.driver.execute_script("return document.activeElement.className")


def timeline_value(dash_duo) -> list[int]:
    return [
        int(h.get_attribute("aria-valuenow"))
        for h in dash_duo.driver.find_elements(By.CSS_SELECTOR, f"#{ids.TIMELINE} [role=slider]")
    ]


def step_days(dataset, step: dict) -> list[int]:
    origin = dataset.span[0]
    return [(date.fromisoformat(step[k]) - origin).days for k in ("from", "to")]


def test_a_story_link_opens_its_step_and_the_keys_step_through_it(dash_duo, app, dataset):
    steps = dataset.stories.items["lachin-corridor"]["steps"]
    dash_duo.start_server(app)
    dash_duo.driver.get(dash_duo.server_url + "/?story=lachin-corridor&step=2")
    wait_for_map(dash_duo)
    until(dash_duo, lambda: heading(dash_duo) == steps[1]["heading"], 15, "step 2 not shown")
    assert "Step 2 of" in dash_duo.find_element(CARD).text
    assert focused_class(dash_duo) == "story-heading"  # focus moves to the step's heading
    until(dash_duo, lambda: timeline_value(dash_duo) == step_days(dataset, steps[1]), 10, "dates")
    event_id = steps[1]["select"].split(":")[1]
    dash_duo.wait_for_contains_text(f"#{ids.DETAIL}", event_id, timeout=15)
    # the arrow keys step on; the map, timeline and address follow
    dash_duo.driver.switch_to.active_element.send_keys(Keys.ARROW_RIGHT)
    until(dash_duo, lambda: heading(dash_duo) == steps[2]["heading"], 10, "ArrowRight")
    until(dash_duo, lambda: timeline_value(dash_duo) == step_days(dataset, steps[2]), 10, "dates")
    until(
        dash_duo,
        lambda: "story=lachin-corridor&step=3" in dash_duo.driver.current_url,
        10,
        "the address did not follow the step",
    )
    dash_duo.driver.switch_to.active_element.send_keys(Keys.ARROW_LEFT)
    until(dash_duo, lambda: heading(dash_duo) == steps[1]["heading"], 10, "ArrowLeft")
    # Back is disabled on the first step; Next on the last
    dash_duo.driver.switch_to.active_element.send_keys(Keys.ARROW_LEFT)
    until(dash_duo, lambda: heading(dash_duo) == steps[0]["heading"], 10, "to step 1")
    back = dash_duo.find_element(f"{CARD} [data-story-move='-1']")
    assert back.get_attribute("disabled") is not None
    # leaving keeps the step's view for free exploration
    dash_duo.find_element(f"{CARD} .story-button.leave").click()
    until(dash_duo, lambda: heading(dash_duo) is None, 10, "the card stayed")
    assert timeline_value(dash_duo) == step_days(dataset, steps[0])
    until(
        dash_duo,
        lambda: f"from={steps[0]['from']}" in dash_duo.driver.current_url,
        10,
        "the address lost the step's dates",
    )
    assert dash_duo.get_logs() == []


def test_the_stories_menu_opens_a_story_and_its_links_select(dash_duo, map_drawn, dataset):
    story = dataset.stories.items["peacekeepers-killed"]
    dash_duo.find_element(f"#{ids.STORY_MENU} summary").click()
    dash_duo.find_element("button[data-story='peacekeepers-killed']").click()
    until(dash_duo, lambda: heading(dash_duo) == story["steps"][0]["heading"], 10, "not opened")
    dash_duo.find_element(f"{CARD} [data-story-move='1']").click()
    until(dash_duo, lambda: heading(dash_duo) == story["steps"][1]["heading"], 10, "Next")
    link = dash_duo.find_element(f"{CARD} a.story-link[data-token^='event:']")
    token = link.get_attribute("data-token")
    assert link.get_attribute("href").endswith("?" + token.replace(":", "="))
    link.click()
    event_id = token.split(":")[1]
    dash_duo.wait_for_contains_text(f"#{ids.DETAIL}", event_id, timeout=10)
    assert heading(dash_duo) == story["steps"][1]["heading"]  # the story stays open
    assert dash_duo.get_logs() == []


def test_the_embedded_story_fits_a_phone(dash_duo, app, dataset, tmp_path):
    dash_duo.start_server(app)
    dash_duo.driver.set_window_size(390, 844)
    dash_duo.driver.get(dash_duo.server_url + "/?embed=1&story=withdrawal-2024&step=4")
    wait_for_map(dash_duo)
    steps = dataset.stories.items["withdrawal-2024"]["steps"]
    until(dash_duo, lambda: heading(dash_duo) == steps[3]["heading"], 15, "step 4 not shown")
    assert not dash_duo.driver.find_element(By.CSS_SELECTOR, ".page-header").is_displayed()
    assert not dash_duo.driver.find_elements(By.CSS_SELECTOR, f"{CARD} .story-button.leave")
    wait_until_fits_phone(dash_duo)
    card = dash_duo.driver.execute_script(
        "const r = document.querySelector(arguments[0]).getBoundingClientRect();"
        "return [r.left, r.right, window.innerWidth];",
        CARD,
    )
    assert card[0] >= 0 and card[1] <= card[2] + 1, card
    # Escape does not leave an embedded story (there is no page to leave to)
    dash_duo.driver.switch_to.active_element.send_keys(Keys.ESCAPE)
    assert heading(dash_duo) == steps[3]["heading"]
    until(
        dash_duo,
        lambda: "story=withdrawal-2024&step=4&embed=1" in dash_duo.driver.current_url,
        10,
        "the embed's address lost its story or embed",
    )
    dash_duo.driver.save_screenshot(str(tmp_path / "story-phone.png"))
    assert dash_duo.get_logs() == []


@needs_axe
def test_axe_finds_nothing_serious_with_a_story_open(dash_duo, app):
    open_page(dash_duo, app, "/?story=peacekeepers-killed&step=5")
    until(dash_duo, lambda: heading(dash_duo) is not None, 15, "no story card")
    bad = serious_axe_violations(dash_duo)
    assert bad == [], json.dumps(bad, indent=1)
