"""The timeline chart: counts per day and type, over exactly the selected range."""

from __future__ import annotations

import datetime as dt

import pytest

from dashboard import timeline
from dashboard.filters import Selection, filter_events
from dashboard.loader import load_dataset
from dashboard.mapview import TYPE_COLOURS, TYPE_LABELS
from dashboard.settings import BUNDLED_DATA


@pytest.fixture(scope="module")
def wave():
    """The events of the February 2024 wave."""
    events = load_dataset(BUNDLED_DATA).events
    return filter_events(events, Selection(start=dt.date(2024, 2, 1), end=dt.date(2024, 3, 8)))


def test_daily_counts_add_up(wave):
    counts = timeline.daily_counts(wave)
    assert counts["events"].sum() == len(wave)
    on_17th = counts[counts["date"] == "2024-02-17"]
    assert on_17th[["type", "events"]].values.tolist() == [["Single picket", 3]]


def test_chart_spans_the_range_with_the_map_colours(wave):
    spec = timeline.timeline_chart(wave, dt.date(2024, 2, 1), dt.date(2024, 3, 8)).to_dict()
    x = spec["encoding"]["x"]["scale"]["domain"]
    assert x == ["2024-02-01T00:00:00", "2024-03-09T00:00:00"]
    colour = spec["encoding"]["color"]["scale"]
    assert colour["domain"] == list(TYPE_LABELS.values())
    assert colour["range"] == [TYPE_COLOURS[t] for t in TYPE_LABELS]


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (dt.date(2024, 2, 1), dt.date(2024, 3, 8), "%d %b"),
        (dt.date(2017, 3, 8), dt.date(2024, 3, 8), "%b %Y"),
    ],
)
def test_axis_labels_name_the_year_over_long_ranges(wave, start, end, expected):
    spec = timeline.timeline_chart(wave, start, end).to_dict()
    assert spec["encoding"]["x"]["axis"]["format"] == expected


def test_empty_selection(wave):
    assert timeline.daily_counts(wave.iloc[:0]).empty
    timeline.timeline_chart(wave.iloc[:0], dt.date(2024, 1, 1), dt.date(2024, 1, 2)).to_dict()
