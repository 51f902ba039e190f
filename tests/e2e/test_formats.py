"""ACLED and Crowd Counting Consortium files in a real browser: imported with ``python -m
dashboard import`` and opened with ``DASHBOARD_DATA``, or opened with *Open your own file*. The
data's own types in the legend, counts that add up, approximate places drawn as areas (never as
exact points, and never under the legend), and CCC's sources as links (http(s) only).

The rows are written for the tests with ACLED's and CCC's exact headers (tests/formats_fixtures.py).
"""

from __future__ import annotations

from urllib.parse import urlsplit

import harness
import pytest
from playwright.sync_api import expect

from dashboard.cli import main as cli_main
from dashboard.loader import load_dataset
from dashboard.upload import read_upload
from tests.formats_fixtures import (
    ACLED_2023_HEADER,
    ACLED_2023_ROWS,
    ACLED_OLD_HEADER,
    ACLED_OLD_ROWS,
    CCC_3_HEADER,
    CCC_3_ROWS,
)

DRAWN_JS = """
() => {
    const m = window.map;
    const box = m.getContainer().getBoundingClientRect();
    const legend = document.querySelector(".protestmap-legend").getBoundingClientRect();
    const out = [];
    m.eachLayer(l => {
        if (l.feature && l.feature.geometry.type === "Point") {
            const p = m.latLngToContainerPoint(l.getLatLng());
            out.push({
                id: l.feature.properties.place_id,
                count: l.feature.properties.count,
                precision: l.feature.properties.precision,
                dashes: l.options.dashArray || null,
                x: p.x, y: p.y, r: l.options.fullRadius,
            });
        }
    });
    const size = m.getSize();
    return {markers: out, width: size.x, height: size.y, legend: {
        left: legend.left - box.left, right: legend.right - box.left,
        top: legend.top - box.top, bottom: legend.bottom - box.top}};
}
"""
"""Each place marker (its precision, dash pattern and where it is drawn) and the legend's box,
in the map's own pixels."""


def main_area(page):
    return page.locator('[data-testid="stMain"]')


def drawn(page) -> dict:
    harness.wait_map_settled(page)
    return harness.map_frame(page).evaluate(DRAWN_JS)


def assert_in_view_and_clear_of_the_legend(view: dict) -> None:
    """Every marker whole inside the map, none of it under the legend."""
    legend = view["legend"]
    for m in view["markers"]:
        x, y, r = m["x"], m["y"], m["r"]
        assert r <= x <= view["width"] - r and r <= y <= view["height"] - r, m
        under = (
            legend["left"] - r < x < legend["right"] + r
            and legend["top"] - r < y < legend["bottom"] + r
        )
        assert not under, f"{m['id']} is under the legend: {m} {legend}"


def csv_bytes(header: str, rows: tuple[str, ...]) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode("utf-8")


def open_file(page, name: str, data: bytes) -> None:
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
        files=[{"name": name, "mimeType": "text/csv", "buffer": data}]
    )


