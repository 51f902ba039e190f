"""Profile one script run of the app after a date change: ``python bench/profile_app.py N``.

Writes (or reuses) a synthetic directory of N events, runs the app in AppTest once (caches
filled), moves the dates to the whole history, then profiles one more run with a new range and
prints the functions that took the most time (cProfile, cumulative, inside the script thread
around ``dashboard.page.main``).
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run as bench  # noqa: E402


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("n", type=int)
    p.add_argument("--app", default=str(bench.APPS["ours"]))
    p.add_argument("--workdir", default=str(Path(tempfile.gettempdir()) / "bench-data"))
    p.add_argument("--top", type=int, default=30)
    args = p.parse_args()
    data = bench.data_dir_for(args.n, Path(args.workdir))
    os.environ["DASHBOARD_DATA"] = str(data)
    from streamlit.testing.v1 import AppTest

    first, last, _ = bench.date_span(data)
    at = AppTest.from_file(args.app, default_timeout=3600)
    at.run()
    at.slider(key="dates").set_value((first, last)).run()
    at.slider(key="dates").set_value((first + dt.timedelta(days=1), last))
    # the script runs in AppTest's own thread: profile inside it, around the page
    from dashboard import page

    profile = cProfile.Profile()
    unprofiled = page.main

    def profiled_main(*a: object, **kw: object) -> None:
        profile.enable()
        try:
            unprofiled(*a, **kw)
        finally:
            profile.disable()

    page.main = profiled_main
    t0 = time.perf_counter()
    at.run()
    page.main = unprofiled
    print(f"one run: {time.perf_counter() - t0:.3f} s (with the profiler's overhead)")
    pstats.Stats(profile).sort_stats("cumulative").print_stats(args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
