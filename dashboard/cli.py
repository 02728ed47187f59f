"""Command line: ``karabakh-map serve``, ``build``, ``validate``, ``import`` and ``export-csv``."""

from __future__ import annotations

import argparse
import dataclasses
import logging
import sys
from pathlib import Path

from dashboard.config import Settings, SettingsError
from dashboard.data.loading import DataError, load_dataset


def _parser(defaults: Settings) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="karabakh-map",
        description="Interactive map of the Russian peacekeeping mission in Nagorno-Karabakh.",
        epilog="Every serve flag has a KARABAKH_MAP_* environment variable (see docs).",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    serve = sub.add_parser(
        "serve",
        help="serve the dashboard",
        description="Serve the dashboard: Flask's development server with --workers 0 "
        "(the default), gunicorn with --workers N.",
    )
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
    serve.add_argument(
        "--workers",
        type=int,
        default=defaults.workers,
        metavar="N",
        help="gunicorn worker processes; 0 = the development server (default %(default)s)",
    )
    serve.add_argument(
        "--threads",
        type=int,
        default=defaults.threads,
        metavar="N",
        help="threads per gunicorn worker (default %(default)s)",
    )
    serve.add_argument(
        "--timeout",
        type=int,
        default=defaults.timeout,
        metavar="SECONDS",
        help="gunicorn restarts a worker silent this long (default %(default)s)",
    )
    serve.add_argument(
        "--debug",
        action="store_true",
        default=defaults.debug,
        help="Dash debug mode, development server only (never in production)",
    )
    serve.add_argument(
        "--cache-dir",
        type=Path,
        default=defaults.cache_dir,
        metavar="DIR",
        help="folder of the data's database (default %(default)s)",
    )
    _add_build(sub, defaults)
    validate = sub.add_parser("validate", help="check a data folder and list every problem")
    validate.add_argument("data", nargs="?", type=Path, default=defaults.data_dir, metavar="DIR")
    imp = sub.add_parser(
        "import",
        help="replace the events with those of a chronology CSV (all or nothing)",
        description="Turn a chronology CSV into DIR/events.geojson. Every row is checked and "
        "the folder must validate; if any row is bad, each is reported with its line number "
        "and nothing is written.",
    )
    imp.add_argument("csv", type=Path, metavar="EVENTS.CSV")
    imp.add_argument(
        "--data",
        type=Path,
        default=defaults.data_dir,
        metavar="DIR",
        help="data folder to write events.geojson into (default: the bundled geodata/)",
    )
    imp.add_argument("--dry-run", action="store_true", help="check only, write nothing")
    export = sub.add_parser("export-csv", help="write the events as CSV in the import format")
    export.add_argument("--data", type=Path, default=defaults.data_dir, metavar="DIR")
    export.add_argument(
        "-o", "--output", type=Path, metavar="FILE", help="file to write (default: stdout)"
    )
    return parser


def _fail(error: DataError, data_dir: Path) -> int:
    print(f"error: the data in {data_dir} cannot be used:", file=sys.stderr)
    for problem in error.problems:
        print(f"  {problem}", file=sys.stderr)
    return 2


def _serve(args: argparse.Namespace, env: Settings) -> int:
    from dashboard.web.app import create_app
    from dashboard.web.serving import run_gunicorn

    if args.workers < 0 or args.threads < 1 or args.timeout < 1:
        print("error: --workers must be >= 0, --threads and --timeout >= 1", file=sys.stderr)
        return 2
    if args.debug and args.workers:
        print("error: --debug is for the development server only (--workers 0)", file=sys.stderr)
        return 2
    settings = dataclasses.replace(
        env,
        data_dir=args.data,
        host=args.host,
        port=args.port,
        debug=args.debug,
        workers=args.workers,
        threads=args.threads,
        timeout=args.timeout,
        cache_dir=args.cache_dir,
    )
    try:
        app = create_app(settings)
    except DataError as error:
        return _fail(error, args.data)
    except SettingsError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if settings.workers == 0:
        if settings.access_log:
            # The app logs each request itself; werkzeug's own lines would be doubles.
            logging.getLogger("werkzeug").setLevel(logging.WARNING)
        print(f"Serving on http://{settings.host}:{settings.port}/ (Ctrl+C to stop)")
        app.run(host=settings.host, port=settings.port, debug=settings.debug)
        return 0
    print(
        f"Serving on http://{settings.host}:{settings.port}/ with gunicorn, "
        f"{settings.workers} workers x {settings.threads} threads (Ctrl+C to stop)",
        flush=True,
    )
    run_gunicorn(app.server, settings)
    return 0


def _add_build(sub, defaults: Settings) -> None:
    build = sub.add_parser(
        "build",
        help="validate a data folder and build its database ahead of serving",
        description="Validate DIR and build its SQLite database in the cache folder (kept if "
        "already built for these files and this version of the app).",
    )
    build.add_argument("--data", type=Path, default=defaults.data_dir, metavar="DIR")
    build.add_argument("--cache-dir", type=Path, default=defaults.cache_dir, metavar="DIR")


def _build(args: argparse.Namespace) -> int:
    from dashboard.data.store_build import build_database

    try:
        path, version = build_database(args.data, args.cache_dir)
    except DataError as error:
        return _fail(error, args.data)
    print(f"ok: {path} (data version {version})")
    return 0


def _import(args: argparse.Namespace) -> int:
    from dashboard.data.importer import ImportFailed, import_events

    try:
        result = import_events(args.csv, args.data, dry_run=args.dry_run)
    except ImportFailed as error:
        print(f"error: {args.csv} cannot be imported; nothing was written:", file=sys.stderr)
        for problem in error.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    verb = "wrote" if result.written else "would write (dry run)"
    print(f"ok: {verb} {result.events} events to {result.path} (data version {result.version})")
    return 0


def _export(args: argparse.Namespace) -> int:
    from dashboard.data.atomic import atomic_write_text
    from dashboard.data.importer import events_to_csv

    try:
        text = events_to_csv(args.data)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    if args.output is None:
        sys.stdout.write(text)
    else:
        atomic_write_text(args.output, text)
    return 0


def main(argv: list[str] | None = None) -> int:
    try:
        env = Settings.from_env()
    except SettingsError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    parser = _parser(env)
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
        return _serve(args, env)
    if args.command == "build":
        return _build(args)
    if args.command == "import":
        return _import(args)
    if args.command == "export-csv":
        return _export(args)
    parser.print_help()
    return 0
