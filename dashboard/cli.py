"""Command line: ``karabakh-map serve``, ``build``, ``validate``, ``import`` and ``export-csv``."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from dashboard.config import Settings, SettingsError, flag_settings, flag_value
from dashboard.data.store_build import data_version
from dashboard.data.validation import DataError, validate_folder


def _add_setting_flags(parser: argparse.ArgumentParser, defaults: Settings) -> None:
    """One flag per setting that declares one (dashboard.config), defaulting to the
    environment's value and checked as the setting is."""
    for name, info in flag_settings():
        extra = info.json_schema_extra or {}
        default = getattr(defaults, name)
        described = info.description.replace("`", "")  # Markdown in the docs' table
        if info.annotation is bool:
            parser.add_argument(
                extra["flag"],
                dest=name,
                action="store_true",
                default=default,
                help=described,
            )
            continue

        def parse(raw: str, field: str = name) -> object:
            try:
                return flag_value(field, raw)
            except ValueError as error:
                raise argparse.ArgumentTypeError(f"{raw!r}: {error}") from None

        parser.add_argument(
            extra["flag"],
            dest=name,
            type=parse,
            default=default,
            metavar=extra.get("metavar"),
            help=f"{described} (default {default})",
        )


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
    _add_setting_flags(serve, defaults)
    _add_build(sub, defaults)
    validate = sub.add_parser("validate", help="check a data folder and list every problem")
    validate.add_argument("data", nargs="?", type=Path, default=defaults.data_dir, metavar="DIR")
    validate.add_argument(
        "--stats",
        action="store_true",
        help="also print the coverage: events per month, category, confidence, primary source, "
        "claimant and originating outlet",
    )
    imp = sub.add_parser(
        "import",
        help="replace the events with those of an events CSV (all or nothing)",
        description="Turn an events CSV (the export-csv format, see the README's data "
        "contract) into DIR/events.geojson. Every row is checked and "
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
    imp.add_argument(
        "--cache-dir",
        type=Path,
        default=defaults.cache_dir,
        metavar="DIR",
        help="where the new data's database is built (a running server's cache folder: it "
        "switches to the new data without building it again)",
    )
    export = sub.add_parser(
        "export-csv", help="write every event as CSV, in the format import reads"
    )
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
    from dashboard.web.serving import run_development, run_gunicorn
    from dashboard.web.switching import DataSwitch

    if args.debug and args.workers:
        print("error: --debug is for the development server only (--workers 0)", file=sys.stderr)
        return 2
    try:
        settings = env.replace(**{name: getattr(args, name) for name, _ in flag_settings()})
    except SettingsError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    try:
        app = create_app(settings)
    except DataError as error:
        return _fail(error, args.data_dir)
    if settings.workers == 0:
        if settings.access_log:
            # The app logs each request itself; werkzeug's own lines would be doubles.
            logging.getLogger("werkzeug").setLevel(logging.WARNING)
        print(f"Serving on http://{settings.host}:{settings.port}/ (Ctrl+C to stop)")
        if settings.debug:  # Dash's dev tools and hot reload; no data switching
            app.run(host=settings.host, port=settings.port, debug=True)
        else:
            run_development(DataSwitch(app, settings), settings)
        return 0
    print(
        f"Serving on http://{settings.host}:{settings.port}/ with gunicorn, "
        f"{settings.workers} workers x {settings.threads} threads (Ctrl+C to stop)",
        flush=True,
    )
    run_gunicorn(DataSwitch(app, settings), settings)
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
        _fail(error, args.data)
        return 1  # as validate does
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
    if result.written:
        from dashboard.data.store_build import ensure_database

        try:
            path, _ = ensure_database(args.data, args.cache_dir)
        except DataError as error:  # the events are written; a server builds it itself
            print(f"warning: the database was not built: {error.problems[0]}", file=sys.stderr)
        else:
            print(f"ok: database {path}; a running server switches to the new data")
    return 0


def _export(args: argparse.Namespace) -> int:
    from dashboard.data.atomic import atomic_write_text
    from dashboard.data.csv_export import events_to_csv

    try:
        text = events_to_csv(args.data)
    except DataError as error:
        _fail(error, args.data)
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
            checked = validate_folder(args.data)  # no database is built for a check
        except DataError as error:
            _fail(error, args.data)
            return 1
        print(
            f"ok: {len(checked.events)} events, {len(checked.sites)} sites, "
            f"{len(checked.layers)} layers in {args.data} (version {data_version(args.data)})"
        )
        if args.stats:
            from dashboard.data.coverage import coverage, markdown

            print()
            print(markdown(coverage(checked.events.to_dict("records"), checked.span)))
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
