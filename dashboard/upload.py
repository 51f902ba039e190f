"""Reading a file a viewer opens in the app: our events format or a plain table.

Pure functions, no streamlit. The file arrives as bytes with its name; the result is a
:class:`~dashboard.loader.Dataset` whose ``events`` frame has the same shape as the loader's,
so filters, map and panels work on it unchanged, plus every problem found, each with the file,
line, column and value. Good rows are kept; nothing is written anywhere.

Two shapes are accepted:

* our own ``events.csv`` (see :mod:`dashboard.schema`), validated by the loader's
  :func:`~dashboard.loader.read_table` against the bundled places, people and sources;
* a plain table (a spreadsheet, or our own CSV export): columns are recognised by header name
  in English or Russian (``date``/``дата``, ``place``/``место``, ``lat``/``широта``, ...);
  places are matched against the gazetteer by name in any language, or placed by the file's
  own coordinates; anything not understood is reported.

Encodings: UTF-8 (with or without a byte order mark), UTF-16 with a byte order mark (Excel's
"Unicode text"), else Windows-1251 (Excel on a Russian-locale Windows machine). This is
decided by byte order marks and a strict UTF-8 attempt rather than statistical detection:
short Cyrillic files are exactly where detectors guess wrong, and the result says which
encoding was used so a wrong guess is visible.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

from dashboard import schema
from dashboard.errors import Problem, show_value
from dashboard.export import unguard_formula
from dashboard.loader import (
    LARGEST_INT,
    URL_PATTERN,
    Dataset,
    convert,
    empty_frame,
    join_events,
    read_table,
)
from dashboard.schema import LIST_SEPARATOR

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
"""Largest file the app reads (20 MB: about 100,000 events in our format)."""

DELIMITERS = (",", ";", "\t")
DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab"}

UTF8 = "UTF-8"
UTF8_BOM = "UTF-8 with byte order mark"
UTF16_LE = "UTF-16 LE"
UTF16_BE = "UTF-16 BE"
CP1251 = "Windows-1251 (Cyrillic)"

BOMS: tuple[tuple[bytes, str, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8", UTF8_BOM),
    (b"\xff\xfe", "utf-16-le", UTF16_LE),
    (b"\xfe\xff", "utf-16-be", UTF16_BE),
)

MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (an Excel .xlsx workbook is one)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Excel (.xls) or Word (.doc) file"),
    (b"\x1f\x8b", "a gzip archive"),
)

SAVE_AS_CSV = "in Excel use File → Save As → CSV UTF-8 (comma delimited) and open that file"

Shape = Literal["events", "table", "none"]

FIELD_SYNONYMS: dict[str, tuple[str, ...]] = {
    "event_id": ("event_id", "id", "№", "номер"),
    "date": ("date", "дата", "day", "event_date", "күні", "күн"),
    "time_precision": ("time_precision",),
    "event_type": ("event_type", "type", "тип", "вид", "kind", "category", "категория"),
    "actors": (
        "actors",
        "people",
        "participants_names",
        "участники",
        "person",
        "persons",
        "names",
        "name",
        "активисты",
        "activists",
        "кто",
    ),
    "organisations": (
        "organisations",
        "organisation",
        "organizations",
        "organization",
        "org",
        "orgs",
        "организация",
        "организации",
        "group",
        "groups",
    ),
    "place_id": ("place_id",),
    "place": (
        "place",
        "место",
        "location",
        "place_name",
        "venue",
        "address",
        "адрес",
        "локация",
        "where",
        "где",
        "орын",
    ),
    "place_precision": ("place_precision", "precision"),
    "lat": ("lat", "latitude", "широта", "y"),
    "lon": ("lon", "lng", "long", "longitude", "долгота", "x"),
    "location_text": ("location_text",),
    "participants": (
        "participants",
        "count",
        "participants_count",
        "количество",
        "количество_участников",
        "число_участников",
        "size",
    ),
    "participants_low": ("participants_low", "min_participants"),
    "participants_high": ("participants_high", "max_participants"),
    "authorisation": ("authorisation", "authorization", "permit", "разрешение"),
    "outcomes": ("outcomes", "outcome", "последствия"),
    "description": (
        "description",
        "описание",
        "text",
        "текст",
        "summary",
        "what",
        "что",
        "details",
        "notes",
        "комментарий",
        "сипаттама",
    ),
    "disputes": ("disputes", "разногласия"),
    "sources": (
        "sources",
        "source",
        "url",
        "urls",
        "link",
        "links",
        "источник",
        "источники",
        "ссылка",
        "ссылки",
        "дереккөз",
    ),
    "source_urls": ("source_urls",),
    "geo_precision": ("geo_precision",),
}
"""Header names (normalised: lower case, words joined by '_') understood in a plain table."""

DERIVED_FIELDS = ("geo_precision",)
"""Columns of our own export that are recomputed, so read and ignored without a warning."""

TYPE_SYNONYMS: dict[str, str] = {
    **{t: t for t in schema.EVENT_TYPES},
    "press conference": "press_conference",
    "counter protest": "counter_protest",
    "counter-protest": "counter_protest",
    "пикет": "picket",
    "одиночный пикет": "picket",
    "пресс-конференция": "press_conference",
    "марш": "march",
    "шествие": "march",
    "митинг": "rally",
    "контрмитинг": "counter_protest",
}

NOT_GIVEN_PLACE_ID = "upload:no-place"
LIST_SPLIT = re.compile(r"\s*[|;\n]\s*")
SOURCE_SPLIT = re.compile(r"\s*[|\n]\s*|\s+(?=https?://)")
DAY_FORMATS = (
    (re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:[ T].*)?"), ("y", "m", "d")),
    (re.compile(r"([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})(?: .*)?"), ("d", "m", "y")),
)
MONTH_FORMATS = (
    (re.compile(r"([0-9]{4})-([0-9]{1,2})"), ("y", "m")),
    (re.compile(r"([0-9]{1,2})\.([0-9]{4})"), ("m", "y")),
)
# [0-9], not \d: \d matches any Unicode digit.
YEAR_FORMAT = re.compile(r"[0-9]{4}")
NUMBER = re.compile(r"-?[0-9]+(?:[.,][0-9]+)?")
COUNT_RANGE = re.compile(r"([0-9]+)\s*[-–—]\s*([0-9]+)")


@dataclass(frozen=True)
class Upload:
    """An opened file: its events with the places, people and sources they refer to."""

    dataset: Dataset
    filename: str
    shape: Shape
    encoding: str | None = None
    delimiter: str | None = None
    problems: tuple[Problem, ...] = field(default=())

    @property
    def events(self) -> pd.DataFrame:
        return self.dataset.events

    def summary(self) -> str:
        """One line for the page: what was read and how."""
        n = len(self.events)
        if self.shape == "none":
            return f"Nothing read from {self.filename!r}: see the problem below"
        what = {"events": "our events format", "table": "a table"}[self.shape]
        how = []
        if self.encoding:
            how.append(f"{self.encoding} text")
        if self.delimiter:
            how.append(f"{DELIMITER_NAMES[self.delimiter]}-separated")
        how.append(f"read as {what}")
        line = f"{n} event{'s' if n != 1 else ''} from {self.filename!r} ({', '.join(how)})"
        if self.problems:
            k = len(self.problems)
            line += f"; {k} problem{'s' if k != 1 else ''}"
        return line


def read_upload(
    data: bytes,
    filename: str,
    base: Dataset,
    *,
    max_bytes: int = MAX_UPLOAD_BYTES,
) -> Upload:
    """Read an uploaded file. Never raises for bad input: problems are in the result.

    base: the dataset whose places, people and sources the file's events may refer to.
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
    header, records, problems = parse_records(text, delimiter, filename)
    header = [h.strip() for h in header]
    if not records and not problems:
        problems.append(Problem(filename, None, None, "the file has a header row but no events"))
    if is_events_format(header):
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


