"""Load test: many viewers at once against one app process (run on demand, not in CI).

    python bench/load.py [--data DIR] [--sessions 30] [--browsers 3] [--duration 60]
                         [--open-at-once 1] [--json FILE]

Starts ``streamlit run app.py`` on a free port with ``DASHBOARD_DATA`` set to DIR (default: a
10,000-event synthetic directory written by ``python -m dashboard synth --n 10000 --seed 1``),
then opens SESSIONS headless Chromium contexts spread over BROWSERS browser processes.

Two phases. Opening: the pages open, at most OPEN_AT_ONCE at a time, each until its map shows
its markers; an open page stays connected (its Streamlit session alive) while the others open.
Acting: when every page is open, all of them at the same time, for DURATION seconds, alternate

- a date change by keyboard on the date slider's start thumb, as a person would (Home: from
  the first day, i.e. the whole history; End: the last day only), timed from the key press
  until the map in the iframe draws the new markers (their signature changes);
- a click on a random marker of the map, then waiting until the app is idle again.

Why the opening is bounded: the browsers run on the machine under test. On 2 CPUs, 30
Chromium renderers loading Streamlit's frontend at once starve each other (docs/load.md), and
none showed its map within 5 minutes while the server used a few percent of a CPU.

Reported: errors (any exception, timeout, script error in the page, Streamlit exception box
or traceback in the server log: must be 0), the p50/p95/max time from a date change to the
updated map, the number of actions, the server's peak memory (VmHWM, and RSS sampled every
half second), and the CPU seconds of the server and of the browsers, in all and while acting.
Only the app's host resolves in the browsers (tiles are blocked).
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
DRAWN_JS, CHANGED_JS = harness.map_waits(SIGNATURE_JS)
IDLE_JS = harness.APP_IDLE_JS
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
    # CPU seconds per process, the latest reading of each (counters only grow; a renderer that
    # exits keeps its last reading): the server's against the browsers' on the same CPUs.
    cpu_s: dict[int, float] = field(default_factory=dict)


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


TICKS = os.sysconf("SC_CLK_TCK")


def process_tree() -> dict[int, tuple[int, float]]:
    """Every process of this machine: pid -> (parent pid, CPU seconds used so far)."""
    out = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()  # after "pid (name) "
        out[int(entry.name)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / TICKS)
    return out


def sample_cpu(results: Results) -> None:
    """Record the CPU seconds of this script's descendants (server, driver, browsers)."""
    tree = process_tree()
    mine = {os.getpid()}
    grew = True
    while grew:
        grew = False
        for pid, (parent, _) in tree.items():
            if parent in mine and pid not in mine:
                mine.add(pid)
                grew = True
    for pid in mine - {os.getpid()}:
        results.cpu_s[pid] = tree[pid][1]


async def sample_memory(pid: int, results: Results, stop: asyncio.Event) -> None:
    while not stop.is_set():
        rss = proc_status(pid, "VmRSS")
        if rss is not None:
            results.rss_mb.append(rss)
        sample_cpu(results)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=0.5)


@dataclass
class Phases:
    """How the sessions move together: a bounded number open at a time, then all act."""

    opening: asyncio.Semaphore
    opened: list[int]
    all_open: asyncio.Event
    cpu_at_start: dict[int, float] = field(default_factory=dict)
    act_started: float = 0.0
    act_ended: float = 0.0


async def session(
    n: int, browser: Any, url: str, args: argparse.Namespace, results: Results, phases: Phases
) -> None:
    """One viewer: open the page, wait for the others, then change dates and click markers for
    ``args.duration`` seconds."""
    rng = random.Random(n)
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    page = await context.new_page()
    page.on("pageerror", lambda exc: results.errors.append(f"session {n}: page error: {exc}"))

    async def fail(what: str, exc: BaseException) -> None:
        first = str(exc).splitlines()[0][:200] if str(exc) else ""
        results.errors.append(f"session {n}: {what}: {type(exc).__name__}: {first}")
        with contextlib.suppress(Exception):
            await page.wait_for_function(IDLE_JS, timeout=ACTION_TIMEOUT_MS)

    opened = False
    async with phases.opening:
        try:
            t0 = time.perf_counter()
            await page.goto(url, wait_until="commit", timeout=OPEN_TIMEOUT_MS)
            await page.wait_for_function(DRAWN_JS, polling=500, timeout=OPEN_TIMEOUT_MS)
            await page.wait_for_function(IDLE_JS, timeout=OPEN_TIMEOUT_MS)
            results.opens_s.append(time.perf_counter() - t0)
            opened = True
        except Exception as exc:  # a broken page is an error to report, not a crash of the run
            await fail("open", exc)
    phases.opened.append(n)
    if len(phases.opened) == args.sessions:
        phases.cpu_at_start = dict(results.cpu_s)
        phases.act_started = time.monotonic()
        phases.all_open.set()
    await phases.all_open.wait()  # the page stays open, its session alive, meanwhile
    if not opened:
        await context.close()
        return

    thumb = page.locator('[data-testid="stSlider"] input[type="range"]').first
    frame_element = page.locator(harness.MAP_FRAME)
    widen = True
    await page.wait_for_timeout(rng.randint(0, 1000))  # not all in the same millisecond
    end = time.monotonic() + args.duration
    while time.monotonic() < end:
        if rng.random() < 0.5:
            try:
                before = await page.evaluate(SIGNATURE_JS)
                await thumb.focus()
                t0 = time.perf_counter()
                await page.keyboard.press("Home" if widen else "End")
                await page.wait_for_function(CHANGED_JS, arg=before, polling=100)
                results.date_change_s.append(time.perf_counter() - t0)
                widen = not widen
                await page.wait_for_function(IDLE_JS, polling=100)
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
                    await page.wait_for_function(IDLE_JS, polling=100)
                    results.clicks += 1
            except Exception as exc:
                await fail("marker click", exc)
        await page.wait_for_timeout(rng.randint(200, 1000))  # a person reads a little
    phases.act_ended = max(phases.act_ended, time.monotonic())
    try:
        boxes = await page.locator('[data-testid="stException"]').count()
        if boxes:
            results.errors.append(f"session {n}: {boxes} exception box(es) on the page")
    finally:
        await context.close()


