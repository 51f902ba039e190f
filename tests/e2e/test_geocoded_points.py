"""A geocoder's unchecked point in a real browser: drawn apart, named in the legend and the
tooltip, and the panel says where the point came from."""

from __future__ import annotations

import shutil
from urllib.parse import urlsplit

import harness
import pytest
from playwright.sync_api import expect

from dashboard import i18n
from dashboard.geocode import PlacesFile
from dashboard.settings import BUNDLED_DATA

SOURCE = (
    "Offline geocoder (OSM extract almaty-2013.osm.pbf), retrieved 2026-02-03: query "
    '"Сары-Арка, Almaty" (ru); OSM way 147682440'
)

STYLE_JS = """
() => {
    const out = {};
    window.map.eachLayer(layer => {
        if (layer.feature && layer.feature.geometry.type === "Point") {
            out[layer.feature.properties.place_id] = layer.options.dashArray || null;
        }
    });
    return out;
}
"""


@pytest.fixture(scope="module")
def guess_app(playwright_browser, tmp_path_factory):
    """The app on a copy of the data where Sary-Arka's point is an unchecked geocoder answer."""
    data = tmp_path_factory.mktemp("guess") / "data"
    shutil.copytree(BUNDLED_DATA, data, ignore=shutil.ignore_patterns("osm", "*.pbf"))
    places = PlacesFile.read(data / "places.csv")
    index = next(i for i, r in enumerate(places.rows) if r["place_id"] == "sary-arka-square")
    places.set(index, {"coord_source": SOURCE, "confidence": "low", "verified": "no"})
    places.write()
    log = data.parent / "streamlit.log"
    with harness.running_app(log, env={"DASHBOARD_DATA": str(data)}) as url:
        yield url


@pytest.fixture
def traffic(guess_app, tile_hosts):
    """The page fixture's routing, for this app: requests to it pass, third parties fail."""
    return harness.Traffic(app_host=urlsplit(guess_app).netloc, tile_hosts=tile_hosts)


@pytest.mark.parametrize("code", ["en", "ru"])
def test_an_unchecked_geocoded_point_is_shown_as_such(page, guess_app, code):
    lang = i18n.lang(code)
    harness.open_app(page, guess_app + f"?lang={code}")
    frame = harness.map_frame(page)
    legend = frame.locator(".protestmap-legend")
    expect(legend).to_contain_text(lang._("Geocoder's guess, not checked by a person"))
    styles = frame.evaluate(STYLE_JS)
    assert styles["sary-arka-square"] == "2 4"  # dotted ring
    assert styles["opera-theatre"] is None  # checked by a person: a solid ring

    harness.hover_place(page, "sary-arka-square")
    expect(frame.locator(".leaflet-tooltip")).to_contain_text(
        lang._("geocoder's guess, not checked by a person")
    )
    harness.click_place(page, "sary-arka-square")
    main = page.locator('[data-testid="stMain"]')
    expect(main).to_contain_text(lang._("Point found by a geocoder, not checked by a person"))
    expect(main).to_contain_text(SOURCE)
