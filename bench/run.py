"""Benchmark: our app (app.py) against the naive baseline (bench/naive_app.py), same run.

    python bench/run.py [--sizes 20,1000,10000,100000] [--quick] [--json FILE]

For each size N (20 = the real data/ directory; other sizes are synthetic directories written by
``python -m dashboard synth --seed 1``) and each app it measures:

server   Median time of one script run after a date change, in Streamlit's AppTest (its own
         process): the app is run once (loads, fills caches), moved to the whole history once
         (warm), then moved K times to a new range covering (nearly) the whole history
         (start = first day + i days), timing each ``run()``.
payload  Bytes of the map element sent to the browser after that date change: the serialized
         ``ComponentInstance`` of st_folium (its JSON args: map script, HTML, header, feature
         group), which is what the server puts in the websocket delta for the map.
browser  Headless Chromium against ``streamlit run`` on a free port, after one warm-up visit:
         page open to the map showing its markers (the default range; the median of
         ``--opens`` opens, 3 by default, each in a new page) and to the date slider (ours
         draws its controls after the markers, see ``page.first_view``), and two date changes
         by keyboard on the date slider's start thumb, each until the map draws the new points:
         widen (Home: from the first day) and narrow (End: the last day only); also the
         websocket bytes received for the widening (all elements, not only the map). Only
         requests to the app itself are let through; tiles are blocked. The naive app loads
         Leaflet and other scripts from public CDNs: Leaflet is answered from the app's
         vendored copy (static/vendor), jQuery (folium's popups need it) from Debian's
         libjs-jquery, other CDN scripts and styles with an empty file, at once. That routing
         turns Chromium's HTTP cache off: every open loads every file from the server, as a
         first visit to a server that has had visitors (bench/elements.py measures returning
         visitors too).
memory   Peak RSS (VmHWM) of the server process after the browser session.

The naive app is skipped where one of its runs is estimated (from the previous size) to take
over a minute; the table says so. Prints a Markdown table with ours/naive ratios.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "e2e"))

import harness  # noqa: E402  (the browser tests' app runner and Chromium settings)

APPS = {"ours": ROOT / "app.py", "naive": ROOT / "bench" / "naive_app.py"}
SEED = 1
NAIVE_LIMIT_S = 60.0
CHROMIUM = harness.CHROMIUM
CHROMIUM_ARGS = harness.CHROMIUM_ARGS
MAP_IFRAME = harness.MAP_FRAME
RESULT_PREFIX = "BENCH_JSON:"

# Runs in the page: a signature of what the Leaflet map in the st_folium iframe draws (number of
# point layers, the sum of their coordinates and of their GeoJSON ``count`` property where they
# have one), or null while there is no map yet. Works for DOM markers and canvas circle markers
# alike, and across the iframe being replaced.
MAP_SIGNATURE_JS = """() => {
  const frames = document.querySelectorAll('iframe[title="streamlit_folium.st_folium"]');
  if (!frames.length) return null;
  const win = frames[frames.length - 1].contentWindow;
  const m = win && (win.map || win.map_div);
  if (!m || !m._loaded) return null;
  let n = 0, s = 0, c = 0;
  for (const k in m._layers) {
    const l = m._layers[k];
    if (l._latlng) {
      n += 1;
      s += l._latlng.lat + l._latlng.lng;
      const p = l.feature && l.feature.properties;
      if (p && typeof p.count === "number") c += p.count;
    }
  }
  return n + ":" + s.toFixed(4) + ":" + c;
}"""
MAP_DRAWN_JS, MAP_CHANGED_JS = harness.map_waits(MAP_SIGNATURE_JS)
APP_IDLE_JS = harness.APP_IDLE_JS


# ---------------------------------------------------------------------------------- data


def data_dir_for(n: int, workdir: Path) -> Path:
    """The real data/ for 20, else a synthetic directory of ``n`` events (written once)."""
    if n == 20:
        return ROOT / "data"
    out = workdir / f"synth-{n}-seed{SEED}"
    if not (out / "events.csv").is_file():
        subprocess.run(
            [sys.executable, "-m", "dashboard", "synth", "--n", str(n), "--seed", str(SEED)]
            + ["-o", str(out)],
            cwd=ROOT,
            check=True,
        )
    return out


def date_span(data: Path) -> tuple[dt.date, dt.date, int]:
    """First and last event day, and the number of events, of a data directory."""
    import csv

    with open(data / "events.csv", encoding="utf-8", newline="") as fh:
        days = [row["date"] for row in csv.DictReader(fh)]
    return dt.date.fromisoformat(min(days)), dt.date.fromisoformat(max(days)), len(days)


# ------------------------------------------------------------------------- server (AppTest)


def apptest_child(app: Path, data: Path, runs: int) -> dict[str, Any]:
    """Time script runs after date changes (run inside a fresh process)."""
    os.environ["DASHBOARD_DATA"] = str(data)
    from streamlit.testing.v1 import AppTest

    first, last, _ = date_span(data)
    at = AppTest.from_file(str(app.resolve()), default_timeout=3600)
    t0 = time.perf_counter()
    at.run()
    first_run = time.perf_counter() - t0
    if at.exception:
        return {"error": "; ".join(e.message for e in at.exception)}
    default_payload = map_payload(at)
    if not any(s.key == "dates" for s in at.slider):
        # Our first run draws the first view (page.first_view); in a browser, the map's frame
        # then asks for the rest: the run after it.
        at.run()
    at.slider(key="dates").set_value((first, last)).run()  # warm: the whole history once
    times = []
    for i in range(1, runs + 1):
        at.slider(key="dates").set_value((first + dt.timedelta(days=i), last))
        t0 = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - t0)
        if at.exception:
            return {"error": "; ".join(e.message for e in at.exception)}
    return {
        "first_run_s": first_run,
        "rerun_s": times,
        "rerun_median_s": statistics.median(times),
        "payload_default_bytes": default_payload,
        "payload_bytes": map_payload(at),
    }


def map_payload(at: Any) -> int:
    """Serialized size of the st_folium element(s) of the last run."""
    total = 0
    for node in at.get("component_instance"):
        if "folium" in node.proto.component_name:
            total += len(node.proto.SerializeToString())
    return total


def measure_server(app: Path, data: Path, runs: int, timeout: float) -> dict[str, Any]:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--apptest", str(app), str(data)]
    cmd += ["--runs", str(runs)]
    try:
        proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {timeout:.0f} s"}
    for line in proc.stdout.splitlines():
        if line.startswith(RESULT_PREFIX):
            return json.loads(line[len(RESULT_PREFIX) :])
    return {"error": f"exit {proc.returncode}: {proc.stderr.strip()[-500:]}"}


# --------------------------------------------------------------------------------- browser


@contextlib.contextmanager
def streamlit_server(app: Path, data: Path) -> Iterator[tuple[str, subprocess.Popen]]:
    """``streamlit run app`` on a free port; yields (url, process)."""
    with (
        tempfile.TemporaryDirectory() as tmp,
        harness.streamlit_app(
            Path(tmp) / "server.log",
            script=app,
            env={"DASHBOARD_DATA": str(data)},
            extra_args=("--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"),
        ) as running,
    ):
        yield running


def peak_rss_mb(pid: int) -> float | None:
    """VmHWM of a process, in MB (None when /proc has no such process)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


