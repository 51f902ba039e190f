"""What the detail panel and table say: dates, counts, people, sources, escaping."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pandas as pd
import pytest

from dashboard import i18n, panel
from dashboard.aggregate import summarise
from dashboard.filters import Selection, filter_events
from tests.markdown import visible


def event(dataset, event_id: str) -> pd.Series:
    return dataset.events.set_index("event_id", drop=False).loc[event_id]


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [
        (1, 1, "1"),
        (50, 200, "50–200 (reports differ)"),
        (1000, pd.NA, "at least 1,000"),
        (pd.NA, 30, "up to 30"),
        (pd.NA, pd.NA, "not reported"),
    ],
)
def test_participants_text(low, high, expected):
    assert panel.participants_text(low, high) == expected


@pytest.mark.parametrize(
    ("precision", "expected"),
    [
        (1, "9 February 2024"),
        (2, "week of 9 February 2024 (exact day not known)"),
        (3, "February 2024 (only the month or year is known)"),
    ],
)
def test_date_text(precision, expected):
    assert panel.date_text(pd.Timestamp("2024-02-09"), precision) == expected


def lookups(dataset):
    """Every person and source of the dataset by id, as the cards look them up."""
    return panel.records(dataset.people, "person_id"), panel.records(dataset.sources, "source_id")


def test_referenced_keeps_only_the_events_people_and_sources(dataset):
    rows = dataset.events[dataset.events["event_id"] == "2020-03-08-march"]
    people, sources = panel.referenced(rows, dataset.people, dataset.sources)
    assert set(people) == set(rows["people"].iloc[0])
    assert set(sources) == set(rows["sources"].iloc[0])
    assert panel.person_text("unknown-person", people) == "unknown\\-person"


def test_card_of_a_disputed_march(dataset):
    card = panel.event_card(event(dataset, "2020-03-08-march"), *lookups(dataset))
    text = "\n".join(card.lines).replace("\\", "")
    assert card.heading.replace("\\", "") == "8 March 2020 · March"
    assert "**Participants:** 50–200 (reports differ)" in text
    assert "**Authorisation:** refused by the city (held anyway)" in text
    assert "**Outcome:** fined" in text
    assert "**Fariza Ospan** (activist); **Arina Osinovskaya** (activist)" in text
    assert card.dispute is not None and "Counts differ" in card.dispute
    assert len(card.sources) == 3


def test_sources_link_only_http(dataset):
    table = dataset.sources.copy()
    table.loc[table["source_id"] == "azattyk-32802832", "url"] = "javascript:alert(1)"
    sources = panel.records(table, "source_id")
    linked = panel.source_text("frontline-2024-womens-march", sources)
    assert linked.endswith(
        "(https://www.frontlinedefenders.org/en/case/local-authorities-prohibit-2024-womens-march-almaty)"
    )
    plain = panel.source_text("azattyk-32802832", sources)
    assert "javascript" not in plain and "](" not in plain
    assert plain.endswith("(no link recorded)")
    assert panel.source_text("kursiv-2024-02-01", sources).endswith("(no link recorded)")


def test_data_text_is_escaped_in_cards(dataset):
    row = event(dataset, "2024-02-02-picket-bergen").copy()
    row["description"] = "<img src=x onerror=alert(1)> [x](javascript:alert(1)) $x$ :red[y]"
    card = panel.event_card(row, *lookups(dataset))
    what = next(line for line in card.lines if line.startswith("**What happened:**"))
    assert what == (
        r"**What happened:** \<img src\=x onerror\=alert\(1\)\> "
        r"\[x\]\(javascript\:alert\(1\)\) \$x\$ \:red\[y\]"
    )


def test_overview_counts(dataset):
    events = filter_events(
        dataset.events, Selection(start=dt.date(2024, 2, 1), end=dt.date(2024, 3, 8))
    )
    summary = summarise(events, dataset.places)
    lines = panel.overview_lines(summary, events, top=3)
    pickets = int((events["event_type"] == "picket").sum())
    assert lines[0].startswith(f"**{len(events)} events** in the selection: {pickets} single")
    assert lines[1] == (
        f"{summary.drawn} events at {len(summary.places)} places on the map; "
        f"{len(summary.unlocated)} events not on the map (listed below)."
    )
    assert lines[-1] == f"- … and {len(summary.places) - 3} more places"


def test_unlocated_label(dataset):
    label = panel.unlocated_label(event(dataset, "2024-02-01-press-conference"))
    assert label.replace("\\", "") == (
        "2024-02-01 · press conference · 8 March organising committee: "
        "“Kazakhstan Press Club” (place named but not located yet)"
    )
    city = panel.unlocated_label(event(dataset, "2024-02-03-picket-fonova"))
    assert city.replace("\\", "").endswith("“in the city center” (place not reported)")


def test_table_frame(dataset):
    table = panel.table_frame(dataset.events)
    assert list(table.columns) == list(panel.TABLE_COLUMNS.values())
    assert len(table) == len(dataset.events)
    assert table["Date"].iloc[0] == dataset.events["date"].max().strftime("%Y-%m-%d")
    assert set(table["Event id"]) == set(dataset.events["event_id"])


@pytest.mark.parametrize(("shown", "total"), [(4, 25), (0, 25), (1234, 100000)])
def test_summary_line(shown, total):
    assert panel.summary_line(shown, total) == f"Showing {shown:,} of {total:,} events"


def test_map_hint_names_the_selected_place_and_where_the_panel_is(dataset):
    events = filter_events(
        dataset.events, Selection(start=dt.date(2024, 2, 1), end=dt.date(2024, 3, 8))
    )
    summary = summarise(events, dataset.places)
    square = summary.places.set_index("place_id").loc["republic-square"]
    hint = panel.map_hint(summary, "republic-square").replace("\\", "")
    assert hint == (
        f"**{square['name']}**: {square['count']} events, beside the map (below it on a phone)."
    )
    nothing = "Click a marker to read the events there, beside the map (below it on a phone)."
    assert panel.map_hint(summary, None) == nothing
    assert panel.map_hint(summary, "no-such-place") == nothing


def test_map_hint_escapes_the_place_name(dataset):
    summary = summarise(dataset.events, dataset.places)
    places = summary.places.copy()
    places.loc[0, "name"] = "<img src=x onerror=alert(1)> *bold*"
    hint = panel.map_hint(replace(summary, places=places), places.loc[0, "place_id"])
    assert hint.startswith(r"**\<img src\=x onerror\=alert\(1\)\> \*bold\***")


@pytest.mark.parametrize(
    ("event_type", "heading_type", "table_type"),
    [
        ("picket", "Single picket", "single picket"),
        ("Protests", "Protests", "Protests"),
        ("", "Type not given", "type not given"),
    ],
)
def test_every_type_is_named_in_the_card_list_and_table(
    dataset, event_type, heading_type, table_type
):
    """Issue 10: an event of a type we do not know, or of none, is named, not blank."""
    events = dataset.events.copy()
    events["event_type"] = event_type
    one = events[events["event_id"] == "2024-02-09-picket-yensebek"]
    card = panel.event_cards(one, dataset.people, dataset.sources)[0]
    assert card.heading == panel.markdown_text(f"9 February 2024 · {heading_type}")
    assert panel.table_frame(one)["Type"].tolist() == [table_type]
    summary = summarise(events, dataset.places)
    label = panel.unlocated_label(summary.unlocated.iloc[0])
    assert panel.markdown_text(table_type) in label
    overview = panel.overview_lines(summary, events)[0]
    assert overview == (
        f"**{len(events)} events** in the selection: "
        + panel.markdown_text(panel.plural(len(events), event_type))
        + "."
    )
    assert summary.drawn + len(summary.unlocated) == len(events)


GEOCODED = {
    "coord_source": "Offline geocoder (OSM extract almaty-2013.osm.pbf), retrieved 2026-02-03: "
    'query "Сары-Арка, Almaty" (ru); OSM way 147682440',
    "confidence": "low",
    "verified": "no",
}


@pytest.mark.parametrize(
    ("place", "code", "expected"),
    [
        (
            GEOCODED,
            "en",
            "Point found by a geocoder, not checked by a person; confidence: low.  \n"
            "**Where the point comes from:** " + GEOCODED["coord_source"],
        ),
        (
            {"coord_source": "ru.wikipedia infobox", "confidence": "medium", "verified": "yes"},
            "ru",
            "Точка проверена человеком; уверенность: средняя.  \n"
            "**Откуда точка:** ru.wikipedia infobox",
        ),
        (
            {"coord_source": "", "confidence": "", "verified": "no"},
            "kk",
            "Нүктені адам тексермеген.  \n**Нүкте қайдан алынған:** жазылмаған",
        ),
    ],
)
def test_the_panel_says_where_the_point_comes_from(place, code, expected):
    assert visible(panel.point_provenance(place, i18n.lang(code))) == expected


def test_a_hostile_source_of_a_point_stays_text():
    hostile = "![x](http://evil.example/p.png) <b>bold</b> *it*"
    text = panel.point_provenance({"coord_source": hostile, "verified": "no"})
    assert visible(text).endswith(f"**Where the point comes from:** {hostile}")
    assert "![" not in text and "](" not in text and "<b>" not in text
