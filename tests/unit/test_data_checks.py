"""Checks on the bundled data itself: sources, dates, places, the seed article's facts."""

from __future__ import annotations

import csv
import math
import re
from datetime import date
from pathlib import Path

import pytest

from dashboard.data import schema
from dashboard.data.validation import validate_folder

GEODATA = Path(__file__).resolve().parents[2] / "geodata"
REFERENCE = Path(__file__).resolve().parents[1] / "data" / "geonames_reference.csv"


def km_between(lon1, lat1, lon2, lat2) -> float:
    """Great-circle distance (haversine, mean Earth radius)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def test_every_event_has_an_http_source(dataset):
    for eid, sources in dataset.all_events()["sources"].items():
        assert sources, eid
        assert all(s["url"].startswith(("http://", "https://")) for s in sources), eid


def test_event_dates_lie_in_the_mission_or_are_marked_context(dataset):
    for eid, event in dataset.events.iterrows():
        inside = event["start"] >= schema.MISSION_START and event["end"] <= schema.MISSION_END
        assert inside or event["context"], f"{eid} is outside the mission and not marked context"


def test_geonames_reference_rows_are_present():
    rows = list(csv.DictReader(REFERENCE.open(encoding="utf-8")))
    assert {r["site_id"] for r in rows} >= {"stepanakert", "shusha", "lachin", "goris"}


@pytest.mark.parametrize(
    "row", list(csv.DictReader(REFERENCE.open(encoding="utf-8"))), ids=lambda r: r["site_id"]
)
def test_site_coordinates_agree_with_geonames_within_1_5_km(dataset, row):
    site = dataset.sites.loc[row["site_id"]]
    distance = km_between(site.geometry.x, site.geometry.y, float(row["lon"]), float(row["lat"]))
    assert distance <= 1.5, (
        f"{row['site_id']} is {distance:.2f} km from GeoNames {row['geonameid']}"
    )


def test_hakari_bridge_point_is_marked_derived(dataset):
    bridge = dataset.sites.loc["hakari_bridge"]
    assert bridge["location_precision"] == "approximate"
    assert "Derived" in bridge["coord_method"]
    lachin = dataset.sites.loc["lachin"].geometry
    # About 10 km south of Lachin town in a straight line (places.csv notes).
    distance = km_between(bridge.geometry.x, bridge.geometry.y, lachin.x, lachin.y)
    assert 8 <= distance <= 12
    assert bridge.geometry.y < lachin.y


def _event(dataset, eid):
    return dataset.all_events().loc[eid]


def test_seed_fact_statement_with_force_size(dataset):
    e = _event(dataset, "E001")
    assert e["start"] == date(2020, 11, 10)
    assert e["figures"] == {
        "personnel": "1960",
        "apc": "90",
        "vehicles": "380",
        "mandate_years": "5",
    }


def test_seed_facts_of_september_2023(dataset):
    op = _event(dataset, "E058")
    assert op["start"] == date(2023, 9, 19) and op["figures"]["displaced"] == "100000+"
    deaths = _event(dataset, "E061")
    assert deaths["start"] == date(2023, 9, 20) and deaths["site"] == "chankatagh"
    apology = _event(dataset, "E064")
    assert apology["start"] == date(2023, 9, 21) and "Ilham Aliyev" in apology["actors"]


def test_seed_facts_after_the_operation(dataset):
    posts = _event(dataset, "E072")
    assert posts["date_precision"] == "season"
    assert (posts["start"], posts["end"]) == (date(2023, 9, 1), date(2023, 11, 30))
    galuzin = _event(dataset, "E074")
    assert galuzin["start"] == date(2023, 10, 9) and "Mikhail Galuzin" in galuzin["actors"]
    accident = _event(dataset, "E077")
    assert accident["start"].month == 12 and accident["start"].year == 2023
    assert "BTR-82" in accident["title"]
    withdrawal = _event(dataset, "E081")
    assert withdrawal["start"] == date(2024, 4, 17) and withdrawal["site"] == "dadivank"


def test_contested_dzhanyatag_toll_keeps_both_sides_sources(dataset):
    notes = _event(dataset, "E061")["notes"] + " " + (_event(dataset, "E062")["notes"] or "")
    assert notes.count("http") >= 2


def test_usage_names_are_in_plain_latin_letters_like_each_other(dataset):
    """The map's labels pair each side's usage (Stepanakert / Khankendi): both in the same
    plain Latin letters, the native scripts kept in ``names`` (Əsgəran, Suqovuşan)."""
    for site, row in dataset.sites.iterrows():
        for field in ("name_hy_usage", "name_az_usage"):
            letters = [ch for ch in row[field] if ch.isalpha()]
            assert all(ch.isascii() for ch in letters), f"{site}: {field} {row[field]!r}"
    names = dataset.sites.loc["askeran", "names"]
    assert {"tag": "az", "name": "Əsgəran"} in names  # the script form is kept, not lost


def test_corridor_is_in_force_on_the_dates_of_the_events_it_cites(bundled_dir, dataset):
    """A corridor feature that cites an event (posts on 15 Nov 2020, the exodus of 24-30 Sep
    2023) is drawn on that event's date: its dates agree with the record."""
    import json
    import re

    doc = json.loads((bundled_dir / "lachin_corridor.geojson").read_text(encoding="utf-8"))
    checked = 0
    for feature in doc["features"]:
        props = feature["properties"]
        if props["kind"] not in ("corridor_area", "corridor_route"):
            continue
        for eid in re.findall(r"\bE\d{3}\b", props["description"]):
            day = dataset.events.loc[eid, "start"]
            assert props["valid_from"] <= day.isoformat(), (feature["id"], eid)
            assert props["valid_to"] is None or day.isoformat() < props["valid_to"], (
                feature["id"],
                eid,
            )
            checked += 1
    assert checked >= 4