DEBIAN_JQUERY = Path("/usr/share/javascript/jquery/jquery.min.js")
"""Debian's libjs-jquery: folium's popups need jQuery, which the naive map loads from a CDN."""


def local_cdn() -> dict[str, Path]:
    """Stand-ins for the naive map's CDN files, by file name: Leaflet from the app's vendored
    copy, jQuery from Debian's package."""
    files: dict[str, Path] = {}
    for folder in sorted((ROOT / "static" / "vendor").glob("leaflet-*")):
        for path in folder.rglob("*"):
            if path.is_file():
                files[path.name] = path
    if DEBIAN_JQUERY.is_file():
        files["jquery"] = DEBIAN_JQUERY
    return files


def cdn_name(path: str) -> str:
    """The key of :func:`local_cdn` for a CDN path (any jQuery version is 'jquery')."""
    name = Path(path).name
    if name.startswith("jquery") and name.endswith(".js"):
        return "jquery"
    if name.endswith("marker-icon.png") or name.endswith("marker-shadow.png"):
        return name[name.index("marker-") :]  # folium writes ".../distmarker-icon.png"
    return name


def settle(page: Any, ws_bytes: list[int], quiet_s: float = 1.0) -> None:
    """Wait until the script is idle and no websocket frame has come for ``quiet_s`` (the map
    component may send its value back after a remount, which reruns the script)."""
    while True:
        page.wait_for_function(APP_IDLE_JS, polling=50)
        seen = ws_bytes[0]
        page.wait_for_timeout(quiet_s * 1000)
        if ws_bytes[0] == seen and page.evaluate(APP_IDLE_JS):
            return


