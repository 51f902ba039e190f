"""Fixtures for the browser tests: the real app, Debian's Chromium, recorded traffic."""

from __future__ import annotations

import os
from urllib.parse import urlsplit

import harness
import pytest

from dashboard import mapview
from dashboard.settings import dashboard_settings


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in item.nodeid or item.nodeid.startswith("e2e/"):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def playwright_browser():
    """Chromium through playwright; skipped only where it is missing and CI is not "true"."""
    missing = harness.browser_missing()
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(f"browser tests must run in CI, but {missing}")
        pytest.skip(missing)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = harness.launch(playwright)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def app_url(playwright_browser, tmp_path_factory):
    """The app, started with ``streamlit run app.py`` from the repo root."""
    log = tmp_path_factory.mktemp("app") / "streamlit.log"
    with harness.running_app(log) as url:
        yield url


@pytest.fixture(scope="session")
def tile_hosts():
    """Hosts of the configured basemap (requests there are blocked: tests stay offline)."""
    tiles = mapview.resolve_tiles(*_tile_settings())
    return harness.tile_hosts(tiles.url, tiles.subdomains) if tiles else set()


def _tile_settings():
    settings = dashboard_settings()
    return settings.tiles, settings.tiles_attribution


@pytest.fixture
def traffic(app_url, tile_hosts):
    """What the page requested; filled by the page's routing."""
    return harness.Traffic(app_host=urlsplit(app_url).netloc, tile_hosts=tile_hosts)


@pytest.fixture
def page(playwright_browser, traffic):
    """A fresh browser page at laptop size. Fails the test on any request to a third party."""
    with harness.guarded_page(playwright_browser, traffic) as page:
        yield page