# --- bytes to text ----------------------------------------------------------------------------


def format_size(n: int) -> str:
    """Bytes as a person reads them (``20 MB``, ``21.3 MB``, ``512 bytes``)."""
    if n < 1024:
        return f"{n} bytes"
    if n < 1024 * 1024:
        return f"{n / 1024:.1f} KB".replace(".0 ", " ")
    return f"{n / (1024 * 1024):.1f} MB".replace(".0 ", " ")


def sniff_binary(data: bytes) -> str | None:
    """What a non-text file looks like (``'a PNG image'``), or None for text."""
    for magic, kind in MAGIC:
        if data.startswith(magic):
            return kind
    if any(data.startswith(bom) for bom, _, _ in BOMS):
        return None  # UTF-16 text has NUL bytes
    if b"\x00" in data[:8192]:
        return "a binary file (it contains NUL bytes)"
    return None


def decode_text(data: bytes, filename: str) -> tuple[str, str] | Problem:
    """The text and the name of its encoding, or the problem that stops it being read."""
    for bom, codec, name in BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(codec).removeprefix("\ufeff"), name
            except UnicodeDecodeError as exc:
                return Problem(
                    filename, None, None, f"not valid {name} text: bad bytes at byte {exc.start}"
                )
    try:
        return data.decode("utf-8"), UTF8
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1251"), CP1251
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        bad = data[exc.start : exc.start + 1]
        return Problem(
            filename,
            line,
            None,
            f"cannot read the text: it is neither UTF-8 nor Windows-1251 (bad byte {bad!r} "
            f"on line {line}); save it as CSV UTF-8",
        )


