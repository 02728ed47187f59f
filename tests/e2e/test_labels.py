"""Map labels that never collide (issue 18): on a desktop screen the key sites keep their
labels at the default view and no two drawn labels overlap; on a phone none runs off the
map; zooming in brings back labels left out."""

from __future__ import annotations

from tests.e2e.helpers import GRAPH, until, wait_for_map

LABEL_BOXES = """
const gd = document.querySelector(arguments[0]);
const map = gd.getBoundingClientRect();
return {map: [map.left, map.top, map.right, map.bottom],
  labels: [...gd.querySelectorAll('.trace.scattergeo text')]
    .filter(t => t.textContent.trim())
    .map(t => { const r = t.getBoundingClientRect();
      return {text: t.textContent, box: [r.left, r.top, r.right, r.bottom]}; })};
"""


def labels(dash_duo) -> dict:
    return dash_duo.driver.execute_script(LABEL_BOXES, GRAPH)


def placed(dash_duo) -> str | None:
    """The camera and size the labels were last placed for (40-map.js), once they were."""
    return dash_duo.driver.execute_script(
        "return document.querySelector(arguments[0]).getAttribute('data-labels');", GRAPH
    )


def overlapping(found: dict) -> list[tuple[str, str]]:
    out = []
    boxes = found["labels"]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            (a0, a1, a2, a3), (b0, b1, b2, b3) = a["box"], b["box"]
            # a pixel of anti-aliasing is not a collision
            if a0 < b2 - 1 and b0 < a2 - 1 and a1 < b3 - 1 and b1 < a3 - 1:
                out.append((a["text"], b["text"]))
    return out


def test_key_sites_keep_labels_and_none_overlap_on_a_desktop(dash_duo, app, dataset):
    dash_duo.driver.set_window_size(1400, 950)
    dash_duo.start_server(app)
    wait_for_map(dash_duo)
    until(dash_duo, lambda: placed(dash_duo), 10, "the labels were never placed")
    found = labels(dash_duo)
    assert overlapping(found) == []
    texts = " | ".join(label["text"] for label in found["labels"])
    for key in dataset.annotations.label_priority:
        name = dataset.sites.loc[key, "name_hy_usage"]
        assert name in texts, f"{key}: no label in {texts}"


def phone_map(dash_duo, app) -> None:
    dash_duo.driver.set_window_size(390, 844)
    dash_duo.start_server(app)
    wait_for_map(dash_duo)
    until(dash_duo, lambda: placed(dash_duo), 10, "the labels were never placed")


def test_on_a_phone_no_label_runs_off_the_map(dash_duo, app):
    phone_map(dash_duo, app)
    found = labels(dash_duo)
    left, right = found["map"][0], found["map"][2]
    assert found["labels"]
    for label in found["labels"]:
        x0, x1 = label["box"][0], label["box"][2]
        assert left - 1 <= x0 and x1 <= right + 1, f"{label['text']} runs off: {label['box']}"
    assert overlapping(found) == []


def test_zooming_in_brings_back_labels_left_out(dash_duo, app):
    phone_map(dash_duo, app)
    before = placed(dash_duo)
    dash_duo.driver.execute_script(
        "Plotly.relayout(document.querySelector(arguments[0]),"
        " {'geo.projection.scale': 3, 'geo.center.lon': 46.6, 'geo.center.lat': 39.75});",
        GRAPH,
    )
    until(dash_duo, lambda: placed(dash_duo) != before, 10, "not placed again after the zoom")
    until(
        dash_duo,
        lambda: any("Shushi" in label["text"] for label in labels(dash_duo)["labels"]),
        10,
        "zooming in did not bring Shushi's label back",
    )
    found = labels(dash_duo)
    assert overlapping(found) == []
    assert dash_duo.get_logs() == []
