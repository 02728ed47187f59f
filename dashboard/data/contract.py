"""The client contract: the schema's rules as JSON, for the browser.

The page carries this once (a JSON script block of its first frame, see
``dashboard/web/boot.py``); the client modules in ``assets/client/`` read every
category, colour, precision bit, status rule, marker size rule, link parameter
name and filter reset value from it and hold no copy of them. The Python side
reads the same values from :mod:`dashboard.data.schema` directly, and
``tests/cases/contract.json`` (the Node tests' copy) is checked against this.
"""

from __future__ import annotations

from dashboard.data import schema


def client_contract() -> dict:
    """Everything the browser must agree on with the server, as JSON-ready data."""
    return {
        "categories": [
            {"id": key, "label": label, "colour": colour}
            for key, (label, colour) in schema.CATEGORIES.items()
        ],
        "confidenceLevels": list(schema.CONFIDENCE_LEVELS),
        "precisionKinds": [
            {"id": kind.id, "bit": kind.bit, "label": kind.label} for kind in schema.PRECISION_KINDS
        ],
        "layers": [
            {"id": spec.id, "title": spec.title, "colour": spec.colour} for spec in schema.LAYERS
        ],
        "compareMarks": {
            change: {"symbol": symbol, "colour": colour, "word": word}
            for change, (symbol, colour, word, _) in schema.COMPARE_MARKS.items()
        },
        "layerStatus": {
            "statuses": list(schema.LAYER_STATUSES),
            # trace kinds with dates (the others only follow their legend switch)
            "datedKinds": ["scattergeo", "choropleth"],
            "formerOpacity": schema.FORMER_OPACITY,
        },
        "markerSize": {
            "empty": schema.MARKER_EMPTY,
            "base": schema.MARKER_BASE,
            "perRoot": schema.MARKER_PER_ROOT,
        },
        "selectionKinds": list(schema.SELECTION_KINDS),
        "linkParams": dict(schema.LINK_PARAMS),
        "viewOnlyParams": list(schema.VIEW_ONLY_PARAMS),
        "defaults": {"mode": schema.DEFAULT_MODE, "names": schema.DEFAULT_NAMES},
        "filterReset": {
            "categories": [],
            "actors": [],
            "confidence": list(schema.CONFIDENCE_LEVELS),
            "text": "",
            "precision": [kind.id for kind in schema.PRECISION_KINDS],
            "corroborated": [],
            "reportedWithin": None,
            "claimedBy": [],
        },
    }