def first_control_character(text: str) -> tuple[int, str] | None:
    """Line and character of the first control character no CSV contains (NUL and the like)."""
    match = re.search(r"[\x00-\x08\x0b\x0e-\x1f\x7f]", text)
    if match is None:
        return None
    return text[: match.start()].count("\n") + 1, match.group()


def sniff_delimiter(text: str) -> str:
    """The delimiter among ',', ';' and tab that splits the header into the most fields."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    best, best_count = ",", 1
    for delimiter in DELIMITERS:
        count = len(next(csv.reader([first], delimiter=delimiter), []))
        if count > best_count:
            best, best_count = delimiter, count
    return best


def parse_records(
    text: str, delimiter: str, filename: str
) -> tuple[list[str], list[tuple[int, list[str]]], list[Problem]]:
    """Header, (line, record) pairs and problems: a record that cannot be read is reported
    with its line and skipped, and reading goes on with the next one."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    lines = text.splitlines()
    header: list[str] | None = None
    records: list[tuple[int, list[str]]] = []
    problems: list[Problem] = []
    start = 1
    while True:
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raw = lines[start - 1] if start - 1 < len(lines) else ""
            if "unexpected end of data" in str(exc):
                message = (
                    "the file ends inside a quoted value that starts on this row (was the file "
                    f"cut short?): the row was not read: {show_value(raw)}"
                )
            else:
                message = f"not valid CSV ({exc}): the row was not read: {show_value(raw)}"
            problems.append(Problem(filename, start, None, message))
            start = reader.line_num + 1
            if header is None:
                header = []
            continue
        if header is None:
            if record:
                header = record
        elif any(cell.strip() for cell in record):
            records.append((start, record))
        start = reader.line_num + 1
    return header or [], records, problems


# --- our events format ------------------------------------------------------------------------


def is_events_format(header: list[str]) -> bool:
    """Every required events column present, and no column that is not in the schema."""
    names = set(header)
    required = {c.name for c in schema.EVENTS.columns if c.required}
    return required <= names and names <= set(schema.EVENTS.column_names)


