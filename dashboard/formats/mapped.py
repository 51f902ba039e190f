"""What ACLED and CCC readers share: a declared mapping from the file's columns to ours, and
a reader that turns one row at a time into our model (an event row, the places and sources it
names), so a file of millions of rows can be written out in chunks (``import``) or held as a
:class:`~dashboard.loader.Dataset` (the app's uploader): the same code for both.

Places and sources are named by ids derived from their content (a short SHA-1), so the same
place or source in two rows, or two files, gets the same id.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import ClassVar

import numpy as np
import pandas as pd

from dashboard import schema
from dashboard.errors import Problem, show_value
from dashboard.escape import safe_url
from dashboard.formats.build import concat, sort_problems, uploaded_dataset
from dashboard.loader import LARGEST_INT, Dataset, convert, empty_frame
from dashboard.schema import LIST_SEPARATOR

SEMICOLONS = re.compile(r"\s*;\s*")
INTEGER = re.compile(r"[0-9]+(?:\.0+)?")


def short_id(prefix: str, *parts: object) -> str:
    """``prefix-`` and 12 hex digits of the SHA-1 of ``parts``: the same content, the same id."""
    digest = hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    return f"{prefix}-{digest[:12]}"


def split_semicolons(text: str) -> list[str]:
    """A ``;``-separated cell as its items (empty items dropped; '|' would split our lists, so
    it becomes '/')."""
    return [i.replace(LIST_SEPARATOR, "/") for i in SEMICOLONS.split(text.strip()) if i]


def full_name(*parts: str) -> str:
    """'Madhukhali, Faridpur, Dhaka, Bangladesh': the non-empty parts, each name once."""
    seen: set[str] = set()
    out = []
    for part in parts:
        part = " ".join(part.split())
        if part and part.casefold() not in seen:
            seen.add(part.casefold())
            out.append(part)
    return ", ".join(out)


@dataclass(frozen=True)
class Mapping_:
    """One column of a format: the field of ours it fills (None: left, with why)."""

    column: str
    field: str | None
    note: str = ""


@dataclass
class MappedReader:
    """Reads the rows of one file of a mapped format (subclasses give ``event``)."""

    filename: str
    header: list[str]
    version: str
    problems: list[Problem] = field(default_factory=list)
    place_rows: dict[str, dict[str, str]] = field(default_factory=dict)
    source_rows: dict[str, dict[str, str]] = field(default_factory=dict)
    ids: set[str] = field(default_factory=set)
    filled: Counter = field(default_factory=Counter)
    rows_read: int = 0
    rows_left: int = 0

    MAPPING: ClassVar[tuple[Mapping_, ...]] = ()

    def __post_init__(self) -> None:
        self.index = {name: i for i, name in reversed(list(enumerate(self.header)))}

    # --- reading ---------------------------------------------------------------------------

    def read(self, records: Iterable[tuple[int, list[str]]]) -> Iterable[dict[str, str]]:
        """Event rows (schema strings, with ``_line``) for ``records``; bad rows reported."""
        width = len(self.header)
        for line, record in records:
            if len(record) != width and any(c.strip() for c in record[width:]):
                self.left(
                    line,
                    None,
                    f"expected {width} fields as in the header, found {len(record)}: the row "
                    "was not read",
                )
                continue
            cells = {
                name: record[i].strip() if i < len(record) else "" for name, i in self.index.items()
            }
            for name, value in cells.items():
                if value:
                    self.filled[name] += 1
            row = self.event(line, cells)
            if row is not None:
                self.rows_read += 1
                row["_line"] = line
                yield row

    def event(self, line: int, cells: Mapping[str, str]) -> dict[str, str] | None:
        raise NotImplementedError

    # --- what a row names ------------------------------------------------------------------

    def report(self, line: int, column: str | None, message: str) -> None:
        self.problems.append(Problem(self.filename, line, column, message))

    def left(self, line: int, column: str | None, message: str) -> None:
        """Report a row that is left out."""
        self.rows_left += 1
        self.report(line, column, message)

    def unique_id(self, line: int, column: str, event_id: str) -> str:
        if event_id in self.ids:
            self.report(line, column, f"duplicate id {show_value(event_id)}: renamed")
            n = 2
            while f"{event_id}-{n}" in self.ids:
                n += 1
            event_id = f"{event_id}-{n}"
        self.ids.add(event_id)
        return event_id

    def count(self, line: int, column: str, text: str) -> str:
        """A whole number ('' when empty); anything else is reported and left empty."""
        if not text:
            return ""
        if not INTEGER.fullmatch(text) or float(text) > LARGEST_INT:
            self.report(line, column, f"invalid number {show_value(text)}: left empty")
            return ""
        return str(int(float(text)))

    def coordinate(self, line: int, column: str, text: str, limit: float) -> float | None:
        try:
            value = float(text)
        except ValueError:
            value = None
        if value is None or not -limit <= value <= limit or np.isnan(value):
            if text:
                self.report(line, column, f"invalid coordinate {show_value(text)}")
            return None
        return value

    def place(
        self,
        *,
        name: str,
        lat: float | None,
        lon: float | None,
        precision: str,
        note: str,
        admin: Mapping[str, str] | None = None,
    ) -> str:
        """The id of the place (added once)."""
        if lat is None or lon is None:
            lat = lon = None
            precision = "city"
        place_id = short_id("place", name, lat, lon, precision)
        if place_id not in self.place_rows:
            row = {c: "" for c in schema.PLACES.column_names}
            row.update(admin or {})
            row.update(
                {
                    "place_id": place_id,
                    "name_en": name or "place not given",
                    "precision": precision,
                    "lat": "" if lat is None else repr(lat),
                    "lon": "" if lon is None else repr(lon),
                    "coord_source": note if lat is not None else "",
                    "verified": "no",
                }
            )
            self.place_rows[place_id] = row
        return place_id

    def source(self, *, publisher: str, title: str = "", url: str = "", notes: str = "") -> str:
        """The id of the source (added once); only an http(s) address is kept as its link."""
        link = safe_url(url) and url
        source_id = short_id("source", publisher, title, link or "")
        if source_id not in self.source_rows:
            row = {c: "" for c in schema.SOURCES.column_names}
            row.update(
                {
                    "source_id": source_id,
                    "title": title,
                    "publisher": publisher,
                    "url": link or "",
                    "notes": notes,
                }
            )
            self.source_rows[source_id] = row
        return source_id

    # --- what the command prints -----------------------------------------------------------

    def column_report(self) -> list[str]:
        """Per column of the file: what it filled, or that it was left, with counts."""
        fields = {m.column: m for m in self.mapping()}
        lines = []
        for name in self.header:
            n = self.filled[name]
            mapped = fields.get(name) or self.extra_mapping(name)
            if mapped is not None and mapped.field:
                what = f"→ {mapped.field}"
            else:
                why = mapped.note if mapped is not None and mapped.note else "not used"
                what = f"left ({why})"
            lines.append(f"  {name}: {what}: {n:,} value{'' if n == 1 else 's'}")
        return lines

    def mapping(self) -> tuple[Mapping_, ...]:
        """The columns this file's header maps (``MAPPING``, unless a version reads some
        differently)."""
        return self.MAPPING

    def extra_mapping(self, name: str) -> Mapping_ | None:
        return None

    def summary(self) -> str:
        total = self.rows_read + self.rows_left
        return (
            f"{self.version}: {self.rows_read:,} of {total:,} rows read; "
            f"{self.rows_left:,} left out"
        )


def join_list(items: Iterable[str]) -> str:
    return LIST_SEPARATOR.join(i for i in items if i)


def to_dataset(reader: MappedReader, rows: list[dict[str, str]], base: Dataset) -> Dataset:
    """The rows read, joined with ``base``'s tables extended by the file's places and
    sources: what the page shows."""
    if rows:
        raw = pd.DataFrame(rows, columns=[*schema.EVENTS.column_names, "_line"], dtype=object)
        raw = raw.fillna("")
        raw["_line"] = np.asarray(raw["_line"], dtype="int64")
        events = convert(raw, schema.EVENTS)
    else:
        events = empty_frame(schema.EVENTS)
    places = concat(base.places, list(typed(reader.place_rows.values(), schema.PLACES)))
    sources = concat(base.sources, list(typed(reader.source_rows.values(), schema.SOURCES)))
    return uploaded_dataset(
        base,
        events,
        reader.filename,
        sort_problems(reader.problems, reader.header),
        places=places,
        sources=sources,
    )


def typed(rows: Iterable[dict[str, str]], table: schema.Table) -> Iterable[dict[str, object]]:
    """Rows of schema strings as the loader types them."""
    rows = list(rows)
    if not rows:
        return []
    raw = pd.DataFrame(rows, columns=table.column_names, dtype=object).fillna("")
    raw["_line"] = np.zeros(len(raw), dtype="int64")
    return convert(raw, table).to_dict("records")
