"""What the detail panel and the table say about events: pure functions, no streamlit.

Every piece of data text goes through :func:`dashboard.escape.markdown_text` (Markdown that
shows it literally) and every link through :func:`dashboard.escape.safe_url`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from dashboard import vocabulary
from dashboard.aggregate import MapSummary
from dashboard.escape import markdown_text, safe_url
from dashboard.schema import TIME_PRECISION_MEANING

TYPE_NAMES = vocabulary.KNOWN_NAMES
"""Our own types in a sentence; other types are named as the data spells them."""
OUTCOME_NAMES = vocabulary.OUTCOME_NAMES
AUTHORISATION_NAMES = {
    "approved": "approved by the city",
    "refused": "refused by the city (held anyway)",
    "unsanctioned": "held without asking the city",
    "unknown": "not reported",
    "": "not reported",
}
NOT_LOCATED_REASON = {
    True: "place not reported",
    False: "place named but not located yet",
}


Records = Mapping[str, Mapping[str, Any]]
"""Rows of a table by their id (``person_id`` or ``source_id``): what a card looks things up in."""


@dataclass(frozen=True)
class EventCard:
    """One event as the panel shows it; every field is Markdown with data text escaped."""

    event_id: str
    heading: str
    lines: tuple[str, ...]
    dispute: str | None
    sources: tuple[str, ...]


def plural(count: int, event_type: str) -> str:
    """'12 single pickets'; other types as the data spells them: 'Protests (12)' (plain
    text: escape it for Markdown)."""
    return vocabulary.type_count(count, event_type)


def events_word(count: int) -> str:
    return f"{count:,} event" + ("" if count == 1 else "s")


def capitalise(text: str) -> str:
    """The first letter in upper case, the rest as written ('Protests', 'Single picket')."""
    return text[:1].upper() + text[1:]


def date_text(date: pd.Timestamp, precision: int) -> str:
    """The date as the sources allow it: exact day, a week, or only the month/year."""
    if precision == 3:
        return f"{date:%B %Y} (only the month or year is known)"
    if precision == 2:
        return f"week of {date.day} {date:%B %Y} (exact day not known)"
    return f"{date.day} {date:%B %Y}"


def participants_text(low: object, high: object) -> str:
    """Participant counts, showing where reports disagree."""
    low_n = None if pd.isna(low) else int(low)
    high_n = None if pd.isna(high) else int(high)
    if low_n is None and high_n is None:
        return "not reported"
    if high_n is None:
        return f"at least {low_n:,}"
    if low_n is None:
        return f"up to {high_n:,}"
    if low_n == high_n:
        return f"{low_n:,}"
    return f"{low_n:,}–{high_n:,} (reports differ)"


def person_text(person_id: str, people: Records) -> str:
    """'Name (role, organisation)' for a person id, escaped."""
    person = people.get(person_id)
    if person is None:
        return markdown_text(person_id)
    details = [d for d in (person["role"], person["organisation"]) if d]
    text = f"**{markdown_text(person['name'])}**"
    if details:
        text += " (" + ", ".join(markdown_text(d) for d in details) + ")"
    return text


def source_text(source_id: str, sources: Records) -> str:
    """A source as a link to the publisher's page when it has an http(s) URL, else text."""
    source = sources.get(source_id)
    if source is None:
        return markdown_text(source_id)
    label = ": ".join(p for p in (source["publisher"], source["title"]) if p)
    if not pd.isna(source["date"]):
        label += f" ({source['date']:%Y-%m-%d})"
    url = safe_url(source["url"])
    if url is None:
        return markdown_text(label) + " (no link recorded)"
    return f"[{markdown_text(label)}]({url})"


NUMBER_OUTCOMES = (("fatalities", "Fatalities"), ("injuries", "Injuries"), ("arrests", "Arrests"))
"""Outcomes that are numbers, shown as numbers."""
TEXT_DETAILS = (
    ("property_damage", "Property damage"),
    ("disorder_type", "Disorder type"),
    ("interaction", "Interaction"),
    ("civilian_targeting", "Civilian targeting"),
    ("source_scale", "Source scale"),
)


def text_of(event: Mapping[str, Any], column: str) -> str:
    """A text field of an event, '' where the data has none (or the column is missing)."""
    value = event.get(column)
    return value if isinstance(value, str) else ""