def read_events_format(
    header: list[str],
    records: list[tuple[int, list[str]]],
    delimiter: str,
    filename: str,
    base: Dataset,
    problems: list[Problem],
) -> Dataset:
    """Validate with the loader's ``read_table``, ids resolved against ``base``.

    The records are rewritten as UTF-8, comma-separated CSV with blank lines where the
    original had other lines, so that the loader's line numbers are the file's.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    line = 2
    for start, record in records:
        buffer.write("\n" * (start - line))
        writer.writerow(record)
        line = start + 1 + sum(cell.count("\n") for cell in record)
    known = {
        "places": set(base.places["place_id"]),
        "people": set(base.people["person_id"]),
        "sources": set(base.sources["source_id"]),
    }
    frame, found = read_table(
        buffer.getvalue().encode("utf-8"), schema.EVENTS, filename=filename, known_ids=known
    )
    all_problems = sorted([*problems, *found], key=lambda p: p.line or 0)
    return uploaded_dataset(base, frame, filename, tuple(all_problems))


# --- plain tables -----------------------------------------------------------------------------


def normalise_header(name: str) -> str:
    """``' Latitude (WGS84) '`` → ``'latitude'``; ``'Event Type'`` → ``'event_type'``."""
    name = re.sub(r"\(.*?\)", "", name).strip().strip("\"'«»").casefold()
    return re.sub(r"[\s_\-]+", "_", name).strip("_")


def map_columns(header: list[str]) -> tuple[dict[str, int], list[tuple[int, str]]]:
    """Field → column index for the columns understood, and the (index, name) of the rest."""
    lookup = {syn: fld for fld, syns in FIELD_SYNONYMS.items() for syn in syns}
    fields: dict[str, int] = {}
    unknown: list[tuple[int, str]] = []
    for i, name in enumerate(header):
        fld = lookup.get(normalise_header(name))
        if fld is None or fld in fields:
            if name.strip() or fld in fields:
                unknown.append((i, name))
            continue
        fields[fld] = i
    return fields, unknown


def name_key(text: str) -> str:
    """A place or person name for matching: case, quotes and spacing ignored."""
    return re.sub(r"\s+", " ", re.sub(r"[\"'«»“”„]", "", text)).strip().casefold()


def place_lookup(places: pd.DataFrame) -> dict[str, str]:
    """Every name a gazetteer place goes by (any language, with and without the part in
    brackets, each of several names given with ';') → its place id."""
    lookup: dict[str, str] = {}
    for row in places.itertuples(index=False):
        names = [row.place_id]
        for value in (row.name_en, row.name_ru, row.name_kk):
            for part in str(value).split(";"):
                names.append(part)
                names.append(re.sub(r"\(.*?\)", "", part))
                names.extend(re.findall(r"\((.*?)\)", part))
        for name in names:
            key = name_key(name)
            if key:
                lookup.setdefault(key, row.place_id)
    return lookup


def match_place(name: str, lookup: dict[str, str]) -> list[str]:
    """Place ids whose name is ``name``, else those with a name containing it as whole words
    ("Gandhi Park" finds "Mahatma Gandhi Park"); several ids mean it is ambiguous."""
    key = name_key(name)
    if key in lookup:
        return [lookup[key]]
    if len(key) < 4:
        return []
    pattern = re.compile(rf"(?<!\w){re.escape(key)}(?!\w)")
    return sorted({pid for known, pid in lookup.items() if pattern.search(known)})


def person_lookup(people: pd.DataFrame) -> dict[str, str]:
    """Every spelling of a person's name → their person id."""
    lookup: dict[str, str] = {}
    for pid, name, aliases in zip(people["person_id"], people["name"], people["aliases"]):
        for spelling in (pid, name, *aliases):
            lookup.setdefault(name_key(spelling), pid)
    return lookup


def parse_date(text: str) -> tuple[str, str] | None:
    """``(YYYY-MM-DD, time_precision)`` from a day, a month or a year, or None."""
    text = text.strip()
    for pattern, order in DAY_FORMATS:
        m = pattern.fullmatch(text)
        if m:
            parts = dict(zip(order, m.groups()))
            return checked_date(parts["y"], parts["m"], parts["d"], "1")
    for pattern, order in MONTH_FORMATS:
        m = pattern.fullmatch(text)
        if m:
            parts = dict(zip(order, m.groups()))
            return checked_date(parts["y"], parts["m"], "1", "3")
    if YEAR_FORMAT.fullmatch(text):
        return checked_date(text, "1", "1", "3")
    return None


def checked_date(year: str, month: str, day: str, precision: str) -> tuple[str, str] | None:
    iso = f"{int(year):04d}-{int(month):02d}-{int(day):02d}"
    if pd.isna(pd.to_datetime(iso, format="%Y-%m-%d", errors="coerce")):
        return None
    return iso, precision


def parse_number(text: str) -> float | None:
    """A decimal number, with a point or (as Russian-locale Excel writes it) a comma."""
    text = text.strip()
    if not NUMBER.fullmatch(text):
        return None
    return float(text.replace(",", "."))


