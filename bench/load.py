"""Load test: many viewers at once against one app process (run on demand, not in CI).

    python bench/load.py [--data DIR] [--sessions 30] [--browsers 3] [--duration 60]
                         [--json FILE]

Starts ``streamlit run app.py`` on a free port with ``DASHBOARD_DATA`` set to DIR (default: a
10,000-event synthetic directory written by ``python -m dashboard synth --n 10000 --seed 1``),
then opens SESSIONS headless Chromium contexts spread over BROWSERS browser processes. Each
session opens the page, waits for the map's markers, and for DURATION seconds alternates:

- a date change by keyboard on the date slider's start thumb, as a person would (Home: from
  the first day, i.e. the whole history; End: the last day only), timed from the key press
  until the map in the iframe draws the new markers (their signature changes);
- a click on a random marker of the map, then waiting until the app is idle again.

Reported: errors (any exception, timeout, script error in the page, Streamlit exception box
or traceback in the server log: must be 0), the p50/p95/max time from a date change to the
updated map, the number of actions, and the server's peak memory (VmHWM, and RSS sampled every
half second). Only requests to the app are let through (tiles are blocked).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "e2e"))

import harness  # noqa: E402  (the browser tests' helpers: Chromium, ports, selectors)

SIGNATURE_JS = """() => {
  const frame = document.querySelector('iframe[title="streamlit_folium.st_folium"]');
  const win = frame && frame.contentWindow;
  const m = win && win.map;
  if (!m || !m._loaded) return null;
  let n = 0, s = 0, c = 0;
  m.eachLayer(l => {
    if (l.feature && l.feature.geometry.type === "Point") {
      n += 1;
      s += l.getLatLng().lat + l.getLatLng().lng;
      c += l.feature.properties.count || 0;
    }
  });
  return n + ":" + s.toFixed(4) + ":" + c;
}"""
DRAWN_JS = f"() => {{ const x = ({SIGNATURE_JS})(); return x !== null && x[0] !== '0'; }}"
CHANGED_JS = f"old => {{ const x = ({SIGNATURE_JS})(); return x !== null && x !== old; }}"
IDLE_JS = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  return app && app.getAttribute('data-test-script-state') === 'notRunning'
    && app.getAttribute('data-test-connection-state') === 'CONNECTED';
}"""
VISIBLE_MARKERS_JS = """() => {
  const m = window.map, size = m.getSize(), out = [];
  m.eachLayer(l => {
    if (l.feature && l.feature.geometry.type === "Point") {
      const p = m.latLngToContainerPoint(l.getLatLng());
      if (p.x > 60 && p.y > 60 && p.x < size.x - 60 && p.y < size.y * 0.6) {
        out.push([l.feature.properties.place_id, p.x, p.y]);
      }
    }
  });
  return out;
}"""
ACTION_TIMEOUT_MS = 120_000
OPEN_TIMEOUT_MS = 300_000


@dataclass
class Results:
    date_change_s: list[float] = field(default_factory=list)
    clicks: int = 0
    opens_s: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    rss_mb: list[float] = field(default_factory=list)


def synth_data(workdir: Path) -> Path:
    """A 10,000-event synthetic data directory (``python -m dashboard synth``)."""
    target = workdir / "synth-10000"
    subprocess.run(
        [sys.executable, "-m", "dashboard", "synth", "--n", "10000", "--seed", "1", "-o", target],
        cwd=ROOT,
        check=True,
    )
    return target


def server(data: Path, log: Path) -> contextlib.AbstractContextManager:
    """``streamlit run app.py`` on a free port, on ``data``; yields its URL and process."""
    return harness.streamlit_app(log, env={"DASHBOARD_DATA": str(data)})


