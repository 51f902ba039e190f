"""Reading a link's dates: clamped, swapped or replaced, each with one line that says so."""

from __future__ import annotations

import datetime as dt

import pytest

from dashboard.links import clamp, dates_values, parse_day, read_dates

D = dt.date
BOUNDS = (D(2017, 3, 8), D(2024, 3, 8))
DEFAULT = (D(2024, 2, 1), D(2024, 3, 8))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-02-09", D(2024, 2, 9)),
        (" 2024-02-09 ", D(2024, 2, 9)),
        ("2024-02-09T00:00:00", D(2024, 2, 9)),
        ("1488931200000000", D(2017, 3, 8)),  # microseconds, as earlier versions wrote
        ("yesterday", None),
        ("2024-02-30", None),
        ("", None),
        ("99999999999999999999999", None),
    ],
)
def test_parse_day(text, expected):
    assert parse_day(text) == expected


@pytest.mark.parametrize(
    ("values", "dates", "note"),
    [
        ([], DEFAULT, None),
        (["2024-02-02", "2024-02-09"], (D(2024, 2, 2), D(2024, 2, 9)), None),
        (
            ["2017-01-01", "2024-12-31"],
            BOUNDS,
            "The link asks for 2017-01-01 to 2024-12-31; the data runs from 2017-03-08 to "
            "2024-03-08: showing 2017-03-08 to 2024-03-08.",
        ),
        (
            ["2024-02-09", "2024-02-02"],
            (D(2024, 2, 2), D(2024, 2, 9)),
            "The link's dates were in reverse order: read as 2024-02-02 to 2024-02-09.",
        ),
        (
            ["2024-12-31", "2024-02-02"],
            (D(2024, 2, 2), D(2024, 3, 8)),
            "The link's dates were in reverse order: read as 2024-02-02 to 2024-12-31. The "
            "link asks for 2024-02-02 to 2024-12-31; the data runs from 2017-03-08 to "
            "2024-03-08: showing 2024-02-02 to 2024-03-08.",
        ),
        (
            ["2010-01-01", "2011-01-01"],
            DEFAULT,
            "The link asks for 2010-01-01 to 2011-01-01, but the data runs from 2017-03-08 to "
            "2024-03-08: showing 2024-02-01 to 2024-03-08.",
        ),
        (
            ["yesterday", "2024-02-09"],
            DEFAULT,
            "The link's dates ('yesterday', '2024-02-09') could not be read as two days "
            "(YYYY-MM-DD): showing 2024-02-01 to 2024-03-08.",
        ),
        (
            ["2024-02-09"],
            DEFAULT,
            "The link's dates ('2024-02-09') could not be read as two days (YYYY-MM-DD): "
            "showing 2024-02-01 to 2024-03-08.",
        ),
        (["1706745600000000", "1709856000000000"], DEFAULT, None),  # an old link, read
    ],
)
def test_read_dates(values, dates, note):
    read = read_dates(values, BOUNDS, DEFAULT)
    assert read.dates == dates
    assert read.note == note


def test_dates_values_are_readable_and_empty_for_the_default():
    assert dates_values((D(2024, 2, 2), D(2024, 2, 9)), DEFAULT) == ["2024-02-02", "2024-02-09"]
    assert dates_values(DEFAULT, DEFAULT) == []


def test_clamp_keeps_a_range_inside_the_bounds():
    assert clamp((D(2010, 1, 1), D(2030, 1, 1)), BOUNDS) == BOUNDS
    assert clamp((D(2024, 2, 9), D(2024, 2, 2)), BOUNDS) == (D(2024, 2, 2), D(2024, 2, 9))