def side_lines(event: Mapping[str, Any]) -> list[str]:
    """'**Side 1 (Protesters):** Protesters (Bangladesh); Students (Bangladesh)', escaped."""
    lines = []
    for n in (1, 2):
        actors = event.get(f"actors_{n}") or ()
        kind = text_of(event, f"actor_kind_{n}")
        if actors or kind:
            label = f"Side {n}" + (f" ({markdown_text(kind)})" if kind else "")
            lines.append(f"**{label}:** " + "; ".join(markdown_text(a) for a in actors))
    return lines


def event_card(event: Mapping[str, Any], people: Records, sources: Records) -> EventCard:
    """The panel's view of one joined event row (a Series or a record of one)."""
    precision = int(event["time_precision"])
    heading = (
        f"{date_text(event['date'], precision)} · "
        f"{capitalise(vocabulary.type_name(event['event_type']))}"
    )
    if text_of(event, "sub_event_type"):
        heading += f" › {event['sub_event_type']}"
    lines = [
        f"**When:** {event['date']:%Y-%m-%d} "
        f"({TIME_PRECISION_MEANING.get(precision, 'precision unknown')})",
        f"**Where:** {markdown_text(event['place_name'])}: "
        f"“{markdown_text(event['location_text'])}”",
    ]
    if event["people"]:
        lines.append("**Who:** " + "; ".join(person_text(p, people) for p in event["people"]))
    if event["organisations"]:
        lines.append(
            "**Organisations:** " + ", ".join(markdown_text(o) for o in event["organisations"])
        )
    lines.extend(side_lines(event))
    lines.append(f"**What happened:** {markdown_text(event['description'])}")
    if event["outcomes"]:
        lines.append(
            "**Outcome:** "
            + ", ".join(markdown_text(vocabulary.outcome_name(o)) for o in event["outcomes"])
        )
    participants = participants_text(event["participants_low"], event["participants_high"])
    if text_of(event, "size_text"):
        size = markdown_text(event["size_text"])
        participants = size if participants == "not reported" else f"{participants}; “{size}”"
    lines.append("**Participants:** " + participants)
    for column, label in NUMBER_OUTCOMES:
        value = event.get(column)
        if value is not None and not pd.isna(value):
            lines.append(f"**{label}:** {int(value):,}")
    for column, label in TEXT_DETAILS:
        if text_of(event, column):
            lines.append(f"**{label}:** {markdown_text(event[column])}")
    lines.append(
        "**Authorisation:** "
        + AUTHORISATION_NAMES.get(event["authorisation"], markdown_text(event["authorisation"]))
    )
    updated = event.get("last_updated")
    if updated is not None and not pd.isna(updated):
        lines.append(f"**Last updated:** {updated:%Y-%m-%d}")
    dispute = markdown_text(event["disputes"]) if event["disputes"] else None
    return EventCard(
        event_id=str(event["event_id"]),
        heading=markdown_text(heading),
        lines=tuple(lines),
        dispute=dispute,
        sources=tuple(source_text(s, sources) for s in event["sources"]),
    )


def records(frame: pd.DataFrame, key: str) -> dict[str, dict[str, Any]]:
    """``frame``'s rows as dicts by their ``key`` column."""
    return dict(zip(frame[key], frame.to_dict("records")))


def referenced(
    events: pd.DataFrame, people: pd.DataFrame, sources: pd.DataFrame
) -> tuple[Records, Records]:
    """The people and sources that ``events`` refer to, by id.

    One pass over each table, then a dict lookup per id: a boolean mask per id over 20,000
    sources made 50 cards take 2 s at 100,000 events.
    """
    person_ids = {p for ids in events["people"] for p in ids}
    source_ids = {s for ids in events["sources"] for s in ids}
    return (
        records(people[people["person_id"].isin(person_ids)], "person_id"),
        records(sources[sources["source_id"].isin(source_ids)], "source_id"),
    )


def event_cards(
    events: pd.DataFrame, people: pd.DataFrame, sources: pd.DataFrame
) -> list[EventCard]:
    """Cards for ``events``, newest first."""
    ordered = events.sort_values(["date", "event_id"], ascending=[False, True])
    people_by_id, sources_by_id = referenced(ordered, people, sources)
    return [event_card(row, people_by_id, sources_by_id) for row in ordered.to_dict("records")]


