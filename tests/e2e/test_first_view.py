"""The first view: the map's markers come before the rest of the page, and the rest arrives
without moving, redrawing or remounting the map (``page.first_view``)."""

from __future__ import annotations

import harness
from playwright.sync_api import expect

TIMES_JS = """
(() => {
  if (window.top !== window) return;
  const now = () => Date.now();
  // When the date slider (the first of the sidebar's controls) first appears.
  new MutationObserver((_, observer) => {
    if (!window.__sliderAt && document.querySelector('[data-testid="stSlider"]')) {
      window.__sliderAt = now();
      observer.disconnect();
    }
  }).observe(document, {childList: true, subtree: true});
  // When the map first has places, checked at every frame: the page's frame callbacks run
  // before its frames' (the map's report is sent from one of those, after its places).
  const poll = () => {
    const frame = document.querySelector('iframe[title="streamlit_folium.st_folium"]');
    const map = frame && frame.contentWindow && frame.contentWindow.map;
    let points = 0;
    if (map && map.eachLayer) {
      map.eachLayer(l => {
        if (l.feature && l.feature.geometry && l.feature.geometry.type === "Point") points++;
      });
    }
    if (points) {
      window.__markersAt = now();
      const box = frame.getBoundingClientRect();
      window.__mapBoxAtMarkers = [box.x, box.width];
    } else {
      requestAnimationFrame(poll);
    }
  };
  requestAnimationFrame(poll);
})();
"""

VIEW_JS = """() => ({
  same: window.__sameMap === true,
  center: [window.map.getCenter().lat.toFixed(6), window.map.getCenter().lng.toFixed(6)],
  zoom: window.map.getZoom(),
  size: [window.map.getSize().x, window.map.getSize().y],
})"""


def test_the_markers_come_first_and_the_map_stays_when_the_rest_arrives(page, app_url):
    page.add_init_script(TIMES_JS)
    page.goto(app_url + "?lang=en")
    page.wait_for_function("() => window.__markersAt", timeout=30_000)
    frame = harness.map_frame(page)
    frame.evaluate("() => { window.__sameMap = true; }")  # gone if the map were remounted
    # The rest of the page comes only after the markers: asked for by the map's frame.
    page.wait_for_selector(harness.WHOLE_PAGE, timeout=30_000)
    harness.wait_idle(page)
    harness.wait_map_settled(page)
    times = page.evaluate("() => [window.__markersAt, window.__sliderAt]")
    assert times[1] is not None and times[0] < times[1], times
    assert frame.evaluate("() => window.map._protestReport") == "sent"
    # Everything is there, and the map is the one first drawn, where it was.
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_role("combobox", name="Language")).to_be_visible()
    expect(sidebar.get_by_role("textbox", name="Search")).to_be_visible()
    expect(page.get_by_role("heading", name="Share this view")).to_be_visible()
    expect(page.get_by_text("Selected events")).to_be_visible()
    before = frame.evaluate(VIEW_JS)
    assert before["same"], "the map was remounted when the rest of the page arrived"
    assert len(harness.drawn_places(page)) == 11
    # Nor did it move or narrow: the first view keeps the sidebar's place.
    box = page.locator(harness.MAP_FRAME).bounding_box()
    assert page.evaluate("() => window.__mapBoxAtMarkers") == [box["x"], box["width"]]
    # A date change after that works as before (the whole page runs), without a remount.
    page.get_by_role("button", name="Whole history").click()
    harness.wait_idle(page)
    expect(page.get_by_text("Showing 25 of 25 events")).to_be_visible()
    frame.wait_for_function("() => window.__sameMap === true")


def test_the_map_only_view_asks_for_nothing(page, app_url):
    harness.open_app(page, app_url + "?lang=en&view=map&embed=true")
    frame = harness.map_frame(page)
    assert frame.evaluate("() => window.map._protestReport === undefined")
    expect(page.get_by_test_id("stSidebar")).to_have_count(0)
