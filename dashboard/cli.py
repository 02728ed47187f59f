"""Command line: ``karabakh-map serve`` and ``karabakh-map validate``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dashboard.config import Settings
from dashboard.data import DataError, load_dataset


def _parser() -> argparse.ArgumentParser:
    defaults = Settings()
    parser = argparse.ArgumentParser(
        prog="karabakh-map",
        description="Interactive map of the Russian peacekeeping mission in Nagorno-Karabakh.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    serve = sub.add_parser("serve", help="serve the dashboard (development server)")
    serve.add_argument(
        "--host", default=defaults.host, help="address to listen on (default %(default)s)"
    )
    serve.add_argument("--port", type=int, default=defaults.port, help="port (default %(default)s)")
    serve.add_argument(
        "--data",
        type=Path,
        default=defaults.data_dir,
        metavar="DIR",
        help="data folder with the GeoJSON files (default: the bundled geodata/)",
    )
    serve.add_argument("--debug", action="store_true", help="Dash debug mode (never in production)")
    validate = sub.add_parser("validate", help="check a data folder and list every problem")
    validate.add_argument("data", nargs="?", type=Path, default=defaults.data_dir, metavar="DIR")
    return parser


def _fail(error: DataError, data_dir: Path) -> int:
    print(f"error: the data in {data_dir} cannot be used:", file=sys.stderr)
    for problem in error.problems:
        print(f"  {problem}", file=sys.stderr)
    return 2


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command == "validate":
        try:
            dataset = load_dataset(args.data)
        except DataError as error:
            _fail(error, args.data)
            return 1
        print(
            f"ok: {len(dataset.events)} events, {len(dataset.sites)} sites, "
            f"{len(dataset.layers)} layers in {args.data} (version {dataset.version})"
        )
        return 0
    if args.command == "serve":
        from dashboard.app import create_app

        settings = Settings(data_dir=args.data, host=args.host, port=args.port, debug=args.debug)
        try:
            app = create_app(settings)
        except DataError as error:
            return _fail(error, args.data)
        print(f"Serving on http://{settings.host}:{settings.port}/ (Ctrl+C to stop)")
        app.run(host=settings.host, port=settings.port, debug=settings.debug)
        return 0
    parser.print_help()
    return 0
