"""Running the real app and driving it in Debian's Chromium (shared by tests and scripts)."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

PROJECT_ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
BLOCK_OTHER_HOSTS = "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost"
"""A Chromium flag: no host but the app's resolves. Unlike a page's routing (which turns the
HTTP cache off), it leaves the cache as a viewer's browser has it."""
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
APP_IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
APP_IDLE_JS = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  return app && app.getAttribute('data-test-script-state') === 'notRunning'
    && app.getAttribute('data-test-connection-state') === 'CONNECTED';
}"""
"""True when no script runs and the websocket is connected (for ``wait_for_function``)."""


def map_waits(signature_js: str) -> tuple[str, str]:
    """Two predicates over a map signature ``"points:coordinates:counts"`` (null until the map
    is loaded): the map has drawn points; the signature differs from the one passed in."""
    drawn = f"() => {{ const x = ({signature_js})(); return x !== null && x[0] !== '0'; }}"
    changed = f"old => {{ const x = ({signature_js})(); return x !== null && x !== old; }}"
    return drawn, changed


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def browser_missing() -> str | None:
    """Why the browser tests cannot run here, or None."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed"
    if not Path(CHROMIUM).exists() and not shutil.which(CHROMIUM):
        return f"Chromium not found at {CHROMIUM}"
    return None


@contextlib.contextmanager
def streamlit_app(
    log: Path,
    *,
    script: str | Path = "app.py",
    env: dict[str, str] | None = None,
    extra_args: tuple[str, ...] = (),
) -> Iterator[tuple[str, subprocess.Popen]]:
    """``streamlit run SCRIPT`` from the repo root on a free port; yields (URL, process).

    The URL ends with '/'. Waits for ``/_stcore/health``; fails with the server's log when it
    exits or does not become healthy within a minute.
    """
    port = free_port()
    command = [sys.executable, "-m", "streamlit", "run", str(script)]
    command += ["--server.headless", "true", "--server.port", str(port)]
    command += ["--server.address", "127.0.0.1", *extra_args]
    with log.open("w") as out:
        proc = subprocess.Popen(
            command,
            cwd=PROJECT_ROOT,
            env={**os.environ, **(env or {})},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"the app exited ({proc.returncode}):\n{log.read_text()}")
            with contextlib.suppress(OSError):
                with urllib.request.urlopen(url + "_stcore/health", timeout=2) as response:
                    if response.read().strip() == b"ok":
                        break
            if time.monotonic() > deadline:
                raise RuntimeError(f"the app did not become healthy:\n{log.read_text()}")
            time.sleep(0.3)
        yield url, proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@contextlib.contextmanager
def running_app(log: Path, env: dict[str, str] | None = None) -> Iterator[str]:
    """``streamlit run app.py`` as the README says, from the repo root; yields its URL."""
    with streamlit_app(log, env=env) as (url, _):
        yield url


@dataclass
class Traffic:
    """Every request a page made, split by where it went."""

    app_host: str
    tile_hosts: set[str]
    own: list[str] = field(default_factory=list)
    tiles: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)

    def route(self, route) -> None:
        """Let requests to the app through; block tiles (no network in tests) and the rest."""
        url = route.request.url
        host = urlsplit(url).netloc
        if host == self.app_host or url.startswith(("data:", "blob:", "about:")):
            self.own.append(url)
            route.continue_()
        elif host in self.tile_hosts:
            self.tiles.append(url)
            route.abort()
        else:
            self.foreign.append(url)
            route.abort()


def tile_hosts(template: str, subdomains: str) -> set[str]:
    """The hosts a tile URL template can name."""
    host = urlsplit(template).netloc
    if "{s}" in host:
        return {host.replace("{s}", s) for s in subdomains}
    return {host}