@dataclass
class TableReader:
    """Builds events, places and sources from the rows of a plain table."""

    filename: str
    base: Dataset
    header: list[str]
    fields: dict[str, int]
    problems: list[Problem] = field(default_factory=list)
    places: dict[tuple[str, float | None, float | None, str], str] = field(default_factory=dict)
    place_rows: list[dict[str, object]] = field(default_factory=list)
    sources: dict[tuple[str, str, str], str] = field(default_factory=dict)
    source_rows: list[dict[str, object]] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.place_names = place_lookup(self.base.places)
        self.known_places = set(self.base.places["place_id"])
        self.people = person_lookup(self.base.people)

    def column(self, fld: str) -> str:
        return self.header[self.fields[fld]]

    def report(self, line: int, fld: str | None, message: str) -> None:
        self.problems.append(
            Problem(self.filename, line, self.column(fld) if fld else None, message)
        )

    def row(self, line: int, cells: dict[str, str]) -> dict[str, str] | None:
        """One event as schema strings, or None (reported) when it cannot be shown."""
        get = cells.get
        if not get("date", ""):
            self.report(line, "date", "no date: the row is left out (events are shown by date)")
            return None
        parsed = parse_date(get("date", ""))
        if parsed is None:
            self.report(
                line,
                "date",
                f"invalid date {show_value(get('date'))} (expected YYYY-MM-DD or DD.MM.YYYY; "
                "a month YYYY-MM or a year also works): the row is left out",
            )
            return None
        date, precision = parsed
        if get("time_precision", "") in schema.TIME_PRECISIONS:
            precision = get("time_precision", "")
        event_id = get("event_id", "")
        if not event_id or event_id in self.ids:
            if event_id:
                self.report(line, "event_id", f"duplicate id {show_value(event_id)}: renamed")
            event_id = f"upload-{line}"
        self.ids.add(event_id)
        low, high = self.counts(line, get)
        return {
            "event_id": event_id,
            "date": date,
            "time_precision": precision,
            "event_type": self.event_type(line, get("event_type", "")),
            "people": LIST_SEPARATOR.join(self.actors(get("actors", ""))),
            "organisations": LIST_SEPARATOR.join(split_items(get("organisations", ""))),
            "place_id": self.place(line, get),
            "location_text": get("location_text", "") or get("place", ""),
            "participants_low": low,
            "participants_high": high,
            "authorisation": self.enum(line, "authorisation", get, schema.AUTHORISATIONS),
            "outcomes": self.outcomes(line, get("outcomes", "")),
            "description": get("description", ""),
            "disputes": get("disputes", ""),
            "sources": LIST_SEPARATOR.join(
                self.source_ids(line, get("sources", ""), get("source_urls", ""))
            ),
        }

    def event_type(self, line: int, text: str) -> str:
        """Our type for a name we know in any spelling; any other type is the file's own and
        is kept as it is written (open vocabulary)."""
        text = " ".join(text.split())
        return TYPE_SYNONYMS.get(text.casefold(), text)

    def enum(self, line: int, fld: str, get: Callable[..., str], allowed: tuple[str, ...]) -> str:
        value = get(fld, "").strip()
        if value and value not in allowed:
            self.report(
                line, fld, f"unknown value {show_value(value)} (allowed: {', '.join(allowed)})"
            )
            return ""
        return value

    def outcomes(self, line: int, text: str) -> str:
        """Outcomes as the file lists them (ours, or the file's own words)."""
        return LIST_SEPARATOR.join(split_items(text))

    def counts(self, line: int, get: Callable[..., str]) -> tuple[str, str]:
        """Lowest and highest participant counts; one count column gives both, '50-200' a
        range."""
        low, high = get("participants_low", ""), get("participants_high", "")
        both = get("participants", "")
        if both and not (low or high):
            m = COUNT_RANGE.fullmatch(both)
            if m is None:
                value = self.count(line, "participants", both)
                return value, value
            low, high = m.group(1), m.group(2)
            low_field = high_field = "participants"
        else:
            low_field, high_field = "participants_low", "participants_high"
        low, high = self.count(line, low_field, low), self.count(line, high_field, high)
        if low and high and int(low) > int(high):
            self.report(
                line,
                high_field,
                f"highest count {show_value(high)} is below lowest {show_value(low)}: "
                "counts left empty",
            )
            return "", ""
        return low, high

    def count(self, line: int, fld: str, value: str) -> str:
        """A whole number of people, or '' (reported when the cell is not empty)."""
        if value and not re.fullmatch(r"[0-9]+", value):
            self.report(line, fld, f"invalid number {show_value(value)}: left empty")
            return ""
        if value and int(value) > LARGEST_INT:
            self.report(line, fld, f"{show_value(value)} is too large: left empty")
            return ""
        return value

    def actors(self, text: str) -> list[str]:
        return [self.people.get(name_key(n), n) for n in split_items(text)]

    def place(self, line: int, get: Callable[..., str]) -> str:
        """The row's place id: a known place id, else the file's coordinates, else a
        gazetteer name; a place that is none of these is kept by name, not located."""
        place_id = get("place_id", "")
        if place_id in self.known_places:
            return place_id
        name = get("place", "")
        lat_text, lon_text = get("lat", ""), get("lon", "")
        lat = self.coordinate(line, "lat", lat_text, 90)
        lon = self.coordinate(line, "lon", lon_text, 180)
        if bool(lat_text) != bool(lon_text):
            missing = "lon" if lat_text else "lat"
            self.report(
                line,
                missing if missing in self.fields else ("lat" if lat_text else "lon"),
                "latitude and longitude go together: the row has only one of them",
            )
        if lat is not None and lon is not None:
            precision = get("place_precision", "")
            if precision not in schema.PLACE_PRECISIONS:
                precision = "venue"
            return self.new_place(line, name or f"{lat}, {lon}", lat, lon, precision, "")
        if not name:
            if place_id:
                self.report(
                    line,
                    "place_id",
                    f"unknown place id {show_value(place_id)} and no coordinates: "
                    "shown as not located",
                )
                return self.new_place(line, place_id, None, None, "city", "")
            return self.new_place(line, "place not given", None, None, "city", NOT_GIVEN_PLACE_ID)
        found = match_place(name, self.place_names)
        if len(found) == 1:
            return found[0]
        if found:
            self.report(
                line,
                "place",
                f"place {show_value(name)} could be any of {', '.join(found)}: "
                "give the full name or coordinates; shown as not located",
            )
            return self.new_place(line, name, None, None, "city", "")
        self.report(
            line,
            "place",
            f"place {show_value(name)} matches no place we know and the row has no "
            "coordinates: shown as not located",
        )
        return self.new_place(line, name, None, None, "city", "")

    def coordinate(self, line: int, fld: str, text: str, limit: int) -> float | None:
        """A latitude (limit 90) or longitude (180), or None (reported when not empty)."""
        if not text:
            return None
        value = parse_number(text)
        if value is None:
            self.report(line, fld, f"invalid number {show_value(text)}")
        elif not -limit <= value <= limit:
            self.report(line, fld, f"{show_value(text)} out of range -{limit} to {limit}")
            value = None
        return value

    def new_place(
        self,
        line: int,
        name: str,
        lat: float | None,
        lon: float | None,
        precision: str,
        place_id: str,
    ) -> str:
        key = (name, lat, lon, precision)
        if key not in self.places:
            place_id = place_id or f"upload:place-{len(self.places) + 1}"
            self.places[key] = place_id
            located = lat is not None
            self.place_rows.append(
                {
                    "place_id": place_id,
                    "name_en": name,
                    "name_ru": "",
                    "name_kk": "",
                    "place_type": "",
                    "precision": precision,
                    "lat": lat,
                    "lon": lon,
                    "line": (),
                    "coord_source": f"{self.filename}, line {line}" if located else "",
                    "confidence": "",
                    "verified": "no",
                    "notes": "from an uploaded file"
                    + ("" if located else ": no coordinates, not in the gazetteer"),
                    "line_number": line,
                }
            )
        return self.places[key]

    def source_ids(self, line: int, labels: str, urls: str) -> list[str]:
        """Sources as written in the file: URLs become links, anything else stays text.

        Our own export writes 'publisher, title, date' labels and, in ``source_urls``, the
        matching URLs in the same order."""
        label_items = [s for s in SOURCE_SPLIT.split(labels.strip()) if s] if labels else []
        url_items = urls.split(LIST_SEPARATOR) if urls else []
        out = []
        for i in range(max(len(label_items), len(url_items))):
            label = label_items[i] if i < len(label_items) else ""
            url = url_items[i].strip() if i < len(url_items) else ""
            if not url and re.fullmatch(r"\S+", label) and re.match(r"[A-Za-z][\w+.-]*:", label):
                label, url = "", label  # a bare address
            if url and not re.fullmatch(URL_PATTERN, url):
                self.report(
                    line,
                    "source_urls" if i < len(url_items) else "sources",
                    f"not an http(s) address: {show_value(url)}: kept as text, not as a link",
                )
                label, url = label or url, ""
            out.append(self.new_source(label, url))
        return out

    def new_source(self, label: str, url: str) -> str:
        """A source with the file's label as its title; a bare URL gets its host as the
        publisher (a label is kept whole: it may already name the publisher)."""
        publisher = ""
        if url and not label:
            publisher = re.sub(r"^https?://(www\.)?", "", url).split("/")[0]
        label = label or url
        key = (label, url, publisher)
        if key not in self.sources:
            source_id = f"upload:source-{len(self.sources) + 1}"
            self.sources[key] = source_id
            self.source_rows.append(
                {
                    "source_id": source_id,
                    "title": label,
                    "publisher": publisher,
                    "date": pd.NaT,
                    "url": url,
                    "language": "",
                    "notes": "from an uploaded file",
                    "line_number": 0,
                }
            )
        return self.sources[key]


