"""The rules both sides compute, run from the same JSON cases as the Node tests (tests/js/),
so the server's figures and the browser's hot path cannot drift apart; and the client
contract the Node tests read (tests/cases/contract.json) is the one the page gets."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

from dashboard.data.contract import client_contract
from dashboard.data.filters import precision_flags, with_precision
from dashboard.views import ids
from dashboard.views.figures import status_at
from dashboard.views.sites_trace import marker_size, site_counts
from dashboard.views.timeline import density_counts

ROOT = Path(__file__).resolve().parents[2]
CASES = ROOT / "tests" / "cases"
REWRITE = (
    "python -c 'import json; from dashboard.data.contract import client_contract; "
    "print(json.dumps(client_contract(), indent=2))' > tests/cases/contract.json"
)


def cases(name: str) -> dict:
    return json.loads((CASES / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", cases("marker_size.json")["cases"])
def test_marker_size(case):
    assert marker_size(case["count"]) == pytest.approx(case["size"], abs=1e-9)


@pytest.mark.parametrize("case", cases("status_at.json")["cases"])
def test_status_at(case):
    assert status_at(case["from"], case["to"], case["on"]) == case["status"]


def small_dataset() -> tuple[SimpleNamespace, dict]:
    table = cases("events.json")
    origin = date.fromisoformat(table["origin"])
    rows = [
        {
            **event,
            "start": origin + timedelta(days=event["start"]),
            "end": origin + timedelta(days=event["end"]),
        }
        for event in table["events"]
    ]
    events = pd.DataFrame(rows, index=[f"E{i}" for i in range(len(rows))])
    sites = pd.DataFrame(index=pd.Index(table["sites"], name="id"))
    span = (origin, date.fromisoformat(table["last"]))
    return SimpleNamespace(events=events, sites=sites, span=span), table


def test_precision_bits():
    dataset, table = small_dataset()
    assert precision_flags(dataset.events).tolist() == [e["flags"] for e in table["events"]]


@pytest.mark.parametrize("index", range(len(cases("events.json")["counts"])))
def test_site_counts(index):
    dataset, table = small_dataset()
    case = table["counts"][index]
    origin = dataset.span[0]
    low, high = (origin + timedelta(days=case[k]) for k in ("low", "high"))
    counts = site_counts(dataset, low, high, case["include"])
    assert counts.tolist() == case["perSite"]
    assert sum(case["perSite"]) + case["unmapped"] == case["total"]


@pytest.mark.parametrize("index", range(len(cases("events.json")["density"])))
def test_density_counts(index):
    dataset, table = small_dataset()
    case = table["density"][index]
    events = with_precision(dataset.events, case["include"])
    assert density_counts(dataset, events) == case["counts"]


def test_the_node_tests_read_the_contract_the_page_gets():
    shipped = json.loads((CASES / "contract.json").read_text(encoding="utf-8"))
    assert shipped == client_contract(), f"rewrite it: {REWRITE}"


def test_every_clientside_function_is_registered_by_the_browser():
    names = {
        v
        for k, v in vars(ids).items()
        if k.startswith("CLIENTSIDE_") and k != "CLIENTSIDE_NAMESPACE"
    }
    source = "\n".join(
        p.read_text(encoding="utf-8") for p in (ROOT / "assets" / "client").glob("*.js")
    )
    registered = set()
    for block in re.findall(
        r"k\.callbacks = Object\.assign\(k\.callbacks \|\| \{\}, \{(.*?)\}\)", source, re.S
    ):
        registered |= set(re.findall(r"(\w+):", block))
    assert names == registered
