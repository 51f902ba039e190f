"""Reading a file a viewer opens in the app: the thin part that picks a format.

Pure functions, no streamlit. The file arrives as bytes with its name; the result is a
:class:`~dashboard.loader.Dataset` whose ``events`` frame has the same shape as the loader's,
so filters, map and panels work on it unchanged, plus every problem found, each with the file,
line, column and value. Good rows are kept; nothing is written anywhere.

The formats (our ``events.csv``, a plain table, ACLED, CCC) are in :mod:`dashboard.formats`,
told apart by the header; the result names the format and version recognised. The decoding
shared by all (encodings, delimiters, dates) is :mod:`dashboard.formats.decoding`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import pandas as pd

from dashboard import formats
from dashboard.errors import Problem
from dashboard.formats.build import empty_dataset
from dashboard.formats.decoding import (
    DELIMITER_NAMES,
    SAVE_AS_CSV,
    LineStream,
    decode_text,
    first_control_character,
    format_size,
    parse_date,
    parse_records,
    read_header,
    sniff_binary,
    sniff_delimiter,
    stream_records,
)
from dashboard.formats.mapped import to_dataset
from dashboard.formats.ours import is_events_format, read_events_format
from dashboard.formats.plain import FIELD_SYNONYMS, map_columns, read_plain_table
from dashboard.i18n import ENGLISH, N_, Lang
from dashboard.loader import Dataset

__all__ = [
    "FIELD_SYNONYMS",
    "MAX_UPLOAD_BYTES",
    "Upload",
    "format_size",
    "map_columns",
    "parse_date",
    "read_upload",
    "sniff_delimiter",
]

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
"""Largest file the app reads (20 MB: about 100,000 events in our format)."""

Shape = Literal["events", "table", "acled", "ccc", "none"]
SHAPE_NAMES: dict[str, str] = {
    "events": N_("read as our events format"),
    "table": N_("read as a table"),
}
"""How the summary names our own format and a plain table (msgids); ACLED and CCC are named
by the version recognised."""


@dataclass(frozen=True)
class Upload:
    """An opened file: its events with the places, people and sources they refer to."""

    dataset: Dataset
    filename: str
    shape: Shape
    """'events' (our format), 'table', 'acled', 'ccc', or 'none' when nothing was read."""
    encoding: str | None = None
    delimiter: str | None = None
    problems: tuple[Problem, ...] = field(default=())
    format_name: str = ""
    """The format and version recognised ("ACLED (2023+ columns)", "CCC phase 3")."""
    stray_lines: tuple[int, ...] = field(default=())
    """Lines where a stray line break inside a field was joined back into its row."""

    @property
    def events(self) -> pd.DataFrame:
        return self.dataset.events

    def summary(self, lang: Lang = ENGLISH) -> str:
        """One line for the page (plain text: the page escapes it): what was read and how."""
        n = len(self.events)
        name = repr(self.filename)
        if self.shape == "none":
            return lang._("Nothing read from {file}: see the problem below", file=name)
        if self.format_name:
            what = lang._("read as {format}", format=lang._(self.format_name))
        else:
            what = lang._(SHAPE_NAMES[self.shape])
        how = []
        if self.encoding:
            how.append(lang._("{encoding} text", encoding=lang._(self.encoding)))
        if self.delimiter:
            how.append(lang._(DELIMITER_NAMES[self.delimiter]))
        how.append(what)
        line = lang.n_(
            "{n} event from {file} ({how})",
            "{n} events from {file} ({how})",
            n,
            file=name,
            how=", ".join(how),
        )
        if self.problems:
            line += "; " + lang.n_("{n} problem", "{n} problems", len(self.problems))
        if self.stray_lines:
            line += "; " + stray_note(self.stray_lines, lang)
        return line


def read_upload(
    data: bytes,
    filename: str,
    base: Dataset,
    *,
    max_bytes: int = MAX_UPLOAD_BYTES,
    file_format: str = "auto",
) -> Upload:
    """Read an uploaded file. Never raises for bad input: problems are in the result.

    base: the dataset whose places, people and sources the file's events may refer to.
    file_format: 'auto' (told by the header) or one of ``formats.FORMATS``.
    """

    def nothing(*problems: Problem, encoding: str | None = None) -> Upload:
        return Upload(
            dataset=empty_dataset(base, filename, problems),
            filename=filename,
            shape="none",
            encoding=encoding,
            problems=problems,
        )

    if len(data) > max_bytes:
        size, limit = format_size(len(data)), format_size(max_bytes)
        if size == limit:
            size, limit = f"{len(data):,} bytes", f"{max_bytes:,} bytes"
        return nothing(
            Problem(
                filename,
                None,
                None,
                f"the file is {size}; the limit is {limit}: "
                "keep only the rows you need, or split it into smaller files",
            )
        )
    kind = sniff_binary(data)
    if kind:
        advice = SAVE_AS_CSV if "Excel" in kind else "open a CSV file (comma, semicolon or tab)"
        return nothing(
            Problem(filename, None, None, f"not a text file: it looks like {kind}; {advice}")
        )
    decoded = decode_text(data, filename)
    if isinstance(decoded, Problem):
        return nothing(decoded)
    text, encoding = decoded
    if not text.strip():
        return nothing(
            Problem(
                filename,
                None,
                None,
                "the file is empty: expected a header row (date, place, description, ...) "
                "and one row per event",
            ),
            encoding=encoding,
        )
    control = first_control_character(text)
    if control is not None:
        line, char = control
        return nothing(
            Problem(
                filename,
                line,
                None,
                f"not a text file: control character {char!r} on line {line}; "
                "open a CSV file (comma, semicolon or tab separated)",
            ),
            encoding=encoding,
        )

    delimiter = sniff_delimiter(text)
    key, version, mismatch = formats.choose(read_header(text, delimiter), file_format)
    if key in formats.READERS:
        return read_mapped(text, filename, base, key, version, mismatch, encoding, delimiter)
    header, records, problems = parse_records(text, delimiter, filename)
    header = [h.strip() for h in header]
    if not records and not problems:
        problems.append(Problem(filename, None, None, "the file has a header row but no events"))
    if key == "ours" and is_events_format(header):
        dataset = read_events_format(header, records, delimiter, filename, base, problems)
        shape: Shape = "events"
    else:
        dataset = read_plain_table(header, records, filename, base, problems)
        shape = "table"
    return Upload(
        dataset=dataset,
        filename=filename,
        shape=shape,
        encoding=encoding,
        delimiter=delimiter,
        problems=dataset.problems,
    )


def read_mapped(
    text: str,
    filename: str,
    base: Dataset,
    key: str,
    version: str,
    mismatch: str | None,
    encoding: str,
    delimiter: str,
) -> Upload:
    """An ACLED or CCC file, read by the same code as the ``import`` command."""
    header = read_header(text, delimiter)
    reader = formats.READERS[key](filename=filename, header=header, version=version)
    if mismatch:
        reader.report(1, None, mismatch)
    lines = LineStream([text])
    rows = list(reader.read(stream_records(lines, delimiter, filename, reader.problems)))
    if not rows and not reader.problems:
        reader.report(1, None, "the file has a header row but no events")
    dataset = to_dataset(reader, rows, base)
    return Upload(
        dataset=dataset,
        filename=filename,
        shape=key,  # type: ignore[arg-type]
        encoding=encoding,
        delimiter=delimiter,
        problems=dataset.problems,
        format_name=version,
        stray_lines=tuple(lines.stray_lines),
    )


STRAY_SHOWN = 5
"""Lines named in the note on stray line breaks; more are '…'."""


def stray_note(lines: tuple[int, ...], lang: Lang = ENGLISH) -> str:
    """What the summary says about stray line breaks joined back into their rows."""
    shown = ", ".join(lang.number(n) for n in lines[:STRAY_SHOWN])
    if len(lines) > STRAY_SHOWN:
        shown += ", …"
    return lang.n_(
        "{n} stray line break inside a field joined back into its row (line {lines})",
        "{n} stray line breaks inside a field joined back into their rows (lines {lines})",
        len(lines),
        lines=shown,
    )