def split_items(text: str) -> list[str]:
    """A multi-valued cell: items separated by '|', ';' or new lines."""
    return [i for i in LIST_SPLIT.split(text.strip()) if i] if text.strip() else []


def read_plain_table(
    header: list[str],
    records: list[tuple[int, list[str]]],
    filename: str,
    base: Dataset,
    problems: list[Problem],
) -> Dataset:
    """Events from a table whose columns are recognised by name."""
    fields, unknown = map_columns(header)
    known = ", ".join(f for f in FIELD_SYNONYMS if f not in DERIVED_FIELDS)
    for index, name in unknown:
        problems.append(
            Problem(
                filename,
                1,
                name or f"column {index + 1}",
                f"column {show_value(name)} not understood: ignored (columns read: {known}; "
                "Russian names such as дата, место, широта, долгота, описание work too)",
            )
        )
    if "date" not in fields:
        problems.append(
            Problem(
                filename,
                1,
                None,
                "no date column: expected a column named 'date' (or 'дата'); nothing can be "
                f"shown without dates. Columns found: {', '.join(map(show_value, header))}",
            )
        )
        return empty_dataset(base, filename, sort_problems(problems))
    if not ({"place", "place_id"} & fields.keys()) and not {"lat", "lon"} <= fields.keys():
        problems.append(
            Problem(
                filename,
                1,
                None,
                "no place or coordinate columns (place/место, or latitude and longitude): "
                "every event is shown as not located",
            )
        )

    reader = TableReader(filename=filename, base=base, header=header, fields=fields)
    width = len(header)
    rows: list[dict[str, str]] = []
    lines: list[int] = []
    for line, record in records:
        extra = record[width:]
        if len(record) < width or any(cell.strip() for cell in extra):
            problems.append(
                Problem(
                    filename,
                    line,
                    None,
                    f"expected {width} fields as in the header, found {len(record)}: the row "
                    f"was not read: {show_value(record)}",
                )
            )
            continue
        cells = {fld: unguard_formula(record[i]).strip() for fld, i in fields.items()}
        row = reader.row(line, cells)
        if row is not None:
            rows.append(row)
            lines.append(line)
    problems.extend(reader.problems)

    columns = schema.EVENTS.column_names
    raw = pd.DataFrame(rows, columns=columns, dtype=object)
    raw["_line"] = np.asarray(lines, dtype="int64")
    events = convert(raw, schema.EVENTS) if rows else empty_frame(schema.EVENTS)
    places = concat(base.places, reader.place_rows)
    sources = concat(base.sources, reader.source_rows)
    return uploaded_dataset(
        base, events, filename, sort_problems(problems, header), places=places, sources=sources
    )


