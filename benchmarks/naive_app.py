"""The naive baseline: the same data and figure, redrawn by the server on every slider change.

Same data loading (``load_dataset``) and figure (``build_map_figure``) as the
dashboard, and the same public ids (``map``, ``timeline``, ``detail``) so the
same browser driver measures both apps, but none of the dashboard's design:

* a *server* callback on ``timeline.value`` rebuilds the whole figure and sends
  it back on every change (no clientside code, no Patch);
* a map click asks the server for the site's detail panel;
* Dash defaults otherwise: no response compression, the full plotly.js bundle.

    python benchmarks/naive_app.py [DATA_DIR] [--port 8060]
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CODE_ROOT = Path(os.environ.get("BENCH_CODE_ROOT", ROOT))
if str(CODE_ROOT) not in sys.path:
    sys.path.insert(0, str(CODE_ROOT))

from dash import Dash, Input, Output, State, dcc, html  # noqa: E402

from dashboard.data.loading import Dataset, load_dataset  # noqa: E402
from dashboard.views.detail import placeholder, site_detail  # noqa: E402
from dashboard.views.figures import build_map_figure  # noqa: E402
from dashboard.web.callbacks import parse_range, parse_selection  # noqa: E402

NO_ASSETS = str(Path(__file__).resolve().parent / "out" / "no-assets")


def create_naive_app(data_dir: Path | str, dataset: Dataset | None = None) -> Dash:
    dataset = dataset or load_dataset(data_dir)
    origin, last = dataset.span
    maximum = (last - origin).days
    fig = build_map_figure(dataset, origin, last)
    # An assets folder that does not exist: the dashboard's clientside code stays out.
    app = Dash(__name__, title="naive baseline", assets_folder=NO_ASSETS)
    marks = {
        (d - origin).days: str(d.year)
        for d in (
            origin.replace(year=y, month=1, day=1) for y in range(origin.year + 1, last.year + 1)
        )
        if 0 < (d - origin).days < maximum
    }
    app.layout = html.Div(
        [
            dcc.Graph(id="map", figure=fig, style={"height": "620px"}),
            dcc.RangeSlider(
                id="timeline",
                min=0,
                max=maximum,
                step=1,
                value=[0, maximum],
                marks=marks,
                allowCross=False,
                updatemode="mouseup",
            ),
            html.Div(placeholder().head, id="detail"),
        ]
    )

    @app.callback(Output("map", "figure"), Input("timeline", "value"), prevent_initial_call=True)
    def redraw(value):
        start, end = parse_range(value, dataset)
        return build_map_figure(dataset, start, end)

    @app.callback(
        Output("detail", "children"),
        Input("map", "clickData"),
        State("timeline", "value"),
        prevent_initial_call=True,
    )
    def detail(click, value):
        point = (click or {}).get("points", [{}])[0]
        parsed = parse_selection(point.get("customdata"))
        if parsed is None or parsed[0] != "site":
            return placeholder().head
        start, end = parse_range(value, dataset)
        panel = site_detail(dataset, parsed[1], start, end)
        # the naive way: every card as Dash components, built on the server
        cards = [
            html.Article([html.P(c["date"]), html.H4(c["title"]), html.P(c["summary"])])
            for c in panel.cards
        ]
        return [*panel.head, *cards]

    return app


def main() -> None:
    parser = argparse.ArgumentParser(description="Serve the naive baseline app.")
    parser.add_argument("data", nargs="?", type=Path, default=ROOT / "geodata")
    parser.add_argument("--port", type=int, default=8060)
    args = parser.parse_args()
    create_naive_app(args.data).run(host="127.0.0.1", port=args.port, debug=False)


if __name__ == "__main__":
    main()
