"""Data text with HTML and script in it is shown as typed and never runs (a smoke test; the
hostile-input issue adds every field and payload)."""

from __future__ import annotations

import csv
import io
import shutil
from urllib.parse import urlsplit

import harness
import pytest
from playwright.sync_api import expect

from dashboard.settings import BUNDLED_DATA

PLACE = '<img src=x onerror="window.pwned=1"></script><script>window.pwned=1</script>`${1}`'
PERSON = "Lia <b>Bergen</b> <svg onload=window.pwned=1> 🙂"
DESCRIPTION = "[link](javascript:window.pwned=1) :red[red] $x$ <b>bold</b> **stars**"


def rewrite(path, key, column, value) -> None:
    """Set ``column`` of the row whose first field is ``key`` in a CSV file."""
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    for row in rows:
        if next(iter(row.values())) == key:
            row[column] = value
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_url(playwright_browser, tmp_path_factory):
    """The app on a copy of the data with payloads in a place, a person and a description."""
    data = tmp_path_factory.mktemp("hostile") / "data"
    shutil.copytree(BUNDLED_DATA, data)
    rewrite(data / "places.csv", "republic-square", "name_en", PLACE)
    rewrite(data / "people.csv", "lia-bergen", "name", PERSON)
    rewrite(data / "events.csv", "2024-02-02-picket-bergen", "description", DESCRIPTION)
    log = data.parent / "streamlit.log"
    with harness.running_app(log, env={"DASHBOARD_DATA": str(data)}) as url:
        yield url


def test_payloads_show_as_text_and_never_run(playwright_browser, hostile_url, tile_hosts):
    traffic = harness.Traffic(app_host=urlsplit(hostile_url).netloc, tile_hosts=tile_hosts)
    context = playwright_browser.new_context(viewport={"width": 1280, "height": 900})
    context.route("**/*", traffic.route)
    page = context.new_page()
    try:
        harness.open_app(page, hostile_url)
        main = page.locator('[data-testid="stMain"]')
        expect(main).to_contain_text(PLACE)  # in the overview's list of places
        harness.click_place(page, "republic-square")
        expect(main).to_contain_text(PERSON, timeout=15_000)
        expect(main).to_contain_text(DESCRIPTION)
        harness.wait_idle(page)
        harness.hover_place(page, "republic-square")
        tooltip = harness.map_frame(page).locator(".protestmap-tooltip")
        expect(tooltip).to_contain_text(PLACE)
        assert page.get_by_role("link", name="link").count() == 0
        assert page.evaluate("() => window.pwned") is None
        assert harness.map_frame(page).evaluate("() => window.pwned") is None
        assert traffic.foreign == []
    finally:
        context.close()
