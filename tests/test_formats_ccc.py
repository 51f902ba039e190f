"""Crowd Counting Consortium exports as a user sees them: ids, types, sizes, sources."""

from __future__ import annotations

import csv
import io

from dashboard import export, panel
from dashboard.cli import main
from dashboard.formats import ccc, detect
from dashboard.loader import load_dataset
from dashboard.upload import read_upload
from tests.formats_fixtures import CCC_3_HEADER, CCC_3_ROWS


def raw() -> bytes:
    return ("\n".join([CCC_3_HEADER, *CCC_3_ROWS]) + "\n").encode("utf-8")


def opened(dataset):
    return read_upload(raw(), "ccc.csv", dataset)


def cards(result) -> dict[str, panel.EventCard]:
    events = result.events
    return {
        c.event_id: c
        for c in panel.event_cards(events, result.dataset.people, result.dataset.sources)
    }


def test_phases_are_told_by_the_header():
    assert detect(CCC_3_HEADER.split(",")) == ("ccc", "CCC phase 3")
    phase1 = ["date", "locality", "state", "location_detail", "type", "actors", "size_low"]
    assert ccc.detect(phase1) == "CCC phase 1"
    phase2 = ["date", "locality", "state", "location", "event_type", "organizations", "size_low"]
    assert ccc.detect(phase2) == "CCC phase 2"


def test_ids_are_derived_from_the_content_and_stable(dataset):
    first, again = opened(dataset), opened(dataset)
    ids = list(first.events["event_id"])
    assert ids == list(again.events["event_id"])
    assert all(i.startswith("ccc-") and len(i) == 16 for i in ids)
    assert len(set(ids)) == 3


def test_every_row_is_read_and_the_card_says_what_ccc_says(dataset):
    result = opened(dataset)
    assert result.format_name == "CCC phase 3"
    assert len(result.events) == 3
    assert [str(p) for p in result.problems] == [
        "ccc.csv:2: source 'javascript:alert(1)' is not an http(s) address: kept as text, not "
        "as a link"
    ]
    events = result.events.set_index("location_text")
    rally = cards(result)[events.loc["City Hall", "event_id"]]
    assert rally.heading == panel.markdown_text("2 March 2024 · Rally › march")
    lines = "\n".join(rally.lines)
    assert "**Where:** Springfield, IL: “City Hall”" in lines
    assert "**Organisations:** Friends of the Library, Readers United" in lines
    assert "**Side 1:** students; teachers" in lines
    assert "**Side 2:** city council" in lines
    assert "**Participants:** 40–60 (reports differ); “dozens”" in lines
    assert "**Arrests:** 2" in lines
    assert "**Injuries:** 1" in lines
    assert "Rally for libraries — Claims\\: keep branch libraries open — Peaceful\\." in lines
    assert rally.sources == (
        "[news\\.example\\.org](https://news.example.org/springfield-rally)",
        "CCC\\: javascript\\:alert\\(1\\) (no link recorded)",
        "[radio\\.example\\.net](http://radio.example.net/story?id=7)",
    )
    vigil = cards(result)[events.loc["Shelbyville, IL", "event_id"]]
    vigil_lines = "\n".join(vigil.lines)
    assert "Vigil for flood victims" in vigil_lines  # the stray \r joined
    assert "**Outcome:** arrests\\: several" in vigil_lines
    assert "**Participants:** about a hundred" in vigil_lines
    untyped = cards(result)[events.loc["Ogdenville, IL", "event_id"]]
    assert "Type not given" in untyped.heading
    assert untyped.sources == ("CCC (no link recorded)",)


def test_places_are_areas_and_the_legend_lists_cccs_types(dataset):
    result = opened(dataset)
    events = result.events
    assert set(events.loc[events["located"], "place_precision"]) == {"area"}
    assert not events.set_index("location_text").loc["Ogdenville, IL", "located"]
    assert result.dataset.event_types == ("rally", "vigil", "")
    assert result.dataset.type_colours == {"rally": "#009E73", "vigil": "#0072B2"}


def test_the_export_links_the_sources(dataset):
    result = opened(dataset)
    rows = list(csv.DictReader(io.StringIO(export.csv_text(result.events, result.dataset.sources))))
    rally = next(r for r in rows if r["location_text"] == "City Hall")
    assert rally["source_urls"] == (
        "https://news.example.org/springfield-rally||http://radio.example.net/story?id=7"
    )
    assert rally["participants_low"] == "40" and rally["participants_high"] == "60"
    assert rally["arrests"] == "2"


def test_import_and_validate(tmp_path, capsys):
    source = tmp_path / "ccc.csv"
    source.write_bytes(raw())
    out = tmp_path / "data"
    assert main(["import", str(source), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "CCC phase 3: 3 of 3 rows read; 0 left out" in err
    assert "  source1: → sources (links): 2 values" in err
    assert "  valence: left (not used): 0 values" in err
    assert "1 stray line break(s) inside a field joined back into their rows (lines 3)" in err
    assert main(["validate", "--data", str(out)]) == 0
    assert len(load_dataset(out).events) == 3