SLIDER = '[data-testid="stSlider"]'
"""The date slider, in both apps."""
CONTENT_TYPES = {".js": "application/javascript", ".css": "text/css", ".png": "image/png"}


def measure_browser(
    browser: Any, app: Path, data: Path, timeout_s: float, shots: Path | None, opens_k: int = 1
) -> dict[str, Any]:
    cdn = local_cdn()
    blocked: dict[str, int] = {}
    ws_bytes = [0]

    def route(r: Any) -> None:
        url = urlparse(r.request.url)
        if url.hostname in ("127.0.0.1", "localhost"):
            r.continue_()
            return
        name = cdn_name(url.path)
        if name in cdn:
            suffix = cdn[name].suffix
            r.fulfill(
                status=200,
                body=cdn[name].read_bytes(),
                content_type=CONTENT_TYPES.get(suffix, "application/octet-stream"),
            )
            return
        blocked[url.hostname or "?"] = blocked.get(url.hostname or "?", 0) + 1
        if Path(url.path).suffix in (".js", ".css"):
            # another CDN script or style (jQuery, Bootstrap, ...): the map does not need it,
            # but the component loads them in a chain that stops at a failure
            r.fulfill(status=200, body="", content_type=CONTENT_TYPES[Path(url.path).suffix])
            return
        r.abort()

    def on_ws(ws: Any) -> None:
        def count(payload: Any) -> None:
            ws_bytes[0] += len(payload)

        ws.on("framereceived", count)

    result: dict[str, Any] = {}
    with streamlit_server(app, data) as (url, proc):
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        # a regex is matched by the browser driver: requests to the app never reach Python
        context.route(re.compile(r"^(?!http://(127\.0\.0\.1|localhost)[:/])"), route)
        context.set_default_timeout(timeout_s * 1000)
        try:
            # a first visitor: the server imports, loads and caches as a running server has
            warm = context.new_page()
            warm.goto(url)
            warm.wait_for_function(MAP_DRAWN_JS, polling="raf")
            warm.close()

            # page opens: all but the last closed at once; the median is reported (one open
            # on a shared machine moves by a second or more between runs)
            opens, controls = [], []
            for i in range(opens_k):
                page = context.new_page()
                page.on("websocket", on_ws)
                t0 = time.perf_counter()
                page.goto(url)
                page.wait_for_function(MAP_DRAWN_JS, polling="raf")
                opens.append(time.perf_counter() - t0)
                # Our page draws its controls after the markers (page.first_view): when can
                # the reader use the date slider?
                page.wait_for_selector(SLIDER, state="attached")
                controls.append(time.perf_counter() - t0)
                if i < opens_k - 1:
                    page.close()
            result["open_s"] = statistics.median(opens)
            result["opens_s"] = opens
            result["controls_s"] = statistics.median(controls)
            settle(page, ws_bytes)
            result["open_points"] = points(page)
            if shots:
                page.screenshot(path=str(shots / "open.png"))
            thumbs = page.locator(f'{SLIDER} input[type="range"]')
            # widen: start thumb to the first day; narrow: start thumb onto the end (one day)
            for name, key in (("widen", "Home"), ("narrow", "End")):
                before = page.evaluate(MAP_SIGNATURE_JS)
                thumbs.nth(0).focus()
                bytes0 = ws_bytes[0]
                t0 = time.perf_counter()
                page.keyboard.press(key)
                page.wait_for_function(MAP_CHANGED_JS, arg=before, polling="raf")
                result[f"{name}_s"] = time.perf_counter() - t0
                settle(page, ws_bytes)
                result[f"{name}_ws_bytes"] = ws_bytes[0] - bytes0
                result[f"{name}_points"] = points(page)
                if shots:
                    page.screenshot(path=str(shots / f"{name}.png"))
        except Exception as exc:  # a timeout or a broken page: report it in the table
            result["error"] = f"{type(exc).__name__}: {str(exc).splitlines()[0][:200]}"
        finally:
            result["peak_rss_mb"] = peak_rss_mb(proc.pid)
            result["blocked_hosts"] = blocked
            context.close()
    return result


