"""Playback on the page (AppTest, st_folium patched): a pause reported by the map sets the
slider, the count and the panel to what the map shows, once; the link keeps the position."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from pageapp import page_app

import dashboard.page
from dashboard.filters import Selection, filter_events
from tests.clicks import NO_CLICK, click

WAVE = (dt.date(2024, 2, 1), dt.date(2024, 3, 8))


def paused(at: str, step: str = "day", ident: str = "r-1", span=WAVE, count: int = 2) -> dict:
    """What st_folium returns after the reader paused playback at ``at``."""
    return {
        "last_active_drawing": {
            "type": "Feature",
            "geometry": None,
            "properties": {
                "playback": {
                    "id": ident,
                    "start": str(span[0]),
                    "end": str(span[1]),
                    "step": step,
                    "at": at,
                }
            },
        },
        "last_object_clicked_count": count,
    }


@pytest.fixture
def map_result(monkeypatch):
    monkeypatch.delenv("DASHBOARD_DATA", raising=False)
    monkeypatch.delenv("DASHBOARD_TILES", raising=False)
    with mock.patch.object(dashboard.page, "st_folium", return_value=dict(NO_CLICK)) as patched:
        yield patched


@pytest.fixture
def app(map_result):
    at = page_app()
    at.run()
    assert not at.exception
    return at


def shown(dataset, start, end) -> int:
    return len(filter_events(dataset.events, Selection(start=start, end=end)))


def summary_line(at) -> str:
    return next(m.value for m in at.markdown if "Showing" in m.value)


def layer_spec(map_result) -> dict:
    """The playback data the last run gave the map."""
    layer = map_result.call_args.kwargs["feature_group_to_add"]
    data = [c for c in layer._children.values() if c._name == "PlaybackData"]
    assert len(data) == 1
    import json

    return json.loads(data[0].spec_json)


def test_the_map_gets_the_days_of_the_selection(app, map_result):
    spec = layer_spec(map_result)
    assert (spec["start"], spec["end"], spec["step"], spec["at"]) == (
        "2024-02-01",
        "2024-03-08",
        "day",
        None,
    )
    assert "at" not in app.query_params and "step" not in app.query_params


def test_a_pause_sets_the_slider_the_count_and_the_link(app, map_result, dataset):
    map_result.return_value = paused("2024-02-09")
    app.run()
    assert not app.exception
    assert app.slider(key="dates").value == (dt.date(2024, 2, 1), dt.date(2024, 2, 9))
    n = shown(dataset, dt.date(2024, 2, 1), dt.date(2024, 2, 9))
    assert f"Showing {n} of {len(dataset.events)} events" in summary_line(app)
    assert app.query_params["at"] == "2024-02-09"
    assert app.query_params["step"] == "day"
    assert "dates" not in app.query_params  # the range played over is the default one
    # the map still gets the whole range, paused at the step, so that playing can go on
    spec = layer_spec(map_result)
    assert (spec["start"], spec["end"], spec["at"]) == ("2024-02-01", "2024-03-08", "2024-02-09")


def test_a_week_step_shows_to_the_end_of_the_week(app, map_result):
    map_result.return_value = paused("2024-02-10", step="week")  # inside the 2nd week
    app.run()
    assert app.slider(key="dates").value == (dt.date(2024, 2, 1), dt.date(2024, 2, 14))
    assert app.query_params["at"] == "2024-02-08"
    assert app.query_params["step"] == "week"


def test_a_report_is_applied_once(app, map_result):
    map_result.return_value = paused("2024-02-09")
    app.run()
    # the reader moves the slider: playback ends, the old report is not applied again
    app.slider(key="dates").set_value((dt.date(2024, 2, 3), dt.date(2024, 3, 8))).run()
    assert app.slider(key="dates").value == (dt.date(2024, 2, 3), dt.date(2024, 3, 8))
    assert "at" not in app.query_params and "step" not in app.query_params
    assert layer_spec(map_result)["at"] is None
    # a new pause is
    map_result.return_value = paused("2024-02-20", ident="r-2", span=(dt.date(2024, 2, 3), WAVE[1]))
    app.run()
    assert app.slider(key="dates").value == (dt.date(2024, 2, 3), dt.date(2024, 2, 20))
    assert app.query_params["dates"] == ["2024-02-03", "2024-03-08"]


def test_a_date_button_ends_playback(app, map_result):
    map_result.return_value = paused("2024-02-09")
    app.run()
    next(b for b in app.button if b.label == "Feb 2024 wave").click().run()
    assert app.slider(key="dates").value == WAVE
    assert "at" not in app.query_params


def test_a_link_restores_the_position(map_result, dataset):
    at = page_app()
    at.query_params["dates"] = ["2024-02-01", "2024-03-08"]
    at.query_params["at"] = "2024-02-12"
    at.query_params["step"] = "week"
    at.run()
    assert not at.exception
    assert at.slider(key="dates").value == (dt.date(2024, 2, 1), dt.date(2024, 2, 14))
    n = shown(dataset, dt.date(2024, 2, 1), dt.date(2024, 2, 14))
    assert f"Showing {n} of" in summary_line(at)
    spec = layer_spec(map_result)
    assert (spec["start"], spec["end"], spec["step"], spec["at"]) == (
        "2024-02-01",
        "2024-03-08",
        "week",
        "2024-02-08",
    )


@pytest.mark.parametrize("value", ["12/02/2024", "![x](http://evil.invalid/x.png)", ""])
def test_an_unreadable_link_position_is_left_out(map_result, value):
    at = page_app()
    at.query_params["at"] = value
    at.run()
    assert not at.exception
    assert at.slider(key="dates").value == WAVE
    assert "at" not in at.query_params


def test_a_click_after_a_pause_opens_the_place_in_the_shown_range(app, map_result):
    map_result.return_value = paused("2024-02-02", count=2)
    app.run()
    map_result.return_value = click("republic-square", 4)
    app.run()
    headers = [h.value for h in app.header]
    assert any("Republic Square" in h for h in headers)
    page = "\n".join(m.value for m in app.markdown)
    # only Bergen's picket of 2 February is in the shown range, not Yensebek's of the 9th
    assert "1 event here in the selection" in page


def test_the_maps_description_says_what_the_step_shows(app, map_result, dataset):
    import json

    from dashboard.aggregate import summarise
    from dashboard.loader import with_place_names
    from dashboard.mapview import map_description

    map_result.return_value = paused("2024-02-09")
    app.run()
    layer = map_result.call_args.kwargs["feature_group_to_add"]
    places = next(c for c in layer._children.values() if c._name == "PlacesGeoJson")
    day = (dt.date(2024, 2, 1), dt.date(2024, 2, 9))
    events = filter_events(dataset.events, Selection(start=day[0], end=day[1]))
    shown_now = summarise(with_place_names(events, dataset.places, "en"), dataset.places)
    assert json.loads(places.text_json)["description"] == map_description(shown_now, day)


def test_switching_the_language_keeps_the_position(app, map_result):
    map_result.return_value = paused("2024-02-09")
    app.run()
    app.selectbox(key="lang").set_value("ru").run()
    assert not app.exception
    assert app.slider(key="dates").value == (dt.date(2024, 2, 1), dt.date(2024, 2, 9))
    assert app.query_params["at"] == "2024-02-09"
    assert layer_spec(map_result)["at"] == "2024-02-09"
    assert any("Показано" in m.value for m in app.markdown)
