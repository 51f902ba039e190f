"""Hostile data in a real browser: nothing a data file says runs; everything shows as typed.

The app runs on the payload data directory (tests/payloads.py: every text field holds a
payload that would set ``__pwned`` on the top window and open an alert). The test hovers and
clicks every marker, opens every panel, picks every event not on the map, opens every expander
and the table, opens a poisoned file of its own, and checks that the flag stays unset in the
top page and in the map's iframe, that no dialog opened, and that the payloads are on screen as
text.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import harness
import pytest
from playwright.sync_api import expect

from dashboard.aggregate import summarise
from dashboard.loader import load_dataset
from tests.payloads import FLAG, write_payload_data


@pytest.fixture(scope="module")
def payload_dir(tmp_path_factory) -> Path:
    return write_payload_data(tmp_path_factory.mktemp("payloads") / "data")


@pytest.fixture(scope="module")
def hostile_url(playwright_browser, payload_dir, tmp_path_factory):
    """The app, started as the README says, on the payload data."""
    log = tmp_path_factory.mktemp("hostile-app") / "streamlit.log"
    with harness.running_app(log, env={"DASHBOARD_DATA": str(payload_dir)}) as url:
        yield url


@pytest.fixture
def hostile_page(playwright_browser, hostile_url, tile_hosts):
    """A page that records dialogs and script errors and blocks third-party requests."""
    traffic = harness.Traffic(app_host=urlsplit(hostile_url).netloc, tile_hosts=tile_hosts)
    context = playwright_browser.new_context(viewport={"width": 1280, "height": 900})
    context.route("**/*", traffic.route)
    page = context.new_page()
    page.dialogs = []
    page.errors = []

    def on_dialog(dialog) -> None:
        page.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    yield page
    context.close()
    assert traffic.foreign == [], f"requests to third-party hosts: {traffic.foreign}"


def assert_nothing_ran(page) -> None:
    frame = harness.map_frame(page)
    assert page.evaluate(f"() => window.{FLAG} === undefined"), "a payload ran in the page"
    assert frame.evaluate(f"() => window.{FLAG} === undefined"), "a payload ran in the map"
    assert frame.evaluate(f"() => window.top.{FLAG} === undefined")
    assert page.dialogs == [], f"a payload opened a dialog: {page.dialogs}"
    assert page.errors == [], f"script errors in the page: {page.errors}"


FOCUS_JS = """
(placeId) => {
    let found = null;
    window.map.eachLayer(layer => {
        if (layer.feature && layer.feature.geometry.type === "Point"
                && layer.feature.properties.place_id === placeId) { found = layer; }
    });
    if (!found) { return null; }
    // Zoomed in so that no other marker covers it, up and left of the centre so that the
    // legend (bottom right) does not either.
    window.map.setView(found.getLatLng(), 18, {animate: false});
    const size = window.map.getSize();
    window.map.panBy([size.x * 0.2, size.y * 0.2], {animate: false});
    const p = window.map.latLngToContainerPoint(found.getLatLng());
    const box = window.map.getContainer().getBoundingClientRect();
    return [box.left + p.x, box.top + p.y];
}
"""


def marker_point(page, place_id: str) -> tuple[float, float]:
    """Centre the map on the marker, zoomed in so that no other marker covers it, and
    return where it is on the screen."""
    frame_element = page.locator(harness.MAP_FRAME)
    frame_element.scroll_into_view_if_needed()
    point = harness.map_frame(page).evaluate(FOCUS_JS, place_id)
    assert point is not None, f"no marker for {place_id}"
    box = frame_element.bounding_box()
    return box["x"] + point[0], box["y"] + point[1]


def hover(page, frame, x: float, y: float):
    """Move the mouse onto the marker at (x, y) until its tooltip shows.

    Leaflet's canvas renderer drops mouse moves that come within 32 ms of the last one it
    handled, so the mouse comes to rest on the marker with pauses, as a hand would."""
    tooltip = frame.locator(".protestmap-tooltip")
    for _ in range(3):
        page.mouse.move(x - 40, y - 40, steps=3)
        for dx in (0, 1, 0):
            page.wait_for_timeout(60)
            page.mouse.move(x + dx, y)
        try:
            expect(tooltip).to_be_visible(timeout=2000)
            return tooltip
        except AssertionError:
            continue
    expect(tooltip).to_be_visible()
    return tooltip


def main_area(page):
    return page.locator('[data-testid="stMain"]')


def test_payloads_do_not_run_and_show_as_text(hostile_page, hostile_url, payload_dir, tmp_path):
    page = hostile_page
    dataset = load_dataset(payload_dir)
    harness.open_app(page, hostile_url)
    main = main_area(page)
    page.get_by_role("button", name="Whole history").click()
    n = len(dataset.events)
    expect(main).to_contain_text(f"Showing {n} of {n} events", timeout=15_000)
    harness.wait_idle(page)

    places = harness.drawn_places(page)
    located = set(dataset.events.loc[dataset.events["located"], "place_id"])
    assert sorted(p["id"] for p in places) == sorted(located)
    names = dict(zip(dataset.places["place_id"], dataset.places["name_en"]))
    frame = harness.map_frame(page)
    seen: list[str] = []  # every text shown on the way
    events = dataset.events
    for place in places:
        x, y = marker_point(page, place["id"])
        tooltip = hover(page, frame, x, y)
        tooltip_text = tooltip.inner_text()
        seen.append(tooltip_text)
        # The place's name, payload and all, as typed (the tooltip may shorten long names).
        assert names[place["id"]][:60] in tooltip_text.replace("\n", " ") or (
            names[place["id"]][:30] in tooltip_text
        ), (place["id"], tooltip_text[:200])
        page.mouse.click(x, y)  # click: the panel
        # The heading names the place: its name is unique ("... [name_en of <place id>]").
        expect(page.locator("h3").filter(has_text=f"[name_en of {place['id']}]")).to_be_visible(
            timeout=15_000
        )
        harness.wait_idle(page)
        panel_text = main.inner_text()
        seen.append(panel_text)
        flat = " ".join(panel_text.split())
        for description in events.loc[events["place_id"] == place["id"], "description"]:
            assert " ".join(description.split())[:200] in flat, (place["id"], description[:80])
        assert_nothing_ran(page)

    # Events not on the map: pick each in turn and read its card, as typed.
    unplaced = summarise(events, dataset.places).unlocated
    options = page.locator('[data-testid="stRadioOption"]')
    expect(options).to_have_count(len(unplaced))
    cards = main.locator('[data-testid="stMarkdownContainer"]')
    for i, (event_id, description) in enumerate(
        zip(unplaced["event_id"], unplaced["description"], strict=True)
    ):
        options.nth(i).scroll_into_view_if_needed()
        options.nth(i).click()
        card = cards.filter(has_text=f"[description of {event_id}]").first
        expect(card).to_be_visible(timeout=15_000)
        harness.wait_idle(page)
        assert " ".join(description.split())[:200] in " ".join(card.inner_text().split())
        seen.append(main.inner_text())
        assert_nothing_ran(page)

    # Every expander (the problems list, if any): open them all.
    for summary in page.locator('[data-testid="stExpander"] summary').all():
        summary.scroll_into_view_if_needed()
        summary.click()
    harness.wait_idle(page)

    # The table: scroll to it and hover over its cells.
    table = page.locator('[data-testid="stDataFrame"]').first
    table.scroll_into_view_if_needed()
    expect(table).to_be_visible()
    box = table.bounding_box()
    for dx in (0.2, 0.5, 0.8):
        page.mouse.move(box["x"] + box["width"] * dx, box["y"] + 60)
    page.wait_for_timeout(500)

    # The text is there, as typed: tags, template literals and javascript: links as text.
    seen.append(main.inner_text())
    text = "\n".join(seen)
    for literal in (
        "<script>top.__pwned=1",
        "<img src=x onerror=",
        "<svg onload=",
        "${top.__pwned=1",
        "</script><script>",
        "javascript:top.__pwned=1",
        "data:text/html,<script>",
        "✊🏽",
    ):
        assert literal in text, literal
    # Links only go to http(s) pages, and none leads to a javascript: or data: address.
    hrefs = main.locator("a[href]").evaluate_all("els => els.map(a => a.getAttribute('href'))")
    assert hrefs, "no source links"
    assert all(re.match(r"https?://", h) or h.startswith("#") for h in hrefs), hrefs
    # No element that a payload would have created exists in the page or the map.
    for root in (page, frame):
        assert (
            root.locator("img[src='x'], svg[onload], iframe[srcdoc], b[onmouseover]").count() == 0
        )
    page.screenshot(path=str(tmp_path / "hostile.png"), full_page=True)
    assert_nothing_ran(page)


def test_an_opened_poisoned_file_does_not_run(hostile_page, hostile_url, payload_dir):
    """The viewer's own file, full of payloads, goes through the same escaping."""
    page = hostile_page
    harness.open_app(page, hostile_url)
    rows = [
        "date,place,latitude,longitude,description,source",
        '2024-02-10,"<img src=x onerror=top.__pwned=1>",43.25,76.95,'
        '"<script>top.__pwned=1</script> uploaded",javascript:top.__pwned=1',
        '2024-02-11,"<svg onload=top.__pwned=1>",43.24,76.93,"`${top.__pwned=1}`",'
        '"https://example.org/""><script>top.__pwned=1</script>"',
    ]
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
        files=[
            {
                "name": "poisoned.csv",
                "mimeType": "text/csv",
                "buffer": ("\n".join(rows) + "\n").encode(),
            }
        ]
    )
    main = main_area(page)
    expect(main).to_contain_text("Showing 2 of 2 events", timeout=30_000)
    harness.wait_idle(page)
    frame = harness.map_frame(page)
    frame.wait_for_function(
        "() => { let k = 0; window.map.eachLayer(l => { if (l.feature && "
        "l.feature.geometry.type === 'Point') k++; }); return k === 2; }",
        timeout=15_000,
    )
    for place in harness.drawn_places(page):
        x, y = marker_point(page, place["id"])
        page.mouse.move(x, y)
        page.mouse.click(x, y)
        harness.wait_idle(page)
        expect(main).to_contain_text("1 event here", timeout=15_000)
    expect(main).to_contain_text("<script>top.__pwned=1</script> uploaded")
    expect(main).to_contain_text("javascript:top.__pwned=1")
    assert_nothing_ran(page)