def points(page: Any) -> int:
    """Point layers (markers, circle markers) the map draws now."""
    return int(page.evaluate(MAP_SIGNATURE_JS).split(":")[0])


# ----------------------------------------------------------------------------------- table


def fmt(value: Any, unit: str) -> str:
    if value is None:
        return "n/a"
    if unit == "s":
        return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"
    if unit == "KB":
        return f"{value / 1024:,.1f} KB"
    if unit == "MB":
        return f"{value:,.0f} MB"
    return str(value)


COLUMNS = (
    ("(a) server run after date change", "server", "rerun_median_s", "s"),
    ("(b) map payload, whole history", "server", "payload_bytes", "KB"),
    ("(b) map payload, default range", "server", "payload_default_bytes", "KB"),
    ("(c) page open → markers (median)", "browser", "open_s", "s"),
    ("(c) page open → date slider (median)", "browser", "controls_s", "s"),
    ("(c) widen dates → map updated", "browser", "widen_s", "s"),
    ("(c) narrow dates → map updated", "browser", "narrow_s", "s"),
    ("websocket bytes, widen", "browser", "widen_ws_bytes", "KB"),
    ("points drawn, widened", "browser", "widen_points", ""),
    ("(d) peak server RSS", "browser", "peak_rss_mb", "MB"),
)


def table(results: list[dict[str, Any]]) -> str:
    head = ["N", "app", *(c[0] for c in COLUMNS)]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    notes = []
    for res in results:
        by_app = res["apps"]
        for name, r in by_app.items():
            if r.get("skipped"):
                cells = [f"skipped: {r['skipped']}"] + [""] * (len(COLUMNS) - 1)
            else:
                cells = [fmt(r.get(part, {}).get(key), unit) for _, part, key, unit in COLUMNS]
                for part in ("server", "browser"):
                    if r.get(part, {}).get("error"):
                        notes.append(f"N={res['label']}, {name}, {part}: {r[part]['error']}")
            lines.append(f"| {res['label']} | {name} | " + " | ".join(cells) + " |")
        ours, naive = by_app.get("ours"), by_app.get("naive")
        if ours and naive and not naive.get("skipped") and not ours.get("skipped"):
            cells = []
            for _, part, key, _unit in COLUMNS:
                a, b = ours.get(part, {}).get(key), naive.get(part, {}).get(key)
                try:
                    cells.append(f"{float(a) / float(b):.3g}" if a is not None and b else "n/a")
                except (TypeError, ValueError):
                    cells.append("n/a")
            lines.append(f"| {res['label']} | **ours/naive** | " + " | ".join(cells) + " |")
    out = "\n".join(lines)
    if notes:
        out += "\n\nErrors:\n" + "\n".join(f"- {n}" for n in notes)
    return out


