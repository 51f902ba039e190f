"""``python -m dashboard import FILE -o DIR``: any file we read, written as a data directory.

ACLED and CCC files stream: the file is decoded and read a chunk at a time and each event is
written as soon as it is read, so an export of millions of rows never sits in memory (places
and sources, far fewer, are kept until the end). Our own format and plain tables are NOT
streamed: they are read whole as the app reads them (:func:`dashboard.upload.read_upload`),
then written out, at about 6 KB of memory a row (100,000 rows: 590 MB); the README says so.
"""

from __future__ import annotations

import argparse
import codecs
import csv
import sys
from pathlib import Path
from typing import TextIO

import pandas as pd

from dashboard import formats, schema, vocabulary
from dashboard.errors import DataError, Problem
from dashboard.formats.decoding import (
    BOMS,
    CP1251,
    UTF8,
    LineStream,
    read_header,
    sniff_delimiter,
    stream_records,
    text_chunks,
)
from dashboard.loader import Dataset, load_dataset
from dashboard.schema import LIST_SEPARATOR
from dashboard.upload import read_upload

SAMPLE_BYTES = 1 << 20
"""Bytes read to tell the encoding and the delimiter before streaming."""


def open_text(path: Path) -> tuple[TextIO, str]:
    """The file as text and the name of its encoding (as the uploader decides it)."""
    with path.open("rb") as fh:
        sample = fh.read(SAMPLE_BYTES)
    for bom, codec, name in BOMS:
        if sample.startswith(bom):
            stream = path.open(encoding=codec, newline="")
            stream.read(len(bom.decode(codec)) if codec == "utf-8" else 0)
            return stream, name
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
        return path.open(encoding="utf-8", newline="", errors="strict"), UTF8
    except UnicodeDecodeError:
        return path.open(encoding="cp1251", newline=""), CP1251


def write_rows(path: Path, table: schema.Table, rows) -> int:
    n = 0
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(
            fh, fieldnames=table.column_names, extrasaction="ignore", lineterminator="\n"
        )
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
            n += 1
    return n


def import_mapped(path: Path, out: Path, wanted: str, echo: TextIO) -> int:
    stream, encoding = open_text(path)
    with stream:
        head = stream.read(64 * 1024)
        delimiter = sniff_delimiter(head)
        header = read_header(head, delimiter)
        key, version, mismatch = formats.choose(header, wanted)
        reader = formats.READERS[key](filename=str(path), header=header, version=version)
        if mismatch:
            reader.report(1, None, mismatch)
        lines = LineStream(chain_first(head, text_chunks(stream)))
        records = stream_records(lines, delimiter, str(path), reader.problems)
        out.mkdir(parents=True, exist_ok=True)
        write_rows(out / schema.EVENTS.filename, schema.EVENTS, reader.read(records))
    write_rows(out / schema.PLACES.filename, schema.PLACES, reader.place_rows.values())
    write_rows(out / schema.SOURCES.filename, schema.SOURCES, reader.source_rows.values())
    write_rows(out / schema.PEOPLE.filename, schema.PEOPLE, ())
    print(f"{path}: {encoding} text, read as {version}", file=echo)
    for problem in sorted(reader.problems, key=lambda p: p.line or 0):
        print(problem, file=echo)
    if lines.stray_lines:
        shown = ", ".join(map(str, lines.stray_lines[:10]))
        print(
            f"{len(lines.stray_lines)} stray line break(s) inside a field joined back into "
            f"their rows (lines {shown}{', …' if len(lines.stray_lines) > 10 else ''})",
            file=echo,
        )
    print("Columns:", file=echo)
    for line in reader.column_report():
        print(line, file=echo)
    print(reader.summary(), file=echo)
    print(
        f"wrote {out}: {reader.rows_read:,} events, {len(reader.place_rows):,} places, "
        f"{len(reader.source_rows):,} sources",
        file=echo,
    )
    return 0 if reader.rows_read else 1


def chain_first(first: str, rest):
    yield first
    yield from rest


def cell(value: object) -> str:
    """A typed value as our CSV writes it."""
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, float) and pd.isna(value):
        return ""
    if isinstance(value, pd.Timestamp):
        return "" if pd.isna(value) else value.strftime("%Y-%m-%d")
    if isinstance(value, tuple | list):
        return LIST_SEPARATOR.join(str(v) for v in value)
    return str(value)


def frame_rows(frame: pd.DataFrame, table: schema.Table):
    for record in frame.to_dict("records"):
        yield {c: cell(record.get(c)) for c in table.column_names}


