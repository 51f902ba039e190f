"""The bundled basemap in a real browser, with every request that is not to the app refused:
``DASHBOARD_TILES=bundled`` draws Almaty's streets, names and buildings from the app's own
files, markers and clicks work on it, and it says where it does not reach."""

from __future__ import annotations

from urllib.parse import urlsplit

import harness
import pytest
from playwright.sync_api import expect

ATTRIBUTION = {
    "en": "© OpenStreetMap contributors (ODbL), extract of 2013",
    "ru": "© участники OpenStreetMap (ODbL), выгрузка 2013 года",
}
OUTSIDE = "The bundled basemap covers Almaty only"
CENTRAL_STREETS = {"ул. Сатпаева", "ул. Фурманова", "ул. Панфилова", "Абая прс.", "ул. Желтоксан"}
"""Streets a few hundred metres from Republic Square, named as OpenStreetMap tags them."""
BISHKEK = (42.8746, 74.5698)
GAZETTEER_NAME = {"en": "Republic Square", "ru": "Площадь Республики"}
"""The square's label: the 2013 extract leaves it unnamed; the gazetteer names it."""


@pytest.fixture(scope="module")
def bundled_url(playwright_browser, tmp_path_factory):
    log = tmp_path_factory.mktemp("bundled-app") / "streamlit.log"
    with harness.running_app(log, env={"DASHBOARD_TILES": "bundled"}) as url:
        yield url


@pytest.fixture
def traffic(bundled_url, tile_hosts):
    """The page fixture's routing, for this app: requests to it pass, all others fail (and
    requests to the default tile server are counted apart: there must be none)."""
    return harness.Traffic(app_host=urlsplit(bundled_url).netloc, tile_hosts=tile_hosts)


@pytest.fixture
def basemap_page(page):
    """The page, recording what is written on canvases and the app's answers for the
    basemap's file."""
    page.add_init_script(harness.RECORD_CANVAS_TEXT_JS)
    page.basemap_statuses = []
    page.on(
        "response",
        lambda r: page.basemap_statuses.append(r.status) if ".pmtiles" in r.url else None,
    )
    return page


@pytest.mark.parametrize("code", ["en", "ru"])
def test_bundled_basemap_draws_the_city_with_no_tile_server(
    basemap_page, bundled_url, traffic, code
):
    page = basemap_page
    harness.open_app(page, f"{bundled_url}?lang={code}")
    harness.set_view(page, *harness.REPUBLIC_SQUARE, 14)
    harness.wait_basemap_drawn(page, "bundled")

    share = harness.drawn_share(page.locator(harness.MAP_FRAME).screenshot())
    assert share > 0.4, f"only {share:.0%} of the map is drawn"
    frame = harness.map_frame(page)
    frame.wait_for_function(
        "(names) => names.some(n => (window.__canvasTexts || new Set()).has(n))",
        arg=sorted(CENTRAL_STREETS),
    )
    assert harness.canvas_texts(page) & CENTRAL_STREETS
    frame.wait_for_function(
        "(name) => (window.__canvasTexts || new Set()).has(name)", arg=GAZETTEER_NAME[code]
    )
    expect(frame.locator(".leaflet-control-attribution")).to_contain_text(ATTRIBUTION[code])

    # The file is read in parts (HTTP Range requests), answered by the app's static server.
    assert page.basemap_statuses and set(page.basemap_statuses) == {206}
    assert any("/app/static/basemap/almaty-2013.pmtiles" in u for u in traffic.own)
    assert any("/app/static/vendor/protomaps-leaflet-5.1.0/" in u for u in traffic.own)
    assert traffic.tiles == [], "a tile server was asked"

    # Markers stay on top and answer clicks.
    harness.click_place(page, "republic-square")
    expect(page.locator('[data-testid="stMain"]')).to_contain_text(
        "Temirlan Yensebek", timeout=15_000
    )


def test_outside_almaty_it_says_so_and_draws_no_other_city(basemap_page, bundled_url):
    page = basemap_page
    harness.open_app(page, bundled_url)
    harness.wait_basemap_drawn(page, "bundled")
    frame = harness.map_frame(page)
    note = frame.locator(".protestmap-basemap-note")
    expect(note).to_have_count(0)

    harness.set_view(page, *BISHKEK, 13)
    expect(note).to_have_text(OUTSIDE)
    tiles = frame.evaluate("() => Object.keys(window.map._protestBasemap._tiles).length")
    assert tiles == 0, "the bundled basemap drew tiles outside its extract"

    harness.set_view(page, *harness.REPUBLIC_SQUARE, 13)
    expect(note).to_have_count(0)
    harness.wait_basemap_drawn(page, "bundled")
