"""The bundled basemap's cost in a real browser: time to drawn and bytes, at zoom 12 and 16.

    python bench/basemap.py [--runs 3] [--screenshots DIR]

Starts the app with ``DASHBOARD_TILES=bundled`` (every request not to the app refused) and, for
each zoom, opens the page in a fresh browser (empty cache), moves the map to Republic Square at
that zoom as soon as it exists, and waits until every basemap tile of the view is drawn. Prints,
per zoom: the time from opening the page to the basemap drawn, the bytes of the basemap archive
it read (HTTP Range requests) and of the renderer script, and how many 256 px tiles a raster tile
server (OpenStreetMap's) would send for the same view (it cannot be asked from here). Also the
time and bytes of one move from zoom 12 to 16 in an open page. Timings are for the machine it
runs on: compare runs on one machine only.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "e2e"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import harness  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

RASTER_TILES_JS = """
() => {
    const b = window.map.getPixelBounds();
    const nx = Math.floor((b.max.x - 1) / 256) - Math.floor(b.min.x / 256) + 1;
    const ny = Math.floor((b.max.y - 1) / 256) - Math.floor(b.min.y / 256) + 1;
    const size = window.map.getSize();
    return {tiles: nx * ny, width: size.x, height: size.y};
}
"""


class Bytes:
    """Bytes received for the basemap archive and the renderer, by requests seen."""

    def __init__(self) -> None:
        self.responses: list = []

    def on_response(self, response) -> None:
        if ".pmtiles" in response.url or "protomaps-leaflet" in response.url:
            self.responses.append(response)

    def total(self, part: str) -> int:
        out = 0
        for r in self.responses:
            if part in r.url:
                out += r.request.sizes()["responseBodySize"]
        return out


def open_at(browser, url: str, zoom: float, shots: Path | None) -> dict:
    traffic = harness.Traffic(app_host=urlsplit(url).netloc, tile_hosts=set())
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.route("**/*", traffic.route)
    page = context.new_page()
    seen = Bytes()
    page.on("response", seen.on_response)
    start = time.perf_counter()
    page.goto(url)
    frame_el = page.wait_for_selector(harness.MAP_FRAME, timeout=60_000)
    frame = frame_el.content_frame()
    frame.wait_for_function("() => window.map && window.protestBasemap", timeout=60_000)
    map_ready = time.perf_counter()
    frame.evaluate(
        "([lat, lon, z]) => window.map.setView([lat, lon], z, {animate: false})",
        [*harness.REPUBLIC_SQUARE, zoom],
    )
    frame.wait_for_function(harness.BASEMAP_DRAWN_JS, arg="bundled", timeout=60_000)
    drawn = time.perf_counter() - start
    raster = frame.evaluate(RASTER_TILES_JS)
    result = {
        "zoom": zoom,
        "seconds": drawn,
        "after_map_seconds": start + drawn - map_ready,
        "archive_bytes": seen.total(".pmtiles"),
        "renderer_bytes": seen.total("protomaps-leaflet"),
        "requests": sum(".pmtiles" in r.url for r in seen.responses),
        **raster,
    }
    if shots:
        harness.wait_map_settled(page)
        page.locator(harness.MAP_FRAME).screenshot(path=shots / f"basemap-z{zoom:g}.png")
    # One move in the open page: zoom 12 -> 16 (or back), with what it fetched.
    before = seen.total(".pmtiles")
    other = 16 if zoom == 12 else 12
    start = time.perf_counter()
    frame.evaluate(
        "([lat, lon, z]) => window.map.setView([lat, lon], z, {animate: false})",
        [*harness.REPUBLIC_SQUARE, other],
    )
    frame.wait_for_function(harness.BASEMAP_DRAWN_JS, arg="bundled", timeout=60_000)
    result["move_seconds"] = time.perf_counter() - start
    result["move_bytes"] = seen.total(".pmtiles") - before
    context.close()
    assert not traffic.foreign, traffic.foreign
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--screenshots", type=Path)
    args = parser.parse_args()
    if args.screenshots:
        args.screenshots.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        log = Path(tmp) / "streamlit.log"
        with harness.running_app(log, env={"DASHBOARD_TILES": "bundled"}) as url:
            browser = harness.launch(playwright)
            open_at(browser, url, 12, None)  # warm the server (first script run)
            print(
                "zoom | open to drawn (median s) | map there to drawn (median s) | archive bytes | "
                "renderer bytes | "
                "archive requests | OSM raster tiles for the view | then move to zoom | "
                "move s | move bytes"
            )
            for zoom in (12, 16):
                runs = [open_at(browser, url, zoom, args.screenshots) for _ in range(args.runs)]
                r = runs[-1]
                print(
                    f"{zoom} | {statistics.median(x['seconds'] for x in runs):.2f} "
                    f"| {statistics.median(x['after_map_seconds'] for x in runs):.2f} "
                    f"| {r['archive_bytes']:,} | {r['renderer_bytes']:,} | {r['requests']} "
                    f"| {r['tiles']} ({r['width']}x{r['height']} px) "
                    f"| {16 if zoom == 12 else 12} "
                    f"| {statistics.median(x['move_seconds'] for x in runs):.2f} "
                    f"| {r['move_bytes']:,}"
                )
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