def concat(frame: pd.DataFrame, rows: list[dict[str, object]]) -> pd.DataFrame:
    if not rows:
        return frame
    extra = pd.DataFrame(rows, columns=frame.columns).astype(frame.dtypes.to_dict())
    return pd.concat([frame, extra], ignore_index=True)


def sort_problems(problems: list[Problem], header: list[str] = ()) -> tuple[Problem, ...]:
    """By line, then in the order of the file's columns."""
    order = {name: i for i, name in enumerate(header)}
    return tuple(sorted(problems, key=lambda p: (p.line or 0, order.get(p.column, -1))))


def uploaded_dataset(
    base: Dataset,
    events: pd.DataFrame,
    filename: str,
    problems: tuple[Problem, ...],
    *,
    places: pd.DataFrame | None = None,
    sources: pd.DataFrame | None = None,
) -> Dataset:
    """The uploaded ``events`` joined with the bundled tables (or ``places``/``sources``
    extended by the file), as the page shows any dataset."""
    places = base.places if places is None else places
    sources = base.sources if sources is None else sources
    return Dataset(
        events=join_events(events, places, base.people),
        places=places,
        people=base.people,
        sources=sources,
        problems=tuple(problems),
        location=filename,
    )


def empty_dataset(base: Dataset, filename: str, problems: tuple[Problem, ...]) -> Dataset:
    return uploaded_dataset(base, empty_frame(schema.EVENTS), filename, problems)
