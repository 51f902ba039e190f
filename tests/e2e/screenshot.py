"""Screenshots of the running app, taken with the browser test tooling.

    python tests/e2e/screenshot.py

Starts the app as the README says, opens it in Debian's Chromium at laptop size, clicks the
Republic Square marker and writes ``docs/screenshot.png`` (for the README). Also writes a
phone-width view, the lower part of the page and the map reached from the keyboard (the focus
ring on Republic Square, then its events opened with Enter) to ``test-results/`` for a look.
Tile requests are blocked (the screenshot must not depend on the network), so the map shows the
bundled basemap, as it does for a reader whose network refuses the tile server.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import harness  # noqa: E402
from playwright.sync_api import expect, sync_playwright  # noqa: E402

from dashboard import mapview  # noqa: E402
from dashboard.settings import dashboard_settings  # noqa: E402

DOCS = harness.PROJECT_ROOT / "docs"
RESULTS = harness.PROJECT_ROOT / "test-results"


def basemap_mode(tiles: str) -> str | None:
    """How the basemap shows with tile requests blocked (None: no basemap)."""
    if mapview.uses_bundled_basemap(tiles):
        return "bundled"
    return "fallback" if mapview.resolve_tiles(tiles) else None


def shoot(
    browser, url: str, traffic: harness.Traffic, size: dict, clicked: str, mode: str | None
) -> object:
    context = browser.new_context(viewport=size, device_scale_factor=1)
    context.route("**/*", traffic.route)
    page = context.new_page()
    harness.open_app(page, url)
    harness.click_place(page, clicked)
    expect(page.locator('[data-testid="stMain"]')).to_contain_text(
        "events here in the selection", timeout=15_000
    )
    harness.wait_idle(page)
    if mode:
        harness.wait_basemap_drawn(page, mode)
    page.mouse.move(0, 0)  # no tooltip in the picture
    page.wait_for_timeout(500)
    return context, page


def main() -> int:
    settings = dashboard_settings()
    tiles = mapview.resolve_tiles(settings.tiles, settings.tiles_attribution)
    hosts = harness.tile_hosts(tiles.url, tiles.subdomains) if tiles else set()
    mode = basemap_mode(settings.tiles)
    DOCS.mkdir(exist_ok=True)
    RESULTS.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        log = Path(tmp) / "streamlit.log"
        with harness.running_app(log) as url:
            traffic = harness.Traffic(app_host=urlsplit(url).netloc, tile_hosts=hosts)
            browser = harness.launch(playwright)

            context, page = shoot(
                browser, url, traffic, {"width": 1280, "height": 900}, "republic-square", mode
            )
            page.screenshot(path=DOCS / "screenshot.png")
            main_area = page.locator('[data-testid="stMain"]')
            main_area.evaluate("(el) => el.scrollBy(0, 900)")
            page.wait_for_timeout(300)
            page.screenshot(path=RESULTS / "screenshot-lower.png")
            main_area.evaluate("(el) => el.scrollBy(0, 900)")
            page.wait_for_timeout(300)
            page.screenshot(path=RESULTS / "screenshot-bottom.png")
            context.close()

            context = browser.new_context(
                viewport={"width": 1280, "height": 900}, device_scale_factor=1
            )
            context.route("**/*", traffic.route)
            page = context.new_page()
            harness.open_app(page, url)
            harness.tab_to_place(page, "Republic Square (Independence Monument)")
            page.screenshot(path=RESULTS / "screenshot-keyboard.png")
            page.keyboard.press("Enter")
            expect(page.locator('[data-testid="stMain"]')).to_contain_text(
                "events here in the selection", timeout=15_000
            )
            harness.wait_idle(page)
            harness.wait_map_settled(page)
            page.screenshot(path=RESULTS / "screenshot-keyboard-open.png")
            context.close()

            context, page = shoot(
                browser, url, traffic, {"width": 390, "height": 844}, "opera-theatre", mode
            )
            page.screenshot(path=RESULTS / "screenshot-phone.png")
            page.locator('[data-testid="stMain"]').evaluate("(el) => el.scrollBy(0, 700)")
            page.wait_for_timeout(300)
            page.screenshot(path=RESULTS / "screenshot-phone-panel.png")
            context.close()
            browser.close()
    if traffic.foreign:
        print("requests to third-party hosts:", *traffic.foreign, sep="\n  ", file=sys.stderr)
        return 1
    print(f"wrote {DOCS / 'screenshot.png'} and phone/lower views in {RESULTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
