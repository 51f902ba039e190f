"""Playback in the browser: the map plays the February 2024 wave a day at a time without any
script rerun, and a pause or a step leaves the slider, the count and the panel agreeing with
the markers drawn."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

import harness
import pytest

from dashboard.filters import Selection, filter_events

WAVE = (dt.date(2024, 2, 1), dt.date(2024, 3, 8))

DRAWN_JS = """
() => {
    const markers = [];
    window.map.eachLayer(layer => {
        if (layer.feature && layer.feature.geometry.type === "Point") {
            markers.push([layer.feature.properties.place_id, layer.feature.properties.count,
                          Boolean(layer.options.faded)]);
        }
    });
    markers.sort();
    const position = window.protestPlayback.position();
    return {position: position, markers: markers};
}
"""
"""What the map draws (place, count, faded) and where playback is, read at one instant."""


def expected_markers(dataset, day: dt.date) -> list[list]:
    """What a day step at ``day`` must draw: every place with events from the wave's first
    day up to ``day``, its count those events, faded when none of them is on ``day``."""
    events = filter_events(dataset.events, Selection(start=WAVE[0], end=day))
    located = events[events["located"].to_numpy(dtype=bool)]
    counts = Counter(located["place_id"])
    today = set(located.loc[located["date"] == str(day), "place_id"])
    return sorted([pid, n, pid not in today] for pid, n in counts.items())


def slider_values(page) -> list[str]:
    thumbs = page.locator('[data-testid="stSidebar"] [data-testid="stSliderThumbValue"]')
    return [t.inner_text() for t in thumbs.all()]


def overview_numbers(page) -> tuple[int, int]:
    """(events, places) on the map, as the panel's overview says them."""
    text = page.get_by_text(re.compile(r"\d+ events? at \d+ places? on the map")).inner_text()
    found = re.search(r"(\d+) events? at (\d+) places? on the map", text)
    assert found, text
    return int(found.group(1)), int(found.group(2))


def test_playback_runs_in_the_frame_and_a_pause_brings_the_page_along(
    page, app_url, traffic, dataset
):
    sent: list[str] = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda payload: sent.append("frame")))
    harness.open_app(page, app_url)
    frame = harness.map_frame(page)
    assert frame.evaluate("() => window.protestPlayback.position().date") == (
        "2024-02-01 – 2024-03-08"
    )
    frame.select_option(".protestmap-play select >> nth=1", "4")  # speed 4×
    before = len(sent)

    # Play: the date advances a day at a time and the markers follow, with no rerun.
    frame.locator(".protestmap-play-toggle").click()
    seen: dict[str, list] = {}
    index = -1
    while len(seen) < 6:
        frame.wait_for_function(
            "i => window.protestPlayback.position().index > i", arg=index, timeout=20_000
        )
        state = frame.evaluate(DRAWN_JS)
        index = state["position"]["index"]
        seen[state["position"]["date"]] = state["markers"]
        day = WAVE[0] + dt.timedelta(days=index)
        assert state["position"]["date"] == day.isoformat()
        assert state["markers"] == expected_markers(dataset, day), day
    assert len({str(m) for m in seen.values()}) > 1, "the markers never changed"

    # The map zooms while it plays, and playing goes on.
    zoom = frame.evaluate("() => window.map.getZoom()")
    box = page.locator(harness.MAP_FRAME).bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 3)
    page.mouse.wheel(0, -300)
    frame.wait_for_function("z => window.map.getZoom() > z", arg=zoom, timeout=10_000)
    frame.wait_for_function(
        "i => window.protestPlayback.position().index > i", arg=index, timeout=20_000
    )
    assert frame.evaluate("() => window.protestPlayback.position().playing")
    assert len(sent) == before, "playing sent messages to the server"

    # Pause with the keyboard (the focus is on the play button): one report, one rerun.
    assert "protestmap-play-toggle" in frame.evaluate("() => document.activeElement.className")
    page.keyboard.press("Space")
    frame.wait_for_function("() => !window.protestPlayback.position().playing")
    paused_at = frame.evaluate("() => window.protestPlayback.position().at")
    page.wait_for_url(re.compile(rf"at={paused_at}"), timeout=30_000)
    harness.wait_idle(page)
    assert len(sent) > before
    assert_page_agrees(page, frame, dataset, dt.date.fromisoformat(paused_at))

    # Step forward with the arrow key: the page follows again.
    page.keyboard.press("ArrowRight")
    following = dt.date.fromisoformat(paused_at) + dt.timedelta(days=1)
    page.wait_for_url(re.compile(rf"at={following}"), timeout=30_000)
    harness.wait_idle(page)
    assert_page_agrees(page, frame, dataset, following)
    assert "step=day" in page.url


def assert_page_agrees(page, frame, dataset, day: dt.date) -> None:
    """The slider, the count and the panel say what the map draws at ``day``."""
    frame.wait_for_function(
        "d => { const p = window.protestPlayback.position(); return p.at === d && !p.playing; }",
        arg=day.isoformat(),
    )
    harness.wait_map_settled(page)
    state = frame.evaluate(DRAWN_JS)
    assert state["markers"] == expected_markers(dataset, day)
    assert slider_values(page) == [WAVE[0].isoformat(), day.isoformat()]
    n = len(filter_events(dataset.events, Selection(start=WAVE[0], end=day)))
    assert page.get_by_text(f"Showing {n} of {len(dataset.events)} events").is_visible()
    events, places = overview_numbers(page)
    assert places == len(state["markers"])
    assert events == sum(count for _, count, _ in state["markers"])


@pytest.mark.parametrize("width", [390])
def test_the_control_fits_a_phone_and_shows_its_focus(playwright_browser, app_url, width):
    context = playwright_browser.new_context(viewport={"width": width, "height": 844})
    context.route(
        "**/*",
        lambda route: route.continue_() if route.request.url.startswith(app_url) else route.abort(),
    )
    page = context.new_page()
    try:
        harness.open_app(page, app_url)
        frame = harness.map_frame(page)
        box = frame.evaluate(
            """() => {
                const r = document.querySelector(".protestmap-play").getBoundingClientRect();
                const m = window.map.getContainer().getBoundingClientRect();
                return [r.left - m.left, r.top - m.top, m.right - r.right, m.bottom - r.bottom];
            }"""
        )
        assert min(box) >= 0, f"the control reaches outside the map: {box}"
        frame.locator(".protestmap-play-forward").focus()
        page.keyboard.press("Shift+Tab")  # keyboard focus: focus-visible applies
        outline = frame.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
        assert outline == "solid"
        page.screenshot(path="test-results/screenshot-playback-phone.png")
    finally:
        context.close()