def launch(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def wait_idle(page, timeout: float = 30_000) -> None:
    """Wait as Streamlit's own tests do: the app element exists and no script is running."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout)
    page.wait_for_selector(APP_IDLE, timeout=timeout)


MAP_SETTLED_JS = """
() => {
    const m = window.map;
    if (!m || !window.protestMap || !window.feature_group) return false;
    if (m._animatingZoom || (m._panAnim && m._panAnim._inProgress)) return false;
    // The map has taken its container's size: when the frame grows (st_folium sets its
    // height after the first render), Leaflet learns of it on a resize event and moves its
    // canvas 200 ms later; until then markers outside the old canvas cannot be hit.
    const box = m.getContainer();
    const size = m.getSize();
    if (size.x !== box.clientWidth || size.y !== box.clientHeight || size.y === 0) return false;
    const topLeft = m.containerPointToLayerPoint([0, 0]);
    const bottomRight = m.containerPointToLayerPoint([size.x, size.y]);
    let covered = true;
    m.eachLayer(l => {
        if (l instanceof L.Canvas && l._bounds
                && !(l._bounds.contains(topLeft) && l._bounds.contains(bottomRight))) {
            covered = false;
        }
    });
    // The first view of data from elsewhere is fitted to the map's and the legend's size.
    if (window.protestMap.fitPending(m)) return false;
    // The markers are laid out (dots or not) for the zoom the map shows.
    return covered && window.protestMap.layoutZoom(m) === m.getZoom();
}
"""
"""True when the map is drawn for the view it shows: no animation, its size taken, the first
view fitted to it (data from elsewhere), the canvas over the whole map and the crowded-marker
layout done for this zoom."""


def wait_map_settled(page, timeout: float = 30_000) -> None:
    map_frame(page).wait_for_function(MAP_SETTLED_JS, timeout=timeout)


WHOLE_PAGE = '[data-testid="stDownloadButton"]'
"""Drawn last, and only once the page is whole: a session's first run draws the first view
(title, map, panel), and the run the map's frame asks for once its markers are drawn draws the
rest (``page.first_view``). The map-only view (``?view=map``) has no downloads."""


def open_app(page, url: str) -> None:
    """Open ``url`` and wait until the whole page and the map's markers are there, drawn for
    the view the map shows."""
    page.goto(url)
    wait_idle(page)
    page.wait_for_selector(MAP_FRAME, timeout=30_000)
    if "view=map" not in url:
        page.wait_for_selector(WHOLE_PAGE, timeout=30_000)
        wait_idle(page)
    wait_map_settled(page)


# Streamlit animates an expander's height (``details.animate``, 500 ms) when it opens and again
# when its content grows, with ``overflow: hidden`` and a fixed ``style.height`` meanwhile; when
# the animation ends both are cleared. Until then what is inside moves, and a click aimed at it
# lands elsewhere (on the table's header instead of its first row, for one).
EXPANDERS_STILL_JS = """
() => [...document.querySelectorAll('[data-testid="stExpander"] details')].every(
    d => d.getAnimations().length === 0 && d.style.height === '')
"""


def open_expander(page, label: str, shows: str | None = None) -> None:
    """Open the expander called ``label`` (the timeline's and the table's are drawn only once
    opened: a script run), wait until the app is idle again, until ``shows`` (a selector) is
    visible inside it when given, and until no expander is still growing."""
    from playwright.sync_api import expect

    details = page.locator('[data-testid="stExpander"] details').filter(
        has=page.locator("summary", has_text=label)
    )
    details.locator("summary").scroll_into_view_if_needed()
    details.locator("summary").click()
    expect(details).to_have_attribute("open", "")
    wait_idle(page)
    if shows is not None:
        expect(details.locator(shows).first).to_be_visible(timeout=30_000)
    wait_expanders_still(page)


def wait_expanders_still(page) -> None:
    """Wait until no expander on the page is growing or shrinking (see EXPANDERS_STILL_JS)."""
    page.wait_for_function(EXPANDERS_STILL_JS, timeout=15_000)


def map_frame(page):
    """The frame of the map iframe (Leaflet's map object is its ``window.map``)."""
    handle = page.wait_for_selector(MAP_FRAME, timeout=30_000)
    frame = handle.content_frame()
    assert frame is not None
    return frame


PLACES_JS = """
() => {
    const out = [];
    window.map.eachLayer(layer => {
        if (layer.feature && layer.feature.geometry.type === "Point") {
            out.push({id: layer.feature.properties.place_id,
                      count: layer.feature.properties.count,
                      selected: layer.feature.properties.selected});
        }
    });
    return out;
}
"""


def drawn_places(page) -> list[dict]:
    """The place markers on the map: ``{id, count, selected}`` each."""
    return map_frame(page).evaluate(PLACES_JS)


MARKER_POINT_JS = """
(placeId) => {
    let found = null;
    window.map.eachLayer(layer => {
        if (layer.feature && layer.feature.geometry.type === "Point"
                && layer.feature.properties.place_id === placeId) {
            found = layer;
        }
    });
    if (!found) { return null; }
    const p = window.map.latLngToContainerPoint(found.getLatLng());
    const covered = [];
    window.map.eachLayer(layer => {
        if (layer !== found && layer.feature && layer.feature.geometry.type === "Point") {
            const q = window.map.latLngToContainerPoint(layer.getLatLng());
            if (p.distanceTo(q) < layer.getRadius()) {
                covered.push(layer.feature.properties.place_id);
            }
        }
    });
    const box = window.map.getContainer().getBoundingClientRect();
    const x = box.left + p.x, y = box.top + p.y;
    const top = document.elementFromPoint(x, y);
    return {x: x, y: y, top: top ? top.tagName + "." + top.className : "nothing", covered: covered};
}
"""


def place_point(page, place_id: str) -> tuple[float, float]:
    """Where the canvas marker of ``place_id`` is on the page (checked not to be covered)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    frame_element = page.locator(MAP_FRAME)
    frame_element.scroll_into_view_if_needed()
    wait_map_settled(page)
    frame = map_frame(page)
    # Canvas markers are drawn on the map's canvas: anything else there hides the marker. For a
    # moment after a script run the places layer is being replaced (st_folium removes the old
    # one and adds the new), so this waits for the marker to be on the canvas, uncovered.
    try:
        frame.wait_for_function(
            f"(id) => {{ const p = ({MARKER_POINT_JS})(id); "
            "return p !== null && p.top.startsWith('CANVAS') && p.covered.length === 0; }",
            arg=place_id,
            timeout=15_000,
        )
    except PlaywrightTimeout:
        pass  # the assertions below say what is in the way
    point = frame.evaluate(MARKER_POINT_JS, place_id)
    assert point is not None, f"no marker for {place_id} on the map"
    assert point["top"].startswith("CANVAS"), f"{place_id} is covered by {point['top']}"
    assert not point["covered"], f"{place_id} is under the markers of {point['covered']}"
    box = frame_element.bounding_box()
    return box["x"] + point["x"], box["y"] + point["y"]


def click_place(page, place_id: str) -> None:
    """Click the marker of ``place_id`` where a person would: on its centre."""
    page.mouse.click(*place_point(page, place_id))


def hover_place(page, place_id: str) -> None:
    """Move the mouse onto the marker of ``place_id`` (from just beside it)."""
    x, y = place_point(page, place_id)
    page.mouse.move(x + 40, y + 40)
    page.mouse.move(x, y, steps=4)
    # Leaflet's canvas throttles mouse moves (32 ms): settle, then one more small move.
    page.wait_for_timeout(100)
    page.mouse.move(x + 1, y)


AXE_FAILING = ("serious", "critical")
"""axe impacts that fail a test (WCAG failures a person hits); moderate and minor are reported."""


def axe_violations(target) -> list[dict]:
    """axe-core's violations in ``target`` (a page or a frame) alone, not in its frames (axe
    is run in each frame on its own): ``{id, impact, help, nodes: [html, ...]}`` each."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(target, options={"resultTypes": ["violations"], "iframes": False})
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["html"][:200] for n in v["nodes"]],
        }
        for v in results.response["violations"]
    ]