def proc_status(pid: int, key: str) -> float | None:
    """A memory line of /proc/PID/status (VmRSS, VmHWM), in MB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


async def sample_memory(pid: int, results: Results, stop: asyncio.Event) -> None:
    while not stop.is_set():
        rss = proc_status(pid, "VmRSS")
        if rss is not None:
            results.rss_mb.append(rss)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=0.5)


async def session(
    n: int, browser: Any, url: str, duration: float, results: Results, seed: int
) -> None:
    """One viewer: open the page, then change dates and click markers for ``duration`` s."""
    rng = random.Random(seed)
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    host = url.split("/")[2]

    async def route(r: Any) -> None:
        if r.request.url.split("/")[2] == host:
            await r.continue_()
        else:
            await r.abort()

    await context.route("**/*", route)
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    page = await context.new_page()
    page.on("pageerror", lambda exc: results.errors.append(f"session {n}: page error: {exc}"))

    async def fail(what: str, exc: BaseException) -> None:
        first = str(exc).splitlines()[0][:200] if str(exc) else ""
        results.errors.append(f"session {n}: {what}: {type(exc).__name__}: {first}")
        with contextlib.suppress(Exception):
            await page.wait_for_function(IDLE_JS, timeout=ACTION_TIMEOUT_MS)

    try:
        t0 = time.perf_counter()
        # "commit", not "load": with many pages opening on few CPUs the load event can take
        # minutes; what counts is the map showing its markers.
        await page.goto(url, wait_until="commit", timeout=OPEN_TIMEOUT_MS)
        await page.wait_for_function(DRAWN_JS, polling=500, timeout=OPEN_TIMEOUT_MS)
        await page.wait_for_function(IDLE_JS, timeout=OPEN_TIMEOUT_MS)
        results.opens_s.append(time.perf_counter() - t0)
    except Exception as exc:  # a broken page is an error to report, not a crash of the run
        await fail("open", exc)
        await context.close()
        return

    thumb = page.locator('[data-testid="stSlider"] input[type="range"]').first
    frame_element = page.locator(harness.MAP_FRAME)
    widen = True
    end = time.monotonic() + duration
    while time.monotonic() < end:
        if rng.random() < 0.5:
            try:
                before = await page.evaluate(SIGNATURE_JS)
                await thumb.focus()
                t0 = time.perf_counter()
                await page.keyboard.press("Home" if widen else "End")
                await page.wait_for_function(CHANGED_JS, arg=before, polling="raf")
                results.date_change_s.append(time.perf_counter() - t0)
                widen = not widen
                await page.wait_for_function(IDLE_JS)
            except Exception as exc:
                await fail("date change", exc)
        else:
            try:
                frame = await (await frame_element.element_handle()).content_frame()
                markers = await frame.evaluate(VISIBLE_MARKERS_JS)
                if markers:
                    _, x, y = rng.choice(markers)
                    box = await frame_element.bounding_box()
                    await page.mouse.click(box["x"] + x, box["y"] + y)
                    await page.wait_for_timeout(300)
                    await page.wait_for_function(IDLE_JS)
                    results.clicks += 1
            except Exception as exc:
                await fail("marker click", exc)
        await page.wait_for_timeout(rng.randint(200, 1000))  # a person reads a little
    try:
        boxes = await page.locator('[data-testid="stException"]').count()
        if boxes:
            results.errors.append(f"session {n}: {boxes} exception box(es) on the page")
    finally:
        await context.close()


async def run(args: argparse.Namespace, url: str, pid: int) -> Results:
    from playwright.async_api import async_playwright

    results = Results()
    stop = asyncio.Event()
    sampler = asyncio.create_task(sample_memory(pid, results, stop))
    async with async_playwright() as playwright:
        browsers = [
            await playwright.chromium.launch(
                executable_path=harness.CHROMIUM, args=harness.CHROMIUM_ARGS
            )
            for _ in range(args.browsers)
        ]
        tasks = []
        for i in range(args.sessions):
            tasks.append(
                asyncio.create_task(
                    session(i, browsers[i % len(browsers)], url, args.duration, results, i)
                )
            )
            await asyncio.sleep(args.ramp)  # viewers arrive over a few seconds, not at once
        await asyncio.gather(*tasks)
        for browser in browsers:
            await browser.close()
    stop.set()
    await sampler
    return results


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def server_log_errors(log: Path) -> list[str]:
    text = log.read_text(errors="replace")
    return [line for line in text.splitlines() if "Traceback" in line or "Error" in line]


def report(args: argparse.Namespace, results: Results, peak_mb: float | None) -> dict:
    changes = results.date_change_s
    return {
        "sessions": args.sessions,
        "browsers": args.browsers,
        "duration_s": args.duration,
        "data": str(args.data),
        "errors": len(results.errors),
        "error_samples": results.errors[:20],
        "date_changes": len(changes),
        "date_change_p50_s": percentile(changes, 50),
        "date_change_p95_s": percentile(changes, 95),
        "date_change_max_s": max(changes) if changes else None,
        "marker_clicks": results.clicks,
        "open_p50_s": percentile(results.opens_s, 50),
        "open_max_s": max(results.opens_s) if results.opens_s else None,
        "server_peak_mb": peak_mb,
        "server_rss_max_sampled_mb": max(results.rss_mb) if results.rss_mb else None,
        "cpus": os.cpu_count(),
        "load_average_after": os.getloadavg(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, help="data directory (default: 10,000 synthetic)")
    parser.add_argument("--sessions", type=int, default=30)
    parser.add_argument("--browsers", type=int, default=3, help="Chromium processes")
    parser.add_argument("--duration", type=float, default=60.0, help="seconds per session")
    parser.add_argument("--ramp", type=float, default=2.0, help="seconds between arrivals")
    parser.add_argument("--json", type=Path, help="write the figures here too")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        args.data = args.data or synth_data(workdir)
        log = workdir / "streamlit.log"
        with server(args.data, log) as (url, proc):
            results = asyncio.run(run(args, url, proc.pid))
            peak = proc_status(proc.pid, "VmHWM")
            results.errors += [f"server log: {line}" for line in server_log_errors(log)]
        figures = report(args, results, peak)
    text = json.dumps(figures, indent=1)
    print(text)
    if args.json:
        args.json.write_text(text + "\n")
    return 0 if figures["errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
