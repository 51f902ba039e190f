"""The page's first view (``page.first_view``), driven with AppTest: a session's first run draws
the title, the map and the panel; the run after the map's report draws the rest, with the same
selection, so the map does not change under the reader.

The browser side (the frame's report, the order in which things appear) is in
``tests/e2e/test_first_view.py``.
"""

from __future__ import annotations

import json
import re
from unittest import mock

import pytest
from pageapp import APP
from streamlit.testing.v1 import AppTest

import dashboard.page
from dashboard import page
from dashboard.mapview import PlacesGeoJson
from tests.clicks import NO_CLICK


@pytest.fixture
def map_result(monkeypatch):
    """The patched st_folium (AppTest does not render the map)."""
    for name in ("DASHBOARD_DATA", "DASHBOARD_TILES", "DASHBOARD_TILES_ATTRIBUTION"):
        monkeypatch.delenv(name, raising=False)
    with mock.patch.object(dashboard.page, "st_folium", return_value=dict(NO_CLICK)) as patched:
        yield patched


def fresh(**params: str | list[str]) -> AppTest:
    """A new session, as a browser opens it (no first view skipped)."""
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    return at


def drawn(map_result) -> tuple[str, list[str]]:
    """The map's base page (folium's random element ids left out: st_folium drops them too)
    and the ids of the places its layer draws, in the last run."""
    base = map_result.call_args.args[0]
    layer = map_result.call_args.kwargs["feature_group_to_add"]
    geojson = next(c for c in layer._children.values() if isinstance(c, PlacesGeoJson))
    features = json.loads(geojson.data_json.replace("\\u0026", "&"))["features"]
    page_html = re.sub(r"_[0-9a-f]{32}\b", "_", base.get_root().render())
    return page_html, sorted(f["properties"]["place_id"] for f in features)


def summary(at: AppTest) -> str:
    return next(m.value for m in at.markdown if "Showing" in m.value)


def test_the_first_run_draws_the_map_and_the_panel_only(map_result):
    at = fresh()
    at.run()
    assert not at.exception
    assert at.session_state[page.FIRST_VIEW_KEY] == page.WAITING
    assert at.title[0].value == page.TITLE
    assert summary(at) == "**Showing 18 of 25 events**"
    assert [h.value for h in at.header] == ["Overview"]  # the panel
    assert map_result.call_count == 1
    # No controls, no file opener, no share box, timeline, table or downloads yet.
    assert not at.selectbox and not at.button  # no language box, no date buttons
    assert not at.slider and not at.multiselect and not at.text_input
    assert not at.get("file_uploader") and not at.get("download_button")
    assert not at.expander
    # The map asks its frame to report once its places are drawn.
    assert "window.protestMap.reportDrawn(" in drawn(map_result)[0]


def test_the_next_run_draws_the_rest_with_the_same_map(map_result):
    at = fresh()
    at.run()
    first_base, first_places = drawn(map_result)
    first_summary = summary(at)
    at.run()  # as after the frame's report (a run of the map's part asks for the whole page)
    assert not at.exception
    assert at.session_state[page.FIRST_VIEW_KEY] == page.WHOLE
    assert at.slider(key="dates").value == page.WAVE
    # (The share box needs a browser's address: AppTest has none.)
    assert [e.label for e in at.expander] == ["Events over time", "Selected events"]
    assert [b.label for b in at.get("download_button")] == ["Download CSV", "Download GeoJSON"]
    assert summary(at) == first_summary
    base, places = drawn(map_result)
    assert places == first_places
    assert base == first_base  # the same base map: the frame is not remounted


def test_a_link_is_read_the_same_in_the_first_view(map_result):
    """The first view's selection comes from the link as the controls' will: dates, types,
    people, search; the map is the same before and after."""
    link = {"dates": ["2024-02-10", "2024-03-08"], "type": "single-picket", "q": "park"}
    at = fresh(**link)
    at.run()
    assert not at.exception
    first = (summary(at), drawn(map_result)[1])
    at.run()
    assert (summary(at), drawn(map_result)[1]) == first
    assert at.slider(key="dates").value[0].isoformat() == "2024-02-10"
    assert at.text_input(key="search").value == "park"
    assert int(first[0].split()[1]) < 18  # the link's filters are applied in the first view


def test_the_map_only_view_is_whole_from_its_first_run(map_result):
    at = fresh(view="map")
    at.run()
    assert not at.exception
    assert at.session_state[page.FIRST_VIEW_KEY] == page.WHOLE
    assert "reportDrawn" not in drawn(map_result)[0]  # nothing to ask for
