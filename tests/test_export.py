"""Exports: spreadsheet formulas in CSV text cells are made inert, and the CSV reads back."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest

from dashboard import export
from dashboard.loader import Dataset, load_dataset
from dashboard.settings import BUNDLED_DATA
from dashboard.upload import read_upload


@pytest.fixture(scope="module")
def base() -> Dataset:
    """The bundled dataset."""
    return load_dataset(BUNDLED_DATA)


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("'already quoted", "''already quoted"),
        ("plain text", "plain text"),
        ("a = b", "a = b"),
        ("", ""),
        (-12.5, -12.5),
        (3, 3),
        (None, None),
    ],
)
def test_guard_formula(value: object, written: object) -> None:
    assert export.guard_formula(value) == written
    if isinstance(value, str):
        assert export.unguard_formula(export.guard_formula(value)) == value


@pytest.mark.parametrize("text", ["'quoted'", "'", "it's", "''"])
def test_unguard_leaves_other_apostrophes(text: str) -> None:
    assert export.unguard_formula(text) == (text[1:] if text == "''" else text)


PAYLOADS = {
    "description": '=cmd|" /C calc"!A0',
    "location_text": "+SUM(1,2)",
    "disputes": "-1+2",
    "organisations": ("@org", "fine"),
}


def poisoned(base: Dataset) -> pd.DataFrame:
    """Two bundled events with formula payloads in their text fields."""
    events = base.events.iloc[:2].copy()
    for column, value in PAYLOADS.items():
        events[column] = [value] * len(events)
    return events


def test_csv_text_guards_text_cells_and_keeps_numbers(base: Dataset) -> None:
    events = poisoned(base)
    events["lon"] = [-12.5, events["lon"].iloc[1]]
    text = export.csv_text(events, base.sources)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows[0]["description"] == '\'=cmd|" /C calc"!A0'
    assert rows[0]["location_text"] == "'+SUM(1,2)"
    assert rows[0]["disputes"] == "'-1+2"
    assert rows[0]["organisations"] == "'@org|fine"
    assert rows[0]["longitude"] == "-12.5"  # a number, not text: left alone
    for row in rows:
        for name, cell in row.items():
            if name not in ("longitude", "latitude"):
                assert not cell.startswith(export.FORMULA_TRIGGERS), (name, cell)


def test_guarded_csv_round_trips_through_the_upload_reader(base: Dataset) -> None:
    events = poisoned(base)
    text = export.csv_text(events, base.sources)
    result = read_upload(text.encode("utf-8"), "export.csv", base)
    back = result.events
    assert list(back["description"]) == [PAYLOADS["description"]] * 2
    assert list(back["location_text"]) == [PAYLOADS["location_text"]] * 2
    assert list(back["disputes"]) == [PAYLOADS["disputes"]] * 2
    assert list(back["organisations"]) == [PAYLOADS["organisations"]] * 2
    assert list(back["lon"]) == list(events["lon"])
    assert export.csv_text(back, result.dataset.sources) == text


def test_source_label_leaves_out_what_is_unknown() -> None:
    assert export.source_label({"publisher": "P", "title": "T", "date": None}) == "P, T"
    assert export.source_label({"publisher": "", "title": "T", "date": "2024-02-01"}) == (
        "T, 2024-02-01"
    )
