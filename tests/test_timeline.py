"""The timeline chart: counts per day, week or month and type, over exactly the selected range."""

from __future__ import annotations

import datetime as dt

import pandas as pd
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
    counts = timeline.counts(wave, "day")
    assert counts["events"].sum() == len(wave)
    on_17th = counts[counts["date"] == "2024-02-17"]
    assert on_17th[["type", "events", "period"]].values.tolist() == [
        ["Single picket", 3, "17 February 2024"]
    ]
    assert (on_17th["end"] == pd.Timestamp("2024-02-18")).all()


def test_weeks_run_monday_to_sunday(wave):
    counts = timeline.counts(wave, "week")
    assert counts["events"].sum() == len(wave)
    assert (counts["date"].dt.day_of_week == 0).all()
    # 12-18 February 2024: the pickets of the 13th, 14th (two) and 17th (three), and so on.
    days = wave["date"][(wave["date"] >= "2024-02-12") & (wave["date"] <= "2024-02-18")]
    week = counts[counts["date"] == "2024-02-12"]
    assert week["events"].sum() == len(days)
    assert set(week["period"]) == {"12 February 2024 to 18 February 2024"}


def test_months_cover_every_event(dataset):
    counts = timeline.counts(dataset.events, "month")
    assert counts["events"].sum() == len(dataset.events)
    march_2019 = counts[counts["period"] == "March 2019"]
    expected = dataset.events["date"].dt.strftime("%Y-%m").eq("2019-03").sum()
    assert march_2019["events"].sum() == expected
    assert (march_2019["end"] == pd.Timestamp("2019-04-01")).all()


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (dt.date(2024, 2, 1), dt.date(2024, 3, 8), "day"),
        (dt.date(2024, 1, 1), dt.date(2024, 4, 29), "day"),  # 120 days
        (dt.date(2024, 1, 1), dt.date(2024, 4, 30), "week"),
        (dt.date(2022, 1, 1), dt.date(2024, 12, 31), "week"),
        (dt.date(2017, 3, 8), dt.date(2024, 3, 8), "month"),
    ],
)
def test_bars_count_days_weeks_or_months_by_the_range(start, end, expected):
    assert timeline.grain(start, end) == expected
    assert timeline.title(start, end) == f"Events per {expected}"


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
    for unit in ("day", "week", "month"):
        assert timeline.counts(wave.iloc[:0], unit).empty
    timeline.timeline_chart(wave.iloc[:0], dt.date(2024, 1, 1), dt.date(2024, 1, 2)).to_dict()


def test_other_and_untyped_events_are_charted(wave):
    """Issue 10: every event is a bar; types without a colour are 'Other / not given'."""
    events = wave.copy()
    events["event_type"] = ["Protests", ""] * (len(events) // 2) + ["Riots"] * (len(events) % 2)
    colours = {"Protests": "#0072B2"}
    bars = timeline.counts(events, "day", colours)
    assert bars["events"].sum() == len(events)
    assert set(bars["type"]) <= {"Protests", "Other / not given"}
    spec = timeline.timeline_chart(
        events,
        dt.date(2024, 2, 1),
        dt.date(2024, 3, 8),
        types=("Protests", "", "Riots"),
        colours=colours,
    ).to_dict()
    scale = spec["encoding"]["color"]["scale"]
    assert scale == {"domain": ["Protests", "Other / not given"], "range": ["#0072B2", "#767676"]}