def import_whole(path: Path, out: Path, wanted: str, echo: TextIO) -> int:
    """Our format or a plain table: read as the uploader does, with no bundled data."""
    empty = load_empty()
    result = read_upload(path.read_bytes(), str(path), empty, max_bytes=1 << 40, file_format=wanted)
    for problem in result.problems:
        print(problem, file=echo)
    print(result.summary(), file=echo)
    if result.shape == "none" or result.events.empty:
        return 1  # as for ACLED and CCC: nothing read is a failure, not an empty directory
    dataset = result.dataset
    used = {pid for pid in dataset.events["place_id"]}
    out.mkdir(parents=True, exist_ok=True)
    events = dataset.events[schema.EVENTS.column_names].copy()
    # What our format requires and a plain table may not give: the place in words (the
    # readers' placeholder, as ACLED's and CCC's write it) and a source: the file itself.
    events["location_text"] = [
        text if isinstance(text, str) and text.strip() else vocabulary.LOCATION_NOT_GIVEN
        for text in events["location_text"]
    ]
    unsourced = [not ids for ids in events["sources"]]
    sources = dataset.sources
    if any(unsourced):
        file_source = file_source_row(path, sum(unsourced))
        events["sources"] = [
            (file_source["source_id"],) if missing else ids
            for missing, ids in zip(unsourced, events["sources"], strict=True)
        ]
        sources = pd.concat([sources, pd.DataFrame([file_source])], ignore_index=True)
    write_rows(out / schema.EVENTS.filename, schema.EVENTS, frame_rows(events, schema.EVENTS))
    places = dataset.places[dataset.places["place_id"].isin(used)]
    write_rows(out / schema.PLACES.filename, schema.PLACES, frame_rows(places, schema.PLACES))
    write_rows(
        out / schema.PEOPLE.filename, schema.PEOPLE, frame_rows(dataset.people, schema.PEOPLE)
    )
    write_rows(out / schema.SOURCES.filename, schema.SOURCES, frame_rows(sources, schema.SOURCES))
    print(f"wrote {out}: {len(events):,} events", file=echo)
    return 0


def file_source_row(path: Path, n: int) -> dict[str, str]:
    """The source of events whose table names none: the imported file, said plainly."""
    return {
        **{c: "" for c in schema.SOURCES.column_names},
        "source_id": "imported-file",
        "title": f"[the imported table {path.name}]",
        "publisher": path.name,
        "notes": f"the table names no source for {n:,} of its events; they rest on it alone",
    }


def load_empty() -> Dataset:
    from dashboard.formats.build import empty_dataset
    from dashboard.loader import empty_frame, join_events

    frames = {t.name: empty_frame(t) for t in schema.TABLES}
    base = Dataset(
        events=join_events(frames["events"], frames["places"], frames["people"]),
        places=frames["places"],
        people=frames["people"],
        sources=frames["sources"],
    )
    return empty_dataset(base, "", ())


def cmd_import(args: argparse.Namespace) -> int:
    path, out = Path(args.file), Path(args.output)
    if not path.is_file():
        print(f"error: {path} is not a file", file=sys.stderr)
        return 2
    with path.open("rb") as fh:
        sample = fh.read(SAMPLE_BYTES)
    text = sample.decode("utf-8", errors="replace").lstrip("\ufeff")
    key, _, _ = formats.choose(read_header(text, sniff_delimiter(text)), args.format)
    if key in formats.READERS:
        code = import_mapped(path, out, args.format, sys.stderr)
    else:
        code = import_whole(path, out, args.format, sys.stderr)
    if code == 0 and not args.no_check:
        try:
            load_dataset(out)
        except DataError as exc:  # a defect of ours: say so, never hide it
            for problem in exc.problems[:20]:
                print(problem, file=sys.stderr)
            print(f"error: {out} does not validate", file=sys.stderr)
            return 1
    return code


def add_command(sub) -> None:
    p = sub.add_parser(
        "import", help="read ACLED, CCC, our format or a table into a data directory"
    )
    p.add_argument("file", metavar="FILE")
    p.add_argument("--format", choices=formats.FORMATS, default="auto")
    p.add_argument("-o", "--output", metavar="DIR", required=True, help="directory to write")
    p.add_argument(
        "--no-check",
        action="store_true",
        help="do not load the written directory to check it (it holds every event in memory: "
        "run validate on it later)",
    )
    p.set_defaults(func=cmd_import)


__all__ = ["Problem", "add_command", "cmd_import"]
