"""The static edition on a slow phone: bytes, requests and time to the first markers.

    python bench/static_edition.py [--runs 3] [--json FILE] [--screenshots DIR]

Writes the static edition of the bundled data (``python -m dashboard publish``) into a
temporary folder, then opens it in Debian's Chromium at 390 px wide, in a fresh browser context
each run (empty cache):

- from ``file://``: the USB-stick case (the network profile does not apply to files);
- from ``python -m http.server`` on localhost (a static host), with the throttled profile:
  1.6 Mbit/s down, 750 kbit/s up, 150 ms latency (CDP ``Network.emulateNetworkConditions``).

Over HTTP it also opens a naive page made from the same folder: the basemap's renderer and
the tiles of every zoom loaded as scripts in the page before the data, as a page that puts
everything in its head would (ours loads them after the markers, one zoom at a time, only the
zooms drawn). Reported per case (median of the runs): requests and bytes received before the
first markers were drawn, time from opening to the first markers (``performance.mark`` set by
static_edition.js in the frame after the markers' canvas is drawn, from the navigation's start),
time to the bundled basemap drawn, and requests and bytes in all. Every request that is not a
file of the folder or the local server is refused (and counted). Timings are for this machine:
compare runs on one machine only.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "e2e"))
sys.path.insert(0, str(ROOT))

import harness  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from dashboard import publish  # noqa: E402
from dashboard.loader import load_dataset  # noqa: E402
from dashboard.settings import BUNDLED_DATA  # noqa: E402

WIDTH, HEIGHT = 390, 844
"""A phone's viewport (CSS px)."""
PROFILE = {
    "offline": False,
    "latency": 150,
    "downloadThroughput": 1.6e6 / 8,
    "uploadThroughput": 0.75e6 / 8,
}
"""The throttled profile: 1.6 Mbit/s down, 750 kbit/s up, 150 ms round trip (bytes/s)."""

MARKERS_JS = """() => {
    const m = performance.getEntriesByName("edition-markers")[0];
    return m ? m.startTime : null;
}"""
BASEMAP_JS = """() => {
    const m = window.editionMap;
    if (!m || !window.protestBasemap) return null;
    const layer = m._protestBasemap;
    if (!layer || layer._loading) return null;
    const tiles = Object.values(layer._tiles).filter(t => t.current);
    const state = window.protestBasemap.state(m);
    return tiles.length > 0 && state.drawn >= tiles.length ? performance.now() : null;
}"""
PLACES_JS = "() => Number(document.getElementById('edition').getAttribute('data-markers'))"


def naive_copy(folder: Path, target: Path) -> Path:
    """The same folder, with the basemap's renderer and tiles loaded before the data."""
    shutil.copytree(folder, target)
    page = (target / "index.html").read_text("utf-8")
    blocking = (
        '<script src="vendor/protomaps-leaflet.js"></script>\n'
        '<script src="js/basemap.js"></script>\n'
        + "".join(
            f'<script src="{name}"></script>\n'
            for name in sorted(
                p.relative_to(target).as_posix() for p in target.glob("basemap/*.js")
            )
        )
    )
    page = page.replace(
        f'<script src="{publish.DATA_FILE}">', blocking + f'<script src="{publish.DATA_FILE}">'
    )
    (target / "index.html").write_text(page, "utf-8")
    return target