# Only the app's own host resolves: tiles and anything else fail at once, without routing
# every request through the driver (which costs CPU on the machine under test).
BLOCK_OTHER_HOSTS = "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"


async def run(args: argparse.Namespace, url: str, pid: int) -> tuple[Results, Phases]:
    from playwright.async_api import async_playwright

    results = Results()
    phases = Phases(asyncio.Semaphore(args.open_at_once), [], asyncio.Event())
    stop = asyncio.Event()
    sampler = asyncio.create_task(sample_memory(pid, results, stop))
    async with async_playwright() as playwright:
        browsers = [
            await playwright.chromium.launch(
                executable_path=harness.CHROMIUM, args=[*harness.CHROMIUM_ARGS, BLOCK_OTHER_HOSTS]
            )
            for _ in range(args.browsers)
        ]
        tasks = [
            asyncio.create_task(session(i, browsers[i % len(browsers)], url, args, results, phases))
            for i in range(args.sessions)
        ]
        await asyncio.gather(*tasks)
        sample_cpu(results)
        for browser in browsers:
            await browser.close()
    stop.set()
    await sampler
    return results, phases


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def server_log_errors(log: Path) -> list[str]:
    text = log.read_text(errors="replace")
    return [line for line in text.splitlines() if "Traceback" in line or "Error" in line]


def cpu_split(cpu_s: dict[int, float], server_pid: int) -> tuple[float, float]:
    """(server, browsers) CPU seconds of a reading of :func:`sample_cpu`."""
    server = cpu_s.get(server_pid, 0.0)
    return server, sum(v for pid, v in cpu_s.items() if pid != server_pid)


def report(
    args: argparse.Namespace,
    results: Results,
    phases: Phases,
    peak_mb: float | None,
    server_pid: int,
) -> dict:
    changes = results.date_change_s
    server_cpu, client_cpu = cpu_split(results.cpu_s, server_pid)
    server_before, client_before = cpu_split(phases.cpu_at_start, server_pid)
    acting = phases.act_ended - phases.act_started if phases.act_ended else None
    return {
        "sessions": args.sessions,
        "browsers": args.browsers,
        "open_at_once": args.open_at_once,
        "duration_s": args.duration,
        "sessions_acting_together": len(results.opens_s),
        "acting_phase_s": round(acting, 1) if acting else None,
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
        "server_cpu_s": round(server_cpu, 1),
        "browsers_cpu_s": round(client_cpu, 1),
        "server_cpu_acting_s": round(server_cpu - server_before, 1),
        "browsers_cpu_acting_s": round(client_cpu - client_before, 1),
        "cpus": os.cpu_count(),
        "load_average_after": os.getloadavg(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, help="data directory (default: 10,000 synthetic)")
    parser.add_argument("--sessions", type=int, default=30)
    parser.add_argument("--browsers", type=int, default=3, help="Chromium processes")
    parser.add_argument("--duration", type=float, default=60.0, help="seconds per session")
    parser.add_argument(
        "--open-at-once",
        type=int,
        default=1,
        help="pages opening at the same time (the others wait; all act together afterwards)",
    )
    parser.add_argument("--json", type=Path, help="write the figures here too")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        args.data = args.data or synth_data(workdir)
        log = workdir / "streamlit.log"
        with server(args.data, log) as (url, proc):
            results, phases = asyncio.run(run(args, url, proc.pid))
            peak = proc_status(proc.pid, "VmHWM")
            server_pid = proc.pid
            results.errors += [f"server log: {line}" for line in server_log_errors(log)]
        figures = report(args, results, phases, peak, server_pid)
    text = json.dumps(figures, indent=1)
    print(text)
    if args.json:
        args.json.write_text(text + "\n")
    return 0 if figures["errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