ACTIVE_JS = """() => {
    const a = document.activeElement;
    return a ? {tag: a.tagName, text: a.textContent, current: a.getAttribute('aria-current')}
             : null;
}"""
"""What has the focus in a document: the map frame shows up as an IFRAME in the page's."""

MAX_TABS = 60
"""More than the stops before the map (the sidebar's widgets, the frame, the skip link) and
its three places with the most events."""


def tab_to_place(page, name: str) -> None:
    """Press Tab from the top of the page until the focus is on the map's button for ``name``."""
    frame = map_frame(page)
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate(ACTIVE_JS)["tag"] == "IFRAME":
            active = frame.evaluate(ACTIVE_JS)
            if active["tag"] == "BUTTON" and active["text"].startswith(name + ":"):
                return
    raise AssertionError(f"{MAX_TABS} presses of Tab did not reach {name!r} on the map")


REPUBLIC_SQUARE = (43.2383, 76.9456)
"""Where the basemap's tests and screenshots look (lat, lon)."""

RECORD_CANVAS_TEXT_JS = """
(() => {
    const seen = new Set();
    window.__canvasTexts = seen;
    const fillText = CanvasRenderingContext2D.prototype.fillText;
    CanvasRenderingContext2D.prototype.fillText = function (text, ...rest) {
        seen.add(String(text));
        return fillText.call(this, text, ...rest);
    };
})();
"""
"""An init script: every text drawn on a canvas of the page (and its frames) is recorded in
``window.__canvasTexts``. The basemap's labels are drawn on canvas, not put in the DOM."""

