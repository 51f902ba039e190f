"""Keyboard and screen-reader access in a real browser: every place reachable with Tab and
opened with Enter, Escape back to the overview, the map described in words, and axe-core
finding no serious or critical violation on the page or in the map frame in each view."""

from __future__ import annotations

import harness
import pytest
from playwright.sync_api import expect
from test_app import OWN_FILE, WAVE, main_area

from dashboard import mapview, panel
from dashboard.aggregate import summarise
from dashboard.filters import filter_events

REPUBLIC_SQUARE = "Republic Square (Independence Monument)"


def live_text(frame) -> str:
    """What the map's live region last told a screen reader."""
    return frame.locator(".protestmap-live").text_content()


def test_keyboard_alone_opens_a_place_and_escape_returns(page, app_url):
    """No mouse event: Tab to Republic Square, Enter reads its two pickets, Escape goes back."""
    harness.open_app(page, app_url)
    main = main_area(page)
    frame = harness.map_frame(page)
    harness.tab_to_place(page, REPUBLIC_SQUARE)
    assert frame.evaluate(harness.ACTIVE_JS)["text"] == f"{REPUBLIC_SQUARE}: 2 events, exact place"

    page.keyboard.press("Enter")
    expect(main).to_contain_text("2 events here in the selection, newest first.", timeout=15_000)
    expect(main).to_contain_text("Temirlan Yensebek")
    expect(main).to_contain_text("Lia Bergen")
    assert [p["id"] for p in harness.drawn_places(page) if p["selected"]] == ["republic-square"]
    # The new places layer puts the focus back on the same place, which says it is open.
    frame.wait_for_function(
        "(name) => document.activeElement.getAttribute('aria-current') === 'true'"
        " && document.activeElement.textContent.startsWith(name)",
        arg=REPUBLIC_SQUARE,
        timeout=15_000,
    )
    assert live_text(frame) == f"The panel shows {REPUBLIC_SQUARE}: 2 events."

    page.keyboard.press("Escape")
    expect(main.get_by_role("heading", name="Overview")).to_be_visible(timeout=15_000)
    expect(main).not_to_contain_text("here in the selection, newest first.")
    frame.wait_for_function(
        "() => document.querySelector('.protestmap-live').textContent"
        " === 'The panel shows the overview of the selection.'",
        timeout=15_000,
    )
    assert not any(p["selected"] for p in harness.drawn_places(page))
    assert frame.evaluate(harness.ACTIVE_JS)["text"].startswith(REPUBLIC_SQUARE)


def test_every_drawn_place_has_a_button_most_events_first(page, app_url, dataset):
    harness.open_app(page, app_url)
    places = summarise(filter_events(dataset.events, WAVE), dataset.places).places
    buttons = harness.map_frame(page).locator(".protestmap-keys button")
    expect(buttons).to_have_count(len(places))
    texts = buttons.all_text_contents()
    ordered = places.sort_values(["count", "place_id"], ascending=[False, True])
    expected = [
        f"{name}: {panel.events_word(count)}, {mapview.PRECISION_WORDS[precision]}"
        for name, count, precision in zip(ordered["name"], ordered["count"], ordered["precision"])
    ]
    # A place drawn as a dot under a bigger marker says so after these words.
    assert [t[: len(e)] for t, e in zip(texts, expected)] == expected
    dots = harness.map_frame(page).evaluate(
        "() => { const out = []; window.map.eachLayer(l => { if (l.options && l.options.dot)"
        " out.push(l.feature.properties.name); }); return out; }"
    )
    assert dots, "the wave's first view has a dot (Zhibek Zholy metro station): is it gone?"
    dot_note = ", " + mapview.layer_text()["dot_note"]
    for name in dots:
        assert any(t.startswith(f"{name}: ") and t.endswith(dot_note) for t in texts), name
    # Every one, dots included, is a tab stop of its own.
    assert buttons.evaluate_all("bs => bs.every(b => b.tabIndex === 0 && !b.disabled)")


def test_the_map_is_named_and_described(page, app_url, dataset):
    harness.open_app(page, app_url)
    summary = summarise(filter_events(dataset.events, WAVE), dataset.places)
    region = harness.map_frame(page).get_by_role("region", name="Map of the events")
    expect(region).to_have_accessible_description(
        f"{len(summary.places)} places on the map with {summary.drawn} events, from 1 February "
        f"2024 to 8 March 2024; not on the map: {len(summary.unlocated)} events."
    )


def test_skip_link_jumps_past_the_places_and_tab_leaves_the_map(page, app_url):
    harness.open_app(page, app_url)
    harness.tab_to_place(page, REPUBLIC_SQUARE)
    frame = harness.map_frame(page)
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    assert frame.evaluate(harness.ACTIVE_JS)["text"] == "Skip the places on the map"
    page.keyboard.press("Enter")
    active = frame.evaluate("() => document.activeElement.className")
    assert "leaflet-control-zoom-in" in active
    # No trap: Tab goes on past the map's controls to the rest of the page.
    for _ in range(harness.MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate(harness.ACTIVE_JS)["tag"] != "IFRAME":
            break
    assert page.evaluate(harness.ACTIVE_JS)["tag"] != "IFRAME", "the focus stays in the map"


def assert_axe_clean(page, view: str) -> None:
    """No serious or critical axe violation on the page or in the map frame."""
    harness.wait_idle(page)
    harness.wait_map_settled(page)
    for where, target in (("page", page), ("map frame", harness.map_frame(page))):
        failing = [v for v in harness.axe_violations(target) if v["impact"] in harness.AXE_FAILING]
        assert failing == [], f"axe in the {where} ({view}): {failing}"


@pytest.mark.parametrize("width", [1280, 390])
def test_axe_finds_no_serious_violation_in_any_view(page, app_url, width):
    page.set_viewport_size({"width": width, "height": 900 if width > 400 else 844})
    harness.open_app(page, app_url)
    assert_axe_clean(page, "overview")

    harness.click_place(page, "republic-square")
    expect(main_area(page)).to_contain_text("Lia Bergen", timeout=15_000)
    assert_axe_clean(page, "a place clicked")

    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
        files=[{"name": "mine.csv", "mimeType": "text/csv", "buffer": OWN_FILE}]
    )
    expect(main_area(page)).to_contain_text("Showing 2 of 2 events", timeout=30_000)
    assert_axe_clean(page, "a file opened")


def test_the_map_frame_lets_a_phone_zoom(page, app_url):
    page.set_viewport_size({"width": 390, "height": 844})
    harness.open_app(page, app_url)
    contents = harness.map_frame(page).evaluate(
        "() => Array.from(document.querySelectorAll('meta[name=viewport]'), m => m.content)"
    )
    assert contents, "the map frame has no viewport"
    for content in contents:
        assert "user-scalable=no" not in content.replace(" ", "")
        assert "maximum-scale=1" not in content.replace(" ", "")
