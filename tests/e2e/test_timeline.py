"""Issue 4 in the browser: play, steps, keys, key dates, modes, the strip, the situation."""

from __future__ import annotations

from datetime import date, timedelta

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from dashboard.data.dates import day_text
from dashboard.views import ids
from tests.e2e.helpers import set_dates, until


def slider_value(dash_duo) -> list[int]:
    handles = dash_duo.driver.find_elements(By.CSS_SELECTOR, f"#{ids.TIMELINE} [role=slider]")
    return [int(h.get_attribute("aria-valuenow")) for h in handles]


def set_value(dash_duo, low: int, high: int) -> None:
    set_dates(dash_duo, low, high)
    until(dash_duo, lambda: slider_value(dash_duo) == [low, high], 10, "slider did not move")


def index(dataset, day: date) -> int:
    return (day - dataset.span[0]).days


def end_date(dash_duo, dataset) -> date:
    return dataset.span[0] + timedelta(days=slider_value(dash_duo)[1])


def test_play_runs_and_stops_at_the_end(dash_duo, map_drawn, dataset):
    maximum = index(dataset, dataset.span[1])
    set_value(dash_duo, 0, maximum - 40)
    dash_duo.find_element(f"#{ids.PLAY}").click()
    until(dash_duo, lambda: "Pause" in dash_duo.find_element(f"#{ids.PLAY}").text, 5, "no pause")
    until(dash_duo, lambda: slider_value(dash_duo)[1] > maximum - 40, 10, "play did not run")
    until(dash_duo, lambda: slider_value(dash_duo)[1] == maximum, 20, "play never reached the end")
    until(dash_duo, lambda: "Play" in dash_duo.find_element(f"#{ids.PLAY}").text, 5, "did not stop")
    assert slider_value(dash_duo)[0] > 0, "range mode plays a moving range"
    assert day_text(dataset.span[1]) in dash_duo.find_element(f"#{ids.RANGE_TEXT}").text
    assert dash_duo.get_logs() == []


def test_step_lands_on_the_next_and_previous_event(dash_duo, map_drawn, dataset):
    set_value(dash_duo, 0, index(dataset, date(2023, 4, 1)))
    events = dataset.events
    following = events[events["start"] > date(2023, 4, 1)].iloc[0]["start"]
    dash_duo.find_element(f"#{ids.STEP_NEXT}").click()
    until(dash_duo, lambda: end_date(dash_duo, dataset) == following, 10, "next event")
    preceding = events[events["start"] < following].iloc[-1]["start"]
    dash_duo.find_element(f"#{ids.STEP_PREV}").click()
    until(dash_duo, lambda: end_date(dash_duo, dataset) == preceding, 10, "previous event")
    # "]" from the keyboard does the same as the button.
    dash_duo.find_element("body").send_keys("]")
    until(dash_duo, lambda: end_date(dash_duo, dataset) == following, 10, "] key")
    assert dash_duo.get_logs() == []


def test_keys_move_the_dates(dash_duo, map_drawn, dataset):
    handles = dash_duo.driver.find_elements(By.CSS_SELECTOR, f"#{ids.TIMELINE} [role=slider]")
    handles[1].send_keys(Keys.PAGE_DOWN)  # one month back: 12 Jun -> 12 May 2024
    until(dash_duo, lambda: end_date(dash_duo, dataset) == date(2024, 5, 12), 10, "page down")
    handles[1].send_keys(Keys.ARROW_LEFT)
    until(dash_duo, lambda: end_date(dash_duo, dataset) == date(2024, 5, 11), 10, "arrow")
    handles[0].send_keys(Keys.PAGE_UP)  # start one month on: 10 Dec 2020
    until(dash_duo, lambda: slider_value(dash_duo)[0] == 30, 10, "page up on the start handle")
    handles[1].send_keys(Keys.HOME)  # the end handle goes down to the start
    until(dash_duo, lambda: slider_value(dash_duo) == [30, 30], 10, "home")
    handles[1].send_keys(Keys.END)
    maximum = index(dataset, dataset.span[1])
    until(dash_duo, lambda: slider_value(dash_duo) == [30, maximum], 10, "end")
    assert "10 Dec 2020" in dash_duo.find_element(f"#{ids.RANGE_TEXT}").text
    assert dash_duo.get_logs() == []


