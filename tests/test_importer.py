"""``python -m dashboard import`` on the formats that are read whole: a plain table, ours."""

from __future__ import annotations

import shutil

from dashboard.cli import main
from dashboard.loader import load_dataset


def test_a_plain_table_is_imported_and_validates(tmp_path, capsys):
    source = tmp_path / "table.csv"
    source.write_text(
        "date,latitude,longitude,description,type\n"
        "2024-05-01,42.87,74.59,invented row one,rally\n"
        "2024-05-02,42.88,74.60,invented row two,march\n",
        encoding="utf-8",
    )
    out = tmp_path / "data"
    assert main(["import", str(source), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert f"2 events from {str(source)!r} (UTF-8 text, comma-separated, read as a table)" in err
    assert f"wrote {out}: 2 events" in err
    assert main(["validate", "--data", str(out)]) == 0
    data = load_dataset(out)
    events = data.events
    assert list(events["description"]) == ["invented row one", "invented row two"]
    assert list(events["event_type"]) == ["rally", "march"]
    # The table names no place in words and no source: said so, never made up.
    assert list(events["location_text"]) == ["not given", "not given"]
    assert [tuple(s) for s in events["sources"]] == [("imported-file",)] * 2
    source = data.sources.set_index("source_id").loc["imported-file"]
    assert source["publisher"] == "table.csv"
    assert source["title"] == "[the imported table table.csv]"
    assert source["notes"] == "the table names no source for 2 of its events; they rest on it alone"


def test_our_events_csv_alone_reads_nothing_and_says_so(tmp_path, data_copy, capsys):
    """Its place and source ids point to tables the import does not read: every row is
    reported, and the command fails rather than write an empty directory as a success."""
    source = tmp_path / "events.csv"
    shutil.copy(data_copy / "events.csv", source)
    out = tmp_path / "out"
    assert main(["import", str(source), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "unknown place id" in err or "unknown source id" in err
    assert "0 events from" in err
