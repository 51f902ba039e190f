"""Share exactly what you see, in a real browser: every filter, the clicked place and the
language travel in the copied link; the map-only view embedded in another site's page; a row
of the table moves the map to its place."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import http.server
import re
import threading
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import harness
from playwright.sync_api import expect

from dashboard import i18n
from dashboard.filters import Selection, filter_events
from dashboard.links import embed_snippet

SCREENSHOTS = harness.PROJECT_ROOT / "test-results"
PEOPLE = ("Gulbaqyt Otebaeva", "Zhanar Sekerbayeva")
SEARCH = "picket"
TYPES = ("picket", "rally")


def main_area(page):
    return page.locator('[data-testid="stMain"]')


def pick_option(page, widget, option: str) -> None:
    """Open a Streamlit select box or multiselect, type the option (long lists show only part
    of their options) and click it."""
    field = widget.locator("input")
    field.click()
    field.fill(option)
    page.get_by_role("option", name=option, exact=True).click()
    page.keyboard.press("Escape")
    harness.wait_idle(page)


def summary_text(page) -> str:
    line = main_area(page).locator("p", has_text=re.compile(r"Показано|Showing")).first
    return line.inner_text()


def panel_heading(page) -> str:
    """The panel's heading (the place, or the overview)."""
    return main_area(page).locator("h2").first.inner_text()


def view_of(page) -> tuple[str, str, list[dict]]:
    harness.wait_idle(page)
    harness.wait_map_settled(page)
    places = sorted(harness.drawn_places(page), key=lambda p: p["id"])
    return summary_text(page), panel_heading(page), places


SELECTED_JS = """
(id) => {
    let selected = [];
    window.map.eachLayer(l => {
        if (l.feature && l.feature.geometry.type === "Point" && l.feature.properties.selected) {
            selected.push(l.feature.properties.place_id);
        }
    });
    return selected.length === 1 && selected[0] === id;
}
"""
"""True once the map's layer outlines ``id`` (the layer arrives after the script run)."""


def expected_count(dataset, start: dt.date) -> int:
    picked = Selection(start, dt.date(2024, 3, 8), TYPES, PEOPLE, SEARCH)
    return len(filter_events(dataset.events, picked))


def test_a_copied_link_opens_the_same_view(page, app_url, playwright_browser, traffic, dataset):
    page.context.grant_permissions(
        ["clipboard-read", "clipboard-write"], origin=app_url.rstrip("/")
    )
    harness.open_app(page, app_url + "?lang=en")
    sidebar = page.locator('[data-testid="stSidebar"]')
    page.get_by_role("button", name="Whole history").click()
    harness.wait_idle(page)
    types, people = sidebar.locator('[data-testid="stMultiSelect"]').all()[:2]
    pick_option(page, types, "Single picket")
    pick_option(page, types, "Rally")
    for name in PEOPLE:
        pick_option(page, people, name)
    search = sidebar.get_by_role("textbox", name="Search", exact=True)
    search.fill(SEARCH)
    search.press("Enter")
    harness.wait_idle(page)
    ru = i18n.lang("ru")
    pick_option(page, sidebar.locator('[data-testid="stSelectbox"]').first, "Русский")
    first = dataset.events["date"].min().date()
    n = expected_count(dataset, first)
    assert n == 4
    expect(main_area(page)).to_contain_text(f"Показано {n} из {len(dataset.events)} событий")
    harness.wait_map_settled(page)
    harness.click_place(page, "valikhanov-square")
    expect(main_area(page)).to_contain_text("Здесь 1 событие выборки", timeout=15_000)
    harness.map_frame(page).wait_for_function(SELECTED_JS, arg="valikhanov-square")
    shown = view_of(page)
    assert [p["id"] for p in shown[2] if p["selected"]] == ["valikhanov-square"]
    assert len(shown[2]) == 3

    copy = page.get_by_role("button", name=ru._("Copy link"))
    copy.scroll_into_view_if_needed()
    copy.click()
    expect(page.locator("#share-copy-status")).to_have_text(ru._("Copied"))
    link = page.evaluate("() => navigator.clipboard.readText()")
    # Absolute, readable, and the same as the one shown as text.
    assert link.startswith(app_url)
    assert parse_qs(urlsplit(link).query) == {
        "lang": ["ru"],
        "dates": [str(first), "2024-03-08"],
        "type": list(TYPES),
        "who": list(PEOPLE),
        "q": [SEARCH],
        "place": ["valikhanov-square"],
    }
    expect(page.locator("#share-link")).to_have_value(link)

    # A fresh browser context: no session, no cookies, only the link.
    with harness.guarded_page(playwright_browser, traffic) as fresh:
        harness.open_app(fresh, link)
        assert view_of(fresh) == shown
        sidebar = fresh.locator('[data-testid="stSidebar"]')
        expect(sidebar.get_by_role("textbox", name="Поиск", exact=True)).to_have_value(SEARCH)
        expect(sidebar).to_contain_text("Zhanar Sekerbayeva")


@contextlib.contextmanager
def article_page(snippet: str) -> Iterator[str]:
    """A page of another site (another port: another origin) that embeds ``snippet``."""
    directory = SCREENSHOTS / "embed-page"
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "index.html").write_text(
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>An article</title>"
        "</head><body style='margin:0 1rem;font-family:serif'><h1>An article</h1>"
        "<p>The text of the article, then the map.</p>" + snippet + "<p>More text.</p>"
        "</body></html>",
        encoding="utf-8",
    )

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/index.html"
    finally:
        server.shutdown()
        server.server_close()


