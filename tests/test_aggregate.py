"""Aggregating events into places to draw and events to list."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from dashboard.aggregate import PLACE_COLUMNS, events_at, parse_line, summarise
from dashboard.filters import Selection, filter_events

WAVE = Selection(start=dt.date(2024, 2, 1), end=dt.date(2024, 3, 8))


@pytest.fixture(scope="module")
def wave(dataset):
    """The events of the February 2024 wave."""
    return filter_events(dataset.events, WAVE)


def test_one_row_per_located_place(dataset, wave):
    summary = summarise(wave, dataset.places)
    located = wave[wave["located"]]
    assert list(summary.places.columns) == list(PLACE_COLUMNS)
    assert sorted(summary.places["place_id"]) == sorted(located["place_id"].unique())
    assert summary.places["place_id"].is_unique
    expected = located["place_id"].value_counts()
    got = summary.places.set_index("place_id")["count"]
    assert got.to_dict() == expected.to_dict()
    assert summary.drawn == len(located)
    assert summary.total == len(wave)


def test_counts_are_every_event_and_the_main_type_the_most_frequent(dataset):
    summary = summarise(dataset.events, dataset.places)
    located = dataset.events[dataset.events["located"]]
    assert summary.places["count"].sum() == len(located)
    gandhi = summary.places.set_index("place_id").loc["gandhi-park"]
    here = dataset.events[dataset.events["place_id"] == "gandhi-park"]
    assert gandhi["count"] == len(here)
    assert gandhi["main_type"] == here["event_type"].value_counts().idxmax()


def small_events(types: list[object], places: list[str]) -> pd.DataFrame:
    n = len(types)
    return pd.DataFrame(
        {
            "event_id": [f"e{i}" for i in range(n)],
            "date": pd.to_datetime(["2024-01-01"] * n),
            "event_type": types,
            "place_id": places,
            "place_name": [p.upper() for p in places],
            "place_precision": ["venue"] * n,
            "lat": [43.0] * n,
            "lon": [76.0] * n,
            "located": [True] * n,
        }
    )


@pytest.mark.parametrize(
    ("types", "expected_counts", "expected_main"),
    [
        (["", "", "picket"], {"p": 3}, {"p": ""}),
        ([None, "Protests", "Protests"], {"p": 3}, {"p": "Protests"}),
        (["Riots", "Protests", "picket"], {"p": 3}, {"p": "picket"}),  # ties: ours first
        (["Riots", "Protests"], {"p": 2}, {"p": "Protests"}),  # then by name
        (["", "Riots"], {"p": 2}, {"p": "Riots"}),  # "not given" last
    ],
)
def test_events_of_any_type_or_none_are_counted(types, expected_counts, expected_main):
    """A file without a type column, or with the data's own types: no event is lost."""
    events = small_events(types, ["p"] * len(types))
    out = summarise(events, pd.DataFrame({"place_id": ["p"], "line": [""]}))
    assert out.places.set_index("place_id")["count"].to_dict() == expected_counts
    assert out.places.set_index("place_id")["main_type"].to_dict() == expected_main
    assert out.drawn == out.total == len(types)


def test_co_located_events_are_one_row(dataset, wave):
    summary = summarise(wave, dataset.places).places.set_index("place_id")
    assert summary.loc["republic-square", "count"] == 2
    assert summary.loc["opera-theatre", "count"] == 2


def test_city_and_unlocated_places_are_listed_not_drawn(dataset, wave):
    summary = summarise(wave, dataset.places)
    expected = wave[~wave["located"]]
    assert sorted(summary.unlocated["event_id"]) == sorted(expected["event_id"])
    assert "2024-02-01-press-conference" in set(summary.unlocated["event_id"])
    assert "kazakhstan-press-club" not in set(summary.places["place_id"])
    assert "almaty" not in set(summary.places["place_id"])
    assert summary.drawn + len(summary.unlocated) == summary.total
    dates = list(summary.unlocated["date"])
    assert dates == sorted(dates, reverse=True)


def test_streets_carry_their_line(dataset, wave):
    places = summarise(wave, dataset.places).places.set_index("place_id")
    assert places.loc["panfilov-street", "line"] == [[43.24968, 76.9456], [43.26178, 76.94407]]
    assert places.loc["republic-square", "line"] == []


def test_main_type_ties_follow_schema_order():
    events = pd.DataFrame(
        {
            "event_id": ["a", "b", "c"],
            "date": pd.to_datetime(["2024-01-01"] * 3),
            "event_type": ["rally", "picket", "rally"],
            "place_id": ["p", "p", "q"],
            "place_name": ["P", "P", "Q"],
            "place_precision": ["venue", "venue", "area"],
            "lat": [43.0, 43.0, 43.1],
            "lon": [76.0, 76.0, 76.1],
            "located": [True, True, True],
        }
    )
    places = pd.DataFrame({"place_id": ["p", "q"], "line": ["", ""]})
    out = summarise(events, places).places.set_index("place_id")
    assert out.loc["p", "main_type"] == "picket"  # 1 picket, 1 rally: schema order decides
    assert out.loc["q", "main_type"] == "rally"
    assert out.loc["q", "precision"] == "area"


def test_empty_selection(dataset):
    summary = summarise(dataset.events.iloc[:0], dataset.places)
    assert summary.places.empty and summary.unlocated.empty
    assert (summary.total, summary.drawn) == (0, 0)
    assert list(summary.places.columns) == list(PLACE_COLUMNS)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", []),
        ("43.1 76.2", [[43.1, 76.2]]),
        ("43.1 76.2|43.3 76.4", [[43.1, 76.2], [43.3, 76.4]]),
        (" 43.1  76.2 | -1 -2 ", [[43.1, 76.2], [-1.0, -2.0]]),
    ],
)
def test_parse_line(text, expected):
    assert parse_line(text) == expected


def test_events_at_newest_first(dataset):
    here = events_at(dataset.events, "republic-square")
    assert list(here["event_id"]) == [
        "2024-02-09-picket-yensebek",
        "2024-02-02-picket-bergen",
    ]
