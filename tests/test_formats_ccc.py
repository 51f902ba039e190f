"""Crowd Counting Consortium exports as a user sees them: ids, types, sizes, sources."""

from __future__ import annotations

import csv
import io

import pytest

from dashboard import export, mapview, panel
from dashboard.cli import main
from dashboard.formats import ccc, detect
from dashboard.loader import load_dataset
from dashboard.upload import read_upload
from tests.formats_fixtures import (
    CCC_1_HEADER,
    CCC_1_ROWS,
    CCC_2_HEADER,
    CCC_2_ROWS,
    CCC_3_HEADER,
    CCC_3_ROWS,
)


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
    assert detect(CCC_2_HEADER.split(",")) == ("ccc", "CCC phase 2")
    assert detect(CCC_1_HEADER.split(",")) == ("ccc", "CCC phase 1")
    # Fewer columns: what each phase alone has.
    phase1 = ["date", "locality", "state", "location_detail", "type", "actors", "size_low"]
    assert ccc.detect(phase1) == "CCC phase 1"
    phase2 = ["date", "locality", "state", "type", "organizations", "size_text"]
    assert ccc.detect(phase2) == "CCC phase 2"
    phase3 = ["date", "locality", "state", "location", "event_type", "size_low"]
    assert ccc.detect(phase3) == "CCC phase 3"
    assert ccc.detect(["date", "locality", "state", "type"]) is None  # no size: not CCC


def phase_file(header: str, rows: tuple[str, ...]) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode("utf-8")


def by_place(result) -> dict[str, panel.EventCard]:
    """The cards by the place as the card says it ('Portland, OR')."""
    events = result.events
    names = dict(zip(events["event_id"], events["place_name"]))
    return {names[c.event_id]: c for c in cards(result).values()}


def test_phase_1_as_the_user_sees_it(dataset):
    result = read_upload(phase_file(CCC_1_HEADER, CCC_1_ROWS), "ccc1.csv", dataset)
    assert result.format_name == "CCC phase 1"
    assert len(result.events) == 2
    assert [str(p) for p in result.problems] == [
        'ccc1.csv:2: source "organizer\'s social media post" is not an http(s) address: kept '
        "as text, not as a link"
    ]
    assert result.stray_lines == (2,)
    portland = by_place(result)["Portland, OR"]
    assert portland.heading == panel.markdown_text("15 March 2019 · March › rally")
    lines = "\n".join(portland.lines)
    # location_detail is the spot; phase 1's location ('Portland, OR') is not shown as one.
    assert "**Where:** Portland, OR: “Pioneer Courthouse Square”" in lines
    assert "**Organisations:** Youth Climate Strike, students" in lines  # actors
    assert "**Participants:** 1,000–1,500 (reports differ)" in lines
    assert "**Injuries:** 3" in lines  # injuries_crowd 2 + injuries_police 1
    assert "**Arrests:** 0" in lines
    assert "**Property damage:** reported \\(CCC\\: 1\\)" in lines  # damage = 1
    # claims and misc (the stray \r inside it joined back) make the description.
    assert "**What happened:** Claims\\: for climate action — Marched to City Hall\\." in lines
    assert portland.sources == (
        "[news\\.example\\.org](https://news.example.org/portland-march)",
        "CCC\\: organizer\\'s social media post (no link recorded)",
    )
    salem = "\n".join(by_place(result)["Salem, OR"].lines)
    assert "Property damage" not in salem  # damage = 0: none reported
    assert "**Participants:** a few dozen" in salem
    # The legend: CCC's own types, most events first (march is also one of ours).
    spec = mapview.legend_spec(result.dataset.event_types, result.dataset.type_colours)
    assert [label for label, _ in spec["types"]] == ["March", "vigil"]
    assert set(result.events.loc[result.events["located"], "place_precision"]) == {"area"}