def test_key_date_click_sets_the_date_and_the_situation_follows(dash_duo, map_drawn, dataset):
    checkpoint = dataset.all_events().loc["E044", "start"]
    button = dash_duo.driver.find_element(
        By.CSS_SELECTOR, f"#{ids.TIMELINE} ~ .key-dates button[id*='{index(dataset, checkpoint)}']"
    )
    assert "Hakari checkpoint" in button.text
    button.click()
    until(dash_duo, lambda: end_date(dash_duo, dataset) == checkpoint, 10, "key date")
    dash_duo.wait_for_contains_text(f"#{ids.SITUATION}", "23 Apr 2023", timeout=10)
    assert dash_duo.get_logs() == []


def test_situation_on_1_may_2023_has_checkpoint_and_blockade(dash_duo, map_drawn, dataset):
    set_value(dash_duo, 0, index(dataset, date(2023, 5, 1)))
    dash_duo.wait_for_contains_text(f"#{ids.SITUATION}", "1 May 2023", timeout=10)
    text = dash_duo.find_element(f"#{ids.SITUATION}").text
    assert "blocked" in text
    assert "checkpoint at the Hakari bridge" in text
    assert "30 posts" in text  # latest report before May 2023 (E043, 5 Mar 2023)
    links = dash_duo.driver.find_elements(By.CSS_SELECTOR, f"#{ids.SITUATION} a")
    hrefs = {a.get_attribute("href") for a in links}
    assert dataset.all_events().loc["E044", "sources"][0]["url"] in hrefs
    assert dash_duo.get_logs() == []


def test_modes_cumulative_and_window(dash_duo, map_drawn, dataset):
    set_value(dash_duo, 100, 600)
    dash_duo.find_element(f"#{ids.TIMELINE_MODE} input[value='cumulative']").click()
    until(dash_duo, lambda: slider_value(dash_duo) == [0, 600], 10, "cumulative pins the start")
    dash_duo.find_element(f"#{ids.TIMELINE_MODE} input[value='window']").click()
    until(dash_duo, lambda: slider_value(dash_duo) == [600 - 90, 600], 10, "3-month window")
    dash_duo.find_element(f"#{ids.STEP_NEXT}").click()
    until(dash_duo, lambda: slider_value(dash_duo)[1] > 600, 10, "window step")
    low, high = slider_value(dash_duo)
    assert high - low == 90, "the window keeps its length when it moves"
    assert dash_duo.get_logs() == []


def test_clicking_the_density_strip_selects_that_month(dash_duo, map_drawn, dataset):
    dash_duo.driver.execute_script(
        """
        const gd = document.querySelector('#density .js-plotly-plot');
        gd.emit('plotly_click', {points: [{curveNumber: 0, pointNumber: 34, x: '2023-09-01'}]});
        """
    )
    until(
        dash_duo,
        lambda: (
            slider_value(dash_duo)
            == [index(dataset, date(2023, 9, 1)), index(dataset, date(2023, 9, 30))]
        ),
        10,
        "the strip click did not select September 2023",
    )
    highlight = dash_duo.driver.execute_script(
        "const gd = document.querySelector('#density .js-plotly-plot');"
        "return [gd.layout.shapes[0].x0, gd.layout.shapes[0].x1];"
    )
    assert highlight == ["2023-09-01", "2023-10-01"]
    assert dash_duo.get_logs() == []


def test_slider_handles_are_named_and_speak_dates(dash_duo, map_drawn, dataset):
    handles = dash_duo.driver.find_elements(By.CSS_SELECTOR, f"#{ids.TIMELINE} [role=slider]")
    until(
        dash_duo,
        lambda: handles[1].get_attribute("aria-valuetext") == day_text(dataset.span[1]),
        10,
        "no date in aria-valuetext",
    )
    assert [h.get_attribute("aria-label") for h in handles] == ["Start date", "End date"]
    handles[1].send_keys(Keys.ARROW_LEFT)
    until(
        dash_duo,
        lambda: (
            handles[1].get_attribute("aria-valuetext")
            == day_text(dataset.span[1] - timedelta(days=1))
        ),
        10,
        "valuetext did not follow",
    )
    assert dash_duo.get_logs() == []