def test_no_day_precision_where_the_notes_say_the_day_is_not_stated(dataset):
    """A report's day is not the event's: an event whose notes say its own day or date is
    not stated or given is coarsened (to the month) rather than dated to the report."""
    import re

    unstated = re.compile(r"\b(day|date)\b[^.;]{0,60}\bnot (stated|given)", re.I)
    events = dataset.all_events()
    for eid, row in events.iterrows():
        if row["date_precision"] == "day" and row["notes"]:
            assert not unstated.search(row["notes"]), f"{eid}: {unstated.search(row['notes'])[0]}"


def test_no_site_is_drawn_inside_the_zone_while_another_side_held_it_without_a_caveat():
    from dashboard.data.coding import drawn_on_wrong_side

    data = validate_folder(GEODATA)
    zone = data.layers["peacekeeping_zone"]
    assert drawn_on_wrong_side(data.sites, zone) == []
    # the check sees the places a caveat explains (Shusha, Mataghis/Sugovushan)
    bare = data.sites.assign(caveat=None)
    flagged = {site for site, _, _ in drawn_on_wrong_side(bare, zone)}
    assert {"shusha", "mataghis"} <= flagged


def test_coded_fields_hold_together():
    data = validate_folder(GEODATA)
    for event in data.events.itertuples():
        for name in ("killed", "injured"):
            value = getattr(event, name)
            if value:
                assert value["low"] <= value["best"] <= value["high"], (event.id, name)
        if event.reported:
            assert event.reported >= event.start.isoformat(), event.id
        assert event.added and event.updated >= event.added, event.id
        for claim in event.contested:
            assert claim.get("source_url") or claim.get("source_name"), (event.id, claim)
        assert event.summary.strip() and all(
            event.summary.strip() != (src.get("name") or "").strip() for src in event.sources
        ), event.id
    keys = data.events.apply(lambda e: (str(e["start"]), e["site"], e["title"]), axis=1)
    assert not keys.duplicated().any()


KILLED_IN_CLAIM = re.compile(
    r"\b(?:at least )?(\d+)\s+(?:peacekeepers?\s+|servicemen\s+|soldiers\s+)?(?:were\s+)?"
    r"(?:killed|died|dead)\b"
)


def test_a_death_range_spans_every_death_toll_its_rival_claims_give():
    """Issue 15: the contested claims list each side's figure; ``killed`` must agree."""
    data = validate_folder(GEODATA)
    checked = 0
    for event in data.events.itertuples():
        tolls = [int(n) for c in event.contested for n in KILLED_IN_CLAIM.findall(c["claim"])]
        if not tolls:
            continue
        assert event.killed, f"{event.id}: its claims give tolls {tolls} but killed is empty"
        low, high = event.killed["low"], event.killed["high"]
        assert all(low <= n <= high for n in tolls), (event.id, tolls, event.killed)
        checked += 1
    assert checked  # E061's rival tolls at least
