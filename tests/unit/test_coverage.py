"""Coverage of the record (``validate --stats``): every event counted once, every month of
the span listed (empty ones too), and geodata/README.md's table equal to the bundled data's."""

from __future__ import annotations

from datetime import date

from dashboard.cli import main
from dashboard.data import schema
from dashboard.data.coverage import README_MARK, coverage, markdown
from dashboard.data.validation import validate_folder


def event(start: date, category="incident", confidence="high", source="TASS") -> dict:
    return {
        "start": start,
        "category": category,
        "confidence": confidence,
        "sources": [{"url": "https://example.org/", "name": source}],
    }


def test_every_month_of_the_span_is_listed_and_every_event_counted_once():
    events = [
        event(date(2020, 11, 10)),
        event(date(2020, 11, 30), "humanitarian", "low", "News.am"),
        event(date(2021, 2, 1), source="News.am"),
    ]
    cover = coverage(events, (date(2020, 11, 10), date(2021, 3, 5)))
    assert cover.months == [
        ("2020-11", 2),
        ("2020-12", 0),
        ("2021-01", 0),
        ("2021-02", 1),
        ("2021-03", 0),
    ]
    assert cover.empty_months == ["2020-12", "2021-01", "2021-03"]
    assert sum(n for _, n in cover.categories) == cover.total == 3
    assert [c for c, _ in cover.categories] == [
        c for c in schema.CATEGORIES if c in ("incident", "humanitarian")
    ]
    assert cover.primary_sources == [("News.am", 2), ("TASS", 1)]
    text = markdown(cover)
    assert "| 2020 |  |  |  |  |  |  |  |  |  |  | 2 | 0 | 2 |" in text
    assert "months with none: 2020-12, 2021-01, 2021-03" in text
    assert "carries 67% of them" in text


def test_the_bundled_data_counts_add_up(bundled_dir):
    checked = validate_folder(bundled_dir)
    cover = coverage(checked.events.to_dict("records"), checked.span)
    assert sum(n for _, n in cover.months) == cover.total == len(checked.events)
    assert sum(n for _, n in cover.confidence) == cover.total
    assert sum(n for _, n in cover.primary_sources) == cover.total
    assert len(cover.empty_months) <= 2  # issue 15: at most two months without an event


def test_geodata_readme_carries_the_bundled_coverage(bundled_dir):
    checked = validate_folder(bundled_dir)
    table = markdown(coverage(checked.events.to_dict("records"), checked.span))
    readme = (bundled_dir / "README.md").read_text(encoding="utf-8")
    assert f"<!-- {README_MARK} -->\n{table}\n<!-- /table -->" in readme, (
        "geodata/README.md's coverage table is stale: paste `karabakh-map validate --stats`"
    )


def test_validate_stats_prints_the_table(bundled_dir, capsys):
    assert main(["validate", str(bundled_dir), "--stats"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("ok: ")
    assert "| year | 01 |" in out and "| category | events |" in out
    assert main(["validate", str(bundled_dir)]) == 0
    assert "| year |" not in capsys.readouterr().out


def test_claimants_and_originators_are_counted_per_event():
    reprint = {"url": "https://a.example/", "name": "Armenpress", "via": "Russian MoD"}
    own = {"url": "https://b.example/", "name": "TASS"}
    events = [
        {**event(date(2021, 1, 1)), "claimed_by": ["ru_mod"], "sources": [reprint, own]},
        {**event(date(2021, 1, 2)), "claimed_by": ["ru_mod", "nk_gov"], "sources": [reprint]},
        {**event(date(2021, 1, 3)), "claimed_by": [], "sources": [dict(reprint)] * 2},
    ]
    cover = coverage(events, (date(2021, 1, 1), date(2021, 1, 31)))
    assert cover.claimants == [
        (schema.CLAIMANTS["ru_mod"], 2),
        (schema.CLAIMANTS["nk_gov"], 1),
        ("(not coded)", 1),
    ]
    # a reprint counts for its originator, and an event counts once per originator
    assert cover.originators == [("Russian MoD", 3), ("TASS", 1)]
    assert "the largest originating outlet supports 100%" in markdown(cover)


def test_no_originating_outlet_supports_more_than_a_third_of_the_bundled_events(bundled_dir):
    checked = validate_folder(bundled_dir)
    cover = coverage(checked.events.to_dict("records"), checked.span)
    name, most = cover.originators[0]
    assert most <= cover.total / 3, f"{name} supports {most} of {cover.total} events"