def test_the_map_only_view_in_an_iframe_of_another_site(
    page, app_url, playwright_browser, traffic, dataset
):
    query = (
        "?lang=ru&type=picket&type=rally&place=republic-square&dates=2024-02-01&dates=2024-02-29"
    )
    harness.open_app(page, app_url + query)
    shown = view_of(page)
    assert shown[1] == "Площадь Республики; Монумент независимости"

    snippet = embed_snippet(app_url + query + "&view=map&embed=true", "Карта")
    with article_page(snippet) as article:
        article_host = urlsplit(article).netloc
        for width in (1280, 390):
            context = playwright_browser.new_context(viewport={"width": width, "height": 900})

            def route(request_route):  # one parameter: playwright passes only the route
                if urlsplit(request_route.request.url).netloc == article_host:
                    request_route.continue_()
                else:
                    traffic.route(request_route)

            context.route("**/*", route)
            outer = context.new_page()
            errors: list[str] = []
            outer.on("pageerror", lambda exc, errors=errors: errors.append(str(exc)))
            try:
                outer.goto(article)
                frame = outer.frame_locator('iframe[title="Карта"]')
                app = outer.wait_for_selector('iframe[title="Карта"]').content_frame()
                assert app is not None
                app.wait_for_selector(harness.APP_IDLE, timeout=30_000)
                app.wait_for_selector(harness.MAP_FRAME, timeout=30_000)
                harness.wait_map_settled(app)
                # No sidebar, no title, no table: the map, its legend and the panel.
                assert app.locator('[data-testid="stSidebar"]').count() == 0
                assert app.locator("h1").count() == 0
                expect(frame.locator('[data-testid="stDataFrame"]')).to_have_count(0)
                expect(harness.map_frame(app).locator(".protestmap-legend")).to_be_attached()
                assert view_of(app) == shown
                outer.screenshot(path=str(SCREENSHOTS / f"screenshot-embed-{width}.png"))
            finally:
                context.close()
            assert errors == []
    assert traffic.foreign == []


MOVED_TO_JS = """
(id) => {
    let selected = null;
    window.map.eachLayer(l => {
        if (l.feature && l.feature.geometry.type === "Point" && l.feature.properties.selected) {
            selected = l.feature.properties.place_id;
        }
    });
    return selected === id && window.map.getZoom() >= 15;
}
"""
"""True once the map shows ``id`` selected, from close by."""
NEW_LAYER_JS = """
() => {
    let fresh = false;
    window.map.eachLayer(l => { if (l.feature && !l.__old) fresh = true; });
    return fresh;
}
"""
"""True once the places layer has been replaced (the old one's markers are marked)."""


def test_a_row_of_the_table_moves_the_map_to_its_place(page, app_url, dataset):
    wave = dataset.events[dataset.events["date"] >= "2024-02-01"]
    newest = wave.sort_values(["date", "event_id"], ascending=[False, True]).iloc[0]
    assert bool(newest["located"])  # the first row of the table has a place on the map
    harness.open_app(page, app_url + "?lang=en")
    frame = harness.map_frame(page)
    frame.evaluate("() => { window.__sameMap = true; }")  # gone if the map were remounted
    start = frame.evaluate("() => [window.map.getCenter().lat, window.map.getZoom()]")
    # The table is drawn only once opened; wait until it stops moving, then aim at its row.
    harness.open_expander(page, "Selected events", shows='[data-testid="stDataFrame"]')
    table = page.locator('[data-testid="stDataFrame"]')
    table.scroll_into_view_if_needed()
    box = table.bounding_box()
    # The grid is drawn on a canvas: click the first row under the header, as a person would.
    # Streamlit's grid: a header row, then rows, 35 px each.
    page.mouse.click(box["x"] + 120, box["y"] + 35 + 17)
    harness.wait_idle(page)
    expect(page).to_have_url(re.compile(r"place=[a-z-]+"))
    place = parse_qs(urlsplit(page.url).query)["place"][0]
    assert place == newest["place_id"]
    # The new layer reaches the map after the run: wait for the move (or fail after 15 s).
    frame.wait_for_function(MOVED_TO_JS, arg=place, timeout=15_000)
    harness.wait_map_settled(page)
    view = frame.evaluate(
        "(id) => { let at = null; window.map.eachLayer(l => { if (l.feature && "
        "l.feature.geometry.type === 'Point' && l.feature.properties.place_id === id) "
        "at = l.getLatLng(); }); const c = window.map.getCenter(); "
        "return {same: window.__sameMap === true, zoom: window.map.getZoom(), "
        "dist: at ? window.map.distance(at, c) : null}; }",
        place,
    )
    assert view["same"], "the map was remounted"
    assert view["zoom"] >= 15 > start[1]
    assert view["dist"] is not None and view["dist"] < 5  # metres from the centre
    assert [p["id"] for p in harness.drawn_places(page) if p["selected"]] == [place]
    expect(main_area(page).get_by_role("button", name="Back to the overview")).to_be_visible()
    page.locator(harness.MAP_FRAME).scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / "screenshot-table-pick.png"))
    # The viewer pans away; a later rerun that redraws the layer (other dates) does not pull
    # the map back.
    frame.evaluate(
        "() => { window.map.setView([43.25, 76.92], 13, {animate: false}); "
        "window.map.eachLayer(l => { if (l.feature) l.__old = true; }); }"
    )
    page.get_by_role("button", name="Whole history").click()
    expect(main_area(page)).to_contain_text(f"Showing {len(dataset.events)} of", timeout=15_000)
    frame.wait_for_function(NEW_LAYER_JS, timeout=15_000)
    harness.wait_map_settled(page)
    assert frame.evaluate("() => window.map.getZoom()") == 13
    assert [p["id"] for p in harness.drawn_places(page) if p["selected"]] == [place]
