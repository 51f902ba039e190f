"""The file formats we read, one module each, the way geopy keeps one module per service.

- :mod:`~dashboard.formats.ours`: our own ``events.csv``;
- :mod:`~dashboard.formats.plain`: any table with a date and a place or coordinates;
- :mod:`~dashboard.formats.acled`: ACLED exports (2023+ columns and before 2023);
- :mod:`~dashboard.formats.ccc`: Crowd Counting Consortium exports (phases 1-3);
- :mod:`~dashboard.formats.decoding`: bytes to text, delimiters, records, dates;
- :mod:`~dashboard.formats.mapped`: what the ACLED and CCC readers share.

A file's format is told by its header (:func:`detect`); a caller may name it instead
(``import --format``). The app's uploader and the ``import`` command use the same readers.
"""

from __future__ import annotations

from dashboard.formats import acled, ccc, ours
from dashboard.formats.mapped import MappedReader

FORMATS = ("auto", "ours", "plain", "acled", "ccc")
"""What ``--format`` accepts: ``auto`` tells the format by the header."""

READERS: dict[str, type[MappedReader]] = {"acled": acled.AcledReader, "ccc": ccc.CccReader}
"""Formats read by a mapping, a row at a time (so they can stream)."""

NAMES = {"ours": ours.NAME, "plain": "a table"}


def detect(header: list[str]) -> tuple[str, str]:
    """(format key, the version recognised) for a file's header."""
    for module in (acled, ccc):
        version = module.detect(header)
        if version is not None:
            return module.KEY, version
    if ours.is_events_format(header):
        return "ours", ours.NAME
    return "plain", NAMES["plain"]


def choose(header: list[str], wanted: str = "auto") -> tuple[str, str, str | None]:
    """(format key, version, problem) for ``wanted`` ('auto' or a key): a named format whose
    header does not fit is still used, and the problem says what is missing."""
    if wanted == "auto":
        return (*detect(header), None)
    if wanted == "acled":
        version = acled.detect(header)
        missing = [c for c in acled.IDENTIFYING if c not in header]
        if version is None:
            return "acled", acled.VERSION_2023, missing_message("ACLED", missing)
        return "acled", version, None
    if wanted == "ccc":
        version = ccc.detect(header)
        if version is None:
            return (
                "ccc",
                "CCC",
                (
                    "not a CCC header: expected date, locality, state, type or event_type, and "
                    "size_low or size_text"
                ),
            )
        return "ccc", version, None
    return wanted, NAMES[wanted], None


def missing_message(name: str, missing: list[str]) -> str:
    return f"not an {name} header: missing {', '.join(missing)}"