def test_phase_2_as_the_user_sees_it(dataset):
    result = read_upload(phase_file(CCC_2_HEADER, CCC_2_ROWS), "ccc2.csv", dataset)
    assert result.format_name == "CCC phase 2"
    assert result.problems == ()
    tempe = by_place(result)["Tempe, AZ"]
    assert tempe.heading == panel.markdown_text("24 June 2022 · Demonstration › counter-protest")
    lines = "\n".join(tempe.lines)
    assert "**Where:** Tempe, AZ: “Mill Avenue”" in lines
    # actors is organizations and participants joined: each is shown once, on its own line.
    assert "**Organisations:** Tempe Rising\n" in lines
    assert "**Side 1:** students\n" in lines
    assert (
        "**What happened:** Rally for reproductive rights — Claims\\: for abortion rights, "
        "against the ruling — Counter\\-protesters present\\." in lines
    )
    assert "**Outcome:** arrests\\: more than 5" in lines
    assert "**Participants:** 200; “hundreds”" in lines
    assert "**Fatalities:** 0" in lines and "**Injuries:** 0" in lines
    assert "**Property damage:** graffiti; broken windows" in lines
    assert tempe.sources == (  # source_1 and source_4: the empty ones in between skipped
        "[paper\\.example\\.com](https://paper.example.com/tempe)",
        "[tv\\.example\\.org](https://tv.example.org/tempe-clip)",
    )
    # A row from before 2021 names who only in actors: it is kept.
    mesa = "\n".join(by_place(result)["Mesa, AZ"].lines)
    assert "**Organisations:** voters" in mesa
    assert "**Property damage:** reported \\(CCC\\: 1\\)" in mesa
    assert result.dataset.event_types == ("demonstration",)


@pytest.mark.parametrize(
    ("header", "rows", "expected"),
    [
        (
            CCC_1_HEADER,
            CCC_1_ROWS,
            {
                "Pioneer Courthouse Square": {
                    "event_type": "march",
                    "sub_event_type": "rally",
                    "organisations": "Youth Climate Strike|students",
                    "actors_1": "",
                    "participants_low": "1000",
                    "participants_high": "1500",
                    "injuries": "3",
                    "arrests": "0",
                    "property_damage": "reported (CCC: 1)",
                    "source_urls": "https://news.example.org/portland-march|",
                    "place": "Portland, OR",
                    "place_precision": "area",
                },
            },
        ),
        (
            CCC_2_HEADER,
            CCC_2_ROWS,
            {
                "Mill Avenue": {
                    "event_type": "demonstration",
                    "sub_event_type": "counter-protest",
                    "organisations": "Tempe Rising",
                    "actors_1": "students",
                    "participants_low": "200",
                    "arrests": "",
                    "outcomes": "arrests: more than 5",
                    "fatalities": "0",
                    "property_damage": "graffiti; broken windows",
                    "source_urls": (
                        "https://paper.example.com/tempe|https://tv.example.org/tempe-clip"
                    ),
                    "place": "Tempe, AZ",
                    "place_precision": "area",
                },
            },
        ),
    ],
)
def test_the_export_of_phases_1_and_2(dataset, header, rows, expected):
    result = read_upload(phase_file(header, rows), "ccc.csv", dataset)
    text = export.csv_text(result.events, result.dataset.sources)
    exported = {r["location_text"]: r for r in csv.DictReader(io.StringIO(text))}
    for location, fields in expected.items():
        got = {k: exported[location].get(k) for k in fields}
        assert got == fields


@pytest.mark.parametrize(
    ("header", "rows", "report"),
    [
        (
            CCC_1_HEADER,
            CCC_1_ROWS,
            [
                "CCC phase 1: 2 of 2 rows read; 0 left out",
                "  location: left (locality and state again; location_detail is the spot): "
                "2 values",
                "  actors: → organisations: 2 values",
                "  injuries_crowd: → injuries: 1 value",
                "  damage: → property_damage (1: reported): 2 values",
                "  misc: → description: 1 value",
                "  source_3: → sources (links): 0 values",
            ],
        ),
        (
            CCC_2_HEADER,
            CCC_2_ROWS,
            [
                "CCC phase 2: 2 of 2 rows read; 0 left out",
                "  actors: → organisations (where organizations and participants are empty): "
                "2 values",
                "  organizations: → organisations: 1 value",
                "  participants: → actors_1: 1 value",
                "  police_measures: left (not used): 1 value",
            ],
        ),
    ],
)
def test_import_of_phases_1_and_2(tmp_path, capsys, header, rows, report):
    source = tmp_path / "ccc.csv"
    source.write_bytes(phase_file(header, rows))
    out = tmp_path / "data"
    assert main(["import", str(source), "-o", str(out)]) == 0
    err = capsys.readouterr().err.splitlines()
    for line in report:
        assert line in err
    assert main(["validate", "--data", str(out)]) == 0
    assert len(load_dataset(out).events) == 2


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
