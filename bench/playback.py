"""Playback frame time at 10,000 and 100,000 events: ours against the naive approach, same run.

For each size N (a synthetic directory from ``python -m dashboard synth --n N --seed 1``) the
app is started with ``streamlit run app.py`` and opened in Debian's Chromium on the whole
history (``?dates=FIRST&dates=LAST``: every event of the data on the map, played a month at a
time). Then, in the map frame, K frames are drawn each way and timed with
``performance.now()``, each including its canvas redraw (the renderer's pending redraw is run at
once, not left to the next animation frame):

- **ours**: ``protestPlayback.playFrame(i)``: the markers already on the map are restyled
  (count, size, faded or not; added or taken off), then laid out again (crowded markers).
- **naive**: what redrawing all layers per frame costs in the browser: the places layer is
  removed and a new one built from a FeatureCollection of the places with events up to the
  step (``protestMap.placesLayer``, as a rerun's layer is drawn), keyboard list included.
  The server rerun and the websocket transfer that a rerun per frame would add on top are not
  counted here (``bench/run.py`` measures them: about 1 s per date change at 10,000 events).

Also printed: the bytes the places' days add to the map's payload (the layer's JSON).

    python bench/playback.py                  # N = 10,000 and 100,000
    python bench/playback.py --sizes 10000 --frames 40 --workdir /tmp/benchwork
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import run as bench  # noqa: E402  (synthetic data, the app server, Chromium settings)

harness = bench.harness
ROOT = bench.ROOT

FRAMES_JS = """
async ({frames, naive}) => {
    const P = window.protestPlayback;
    const map = window.map;
    function flush() {
        for (const k in map._layers) {
            const l = map._layers[k];
            if (l instanceof L.Canvas && l._redrawRequest) {
                L.Util.cancelAnimFrame(l._redrawRequest);
                l._redrawRequest = null;
                l._redraw();
            }
        }
    }
    P.showAll();  // every place back on the map (an earlier run may have hidden some)
    let places = null;
    map.eachLayer(l => {
        if (l instanceof L.GeoJSON && !places) { places = l; }
    });
    const features = places.getLayers().map(l => l.feature);
    const steps = P.position().steps;
    const times = [];
    let drawn = places;
    for (let f = 0; f < frames; f++) {
        const index = Math.floor(f * steps / frames) % steps;  // spread over the whole range
        const t0 = performance.now();
        if (naive) {
            const counts = P.frameCounts(index);
            const shown = [];
            for (const feature of features) {
                const c = counts[feature.properties.place_id];
                if (c) {
                    const props = Object.assign({}, feature.properties, {count: c[0]});
                    shown.push({type: "Feature", geometry: feature.geometry, properties: props});
                }
            }
            const next = window.protestMap.placesLayer(
                {type: "FeatureCollection", features: shown}, {}, {});
            map.removeLayer(drawn);
            next.addTo(map);
            drawn = next;
        } else {
            P.playFrame(index);
        }
        flush();
        times.push(performance.now() - t0);
        await new Promise(r => requestAnimationFrame(() => r()));
    }
    return {times: times, steps: steps, places: features.length};
}
"""


def payload_bytes(data: Path) -> dict[str, int]:
    """Bytes of the places layer's script with and without the places' days, whole history."""
    from dashboard import mapview, playback
    from dashboard.aggregate import summarise
    from dashboard.escape import js_json
    from dashboard.loader import load_dataset, with_place_names

    dataset = load_dataset(str(data), strict=False)
    events = with_place_names(dataset.events, dataset.places, "en")
    first, last = events["date"].min().date(), events["date"].max().date()
    summary = summarise(events, dataset.places)
    layer = mapview.place_layer(summary)
    return {
        "layer": len(_render(layer)),
        "days": len(js_json(playback.layer_spec(events, (first, last)))),
    }


def _render(layer: Any) -> str:
    import folium

    fmap = folium.Map(tiles=None)
    layer.add_to(fmap)
    return fmap.get_root().render()


def measure(browser: Any, data: Path, frames: int) -> dict[str, Any]:
    first, last, n = bench.date_span(data)
    with bench.streamlit_server(ROOT / "app.py", data) as (url, _proc):
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.route(
            "**/*",
            lambda r: r.continue_() if r.request.url.startswith(url) else r.abort(),
        )
        page = context.new_page()
        started = time.monotonic()
        page.goto(f"{url}?dates={first}&dates={last}")
        harness.wait_idle(page, timeout=300_000)
        page.wait_for_selector(harness.MAP_FRAME, timeout=300_000)
        harness.map_frame(page).wait_for_function(harness.MAP_SETTLED_JS, timeout=300_000)
        frame = harness.map_frame(page)
        frame.wait_for_function("() => window.protestPlayback.position().steps > 0")
        opened = time.monotonic() - started
        out: dict[str, Any] = {"n": n, "open_s": opened}
        for way in ("ours", "naive"):
            result = frame.evaluate(FRAMES_JS, {"frames": frames, "naive": way == "naive"})
            times = sorted(result["times"])
            out[way] = {
                "median_ms": statistics.median(times),
                "p95_ms": times[int(0.95 * (len(times) - 1))],
                "max_ms": times[-1],
                "frames": len(times),
            }
            out["steps"], out["places"] = result["steps"], result["places"]
        context.close()
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--sizes", default="10000,100000", help="comma-separated N")
    p.add_argument("--frames", type=int, default=48, help="frames timed each way")
    p.add_argument("--workdir", metavar="DIR", help="keep synthetic data here (reused)")
    p.add_argument("--json", metavar="FILE", help="also write the raw results here")
    args = p.parse_args(argv)
    from playwright.sync_api import sync_playwright

    workdir = Path(args.workdir) if args.workdir else Path(tempfile.mkdtemp(prefix="playbench-"))
    results = []
    with sync_playwright() as playwright:
        browser = harness.launch(playwright)
        for n in (int(s) for s in args.sizes.split(",")):
            data = bench.data_dir_for(n, workdir)
            result = measure(browser, data, args.frames)
            result.update(payload_bytes(data))
            results.append(result)
            print(json.dumps(result), flush=True)
        browser.close()
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1), encoding="utf-8")
    print(f"\nMachine: {bench.machine()}\n")
    print(
        "| N | features (places and street lines) | steps (month) | ours: frame median "
        "| ours: p95 | naive: frame median | naive: p95 | ours/naive (median) "
        "| days in the payload | places layer |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in results:
        print(
            f"| {r['n']:,} | {r['places']:,} | {r['steps']} | {r['ours']['median_ms']:.1f} ms "
            f"| {r['ours']['p95_ms']:.1f} ms | {r['naive']['median_ms']:.1f} ms "
            f"| {r['naive']['p95_ms']:.1f} ms "
            f"| {r['ours']['median_ms'] / r['naive']['median_ms']:.2f} "
            f"| {r['days'] / 1024:,.1f} KB | {r['layer'] / 1024:,.1f} KB |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