@pytest.fixture(scope="module")
def acled_import(tmp_path_factory):
    """An ACLED 2023+ file imported into a data directory (``python -m dashboard import``)."""
    root = tmp_path_factory.mktemp("acled")
    source = root / "acled-2024.csv"
    source.write_bytes(csv_bytes(ACLED_2023_HEADER, ACLED_2023_ROWS))
    out = root / "acled-testland"
    assert cli_main(["import", str(source), "-o", str(out)]) == 0
    assert cli_main(["validate", "--data", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def acled_app(playwright_browser, acled_import, tmp_path_factory):
    """The app on the imported directory, as the README says: DASHBOARD_DATA=DIR."""
    log = tmp_path_factory.mktemp("acled-app") / "streamlit.log"
    with harness.running_app(log, env={"DASHBOARD_DATA": str(acled_import)}) as url:
        yield url


@pytest.fixture
def acled_page(playwright_browser, acled_app, tile_hosts):
    """A laptop-size page for the ACLED app; fails on any request to a third party."""
    traffic = harness.Traffic(app_host=urlsplit(acled_app).netloc, tile_hosts=tile_hosts)
    with harness.guarded_page(playwright_browser, traffic) as page:
        yield page


def test_imported_acled_shows_its_types_counts_and_areas(acled_page, acled_app, acled_import):
    page = acled_page
    data = load_dataset(acled_import)
    places = data.places.set_index("place_id")
    harness.open_app(page, acled_app)
    main = main_area(page)
    expect(page.get_by_role("heading", name="Protest map", exact=True)).to_be_visible()
    expect(main).to_contain_text("The events of the data directory ‘acled-testland’")
    expect(main).not_to_contain_text("Almaty")
    expect(page).to_have_title("Protest map: acled-testland")
    # Three events read of four rows (one had no readable date); all three on the map.
    expect(main).to_contain_text("Showing 3 of 3 events")
    expect(main).to_contain_text("Not on the map: 0 events")

    legend = harness.map_frame(page).locator(".protestmap-legend")
    for label in ("Protests", "Riots", "Violence against civilians"):
        expect(legend).to_contain_text(label)
    expect(legend).to_contain_text("Region: approximate, only the region is known")

    view = drawn(page)
    markers = {m["id"]: m for m in view["markers"]}
    assert sum(m["count"] for m in markers.values()) == 3
    # geo_precision 1 is a point; 2 an area (dashed), 3 only the region (dotted): never points.
    by_precision = {places.loc[i, "precision"]: m for i, m in markers.items()}
    assert set(by_precision) == {"venue", "area", "region"}
    assert by_precision["venue"]["dashes"] is None
    assert by_precision["area"]["dashes"] == "6 5"
    assert by_precision["region"]["dashes"] == "2 5"
    assert_in_view_and_clear_of_the_legend(view)

    region = places.index[places["precision"] == "region"][0]
    harness.click_place(page, region)
    expect(main.get_by_role("heading", name="South Province, Testland")).to_be_visible(
        timeout=15_000
    )
    expect(main).to_contain_text("1 event here in the selection, newest first.")
    expect(main).to_contain_text("Violence against civilians › Attack")
    expect(main).to_contain_text("Civilian targeting")
    # ACLED names its sources without links: said so, and no link made up.
    expect(main).to_contain_text("Example Radio (no link recorded)")
    expect(main.get_by_role("link", name="Example Radio")).to_have_count(0)


def test_ccc_opened_as_a_file_links_its_sources(page, app_url, dataset):
    raw = csv_bytes(CCC_3_HEADER, CCC_3_ROWS)
    expected = read_upload(raw, "ccc-phase3.csv", dataset)
    located = expected.events[expected.events["located"]]
    springfield = located.loc[located["location_text"] == "City Hall", "place_id"].iloc[0]

    harness.open_app(page, app_url)
    main = main_area(page)
    expect(page.get_by_role("heading", name="Almaty protest map")).to_be_visible()
    harness.wait_idle(page)
    open_file(page, "ccc-phase3.csv", raw)
    expect(main).to_contain_text("Showing 3 of 3 events", timeout=30_000)
    expect(page.get_by_role("heading", name="Protest map", exact=True)).to_be_visible()
    expect(main).to_contain_text(
        "The events of the file ‘ccc-phase3.csv’, read as CCC phase 3: its own event types"
    )
    harness.wait_idle(page)

    legend = harness.map_frame(page).locator(".protestmap-legend")
    for label in ("Rally", "vigil", "Other / not given"):
        expect(legend).to_contain_text(label, timeout=15_000)
    view = drawn(page)
    assert {m["id"]: m["count"] for m in view["markers"]} == dict.fromkeys(located["place_id"], 1)
    # Two on the map and one whose place CCC does not locate: 3, as the line says.
    expect(main).to_contain_text("Not on the map: 1 event")
    # CCC gives the locality's centre: every place is an area, never an exact point.
    assert {m["precision"] for m in view["markers"]} == {"area"}
    assert all(m["dashes"] == "6 5" for m in view["markers"])
    assert_in_view_and_clear_of_the_legend(view)

    harness.click_place(page, springfield)
    expect(main).to_contain_text("Rally for libraries", timeout=15_000)
    link = main.get_by_role("link", name="news.example.org")
    expect(link).to_have_attribute("href", "https://news.example.org/springfield-rally")
    expect(main.get_by_role("link", name="radio.example.net")).to_have_attribute(
        "href", "http://radio.example.net/story?id=7"
    )
    # The javascript: "source" stays text; every link in the page goes to http(s).
    expect(main).to_contain_text("javascript:alert(1) (no link recorded)")
    hrefs = main.locator("a[href]").evaluate_all("links => links.map(a => a.href)")
    assert hrefs and all(h.startswith(("https://", "http://")) for h in hrefs), hrefs


def test_old_acled_opened_as_a_file(page, app_url, dataset):
    raw = csv_bytes(ACLED_OLD_HEADER, ACLED_OLD_ROWS)
    harness.open_app(page, app_url)
    harness.wait_idle(page)
    open_file(page, "acled-2020.csv", raw)
    main = main_area(page)
    expect(main).to_contain_text("Showing 2 of 2 events", timeout=30_000)
    expect(main).to_contain_text("read as ACLED (before 2023)")
    harness.wait_idle(page)
    legend = harness.map_frame(page).locator(".protestmap-legend")
    expect(legend).to_contain_text("Protests", timeout=15_000)
    expect(legend).to_contain_text("Riots")
    view = drawn(page)
    # Both rows at Lakeside (geo_precision 1): one place, one marker counting 2.
    assert [(m["count"], m["precision"]) for m in view["markers"]] == [(2, "venue")]
    assert_in_view_and_clear_of_the_legend(view)


@pytest.fixture(scope="module")
def one_place_app(playwright_browser, tmp_path_factory):
    """The app on an older ACLED file imported: its two events are at one place."""
    root = tmp_path_factory.mktemp("acled-old")
    source = root / "acled-2020.csv"
    source.write_bytes(csv_bytes(ACLED_OLD_HEADER, ACLED_OLD_ROWS))
    out = root / "acled-old"
    assert cli_main(["import", str(source), "-o", str(out)]) == 0
    # No basemap: no tile layer caps the zoom, as a tile server's maximum does otherwise.
    env = {"DASHBOARD_DATA": str(out), "DASHBOARD_TILES": "none"}
    with harness.running_app(root / "streamlit.log", env=env) as url:
        yield url


def test_imported_data_at_one_place_opens_on_it(playwright_browser, one_place_app, tile_hosts):
    """One place is a bounds of no size: with no zoom limit the first view was NaN (a script
    error, and no map)."""
    traffic = harness.Traffic(app_host=urlsplit(one_place_app).netloc, tile_hosts=tile_hosts)
    context = playwright_browser.new_context(viewport={"width": 1280, "height": 900})
    context.route("**/*", traffic.route)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        harness.open_app(page, one_place_app)
        expect(main_area(page)).to_contain_text("Showing 2 of 2 events")
        view = drawn(page)
        assert [(m["count"], m["precision"]) for m in view["markers"]] == [(2, "venue")]
        assert_in_view_and_clear_of_the_legend(view)
        assert harness.map_frame(page).evaluate("() => window.map.getZoom()") == 13
    finally:
        context.close()
    assert errors == [], f"script errors in the page: {errors}"
    assert traffic.foreign == []
