"""Shared decoding of text tables: bytes to text, delimiters, records, dates, numbers.

Encodings: UTF-8 (with or without a byte order mark), UTF-16 with a byte order mark (Excel's
"Unicode text"), else Windows-1251 (Excel on a Russian-locale Windows machine). This is
decided by byte order marks and a strict UTF-8 attempt rather than statistical detection:
short Cyrillic files are exactly where detectors guess wrong, and the result says which
encoding was used so a wrong guess is visible.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TextIO

import pandas as pd

from dashboard.errors import Problem, show_value
from dashboard.i18n import N_

DELIMITERS = (",", ";", "\t")
DELIMITER_NAMES = {
    ",": N_("comma-separated"),
    ";": N_("semicolon-separated"),
    "\t": N_("tab-separated"),
}
"""How the summary names each delimiter (msgids)."""

UTF8 = "UTF-8"
UTF8_BOM = N_("UTF-8 with byte order mark")
UTF16_LE = "UTF-16 LE"
UTF16_BE = "UTF-16 BE"
CP1251 = N_("Windows-1251 (Cyrillic)")

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


def split_items(text: str) -> list[str]:
    """A multi-valued cell: items separated by '|', ';' or new lines."""
    return [i for i in LIST_SPLIT.split(text.strip()) if i] if text.strip() else []


MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
NAMED_MONTH_DATE = re.compile(r"([0-9]{1,2})[- ]([A-Za-z]{3,9})\.?[- ]([0-9]{2}|[0-9]{4})")
TWO_DIGIT_PIVOT = 90
"""A two-digit year below this is 20YY, else 19YY (ACLED's data start in 1997)."""


def parse_day(text: str) -> str | None:
    """A day as ACLED and CCC have shipped it (``2024-08-05``, ``5-Aug-24``,
    ``05 August 2024``, ``9-May-20``, ``05.08.2024``) as ``YYYY-MM-DD``, or None."""
    text = text.strip()
    m = NAMED_MONTH_DATE.fullmatch(text)
    if m:
        day, month_name, year = m.groups()
        month = MONTHS.get(month_name.casefold())
        if month is None:
            return None
        if len(year) == 2:
            year = ("20" if int(year) < TWO_DIGIT_PIVOT else "19") + year
        return iso_day(int(year), month, int(day))
    for pattern, order in DAY_FORMATS:
        m = pattern.fullmatch(text)
        if m:
            parts = dict(zip(order, m.groups()))
            return iso_day(int(parts["y"]), int(parts["m"]), int(parts["d"]))
    return None


def iso_day(year: int, month: int, day: int) -> str | None:
    """``YYYY-MM-DD`` for a real day, else None (a plain check: this runs once per row of
    files of millions of rows)."""
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


STRAY_CR = re.compile(r"\r(?!\n)")
READ_CHUNK = 1 << 20
"""Characters read at a time when streaming a file (1 MiB)."""


@dataclass
class LineStream:
    """The lines of a text stream for ``csv.reader``, read a chunk at a time.

    A carriage return that is not part of a line end (``\\r`` alone in a file whose lines
    end with ``\\n``) is a stray one inside a field: it would end the row there and split it
    in two. It becomes a space, and the line where it was is remembered in ``stray_lines``.
    """

    chunks: Iterable[str]
    stray_lines: list[int] = field(default_factory=list)

    def __iter__(self) -> Iterator[str]:
        carry = ""
        line = 1
        for chunk in self.chunks:
            text = carry + chunk
            # A '\r' at the very end may be the first half of '\r\n': keep it for later.
            cut = len(text) - 1 if text.endswith("\r") else len(text)
            text, carry = text[:cut], text[cut:]
            text, line = self.mend(text, line)
            lines = text.split("\n")
            carry = lines.pop() + carry
            for item in lines:
                yield item + "\n"
        if carry:
            text, _ = self.mend(carry, line)
            yield text

    def mend(self, text: str, line: int) -> tuple[str, int]:
        if "\r" in text and "\n" in text:
            for m in STRAY_CR.finditer(text):
                self.stray_lines.append(line + text.count("\n", 0, m.start()))
            text = STRAY_CR.sub(" ", text)
        return text, line + text.count("\n")


def text_chunks(stream: TextIO, size: int = READ_CHUNK) -> Iterator[str]:
    while True:
        chunk = stream.read(size)
        if not chunk:
            return
        yield chunk


def stream_records(
    lines: Iterable[str], delimiter: str, filename: str, problems: list[Problem]
) -> Iterator[tuple[int, list[str]]]:
    """(line, record) pairs after the header, one at a time; a record that is not valid CSV
    is reported (in ``problems``) with its line and skipped."""
    reader = csv.reader(iter(lines), delimiter=delimiter, strict=True)
    start = 1
    first = True
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            problems.append(
                Problem(filename, start, None, f"not valid CSV ({exc}): the row was not read")
            )
            start = reader.line_num + 1
            continue
        if first:
            first = False
        elif any(cell.strip() for cell in record):
            yield start, record
        start = reader.line_num + 1


def read_header(text: str, delimiter: str) -> list[str]:
    """The first row of ``text`` (its header), cells stripped."""
    for record in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
        if record:
            return [h.strip() for h in record]
    return []
