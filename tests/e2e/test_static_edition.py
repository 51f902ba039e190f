"""The static edition in a real browser, opened from ``file://`` with no server.

Every request the page makes is recorded; any that is not a file of the edition's folder is
refused and fails the test. The bundled data must draw its markers, follow a date change and a
type filter, and open the panel with its sources as links on a click; the payload data set
(tests/payloads.py) must run nothing: no flag, no dialog, no element made from data, and its
text shown as typed.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import harness
import pytest

from dashboard.loader import load_dataset
from dashboard.publish import write_edition
from tests.payloads import EVIL_HOST, FLAG, write_payload_data

PLACES_JS = """
() => {
    const out = [];
    window.editionMap.eachLayer(layer => {
        if (layer.feature && layer.feature.geometry.type === "Point") {
            const p = layer.feature.properties;
            out.push([p.place_id, p.count, p.selected]);
        }
    });
    return out.sort();
}
"""
"""The drawn place markers: ``[place_id, count, selected]`` each, sorted."""

MARKER_POINT_JS = """
(placeId) => {
    const m = window.editionMap;
    let found = null;
    m.eachLayer(layer => {
        if (layer.feature && layer.feature.geometry.type === "Point"
                && layer.feature.properties.place_id === placeId) {
            found = layer;
        }
    });
    if (!found || found.options.dot) return null;
    const p = m.latLngToContainerPoint(found.getLatLng());
    const box = m.getContainer().getBoundingClientRect();
    const x = box.left + p.x, y = box.top + p.y;
    const top = document.elementFromPoint(x, y);
    return top && top.tagName === "CANVAS" ? [x, y] : null;
}
"""
"""Where the marker of a place is on the page, when it is drawn full size and nothing covers
it (else null)."""

BIGGEST_JS = """
() => {
    let best = null;
    window.editionMap.eachLayer(layer => {
        if (layer.feature && layer.feature.geometry.type === "Point" && !layer.options.dot
                && (!best || layer.feature.properties.count > best.count)) {
            best = layer.feature.properties;
        }
    });
    return best && best.place_id;
}
"""

INJECTED = (
    "#edition img, #edition script, #edition iframe, #edition object, #edition embed, "
    "#edition b, #edition i, #edition svg:not(.leaflet-attribution-flag)"
)
"""Elements the page itself never makes (Leaflet's attribution flag aside): any of them in
the edition came from data."""


def write(folder: Path, data: Path | None = None, **options) -> Path:
    dataset = load_dataset(data) if data else load_dataset(Path("data"))
    write_edition(dataset, folder, app_url="https://map.example.org/", **options)
    return folder


@pytest.fixture(scope="module")
def edition(tmp_path_factory) -> Path:
    """The static edition of the bundled data, with the bundled basemap."""
    return write(tmp_path_factory.mktemp("edition") / "site")


@pytest.fixture(scope="module")
def payload_edition(tmp_path_factory) -> Path:
    """The static edition of the payload data set."""
    data = write_payload_data(tmp_path_factory.mktemp("payloads") / "data")
    return write(tmp_path_factory.mktemp("payload-edition") / "site", data)


@contextlib.contextmanager
def opened(browser, folder: Path, *, width: int = 1280) -> Iterator:
    """The edition's index.html from file://; fails on leaving if any request went outside
    the folder, a dialog opened or a script error happened."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    inside = folder.resolve().as_uri() + "/"
    requests: list[str] = []
    outside: list[str] = []

    def guard(route) -> None:
        if route.request.url.startswith(inside):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    page.on("request", lambda r: requests.append(r.url))
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(inside + "index.html")
    page.wait_for_function(
        "() => Number(document.getElementById('edition').getAttribute('data-markers')) > 0"
    )
    yield page
    context.close()
    assert outside == [], f"requests outside the folder: {outside}"
    assert [u for u in requests if not u.startswith(inside)] == []
    assert dialogs == [], f"dialogs opened: {dialogs}"
    assert errors == [], f"script errors: {errors}"


def places(page) -> list[list]:
    return page.evaluate(PLACES_JS)


def wait_changed(page, before: list[list]) -> list[list]:
    page.wait_for_function(f"old => JSON.stringify(({PLACES_JS})()) !== old", arg=_json(before))
    return places(page)


def _json(value) -> str:
    import json

    return json.dumps(value, separators=(",", ":"))


def click_place(page, place_id: str) -> None:
    """Click the marker of ``place_id`` on its centre (the map scrolled into view first)."""
    page.locator("#edition-map").scroll_into_view_if_needed()
    page.wait_for_function(f"id => ({MARKER_POINT_JS})(id) !== null", arg=place_id)
    x, y = page.evaluate(MARKER_POINT_JS, place_id)
    page.mouse.click(x, y)


def test_markers_filters_and_panel_from_file(playwright_browser, edition):
    with opened(playwright_browser, edition) as page:
        first = places(page)
        # The February 2024 wave, as the app opens: 11 places with 14 events drawn.
        assert len(first) == 11
        assert sum(count for _, count, _ in first) == 14
        assert page.locator("#edition-summary").inner_text() == "Showing 18 of 25 events"

        page.locator("#edition-from").fill("2017-01-01")
        widened = wait_changed(page, first)
        assert sum(c for _, c, _ in widened) > sum(c for _, c, _ in first)
        assert page.locator("#edition-summary").inner_text() == "Showing 25 of 25 events"

        page.locator("input[name=type][value=picket]").uncheck()
        no_pickets = wait_changed(page, widened)
        assert sum(c for _, c, _ in no_pickets) < sum(c for _, c, _ in widened)

        page.locator("input[name=type][value=picket]").check()
        page.locator("#edition-from").fill("2024-02-01")
        assert wait_changed(page, no_pickets) == first

        place_id = page.evaluate(BIGGEST_JS)
        click_place(page, place_id)
        page.wait_for_selector("#edition-panel .edition-card")
        assert [p for p in places(page) if p[2]] == [[place_id, 2, True]]
        panel = page.locator("#edition-panel")
        assert panel.locator("h2").inner_text() == page.evaluate(
            "id => window.protestEdition.places.find(p => p.id === id).name.en", place_id
        )
        cards = panel.locator(".edition-card")
        assert cards.count() == 2
        for i in range(cards.count()):
            links = cards.nth(i).locator(".edition-sources a[href]")
            assert links.count() >= 1
            hrefs = links.evaluate_all("els => els.map(a => a.getAttribute('href'))")
            assert all(h.startswith(("https://", "http://")) for h in hrefs), hrefs
        panel.locator(".edition-back").click()
        page.wait_for_function("() => !document.querySelector('#edition-panel .edition-card')")
        assert panel.locator("h2").inner_text() == "Overview"


def test_languages_switch_in_the_page(playwright_browser, edition):
    with opened(playwright_browser, edition) as page:
        page.locator("button[data-lang=ru]").click()
        assert page.locator("#edition-summary").inner_text() == "Показано 18 из 25 событий"
        assert page.evaluate("document.documentElement.lang") == "ru"
        assert page.locator(".edition-live").get_attribute("href") == "https://map.example.org/"


def test_bundled_basemap_draws_from_file(playwright_browser, edition):
    with opened(playwright_browser, edition) as page:
        page.wait_for_function(
            "() => window.protestBasemap && window.protestBasemap.state(window.editionMap)"
            ".drawn > 0"
        )
        state = page.evaluate("() => window.protestBasemap.state(window.editionMap)")
        assert state["mode"] == "bundled"
        # Another language: the basemap is drawn again with its names, one layer and one
        # attribution line (in the new language).
        first = page.evaluate("() => L.stamp(window.editionMap._protestBasemap)")
        page.locator("button[data-lang=ru]").click()
        page.wait_for_function(
            "old => L.stamp(window.editionMap._protestBasemap) !== old"
            " && window.protestBasemap.state(window.editionMap).drawn > 0",
            arg=first,
        )
        layers = page.evaluate(
            "() => { let n = 0;"
            " window.editionMap.eachLayer(l => { if (l instanceof L.GridLayer) n++; });"
            " return n; }"
        )
        assert layers == 1
        attribution = page.locator(".leaflet-control-attribution").inner_text()
        assert "участники OpenStreetMap" in attribution and "contributors" not in attribution


def test_phone_width_shows_markers_and_passes_axe(playwright_browser, edition):
    with opened(playwright_browser, edition, width=390) as page:
        assert len(places(page)) == 11
        box = page.locator("#edition-map").bounding_box()
        assert box["width"] <= 390
        failing = [v for v in harness.axe_violations(page) if v["impact"] in harness.AXE_FAILING]
        assert failing == []
        page.locator(".edition-top .edition-link").first.click()
        page.wait_for_selector("#edition-panel .edition-card")
        failing = [v for v in harness.axe_violations(page) if v["impact"] in harness.AXE_FAILING]
        assert failing == []


def test_payload_data_runs_nothing(playwright_browser, payload_edition):
    with opened(playwright_browser, payload_edition) as page:
        page.locator("#edition-from").fill("2017-01-01")
        page.wait_for_function("() => document.querySelectorAll('.edition-top li').length > 0")
        for place_id, _, _ in places(page):
            if page.evaluate(MARKER_POINT_JS, place_id) is None:
                continue  # a dot under a bigger marker: its events are reached from the list
            click_place(page, place_id)
            page.wait_for_selector("#edition-panel .edition-card")
            page.locator(".edition-back").click()
        for i in range(page.locator(".edition-top .edition-link").count()):
            page.locator(".edition-top .edition-link").nth(i).click()
            page.wait_for_selector("#edition-panel .edition-card")
            page.locator(".edition-back").click()
        unlocated = page.locator(".edition-unlocated .edition-link")
        assert unlocated.count() > 0
        unlocated.first.click()
        page.wait_for_selector(".edition-unlocated .edition-card")
        page.locator("#edition-search").fill("script")
        page.locator("button[data-lang=kk]").click()
        page.locator("button[data-lang=en]").click()
        page.locator("#edition-search").fill("")
        click_place(page, page.evaluate(BIGGEST_JS))
        page.wait_for_selector("#edition-panel .edition-card")

        assert page.evaluate(f"() => window.{FLAG}") is None
        assert page.locator(INJECTED).count() == 0
        assert page.locator(f"a[href*='{EVIL_HOST}']").count() == 0
        hrefs = page.locator("#edition a[href]").evaluate_all(
            "els => els.map(a => a.getAttribute('href'))"
        )
        assert hrefs and all(
            h.startswith("https://example.org/")
            or h in ("#", "https://map.example.org/")
            or h.startswith("https://leafletjs.com")
            for h in hrefs
        ), hrefs
        # The text is there as typed: the card's first line holds a payload's own characters.
        text = page.locator("#edition-panel").inner_text()
        assert "<script>" in text or "<img src=x" in text or "onerror" in text
        assert "[description of" in text


def test_keyboard_opens_a_place_and_escape_goes_back(playwright_browser, edition):
    with opened(playwright_browser, edition) as page:
        first = page.locator(".protestmap-key").first
        first.focus()
        page.keyboard.press("Enter")
        page.wait_for_selector("#edition-panel .edition-card")
        assert page.locator(".protestmap-key[aria-current=true]").count() == 1
        page.keyboard.press("Escape")
        page.wait_for_function("() => !document.querySelector('#edition-panel .edition-card')")
        assert page.locator("#edition-panel h2").inner_text() == "Overview"
