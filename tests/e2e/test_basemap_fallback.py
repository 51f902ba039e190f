"""The default settings with the tile server refused (as a filtering network does): the map
falls back to the bundled basemap by itself and says so in its attribution line."""

from __future__ import annotations

import harness
from playwright.sync_api import expect

FALLBACK = (
    "Tiles did not load; bundled basemap: © OpenStreetMap contributors (ODbL), extract of 2013"
)


def test_refused_tiles_bring_in_the_bundled_basemap(page, app_url, traffic):
    page.add_init_script(harness.RECORD_CANVAS_TEXT_JS)
    harness.open_app(page, app_url)
    harness.set_view(page, *harness.REPUBLIC_SQUARE, 14)
    harness.wait_basemap_drawn(page, "fallback")

    assert traffic.tiles, "the map did not even try the tile server"
    share = harness.drawn_share(page.locator(harness.MAP_FRAME).screenshot())
    assert share > 0.4, f"only {share:.0%} of the map is drawn"
    frame = harness.map_frame(page)
    frame.wait_for_function("() => (window.__canvasTexts || new Set()).has('ул. Сатпаева')")
    attribution = frame.locator(".leaflet-control-attribution")
    expect(attribution).to_contain_text(FALLBACK)
    # No tile of the server is shown, so its own credit gives way: one line, not two.
    assert attribution.inner_text().count("OpenStreetMap") == 1
    assert any("/app/static/basemap/almaty-2013.pmtiles" in u for u in traffic.own)

    harness.click_place(page, "republic-square")
    expect(page.locator('[data-testid="stMain"]')).to_contain_text(
        "Temirlan Yensebek", timeout=15_000
    )