@contextlib.contextmanager
def static_host(folder: Path) -> Iterator[str]:
    """``python -m http.server`` serving ``folder`` on a free localhost port."""
    port = harness.free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                with urllib.request.urlopen(url + "index.html", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("http.server did not start") from None
                time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def measure(browser, url: str, *, throttle: bool, screenshot: Path | None = None) -> dict:
    """One visit to ``url`` in a fresh context: what went over the wire, and when."""
    context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT})
    refused: list[str] = []

    def guard(route) -> None:
        if route.request.url.startswith(url.rsplit("/", 1)[0] + "/"):
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    if throttle:
        cdp.send("Network.emulateNetworkConditions", PROFILE)
    finished: list[tuple[float, int, str]] = []
    urls: dict[str, str] = {}
    cdp.on(
        "Network.requestWillBeSent", lambda e: urls.__setitem__(e["requestId"], e["request"]["url"])
    )

    def done(event: dict) -> None:
        url_ = urls.get(event["requestId"], "")
        if not url_.startswith("data:"):  # the browser's own icons (the date field's calendar)
            finished.append((time.monotonic(), int(event["encodedDataLength"]), url_))

    cdp.on("Network.loadingFinished", done)
    page.goto(url, wait_until="commit")
    page.wait_for_function(f"() => ({MARKERS_JS})() !== null", timeout=120_000, polling=50)
    at_markers = time.monotonic()
    markers_ms = page.evaluate(MARKERS_JS)
    places = page.evaluate(PLACES_JS)
    basemap_ms = page.wait_for_function(BASEMAP_JS, timeout=120_000, polling=50).json_value()
    if screenshot:
        page.screenshot(path=str(screenshot))
    # Received before the markers: loadingFinished events that came in before the mark was seen
    # (the wait polls every 50 ms, so a file finished in that window is counted as before).
    before = [f for f in finished if f[0] <= at_markers]
    context.close()
    return {
        "markers_ms": round(markers_ms),
        "basemap_ms": round(basemap_ms),
        "places": places,
        "requests_to_markers": len(before),
        "bytes_to_markers": sum(f[1] for f in before),
        "requests": len(finished),
        "bytes": sum(f[1] for f in finished),
        "refused": refused,
    }


def median_of(runs: list[dict]) -> dict:
    out = {k: statistics.median(r[k] for r in runs) for k in runs[0] if k != "refused"}
    out["refused"] = sorted({u for r in runs for u in r["refused"]})
    out["runs"] = len(runs)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", metavar="FILE", help="write the results here too")
    parser.add_argument("--screenshots", metavar="DIR", help="a screenshot of each case")
    args = parser.parse_args(argv)
    shots = Path(args.screenshots) if args.screenshots else None
    if shots:
        shots.mkdir(parents=True, exist_ok=True)

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "site"
        edition = publish.write_edition(load_dataset(BUNDLED_DATA), folder)
        naive = naive_copy(folder, Path(tmp) / "naive")
        sizes = {"folder_bytes": edition.size, "basemap_bytes": edition.basemap_size}
        sizes["without_basemap_bytes"] = sizes["folder_bytes"] - sizes["basemap_bytes"]
        results: dict[str, dict] = {}
        with sync_playwright() as playwright:
            browser = harness.launch(playwright)
            cases = [("file://", (folder / "index.html").as_uri(), False, None)]
            with static_host(folder) as ours, static_host(naive) as theirs:
                cases += [
                    ("http, throttled", ours + "index.html", True, None),
                    ("http, throttled, naive", theirs + "index.html", True, None),
                ]
                for name, url, throttle, _ in cases:
                    runs = []
                    for i in range(args.runs):
                        shot = (
                            shots
                            / f"{name.replace(', ', '-').replace(':', '').replace('/', '')}.png"
                            if shots and i == 0
                            else None
                        )
                        runs.append(measure(browser, url, throttle=throttle, screenshot=shot))
                    results[name] = median_of(runs)
            browser.close()

    print(
        f"static edition of {BUNDLED_DATA.name}/: {sizes['folder_bytes'] / 1024:.0f} KB in all, "
        f"{sizes['without_basemap_bytes'] / 1024:.0f} KB without the basemap "
        f"({sizes['basemap_bytes'] / 1024:.0f} KB: renderer, style and tiles)"
    )
    print(f"viewport {WIDTH} px; throttled: 1.6 Mbit/s down, 150 ms latency; median of {args.runs}")
    header = ("case", "to markers", "req", "KB", "markers", "basemap", "req all", "KB all")
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for name, r in results.items():
        print(
            f"| {name} | {r['markers_ms'] / 1000:.2f} s | {r['requests_to_markers']:.0f} | "
            f"{r['bytes_to_markers'] / 1024:.0f} | {r['places']:.0f} places | "
            f"{r['basemap_ms'] / 1000:.2f} s | {r['requests']:.0f} | {r['bytes'] / 1024:.0f} |"
        )
        if r["refused"]:
            print(f"  refused: {r['refused']}")
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {"sizes": sizes, "results": results, "python": platform.python_version()}, indent=2
            ),
            "utf-8",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
