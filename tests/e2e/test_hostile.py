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

from dashboard import export
from dashboard.aggregate import summarise
from dashboard.loader import load_dataset
from tests.payloads import EVIL_HOST, FLAG, MARKDOWN_PAYLOADS, MARKDOWN_SUFFIX, write_payload_data

INVISIBLE = dict.fromkeys(map(ord, "\u2060\u2068\u2069"))
"""The word joiners and isolates the page adds to data text: they show nothing."""


def shown(text: str) -> str:
    """Page text as a viewer reads it: without the invisible marks the escaping adds."""
    return text.translate(INVISIBLE)


WORDS_IN_ORDER_JS = """
([phrase]) => {
    // Where each word of the app's own phrase is drawn, left to right, in the first text node
    // holding it: an override before it in the same paragraph would draw them right to left.
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    let node;
    while ((node = walker.nextNode())) {
        const at = node.data.indexOf(phrase);
        if (at < 0) continue;
        const xs = [];
        let offset = at;
        for (const word of phrase.split(" ")) {
            const range = document.createRange();
            range.setStart(node, offset);
            range.setEnd(node, offset + word.length);
            const box = range.getBoundingClientRect();
            xs.push([Math.round(box.top), box.left]);  // a wrapped line starts further down
            offset += word.length + 1;
        }
        return xs;
    }
    return null;
}
"""


def assert_words_in_order(root, phrase: str) -> None:
    xs = root.evaluate(WORDS_IN_ORDER_JS, [phrase])
    assert xs is not None, f"{phrase!r} is not on the page"
    assert xs == sorted(xs), f"the app's words {phrase!r} are drawn out of order: {xs}"
    assert len(xs) == len(phrase.split())


def assert_no_link_or_image_from_data(page) -> None:
    """No <a> or <img> that data text made: links go to the sources' pages only."""
    for root in (page, harness.map_frame(page)):
        assert root.locator(f"a[href*='{EVIL_HOST}'], img[src*='{EVIL_HOST}']").count() == 0
        assert root.locator("[data-testid='stMain'] img, img[src*='evil']").count() == 0
    hrefs = page.locator("[data-testid='stMain'] a[href]").evaluate_all(
        "els => els.map(a => a.getAttribute('href'))"
    )
    assert all(h.startswith("https://example.org/") or h.startswith("#") for h in hrefs), hrefs


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
    harness.wait_map_settled(page)
    harness.map_frame(page).evaluate(FOCUS_JS, place_id)
    harness.wait_map_settled(page)  # drawn at the new view (the same call gives the point)
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
        expect(page.locator("h2").filter(has_text=f"[name_en of {place['id']}]")).to_be_visible(
            timeout=15_000
        )
        harness.wait_idle(page)
        panel_text = main.inner_text()
        seen.append(panel_text)
        # The line above the map names the place (bidi payloads and all), then the app's words.
        assert_words_in_order(page, "beside the map")
        flat = shown(" ".join(panel_text.split()))
        for description in events.loc[events["place_id"] == place["id"], "description"]:
            typed = shown(" ".join(description.split()))[:200]
            assert typed in flat, (place["id"], description[:80])
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
        typed = shown(" ".join(description.split()))[:200]
        assert typed in shown(" ".join(card.inner_text().split()))
        seen.append(main.inner_text())
        assert_nothing_ran(page)

    # Every expander (the problems list, if any): open them all.
    for summary in page.locator('[data-testid="stExpander"] summary').all():
        summary.scroll_into_view_if_needed()
        summary.click()
    harness.wait_idle(page)

    # The table: scroll to it (once its expander has stopped growing) and hover over its cells.
    table = page.locator('[data-testid="stDataFrame"]').first
    expect(table).to_be_visible(timeout=30_000)
    harness.wait_expanders_still(page)
    table.scroll_into_view_if_needed()
    box = table.bounding_box()
    for dx in (0.2, 0.5, 0.8):
        page.mouse.move(box["x"] + box["width"] * dx, box["y"] + 60)
    page.wait_for_timeout(500)

    # The table's own toolbar offers no download (it would not guard formulas)...
    table.hover()
    toolbar = page.locator('[data-testid="stElementToolbar"]')
    expect(toolbar.get_by_role("button", name="Search")).to_be_visible()  # the table's
    labels = toolbar.locator("button").evaluate_all(
        "els => els.map(b => b.getAttribute('aria-label'))"
    )
    assert not [label for label in labels if re.search("csv|download data", label, re.I)]
    # ...the page's buttons do (with formula cells guarded, as the export command does).
    for label, suffix in (("Download CSV", ".csv"), ("Download GeoJSON", ".geojson")):
        button = page.get_by_role("button", name=label)
        button.scroll_into_view_if_needed()
        with page.expect_download(timeout=30_000) as info:
            button.click()
        got = Path(info.value.path()).read_text(encoding="utf-8")
        assert info.value.suggested_filename.endswith(suffix)
        assert MARKDOWN_SUFFIX.split(" ")[0] in got  # the payloads are in the file, as data
        if suffix == ".csv":  # the same rows as the export command writes
            want = export.csv_text(dataset.events, dataset.sources)
            assert sorted(got.splitlines()) == sorted(want.splitlines())
        harness.wait_idle(page)

    # The person picker's list (names with payloads) is plain text too.
    page.locator('[data-testid="stMultiSelect"]').nth(1).click()
    expect(page.locator('[role="option"]').first).to_be_visible()
    seen.append(page.locator('[role="listbox"]').inner_text())
    assert_no_link_or_image_from_data(page)
    page.keyboard.press("Escape")

    # The text is there, as typed: tags, template literals and javascript: links as text.
    seen.append(main.inner_text())
    text = shown("\n".join(seen))
    for literal in (
        "<script>top.__pwned=1",
        "<img src=x onerror=",
        "<svg onload=",
        "${top.__pwned=1",
        "</script><script>",
        "javascript:top.__pwned=1",
        "data:text/html,<script>",
        "✊🏽",
        *MARKDOWN_PAYLOADS,
    ):
        assert shown(literal) in text, literal
    assert_no_link_or_image_from_data(page)
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


