"""The command line as a user runs it."""

from __future__ import annotations

import os
import subprocess
import sys

from dashboard.cli import main
from dashboard.settings import PROJECT_ROOT


def test_validate_passes_on_bundled_data(capsys):
    assert main(["validate"]) == 0
    assert "valid (25 events, 14 places, 15 people, 16 sources)" in capsys.readouterr().err


def test_validate_prints_one_line_per_problem(data_copy, capsys):
    events = data_copy / "events.csv"
    text = events.read_text(encoding="utf-8")
    events.write_text(
        text.replace("2024-02-06,", "2024-02-31,").replace(",1,rally,", ",5,rally,", 1),
        encoding="utf-8",
    )
    code = main(["validate", "--data", str(data_copy)])
    out = capsys.readouterr().out.splitlines()
    assert code == 1
    assert out == [
        f"{events}:3:time_precision: unknown value '5' (allowed: 1, 2, 3)",
        f"{events}:12:date: invalid date '2024-02-31' (expected YYYY-MM-DD)",
    ]


def test_data_dir_from_environment(data_copy, monkeypatch, capsys):
    (data_copy / "sources.csv").write_text("source_id,title\n", encoding="utf-8")
    monkeypatch.setenv("DASHBOARD_DATA", str(data_copy))
    assert main(["validate"]) == 1
    out = capsys.readouterr().out
    assert f"{data_copy / 'sources.csv'}:1:publisher: missing required column 'publisher'" in out


def test_command_line_flag_beats_environment(data_copy, monkeypatch, capsys):
    monkeypatch.setenv("DASHBOARD_DATA", str(data_copy / "nowhere"))
    assert main(["validate", "--data", str(data_copy)]) == 0


def test_runs_as_a_module():
    done = subprocess.run(
        [sys.executable, "-m", "dashboard", "validate"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        env={k: v for k, v in os.environ.items() if k != "DASHBOARD_DATA"},
        check=False,
    )
    assert done.returncode == 0, done.stderr
