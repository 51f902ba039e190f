"""The load script still drives the app: a small run of ``bench/load.py`` (2 sessions, 5 s).

The full run (30 sessions, a minute) is on demand (docs/load.md); this only keeps the script's
selectors and figures working as the page changes. No time is asserted.
"""

from __future__ import annotations

import json
import subprocess
import sys

from dashboard import synth
from dashboard.settings import PROJECT_ROOT


def test_a_small_load_run_reports_no_errors(playwright_browser, tmp_path):
    data = synth.write_tables(synth.synth_tables(300, seed=2), tmp_path / "data")
    out = tmp_path / "load.json"
    command = [sys.executable, "bench/load.py", "--data", str(data), "--sessions", "2"]
    command += ["--browsers", "1", "--duration", "5", "--json", str(out)]
    run = subprocess.run(
        command, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=600, check=False
    )
    assert out.exists(), run.stdout[-2000:] + run.stderr[-2000:]
    figures = json.loads(out.read_text())
    assert run.returncode == 0 and figures["errors"] == 0, figures["error_samples"]
    assert figures["sessions_acting_together"] == 2
    assert figures["date_changes"] + figures["marker_clicks"] >= 2
    assert figures["date_changes"] == 0 or figures["date_change_p50_s"] > 0
    assert figures["server_peak_mb"] > 0
    assert figures["server_cpu_s"] > 0 and figures["browsers_cpu_s"] > 0
