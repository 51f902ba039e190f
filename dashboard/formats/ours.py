"""Our own ``events.csv`` (see :mod:`dashboard.schema`), validated by the loader's
:func:`~dashboard.loader.read_table` against the bundled places, people and sources."""

from __future__ import annotations

import csv
import io

from dashboard import schema
from dashboard.errors import Problem
from dashboard.formats.build import uploaded_dataset
from dashboard.loader import (
    Dataset,
    read_table,
)

NAME = "our events format"


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
