"""The app in a real browser: map, clicks, panel, URL, network (tiles blocked throughout)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import harness
import pytest
from playwright.sync_api import expect

from dashboard import export
from dashboard.aggregate import summarise
from dashboard.filters import Selection, filter_events

WAVE = Selection(start=dt.date(2024, 2, 1), end=dt.date(2024, 3, 8))


def main_area(page):
    return page.locator('[data-testid="stMain"]')


def test_map_shows_one_marker_per_placed_location(page, app_url, dataset, traffic):
    harness.open_app(page, app_url)
    expected = summarise(filter_events(dataset.events, WAVE), dataset.places).places
    drawn = harness.drawn_places(page)
    assert sorted(p["id"] for p in drawn) == sorted(expected["place_id"])
    assert {p["id"]: p["count"] for p in drawn} == dict(
        zip(expected["place_id"], expected["count"])
    )
    # Tiles were asked for and blocked: the markers are drawn all the same.
    assert traffic.tiles, "the map did not even try to load tiles"
    # Leaflet and our map code come from the app, as one script.
    assert any("/app/static/js/map-bundle.js?v=" in u for u in traffic.own)


def test_url_reproduces_the_date_range(page, app_url, dataset):
    harness.open_app(page, app_url + "?dates=2024-02-02&dates=2024-02-09")
    n = len(filter_events(dataset.events, Selection(dt.date(2024, 2, 2), dt.date(2024, 2, 9))))
    expect(main_area(page)).to_contain_text(f"Showing {n} of {len(dataset.events)} events")
    assert len(harness.drawn_places(page)) == 2  # Republic Square and the Opera Theatre


def test_click_marker_shows_its_events_then_another(page, app_url):
    harness.open_app(page, app_url)
    main = main_area(page)
    expect(main).to_contain_text("Overview")
    harness.click_place(page, "republic-square")
    expect(main).to_contain_text("Temirlan Yensebek", timeout=15_000)
    expect(main).to_contain_text("Lia Bergen")
    expect(main).to_contain_text("2 events here in the selection, newest first.")
    assert [p["id"] for p in harness.drawn_places(page) if p["selected"]] == ["republic-square"]
    link = page.get_by_role("link", name=re.compile("Radio Azattyk"))
    expect(link).to_have_attribute("href", "https://www.azattyk.org/a/32802832.html")
    expect(link).to_have_attribute("target", "_blank")

    harness.click_place(page, "opera-theatre")
    expect(main).to_contain_text("Diana Jumagulova-Matweewa", timeout=15_000)
    expect(main).not_to_contain_text("Lia Bergen")


def test_same_marker_again_after_the_overview(page, app_url):
    harness.open_app(page, app_url)
    main = main_area(page)
    harness.click_place(page, "gandhi-park")
    expect(main).to_contain_text("Alua Nurasheva", timeout=15_000)
    page.get_by_role("button", name="Back to the overview").click()
    expect(main).to_contain_text("Places with the most events", timeout=15_000)
    harness.wait_idle(page)
    harness.click_place(page, "gandhi-park")
    expect(main).to_contain_text("Alua Nurasheva", timeout=15_000)


def test_date_change_updates_the_map_without_remounting_it(page, app_url, dataset):
    harness.open_app(page, app_url)
    frame = harness.map_frame(page)
    frame.evaluate("() => { window.notRemounted = true; window.map.setZoom(14); }")
    page.get_by_role("button", name="Whole history").click()
    n = len(dataset.events)
    expect(main_area(page)).to_contain_text(f"Showing {n} of {n} events", timeout=15_000)
    whole = summarise(dataset.events, dataset.places).places
    frame.wait_for_function(
        "(n) => { let k = 0; window.map.eachLayer(l => { if (l.feature && "
        "l.feature.geometry.type === 'Point') k++; }); return k === n; }",
        arg=len(whole),
        timeout=15_000,
    )
    assert frame.evaluate("() => window.notRemounted === true && window.map.getZoom() === 14")
    assert "dates=" in page.url


def test_slider_writes_the_url(page, app_url, dataset):
    harness.open_app(page, app_url)
    thumb = page.get_by_role("slider").first
    thumb.focus()
    for _ in range(3):
        thumb.press("ArrowRight")
    expect(page).to_have_url(re.compile(r"dates=2024-02-04&dates=2024-03-08"), timeout=15_000)
    n = len(filter_events(dataset.events, Selection(dt.date(2024, 2, 4), dt.date(2024, 3, 8))))
    expect(main_area(page)).to_contain_text(f"Showing {n} of {len(dataset.events)} events")
    page.reload()
    harness.wait_idle(page)
    expect(main_area(page)).to_contain_text(f"Showing {n} of {len(dataset.events)} events")


def test_panning_and_zooming_do_not_rerun_the_script(page, app_url):
    """Only clicks are returned from the map: moving it sends nothing to the server."""
    sent: list[str | bytes] = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda payload: sent.append(payload)))
    harness.open_app(page, app_url)
    page.wait_for_timeout(1500)  # the map's first report settles
    frame = harness.map_frame(page)
    before = len(sent)
    frame.evaluate("() => window.map.panBy([120, 60], {animate: false})")
    frame.evaluate("() => window.map.setZoom(14, {animate: false})")
    frame.evaluate("() => window.map.panBy([-200, 0], {animate: false})")
    page.wait_for_timeout(1500)  # longer than streamlit-folium's 250 ms debounce
    assert len(sent) == before
    # The same measure does see a click (so the check above can fail).
    frame.evaluate("() => window.map.setView([43.2386, 76.9455], 14, {animate: false})")
    harness.click_place(page, "republic-square")
    expect(main_area(page)).to_contain_text("Lia Bergen", timeout=15_000)
    assert len(sent) > before


def test_tooltip_names_the_place_and_count(page, app_url):
    harness.open_app(page, app_url)
    harness.hover_place(page, "opera-theatre")
    tooltip = harness.map_frame(page).locator(".protestmap-tooltip")
    expect(tooltip).to_contain_text("Abai Kazakh National Opera and Ballet Theatre")
    expect(tooltip).to_contain_text("2 events")


def test_not_located_events_are_listed(page, app_url, dataset):
    harness.open_app(page, app_url)
    unlocated = summarise(filter_events(dataset.events, WAVE), dataset.places).unlocated
    main = main_area(page)
    expect(main).to_contain_text(f"Not on the map: {len(unlocated)} events")
    for text in unlocated["location_text"]:
        expect(main).to_contain_text(f"“{text}”")


@pytest.mark.parametrize(
    ("label", "build"),
    [("Download CSV", export.csv_text), ("Download GeoJSON", export.geojson_text)],
)
def test_downloads_are_exactly_the_selection(page, app_url, dataset, label, build):
    harness.open_app(page, app_url + "?dates=2024-02-02&dates=2024-02-09")
    expect(main_area(page)).to_contain_text("Showing 4 of")
    harness.wait_idle(page)
    with page.expect_download(timeout=30_000) as info:
        page.get_by_role("button", name=label).click()
    download = info.value
    got = Path(download.path()).read_text(encoding="utf-8")
    selection = Selection(dt.date(2024, 2, 2), dt.date(2024, 2, 9))
    assert got == build(filter_events(dataset.events, selection), dataset.sources)


OWN_FILE = b"date,place,description\n2024-02-12,Arbat,one\n2024-02-13,Gandhi Park,two\n"


@pytest.mark.parametrize("before", ["dated link", "whole history"])
def test_a_file_opened_after_a_link_or_whole_history(page, app_url, before):
    """Streamlit refused to drop a URL-bound key: this crashed the page with a traceback."""
    if before == "dated link":
        harness.open_app(page, app_url + "?dates=2024-02-02&dates=2024-02-09")
        expect(main_area(page)).to_contain_text("Showing 4 of")
    else:
        harness.open_app(page, app_url)
        page.get_by_role("button", name="Whole history").click()
        expect(page).to_have_url(re.compile(r"dates=2017-03-08&dates=2024-03-08"))
    harness.wait_idle(page)
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
        files=[{"name": "mine.csv", "mimeType": "text/csv", "buffer": OWN_FILE}]
    )
    expect(main_area(page)).to_contain_text("Showing 2 of 2 events", timeout=30_000)
    harness.wait_idle(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    expect(main_area(page)).not_to_contain_text("Traceback")
    expect(main_area(page)).not_to_contain_text("StreamlitAPIException")
    assert "dates=" not in page.url  # the file's own default range
    harness.wait_map_settled(page)
    assert len(harness.drawn_places(page)) == 2