# ------------------------------------------------------------------------------------ main


def run(args: argparse.Namespace) -> list[dict[str, Any]]:
    from playwright.sync_api import sync_playwright

    workdir = Path(args.workdir) if args.workdir else Path(tempfile.mkdtemp(prefix="bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    apps = {name: APPS[name] for name in args.apps.split(",")}
    results = []
    naive_per_event: float | None = None  # seconds per event of a naive run, from the last size
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for n in args.sizes:
            data = data_dir_for(n, workdir)
            _, _, count = date_span(data)
            label = f"{n:,}" if n != 20 else f"20 (data/: {count})"
            res: dict[str, Any] = {"n": n, "events": count, "label": label, "apps": {}}
            for name, app in apps.items():
                if not app.is_file():
                    res["apps"][name] = {"skipped": f"{app.relative_to(ROOT)} not found"}
                    continue
                if name == "naive" and naive_per_event and naive_per_event * count > args.limit:
                    res["apps"][name] = {
                        "skipped": f"one run estimated at {naive_per_event * count:.0f} s "
                        f"(> {args.limit:.0f} s)"
                    }
                    continue
                print(f"[bench] N={n} {name}: server ...", file=sys.stderr, flush=True)
                server = measure_server(app, data, args.runs, timeout=args.limit * 10)
                if name == "naive" and "rerun_median_s" in server:
                    naive_per_event = server["rerun_median_s"] / max(count, 1)
                print(f"[bench] N={n} {name}: browser ...", file=sys.stderr, flush=True)
                shots = None
                if args.screenshots:
                    shots = Path(args.screenshots) / f"{n}-{name}"
                    shots.mkdir(parents=True, exist_ok=True)
                b = measure_browser(
                    browser, app, data, timeout_s=args.limit * 2, shots=shots, opens_k=args.opens
                )
                res["apps"][name] = {"server": server, "browser": b}
                print(f"[bench] {json.dumps(res['apps'][name])}", file=sys.stderr, flush=True)
            results.append(res)
        browser.close()
    if not args.workdir:
        shutil.rmtree(workdir, ignore_errors=True)
    return results


def machine() -> str:
    cpu = "?"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem_kb = 0
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            mem_kb = int(line.split()[1])
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    return (
        f"{os.cpu_count()} CPUs ({cpu}), {mem_kb / 1024 / 1024:.1f} GB RAM, commit {commit}, "
        f"load average {load} at the end"
    )


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--sizes", default="20,1000,10000,100000", help="comma-separated N")
    p.add_argument("--quick", action="store_true", help="sizes 20,1000 and 1 timed run")
    p.add_argument("--apps", default="ours,naive", help="which apps (ours,naive)")
    p.add_argument("--runs", type=int, default=3, help="timed AppTest reruns per app and size")
    p.add_argument("--opens", type=int, default=3, help="page opens per app (median shown)")
    p.add_argument("--limit", type=float, default=NAIVE_LIMIT_S, help="skip naive runs over this")
    p.add_argument("--json", metavar="FILE", help="also write the raw results here")
    p.add_argument("--workdir", metavar="DIR", help="keep synthetic data here (reused)")
    p.add_argument("--screenshots", metavar="DIR", help="save page screenshots here")
    p.add_argument("--apptest", nargs=2, metavar=("APP", "DATA"), help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.apptest:
        out = apptest_child(Path(args.apptest[0]), Path(args.apptest[1]), args.runs)
        print(RESULT_PREFIX + json.dumps(out), flush=True)
        return 0
    if args.quick:
        args.sizes, args.runs = "20,1000", 1
    args.sizes = [int(s) for s in str(args.sizes).split(",")]
    results = run(args)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1), encoding="utf-8")
    print(f"\nMachine: {machine()}\n")
    print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
