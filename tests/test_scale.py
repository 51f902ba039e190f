"""The scaled map is correct at 10,000 synthetic events (correctness only; speed is measured by
bench/run.py, never asserted here).

Every event in a selection is reachable by clicking through the map: it belongs to exactly one
drawn place feature, or to the "not on the map" list; a place's panel lists exactly its events;
the counts shown equal the filtered data.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path
from unittest import mock

import pandas as pd
import pytest
from pageapp import page_app
from streamlit.testing.v1 import AppTest
from streamlit_folium import _get_feature_group_string

import dashboard.page
from dashboard import mapview, panel, synth
from dashboard.aggregate import MapSummary, events_at, summarise
from dashboard.filters import Selection, filter_events
from dashboard.loader import Dataset, load_dataset
from dashboard.settings import DashboardSettings
from tests.clicks import click
from tests.markdown import visible

N = 10_000
WHOLE = (synth.FIRST_DAY, synth.LAST_DAY)

SELECTIONS = {
    "whole history": Selection(start=WHOLE[0], end=WHOLE[1]),
    "the wave": Selection(start=synth.WAVE[0], end=synth.WAVE[1]),
    "one year, pickets and marches": Selection(
        start=dt.date(2021, 1, 1), end=dt.date(2021, 12, 31), event_types=("picket", "march")
    ),
    "a search word": Selection(text="opera"),
    "one day": Selection(start=dt.date(2024, 3, 8), end=dt.date(2024, 3, 8)),
}


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """10,000 synthetic events (seed 11)."""
    out = tmp_path_factory.mktemp("scale") / "synth-10k"
    return synth.write_tables(synth.synth_tables(N, seed=11), out)


@pytest.fixture(scope="module")
def dataset(data_dir: Path) -> Dataset:
    return load_dataset(data_dir)


def drawn_features(summary: MapSummary) -> list[dict]:
    """The point features of the places layer, exactly as streamlit-folium sends them."""
    settings = DashboardSettings(data_dir=Path("."), tiles="none", tiles_attribution="")
    base = mapview.build_base_map(settings)
    base.get_root().render()
    script = _get_feature_group_string(mapview.place_layer(summary), base)
    start = script.index("{", script.index("placesLayer("))
    collection, _ = json.JSONDecoder().raw_decode(script, start)
    return [f for f in collection["features"] if f["geometry"]["type"] == "Point"]


@pytest.mark.parametrize("name", list(SELECTIONS))
def test_every_event_is_reachable_exactly_once(dataset: Dataset, name: str) -> None:
    events = filter_events(dataset.events, SELECTIONS[name])
    summary = summarise(events, dataset.places)
    features = drawn_features(summary)
    feature_ids = [f["properties"]["place_id"] for f in features]
    assert len(feature_ids) == len(set(feature_ids)), "one feature per place"
    assert len(events) > 0

    reached: Counter[str] = Counter()
    for place_id in feature_ids:
        reached.update(events_at(events, place_id)["event_id"])
    reached.update(summary.unlocated["event_id"])
    assert set(reached) == set(events["event_id"])
    assert set(reached.values()) == {1}
    # the not-on-the-map list is exactly the events that cannot be drawn honestly
    assert set(summary.unlocated["event_id"]) == set(events.loc[~events["located"], "event_id"])


@pytest.mark.parametrize("name", list(SELECTIONS))
def test_counts_on_the_map_equal_the_data(dataset: Dataset, name: str) -> None:
    events = filter_events(dataset.events, SELECTIONS[name])
    summary = summarise(events, dataset.places)
    located = events[events["located"]]
    expected = located["place_id"].value_counts()
    features = {f["properties"]["place_id"]: f for f in drawn_features(summary)}
    assert set(features) == set(expected.index)
    for place_id, feature in features.items():
        assert feature["properties"]["count"] == expected[place_id]
        here = located[located["place_id"] == place_id]
        lon, lat = feature["geometry"]["coordinates"]
        assert lat == pytest.approx(here["lat"].iloc[0], abs=1e-6)
        assert lon == pytest.approx(here["lon"].iloc[0], abs=1e-6)
        type_counts = here["event_type"].value_counts()
        assert type_counts[feature["properties"]["type"]] == type_counts.max()
    assert summary.total == len(events)
    assert summary.drawn == len(located)
    assert summary.places["count"].sum() == len(located)


def test_a_few_thousand_events_reach_hundreds_of_places(dataset: Dataset) -> None:
    events = filter_events(dataset.events, SELECTIONS["whole history"])
    summary = summarise(events, dataset.places)
    assert len(events) == N
    assert 300 <= len(summary.places) <= 500
    assert summary.drawn + len(summary.unlocated) == N


@pytest.mark.parametrize("name", list(SELECTIONS))
def test_place_cards_list_exactly_the_place_events(dataset: Dataset, name: str) -> None:
    events = filter_events(dataset.events, SELECTIONS[name])
    summary = summarise(events, dataset.places)
    places = summary.places["place_id"]
    sample = pd.concat([places.head(3), places.tail(3)]).drop_duplicates()
    for place_id in sample:
        here = events_at(events, place_id)
        cards = panel.event_cards(here, dataset.people, dataset.sources)
        assert [c.event_id for c in cards] == list(here["event_id"])
        assert (here["date"].diff().dropna() <= pd.Timedelta(0)).all(), "newest first"
        for card, (_, event) in zip(cards, here.iterrows()):
            assert len(card.sources) == len(event["sources"])
            assert all("example.org/synthetic/" in s for s in card.sources)


# ----------------------------------------------------------------------------- AppTest


def texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [visible(s.value) for s in at.header] + [e.label for e in at.expander]
    return "\n".join(parts).replace("\\", "")


@pytest.fixture(scope="module")
def whole_history_app(data_dir: Path):
    """The app on the 10,000 events, moved to the whole history; st_folium patched."""
    with (
        mock.patch.dict("os.environ", {"DASHBOARD_DATA": str(data_dir), "DASHBOARD_TILES": "none"}),
        mock.patch.object(
            dashboard.page,
            "st_folium",
            return_value={"last_active_drawing": None, "last_object_clicked_count": 0},
        ) as patched,
    ):
        at = page_app(300)
        at.run()
        assert not at.exception
        at.slider(key="dates").set_value(WHOLE).run()
        assert not at.exception
        yield at, patched


def test_app_counts_equal_the_filtered_data(whole_history_app, dataset: Dataset) -> None:
    at, _ = whole_history_app
    events = filter_events(dataset.events, SELECTIONS["whole history"])
    summary = summarise(events, dataset.places)
    page = texts(at)
    assert f"**Showing {len(events):,} of {len(dataset.events):,} events**" in [
        m.value for m in at.markdown
    ]
    assert f"Not on the map: {panel.events_word(len(summary.unlocated))}" in page
    assert (
        f"{panel.events_word(summary.drawn)} at {len(summary.places):,} places on the map" in page
    )


def test_clicking_sampled_places_shows_exactly_their_events(
    whole_history_app, dataset: Dataset
) -> None:
    at, patched = whole_history_app
    events = filter_events(dataset.events, SELECTIONS["whole history"])
    summary = summarise(events, dataset.places)
    places = summary.places
    sample = [
        places["place_id"].iloc[0],  # the busiest
        places["place_id"].iloc[-1],  # one of the quietest
        places.loc[places["precision"] == "street", "place_id"].iloc[0],
        places.loc[places["precision"] == "area", "place_id"].iloc[0],
        places["place_id"].iloc[len(places) // 2],
    ]
    for clicks, place_id in enumerate(sample, start=1):
        here = events_at(events, place_id)
        patched.return_value = click(place_id, 2 * clicks)
        at.run()
        assert not at.exception
        name = places.loc[places["place_id"] == place_id, "name"].iloc[0]
        assert [visible(s.value) for s in at.header][:1] == [name]
        page = texts(at)
        assert f"{panel.events_word(len(here))} here in the selection, newest first." in page
        cards = panel.event_cards(
            here.head(dashboard.page.PANEL_LIMIT), dataset.people, dataset.sources
        )
        shown = Counter(m.value for m in at.markdown)
        wanted = Counter(f"**{card.heading}**" for card in cards)
        assert all(shown[h] >= k for h, k in wanted.items()), "every card of the place is shown"
        if len(here) > dashboard.page.PANEL_LIMIT:
            assert f"The {dashboard.page.PANEL_LIMIT} newest of {len(here):,} events" in page