def summary_line(shown: int, total: int) -> str:
    """The line above the map: ``Showing N of M events``."""
    return f"Showing {shown:,} of {total:,} events"


def type_breakdown(events: pd.DataFrame) -> str:
    """'12 single pickets, 1 rally, Protests (3), type not given (2)' for ``events``
    (Markdown, escaped): every event counted, most frequent type first."""
    types = events["event_type"].fillna("")
    counts = types.value_counts()
    parts = [plural(int(counts[t]), t) for t in vocabulary.type_order(types)]
    return markdown_text(", ".join(parts)) if parts else "no events"


def overview_lines(summary: MapSummary, events: pd.DataFrame, top: int = 10) -> list[str]:
    """Markdown lines for the panel when no place is selected."""
    places = summary.places
    lines = [
        f"**{events_word(summary.total)}** in the selection: {type_breakdown(events)}.",
        f"{events_word(summary.drawn)} at {len(places):,} places on the map; "
        f"{events_word(len(summary.unlocated))} not on the map (listed below).",
    ]
    if len(places):
        lines.append("Places with the most events:")
        for name, count in zip(places["name"].head(top), places["count"].head(top)):
            lines.append(f"- {markdown_text(name)}: {events_word(int(count))}")
        if len(places) > top:
            lines.append(f"- … and {len(places) - top:,} more places")
    return lines


def map_hint(summary: MapSummary, place_id: str | None) -> str:
    """The line above the map (Markdown, escaped): which place's events the panel shows, and
    where the panel is. On a phone it is below the map, out of sight after a tap."""
    where = "beside the map (below it on a phone)"
    places = summary.places
    here = places[places["place_id"] == place_id] if place_id is not None else places.iloc[:0]
    if here.empty:
        return f"Click a marker to read the events there, {where}."
    count = int(here["count"].iloc[0])
    return f"**{markdown_text(here['name'].iloc[0])}**: {events_word(count)}, {where}."


def unlocated_label(event: pd.Series) -> str:
    """One line (Markdown, escaped) for an event that is not on the map: date, type, who, the
    place as the sources word it and why it is not drawn."""
    who = ", ".join(event["actor_names"]) or ", ".join(event["organisations"])
    reason = NOT_LOCATED_REASON[event["place_precision"] == "city"]
    parts = [f"{event['date']:%Y-%m-%d}", vocabulary.type_name(event["event_type"])]
    if who:
        parts.append(who)
    return markdown_text(f"{' · '.join(parts)}: “{event['location_text']}” ({reason})")


TABLE_COLUMNS = {
    "date": "Date",
    "event_type": "Type",
    "place_name": "Place",
    "location_text": "Location as reported",
    "actors": "People",
    "organisations": "Organisations",
    "participants": "Participants",
    "authorisation": "Authorisation",
    "outcomes": "Outcome",
    "description": "What happened",
    "disputes": "Where sources disagree",
    "event_id": "Event id",
}


def table_frame(events: pd.DataFrame) -> pd.DataFrame:
    """The selected events as a plain table (text cells), newest first."""
    ordered = events.sort_values(["date", "event_id"], ascending=[False, True])
    out = pd.DataFrame(
        {
            "date": ordered["date"].dt.strftime("%Y-%m-%d"),
            "event_type": ordered["event_type"].fillna("").map(vocabulary.type_name),
            "place_name": ordered["place_name"],
            "location_text": ordered["location_text"],
            "actors": ordered["actor_names"].map(", ".join),
            "organisations": ordered["organisations"].map(", ".join),
            "participants": [
                participants_text(low, high)
                for low, high in zip(ordered["participants_low"], ordered["participants_high"])
            ],
            "authorisation": ordered["authorisation"].map(lambda a: AUTHORISATION_NAMES.get(a, a)),
            "outcomes": ordered["outcomes"].map(
                lambda items: ", ".join(vocabulary.outcome_name(o) for o in items)
            ),
            "description": ordered["description"],
            "disputes": ordered["disputes"],
            "event_id": ordered["event_id"],
        }
    )
    return out.rename(columns=TABLE_COLUMNS).reset_index(drop=True)