BASEMAP_DRAWN_JS = """
(mode) => {
    const m = window.map;
    if (!m || !window.protestBasemap) return false;
    const state = window.protestBasemap.state(m);
    const layer = m._protestBasemap;
    if (state.mode !== mode || !layer || layer._loading) return false;
    const tiles = Object.values(layer._tiles).filter(t => t.current);
    return tiles.length > 0 && tiles.every(t => t.loaded) && state.drawn >= tiles.length;
}
"""
"""True when the bundled basemap shows in ``mode`` ("bundled" or "fallback") and every tile of
the view is drawn."""


def set_view(page, lat: float, lon: float, zoom: float) -> None:
    """Move the map (no animation) and wait until it is drawn for the new view."""
    map_frame(page).evaluate(
        "([lat, lon, zoom]) => window.map.setView([lat, lon], zoom, {animate: false})",
        [lat, lon, zoom],
    )
    wait_map_settled(page)


def wait_basemap_drawn(page, mode: str, timeout: float = 30_000) -> None:
    map_frame(page).wait_for_function(BASEMAP_DRAWN_JS, arg=mode, timeout=timeout)


def canvas_texts(page) -> set[str]:
    """What has been written on the map's canvases (see ``RECORD_CANVAS_TEXT_JS``)."""
    return set(map_frame(page).evaluate("() => Array.from(window.__canvasTexts || [])"))


def drawn_share(png: bytes) -> float:
    """Share of a screenshot's pixels that are not its most common colour: near 0 for a flat
    map with a few markers, large where streets, parks and buildings are drawn."""
    import io

    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    colours = image.getcolors(maxcolors=image.width * image.height)
    return 1 - max(count for count, _ in colours) / (image.width * image.height)


@contextlib.contextmanager
def guarded_page(browser, traffic: Traffic) -> Iterator:
    """A fresh laptop-size page whose requests ``traffic`` records; on leaving, fails on any
    request to a third-party host (tiles are blocked and counted apart) and on any script error
    in the page."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.route("**/*", traffic.route)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert traffic.foreign == [], f"requests to third-party hosts: {traffic.foreign}"
    assert errors == [], f"script errors in the page: {errors}"
