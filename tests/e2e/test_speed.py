"""What a first visit costs, in a real browser against ``streamlit run app.py``: text is sent
compressed (HTTP and websocket), and the table's and the timeline's code is loaded only when
the reader opens them. The figures themselves are the benchmark's (bench/throttled.py)."""

from __future__ import annotations

import base64
import os
import re
import socket
from urllib.parse import parse_qsl, urlsplit

import harness
from playwright.sync_api import expect

from dashboard.compression import IMMUTABLE, MINIMUM_SIZE, content_digest

HEAVY_CHUNKS = (
    "/static/js/DataFrame.",
    "/static/js/embed.",
    "/static/js/StreamlitSyntaxHighlighter.",
)
"""Streamlit's chunks for the data grid (st.dataframe), Vega (st.altair_chart) and the syntax
highlighter of ``st.code`` (the embed snippet)."""


def record(page) -> dict[str, dict[str, str]]:
    """Every answer the page gets from now on: URL -> its headers."""
    seen: dict[str, dict[str, str]] = {}
    page.on("response", lambda r: seen.__setitem__(r.url, r.all_headers()))
    return seen


def test_scripts_are_sent_gzipped_and_revalidated(page, app_url):
    seen = record(page)
    versioned: list = []
    page.on("response", lambda r: versioned.append(r) if "?v=" in r.url else None)
    harness.open_app(page, app_url)
    seen_bodies = {r.url: r.body() for r in versioned}
    scripts = {u: h for u, h in seen.items() if urlsplit(u).path.endswith(".js")}
    ours = [u for u in scripts if "/app/static/" in u]
    streamlit = [u for u in scripts if urlsplit(u).path.startswith("/static/js/")]
    component = [u for u in scripts if "/component/streamlit_folium" in u]
    assert ours and streamlit and component
    for url in ours + streamlit + component:
        heads = scripts[url]
        small = int(heads.get("content-length", MINIMUM_SIZE)) < MINIMUM_SIZE
        assert heads.get("content-encoding") == "gzip" or small, url
        assert heads.get("etag"), url
    assert any("/app/static/js/map-bundle.js?v=" in u for u in ours)
    for url in ours:
        version = dict(parse_qsl(urlsplit(url).query)).get("v")
        if version:  # the URL names the content: kept; else (no hash in the name) never stale
            assert content_digest(seen_bodies[url]).startswith(version), url
            assert scripts[url]["cache-control"] == IMMUTABLE.decode(), url
        else:
            assert scripts[url]["cache-control"] == "no-cache", url


def test_a_returning_visitor_asks_for_no_map_script(playwright_browser, app_url):
    """The map frame's script and styles name their content (``?v=``): a second visit in the
    same browser takes them from its cache without asking the server. (Requests to other hosts
    are refused by Chromium's host rules here: a page with routing turns the cache off.)"""
    browser = playwright_browser.browser_type.launch(
        executable_path=harness.CHROMIUM,
        args=[*harness.CHROMIUM_ARGS, harness.BLOCK_OTHER_HOSTS],
    )
    try:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        first = context.new_page()
        harness.open_app(first, app_url)
        first.close()
        page = context.new_page()
        asked: list[str] = []
        client = context.new_cdp_session(page)
        client.send("Network.enable")
        client.on(
            "Network.responseReceived",
            lambda e: (
                asked.append(e["response"]["url"])
                if not e["response"].get("fromDiskCache")
                and not e["response"].get("fromMemoryCache")
                else None
            ),
        )
        harness.open_app(page, app_url)
        own = [u for u in asked if "/app/static/" in u and "?v=" in u]
        assert own == [], f"asked the server again for {own}"
        assert any("/component/streamlit_folium" in u for u in asked)  # not a cacheless check
    finally:
        browser.close()


def test_the_websocket_is_deflated(app_url):
    """The server agrees to permessage-deflate when a browser offers it."""
    parts = urlsplit(app_url)
    key = base64.b64encode(os.urandom(16)).decode()
    handshake = (
        "GET /_stcore/stream HTTP/1.1\r\n"
        f"Host: {parts.netloc}\r\n"
        "Upgrade: websocket\r\nConnection: Upgrade\r\n"
        f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
        "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n"
        "Sec-WebSocket-Protocol: streamlit\r\n\r\n"
    )
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as conn:
        conn.sendall(handshake.encode())
        answer = b""
        while b"\r\n\r\n" not in answer:
            chunk = conn.recv(4096)
            assert chunk, f"the server closed the connection: {answer!r}"
            answer += chunk
    head = answer.split(b"\r\n\r\n")[0].decode("latin-1").lower()
    assert head.startswith("http/1.1 101")
    assert "sec-websocket-extensions: permessage-deflate" in head


def test_the_table_timeline_and_snippet_load_when_opened(page, app_url):
    seen = record(page)
    harness.open_app(page, app_url)
    harness.wait_idle(page)
    loaded = [u for u in seen if any(c in u for c in HEAVY_CHUNKS)]
    assert loaded == [], "the first view loaded the table's, the timeline's or st.code's code"
    expect(page.locator('[data-testid="stDataFrame"]')).to_have_count(0)
    # The link to this view is shown all the same, in a read-only field.
    expect(page.locator("#share-link")).to_have_value(re.compile("^" + re.escape(app_url)))

    harness.open_expander(page, "Selected events", shows='[data-testid="stDataFrame"]')
    assert any("/static/js/DataFrame." in u for u in seen)

    harness.open_expander(page, "Events over time")
    expect(page.locator('[data-testid="stVegaLiteChart"]')).to_be_visible(timeout=30_000)
    assert any("/static/js/embed." in u for u in seen)

    harness.open_expander(page, "Embed the map in a page")
    expect(page.locator('[data-testid="stCode"]')).to_contain_text("<iframe", timeout=30_000)
    assert any("/static/js/StreamlitSyntaxHighlighter." in u for u in seen)


def test_the_icons_come_from_the_small_icon_font(page, app_url):
    """Streamlit's icons (the expanders' arrows, the sidebar's toggle at phone width) are drawn
    as icons from the cut font (dashboard/iconfont.py), not spelled out as words."""
    fonts: list = []
    page.on("response", lambda r: fonts.append(r) if "/MaterialSymbols-" in r.url else None)
    page.set_viewport_size({"width": 390, "height": 844})
    harness.open_app(page, app_url)
    page.wait_for_function("() => document.fonts.check('24px \"Material Symbols Rounded\"')")
    page.evaluate("() => document.fonts.ready")
    assert len(fonts) == 1 and len(fonts[0].body()) < 40_000
    icons = page.locator('[data-testid="stIconMaterial"]')
    expect(icons.first).to_be_visible()
    names = icons.evaluate_all("els => els.map(e => e.textContent)")
    assert "keyboard_double_arrow_right" in names and "keyboard_arrow_right" in names
    # A drawn icon is about as wide as it is high; a word like "expand_more" in a fallback
    # font would be several times wider.
    for box in icons.evaluate_all(
        "els => els.filter(e => e.offsetParent).map(e => [e.textContent, "
        "e.getBoundingClientRect().width, e.getBoundingClientRect().height])"
    ):
        assert box[1] <= box[2] * 1.5, box
    shots = harness.PROJECT_ROOT / "test-results"
    shots.mkdir(exist_ok=True)
    page.screenshot(path=str(shots / "icons-390.png"))