POISONED_NAME = (
    "![p](http://evil.invalid/pixel.png) [x](http://evil.invalid) :red[x] $x$ \u202e.csv"
)


def test_an_opened_poisoned_file_does_not_run(hostile_page, hostile_url, payload_dir):
    """The viewer's own file, full of payloads and with a poisoned name, goes through the same
    escaping."""
    page = hostile_page
    harness.open_app(page, hostile_url)
    rows = [
        "date,place,latitude,longitude,description,source",
        f'2024-02-10,"<img src=x onerror=top.__pwned=1> {MARKDOWN_SUFFIX} [upload one]",'
        f'43.25,76.95,"<script>top.__pwned=1</script> uploaded {MARKDOWN_SUFFIX}",'
        "javascript:top.__pwned=1",
        f'2024-02-11,"<svg onload=top.__pwned=1> {MARKDOWN_SUFFIX} [upload two]",43.24,76.93,'
        '"`${top.__pwned=1}`",'
        '"https://example.org/""><script>top.__pwned=1</script>"',
    ]
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
        files=[
            {
                "name": POISONED_NAME,
                "mimeType": "text/csv",
                "buffer": ("\n".join(rows) + "\n").encode(),
            }
        ]
    )
    main = main_area(page)
    expect(main).to_contain_text("Showing 2 of 2 events", timeout=30_000)
    harness.wait_idle(page)
    # The file's name, in the line that says what was read, as typed: no image, no link.
    info = page.locator('[data-testid="stAlert"]').filter(has_text="events from").first
    assert shown(repr(POISONED_NAME)) in shown(info.inner_text())  # quoted, controls shown
    frame = harness.map_frame(page)
    frame.wait_for_function(
        "() => { let k = 0; window.map.eachLayer(l => { if (l.feature && "
        "l.feature.geometry.type === 'Point') k++; }); return k === 2; }",
        timeout=15_000,
    )
    headings = []
    for place in harness.drawn_places(page):
        x, y = marker_point(page, place["id"])
        page.mouse.move(x, y)
        page.mouse.click(x, y)
        # A heading of an uploaded place that was not shown before: this click was taken.
        heading = page.locator("h2").filter(has_text=re.compile(r"\[upload (one|two)\]"))
        for seen_before in headings:
            heading = heading.filter(has_not_text=seen_before)
        expect(heading).to_be_visible(timeout=15_000)
        headings.append(re.search(r"\[upload \w+\]", heading.inner_text()).group())
        harness.wait_idle(page)
        expect(main).to_contain_text("1 event here")
        if headings[-1] == "[upload one]":
            expect(main).to_contain_text("<script>top.__pwned=1</script> uploaded")
            expect(main).to_contain_text("javascript:top.__pwned=1")  # a source, as text
        else:
            expect(main).to_contain_text("`${top.__pwned=1}`")
        assert shown(MARKDOWN_SUFFIX) in shown(heading.inner_text())
        assert_words_in_order(page, "beside the map")
    assert sorted(headings) == ["[upload one]", "[upload two]"]
    assert_no_link_or_image_from_data(page)
    assert_nothing_ran(page)
