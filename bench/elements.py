"""What Streamlit elements cost a page open: the naive app with a dozen more of one kind.

    python bench/elements.py [--opens 5] [--count 12] [--kinds markdown,button,...] [--json FILE]

Page open at 25 events is where our app is behind the naive peer (bench/run.py). The naive
page draws four elements (a title, the slider, a line, the map); ours draws about forty-five
(the sidebar's ten widgets, the title, the panel, the list of events not on the map, the share
box, the downloads). This bench asks how much of the difference is simply the number of
elements: it writes variants of ``bench/naive_app.py`` with ``--count`` extra elements of one
kind in the sidebar (before the map, as ours are), and measures, in one run, the time from
``goto`` to the first markers for each variant, the naive app itself and ours:

- **cold**: a new browser context per open (empty HTTP cache; the server has had a visit);
- **warm**: the same context for every open (a returning visitor).

Hosts other than the app's resolve to bench/throttled.py's local stand-in (the naive map's CDN
files from local copies), with Chromium's host rules rather than routing, which would turn the
cache off. Prints the median of ``--opens`` opens per case and the difference to the naive app.
Timings are for this machine: compare cases of one run only.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run as bench  # noqa: E402
import throttled  # noqa: E402

KINDS: dict[str, str] = {
    "markdown": "st.sidebar.markdown(f'**Line {i}** of text')",
    "expander": "st.sidebar.expander(f'Section {i}')",
    "button": "st.sidebar.button(f'Button {i}', key=f'b{i}')",
    "text_input": "st.sidebar.text_input(f'Field {i}', key=f't{i}')",
    "date_input": "st.sidebar.date_input(f'Day {i}', value=dt.date(2024, 2, 1), key=f'd{i}')",
    "selectbox": "st.sidebar.selectbox(f'Choice {i}', ['a', 'b'], key=f's{i}')",
}
"""One element of each kind, drawn ``--count`` times (``i`` is its number)."""
TITLE_LINE = 'st.title("Protest events (naive baseline)")'


def variant(kind: str, count: int, folder: Path) -> Path:
    """``bench/naive_app.py`` with ``count`` elements of ``kind`` after its title."""
    source = bench.APPS["naive"].read_text(encoding="utf-8")
    if TITLE_LINE not in source:
        raise SystemExit(f"bench/naive_app.py has changed: no line {TITLE_LINE!r}")
    extra = f"for i in range({count}):\n    {KINDS[kind]}\n"
    source = source.replace(TITLE_LINE, TITLE_LINE + "\n" + extra, 1)
    # the copy lives elsewhere: its data directory is the repository's
    source = source.replace(
        'Path(__file__).resolve().parent.parent / "data"', repr(str(bench.ROOT / "data"))
    )
    path = folder / f"naive_{kind}.py"
    path.write_text(source, encoding="utf-8")
    return path


def open_once(context: Any, url: str) -> float:
    page = context.new_page()
    try:
        start = time.perf_counter()
        page.goto(url, wait_until="commit")
        page.wait_for_function(bench.MAP_DRAWN_JS, polling="raf")
        return time.perf_counter() - start
    finally:
        page.close()


def measure(apps: dict[str, Path], opens: int) -> dict[str, dict[str, list[float]]]:
    """Cold and warm opens of every app, the apps taking turns (so that a busy moment of the
    machine falls on all of them)."""
    from playwright.sync_api import sync_playwright

    viewport = {"width": 1400, "height": 1000}
    times: dict[str, dict[str, list[float]]] = {name: {"cold": [], "warm": []} for name in apps}
    with (
        sync_playwright() as pw,
        throttled.StandIn() as stand_in,
        contextlib.ExitStack() as servers,
    ):
        urls = {
            name: servers.enter_context(bench.streamlit_server(app, bench.ROOT / "data"))[0]
            for name, app in apps.items()
        }
        browser = pw.chromium.launch(
            executable_path=bench.CHROMIUM, args=[*bench.CHROMIUM_ARGS, *stand_in.chromium_args()]
        )
        warm = {}
        for name, url in urls.items():  # a first visitor: the server and the cache are filled
            warm[name] = browser.new_context(viewport=viewport)
            open_once(warm[name], url)
        for i in range(opens):
            for name, url in urls.items():
                cold = browser.new_context(viewport=viewport)
                times[name]["cold"].append(open_once(cold, url))
                cold.close()
                times[name]["warm"].append(open_once(warm[name], url))
            print(f"[elements] round {i + 1} of {opens}", file=sys.stderr, flush=True)
        browser.close()
    return times


def table(times: dict[str, dict[str, list[float]]], count: int) -> str:
    base = {k: statistics.median(times["naive"][k]) for k in ("cold", "warm")}
    lines = [
        "| page | cold open (median) | − naive | warm open (median) | − naive |",
        "|---|---|---|---|---|",
    ]
    for name, cases in times.items():
        cold, warm = (statistics.median(cases[k]) for k in ("cold", "warm"))
        label = name if name in ("naive", "ours") else f"naive + {count} × {name}"
        lines.append(
            f"| {label} | {cold:.2f} s | {cold - base['cold']:+.2f} s "
            f"| {warm:.2f} s | {warm - base['warm']:+.2f} s |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--opens", type=int, default=5, help="opens per app and cache state")
    p.add_argument("--count", type=int, default=12, help="extra elements per variant")
    p.add_argument("--kinds", default=",".join(KINDS), help="element kinds to add")
    p.add_argument("--json", metavar="FILE", help="also write the raw times here")
    args = p.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        apps = {"naive": bench.APPS["naive"]}
        for kind in args.kinds.split(","):
            apps[kind] = variant(kind, args.count, Path(tmp))
        apps["ours"] = bench.APPS["ours"]
        times = measure(apps, args.opens)
    if args.json:
        Path(args.json).write_text(json.dumps(times, indent=1), encoding="utf-8")
    print(f"\nMachine: {bench.machine()}\n")
    print(table(times, args.count))
    return 0


if __name__ == "__main__":
    sys.exit(main())
