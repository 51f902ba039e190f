"""The command line: ``python -m dashboard COMMAND``.

Each command is a function taking parsed arguments and returning an exit code; a module that
adds a command gives an ``add_command(subparsers)`` function registered in ``COMMAND_MODULES``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import sys
from collections.abc import Sequence

from dashboard import export, schema, settings
from dashboard.errors import DashboardError, DataError
from dashboard.filters import Selection, filter_events
from dashboard.loader import load_dataset

COMMAND_MODULES: tuple[str, ...] = (
    "dashboard.geocode",
    "dashboard.synth",
    "dashboard.importer",
    "dashboard.translate",
    "dashboard.basemap",
    "dashboard.publish",
)
"""Modules that add commands of their own (``add_command(subparsers)``)."""


def add_data_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data",
        metavar="DIR",
        help="data directory (default: $DASHBOARD_DATA, else the bundled data/)",
    )


def cmd_validate(args: argparse.Namespace) -> int:
    data = settings.data_dir(args.data)
    if data.is_file():
        print(
            f"{data} is a file: --data takes a data directory (events.csv, places.csv, ...); "
            f"to read this file, run: python -m dashboard import {data} -o DIR",
            file=sys.stderr,
        )
        return 2
    dataset = load_dataset(data, strict=False)
    for problem in dataset.problems:
        print(problem)
    if dataset.problems:
        print(f"{len(dataset.problems)} problem(s) in {data}", file=sys.stderr)
        return 1
    print(
        f"{data}: valid ({len(dataset.events)} events, {len(dataset.places)} places, "
        f"{len(dataset.people)} people, {len(dataset.sources)} sources)",
        file=sys.stderr,
    )
    return 0


def parse_day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid date {text!r} (expected YYYY-MM-DD)") from None


def cmd_export(args: argparse.Namespace) -> int:
    dataset = load_dataset(settings.data_dir(args.data))
    events = filter_events(dataset.events, Selection(start=args.start, end=args.end))
    if args.format == "geojson":
        text = export.geojson_text(events, dataset.sources) + "\n"
    else:
        text = export.csv_text(events, dataset.sources)
    if args.output:
        with open(args.output, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        print(f"wrote {len(events)} events to {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    print(schema.data_dictionary_markdown())
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m dashboard", description="Protest events map: data tools."
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("validate", help="check a data directory against the schema")
    add_data_option(p)
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("export", help="write events as GeoJSON or CSV")
    add_data_option(p)
    p.add_argument("--format", choices=("geojson", "csv"), default="geojson")
    p.add_argument(
        "--from", dest="start", type=parse_day, metavar="YYYY-MM-DD", help="first day to include"
    )
    p.add_argument(
        "--to", dest="end", type=parse_day, metavar="YYYY-MM-DD", help="last day to include"
    )
    p.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("schema", help="print the data dictionary (Markdown)")
    p.set_defaults(func=cmd_schema)

    for name in COMMAND_MODULES:
        importlib.import_module(name).add_command(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except DataError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 1
    except DashboardError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
