"""The page in Kazakh, Russian and English in a real browser: legend, panel, table headers,
tooltips and ``<html lang>``; a switch of language keeps the view; two viewers at once."""

from __future__ import annotations

import datetime as dt
import re

import harness
import pytest
from playwright.sync_api import expect

from dashboard import i18n, mapview, panel
from dashboard.filters import Selection, filter_events
from dashboard.settings import dashboard_settings

REPUBLIC_SQUARE = {
    "kk": "Республика алаңы; Тәуелсіздік монументі",
    "ru": "Площадь Республики; Монумент независимости",
    "en": "Republic Square (Independence Monument)",
}
"""The clicked place's name as the gazetteer gives it in each language (data/places.csv)."""


def main_area(page):
    return page.locator('[data-testid="stMain"]')


def html_lang(page, code: str) -> None:
    page.wait_for_function("code => document.documentElement.lang === code", arg=code)


def table_headers(page, lang) -> list[str]:
    harness.open_expander(page, lang._("Selected events"), shows='[data-testid="stDataFrame"]')
    table = page.locator('[data-testid="stDataFrame"]')
    table.scroll_into_view_if_needed()
    # The grid is drawn on a canvas; its accessible table (hidden) holds the headers.
    headers = table.locator('[role="columnheader"]')
    expect(headers.first).to_be_attached(timeout=15_000)
    return [h.strip() for h in headers.all_text_contents()]


@pytest.mark.parametrize("code", ["kk", "ru", "en"])
def test_each_language_from_the_link(page, app_url, dataset, code):
    lang = i18n.lang(code)
    harness.open_app(page, app_url + f"?lang={code}")
    html_lang(page, code)
    legend = harness.map_frame(page).locator(".protestmap-legend")
    expect(legend).to_contain_text(lang._("Legend"))
    for event_type in dataset.event_types:  # the legend lists the types the data has
        expect(legend).to_contain_text(mapview.type_label(event_type, lang))
    expect(legend).to_contain_text(lang._(mapview.CROWDED_NOTE))

    harness.click_place(page, "republic-square")
    main = main_area(page)
    expect(main).to_contain_text(
        lang.n_(
            "{n} event here in the selection, newest first.",
            "{n} events here in the selection, newest first.",
            2,
        ),
        timeout=15_000,
    )
    expect(main.get_by_role("heading", name=REPUBLIC_SQUARE[code])).to_be_visible()
    expect(main).to_contain_text(f"{lang._('Who')}: Temirlan Yensebek")
    expect(main).to_contain_text(lang.date(dt.date(2024, 2, 9)))
    expect(main.get_by_role("button", name=lang._("Back to the overview"))).to_be_visible()

    headers = table_headers(page, lang)
    wanted = list(panel.table_columns(lang).values())
    assert headers == wanted[: len(headers)] and len(headers) >= 4

    harness.hover_place(page, "opera-theatre")
    tooltip = harness.map_frame(page).locator(".protestmap-tooltip")
    expect(tooltip).to_contain_text(lang.n_("{n} event", "{n} events", 2))


def pick_option(page, widget, option: str) -> None:
    """Open a Streamlit select box or multiselect and click one of its options."""
    widget.click()
    page.get_by_role("option", name=option, exact=True).click()


def test_switching_language_keeps_dates_filters_and_the_clicked_place(page, app_url, dataset):
    picked = Selection(dt.date(2024, 2, 1), dt.date(2024, 2, 20), event_types=("picket",))
    n, total = len(filter_events(dataset.events, picked)), len(dataset.events)
    harness.open_app(page, app_url + "?lang=en&dates=2024-02-01&dates=2024-02-20")
    main = main_area(page)
    sidebar = page.locator('[data-testid="stSidebar"]')
    pick_option(page, sidebar.locator('[data-testid="stMultiSelect"]').first, "Single picket")
    expect(main).to_contain_text(f"Showing {n} of {total} events", timeout=15_000)
    harness.wait_idle(page)
    harness.click_place(page, "republic-square")
    expect(main).to_contain_text("2 events here in the selection", timeout=15_000)
    harness.wait_idle(page)

    ru = i18n.lang("ru")
    pick_option(page, sidebar.locator('[data-testid="stSelectbox"]').first, "Русский")
    html_lang(page, "ru")
    expect(main).to_contain_text(f"Показано {n} из {total} событий", timeout=15_000)
    expect(page).to_have_url(re.compile(r"lang=ru"))
    expect(page).to_have_url(re.compile(r"dates=2024-02-01&dates=2024-02-20"))
    expect(sidebar).to_contain_text(ru._("Single picket"))  # the filter's chip, in Russian
    expect(main.get_by_role("heading", name=REPUBLIC_SQUARE["ru"])).to_be_visible()
    expect(main).to_contain_text("Здесь 2 события выборки, сначала новые.")
    # The map was remounted in the new language and still outlines the clicked place.
    expect(harness.map_frame(page).locator(".protestmap-legend")).to_contain_text(
        ru._("Legend"), timeout=15_000
    )
    harness.map_frame(page).wait_for_function(
        "() => { let s = []; window.map.eachLayer(l => { if (l.feature && l.feature.properties"
        ".selected) s.push(l.feature.properties.place_id); }); return s.length > 0; }",
        timeout=15_000,
    )
    assert [p["id"] for p in harness.drawn_places(page) if p["selected"]] == ["republic-square"]


def viewer_context(browser, traffic, locale: str):
    """A browser context whose browser asks for ``locale``; tiles and third parties blocked."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale=locale)
    context.route("**/*", traffic.route)
    return context


def test_two_viewers_in_two_languages(page, app_url, playwright_browser, traffic):
    """A second browser context (another viewer) in Kazakh while the first reads Russian."""
    other = viewer_context(playwright_browser, traffic, "en-GB")
    try:
        second = other.new_page()
        harness.open_app(page, app_url + "?lang=ru")
        harness.open_app(second, app_url + "?lang=kk")
        html_lang(page, "ru")
        html_lang(second, "kk")
        page.reload()
        harness.wait_idle(page)
        for viewer, code in ((page, "ru"), (second, "kk")):
            lang = i18n.lang(code)
            expect(main_area(viewer)).to_contain_text(lang._("Overview"))
            expect(viewer.locator("h1")).to_contain_text(lang._("Almaty protest map"))
    finally:
        other.close()


def test_english_is_the_default_for_a_browser_in_another_language(
    playwright_browser, app_url, traffic
):
    assert dashboard_settings().language == "en"
    context = viewer_context(playwright_browser, traffic, "de-DE")
    try:
        viewer = context.new_page()
        harness.open_app(viewer, app_url)
        html_lang(viewer, "en")
        expect(viewer).to_have_url(re.compile(r"lang=en"))
    finally:
        context.close()


def test_a_russian_browser_gets_russian(playwright_browser, app_url, traffic):
    context = viewer_context(playwright_browser, traffic, "ru-RU")
    try:
        viewer = context.new_page()
        harness.open_app(viewer, app_url)
        html_lang(viewer, "ru")
        expect(main_area(viewer)).to_contain_text("Обзор")
    finally:
        context.close()
