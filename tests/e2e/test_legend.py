"""The legend never starts over a drawn place: where the open legend would cover one (a
laptop's narrow map beside the panel, with the longer Russian and Kazakh words), it starts
closed to its title; once the reader opens or closes it, it stays as they left it."""

from __future__ import annotations

import harness
import pytest
from playwright.sync_api import expect

from dashboard import i18n

UNDER_LEGEND_JS = """() => {
  const box = document.querySelector(".protestmap-legend").getBoundingClientRect();
  const origin = window.map.getContainer().getBoundingClientRect();
  const under = [];
  window.map.eachLayer(l => {
    if (!l.feature || l.feature.geometry.type !== "Point" || !l.getRadius) return;
    const p = window.map.latLngToContainerPoint(l.getLatLng());
    const x = p.x + origin.left, y = p.y + origin.top;
    if (x > box.left && x < box.right && y > box.top && y < box.bottom) {
      under.push(l.feature.properties.place_id);
    }
  });
  return under;
}"""
"""The places whose centre (the point, and the count written on it) is under the legend's box.
(The closed legend, one line, may still touch the edge of a big area circle.)"""
LEGEND_OPEN_JS = "() => document.querySelector('.protestmap-legend').open"


@pytest.mark.parametrize("code", ["ru", "kk"])
def test_a_legend_that_would_hide_a_place_starts_closed(page, app_url, code):
    harness.open_app(page, f"{app_url}?lang={code}")  # 1280 px: the map is about 480 px wide
    frame = harness.map_frame(page)
    frame.wait_for_function(f"() => !({LEGEND_OPEN_JS})()")
    assert frame.evaluate(UNDER_LEGEND_JS) == []
    # Opened by the reader, it stays open, over the place, also when the places are redrawn.
    frame.locator(".protestmap-legend summary").click()
    assert frame.evaluate(LEGEND_OPEN_JS)
    assert frame.evaluate(UNDER_LEGEND_JS) != []
    before = frame.evaluate("() => window.map._protestAccess.layer._leaflet_id")
    page.get_by_role("button", name=i18n.lang(code)._("Whole history")).click()
    frame.wait_for_function(
        "id => window.map._protestAccess.layer._leaflet_id !== id", arg=before, timeout=15_000
    )
    harness.wait_map_settled(page)
    assert frame.evaluate(LEGEND_OPEN_JS)


def test_a_legend_clear_of_the_places_stays_open(page, app_url):
    page.set_viewport_size({"width": 1400, "height": 1000})
    harness.open_app(page, app_url)
    frame = harness.map_frame(page)
    expect(frame.locator(".protestmap-legend")).to_contain_text("Single picket")
    assert frame.evaluate(LEGEND_OPEN_JS)
    assert frame.evaluate(UNDER_LEGEND_JS) == []


SUMMARY_REACHABLE_JS = """() => {
  const summary = document.querySelector(".protestmap-legend summary");
  const box = summary.getBoundingClientRect();
  const points = [[box.left + 8, box.top + box.height / 2],
                  [box.left + box.width / 2, box.top + box.height / 2],
                  [box.right - 8, box.top + box.height / 2]];
  return points.every(([x, y]) => summary.contains(document.elementFromPoint(x, y)));
}"""
"""Whether the legend's title line is on top at its left, middle and right (not under the
attribution or the playback control)."""


@pytest.mark.parametrize("view", ["", "&view=map&embed=true"])
def test_on_a_phone_the_legend_title_is_not_under_the_other_controls(page, app_url, view):
    """At 390 px the attribution (long when the tiles fail and the bundled basemap stands in)
    wraps to several lines under the playback control: the legend and the scale bar rise above
    both, so the legend can still be opened."""
    page.set_viewport_size({"width": 390, "height": 844})
    harness.open_app(page, f"{app_url}?lang=ru{view}")
    frame = harness.map_frame(page)
    frame.wait_for_function(SUMMARY_REACHABLE_JS)
    frame.locator(".protestmap-legend summary").click()
    expect(frame.locator(".protestmap-legend")).to_contain_text("Одиночный пикет")
    assert frame.evaluate(LEGEND_OPEN_JS)
