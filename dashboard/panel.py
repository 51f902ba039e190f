"""What the detail panel and the table say about events: pure functions, no streamlit.

Every piece of data text goes through :func:`dashboard.escape.markdown_text` (Markdown that
shows it literally) and every link through :func:`dashboard.escape.safe_url`, BEFORE it is put
into a translated message: the messages are ours, the data is not. Every function takes the
viewer's :class:`~dashboard.i18n.Lang` (English when none is given).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from dashboard import vocabulary
from dashboard.aggregate import MapSummary
from dashboard.escape import markdown_text, safe_url
from dashboard.i18n import ENGLISH, N_, Lang
from dashboard.provenance import is_guess
from dashboard.schema import TIME_PRECISION_MEANING

TYPE_NAMES = vocabulary.KNOWN_NAMES
"""Our own types as running text names them (msgids); other types as the data spells them."""
TYPE_COUNTS = vocabulary.KNOWN_COUNTS
"""A count of each of our own types (singular and plural msgids)."""
OUTCOME_NAMES = vocabulary.OUTCOME_NAMES
AUTHORISATION_NAMES = {
    "approved": N_("approved by the city"),
    "refused": N_("refused by the city (held anyway)"),
    "unsanctioned": N_("held without asking the city"),
    "unknown": N_("not reported"),
    "": N_("not reported"),
}
ROLE_NAMES = {
    "activist": N_("activist"),
    "journalist": N_("journalist"),
    "resident": N_("resident"),
    "student": N_("student"),
    "organiser": N_("organiser"),
}
CONFIDENCE_NAMES = {"high": N_("high"), "medium": N_("medium"), "low": N_("low")}
"""The gazetteer's confidence in a point."""
NOT_LOCATED_REASON = {
    True: N_("place not reported"),
    False: N_("place named but not located yet"),
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


def first_upper(text: str) -> str:
    """The first letter in upper case, the rest as written ('Protests', 'Single picket')."""
    return text[:1].upper() + text[1:]


def type_name(event_type: str, lang: Lang = ENGLISH) -> str:
    """An event type in running text (``single picket``); the data's own types as they are,
    an empty one as ``type not given``."""
    return vocabulary.type_name(event_type, lang)


def plural(count: int, event_type: str, lang: Lang = ENGLISH) -> str:
    """'12 single pickets'; other types as the data spells them: 'Protests (12)' (plain
    text: escape it for Markdown)."""
    return vocabulary.type_count(count, event_type, lang)


def events_word(count: int, lang: Lang = ENGLISH) -> str:
    return lang.n_("{n} event", "{n} events", count)


def date_text(date: pd.Timestamp, precision: int, lang: Lang = ENGLISH) -> str:
    """The date as the sources allow it: exact day, a week, or only the month/year."""
    if precision == 3:
        return lang._("{month} (only the month or year is known)", month=lang.month(date))
    if precision == 2:
        return lang._("week of {day} (exact day not known)", day=lang.date(date))
    return lang.date(date)


def participants_text(low: object, high: object, lang: Lang = ENGLISH) -> str:
    """Participant counts, showing where reports disagree."""
    low_n = None if pd.isna(low) else int(low)
    high_n = None if pd.isna(high) else int(high)
    if low_n is None and high_n is None:
        return lang._("not reported")
    if high_n is None:
        return lang._("at least {n}", n=lang.number(low_n))
    if low_n is None:
        return lang._("up to {n}", n=lang.number(high_n))
    if low_n == high_n:
        return lang.number(low_n)
    return lang._("{low}–{high} (reports differ)", low=lang.number(low_n), high=lang.number(high_n))


def person_text(person_id: str, people: Records, lang: Lang = ENGLISH) -> str:
    """'Name (role, organisation)' for a person id, escaped."""
    person = people.get(person_id)
    if person is None:
        return markdown_text(person_id)
    role = lang.label(ROLE_NAMES, person["role"]) if person["role"] else ""
    details = [d for d in (role, person["organisation"]) if d]
    text = f"**{markdown_text(person['name'])}**"
    if details:
        text += " (" + ", ".join(markdown_text(d) for d in details) + ")"
    return text


def source_text(source_id: str, sources: Records, lang: Lang = ENGLISH) -> str:
    """A source as a link to the publisher's page when it has an http(s) URL, else text."""
    source = sources.get(source_id)
    if source is None:
        return markdown_text(source_id)
    label = ": ".join(p for p in (source["publisher"], source["title"]) if p)
    if not pd.isna(source["date"]):
        label += f" ({source['date']:%Y-%m-%d})"
    url = safe_url(source["url"])
    if url is None:
        return markdown_text(label) + " " + lang._("(no link recorded)")
    return f"[{markdown_text(label)}]({url})"


NUMBER_OUTCOMES = (
    ("fatalities", N_("Fatalities")),
    ("injuries", N_("Injuries")),
    ("arrests", N_("Arrests")),
)
"""Outcomes that are numbers, shown as numbers (labels are msgids)."""
TEXT_DETAILS = (
    ("property_damage", N_("Property damage")),
    ("disorder_type", N_("Disorder type")),
    ("interaction", N_("Interaction")),
    ("civilian_targeting", N_("Civilian targeting")),
    ("source_scale", N_("Source scale")),
)
"""Text fields of the data shown as they are (labels are msgids, values are data)."""


def field_line(label: str, value: str) -> str:
    """``**Label:** value`` (``label`` translated, ``value`` already Markdown)."""
    return f"**{label}:** {value}"


def point_provenance(place: Mapping[str, Any], lang: Lang = ENGLISH) -> str:
    """Markdown for under the place's heading: whether a person checked its point, how sure
    the gazetteer is, and where the point comes from (``coord_source``, escaped)."""
    source = text_of(place, "coord_source")
    verified = text_of(place, "verified")
    if verified == "yes":
        checked = lang._("Point checked by a person")
    elif is_guess(source, verified):
        checked = lang._("Point found by a geocoder, not checked by a person")
    else:
        checked = lang._("Point not checked by a person")
    confidence = text_of(place, "confidence")
    if confidence in CONFIDENCE_NAMES:
        level = lang._(CONFIDENCE_NAMES[confidence])
        checked += "; " + lang._("confidence: {level}", level=level)
    where = markdown_text(source) if source else lang._("not recorded")
    return f"{checked}.  \n" + field_line(lang._("Where the point comes from"), where)


def text_of(event: Mapping[str, Any], column: str) -> str:
    """A text field of an event, '' where the data has none (or the column is missing)."""
    value = event.get(column)
    return value if isinstance(value, str) else ""


def side_lines(event: Mapping[str, Any], lang: Lang = ENGLISH) -> list[str]:
    """'**Side 1 (Protesters):** Protesters (Bangladesh); Students (Bangladesh)', escaped."""
    lines = []
    for n in (1, 2):
        actors = event.get(f"actors_{n}") or ()
        kind = text_of(event, f"actor_kind_{n}")
        if actors or kind:
            label = lang._("Side {n}", n=n)
            if kind:
                label += f" ({markdown_text(kind)})"
            lines.append(field_line(label, "; ".join(markdown_text(a) for a in actors)))
    return lines


def event_card(
    event: Mapping[str, Any], people: Records, sources: Records, lang: Lang = ENGLISH
) -> EventCard:
    """The panel's view of one joined event row (a Series or a record of one)."""
    precision = int(event["time_precision"])
    heading = (
        f"{date_text(event['date'], precision, lang)} · "
        f"{first_upper(type_name(event['event_type'], lang))}"
    )
    if text_of(event, "sub_event_type"):
        heading += f" › {event['sub_event_type']}"
    meaning = TIME_PRECISION_MEANING.get(precision, N_("precision unknown"))
    lines = [
        field_line(lang._("When"), f"{event['date']:%Y-%m-%d} ({lang._(meaning)})"),
        field_line(
            lang._("Where"),
            f"{markdown_text(event['place_name'])}: "
            f"“{markdown_text(vocabulary.placeholder_text(event['location_text'], lang))}”",
        ),
    ]
    if event["people"]:
        lines.append(
            field_line(
                lang._("Who"), "; ".join(person_text(p, people, lang) for p in event["people"])
            )
        )
    if event["organisations"]:
        lines.append(
            field_line(
                lang._("Organisations"), ", ".join(markdown_text(o) for o in event["organisations"])
            )
        )
    lines.extend(side_lines(event, lang))
    description = vocabulary.placeholder_text(event["description"], lang)
    lines.append(field_line(lang._("What happened"), markdown_text(description)))
    if event["outcomes"]:
        lines.append(
            field_line(
                lang._("Outcome"),
                ", ".join(
                    markdown_text(vocabulary.outcome_name(o, lang)) for o in event["outcomes"]
                ),
            )
        )
    low, high = event["participants_low"], event["participants_high"]
    participants = participants_text(low, high, lang)
    if text_of(event, "size_text"):
        size = markdown_text(event["size_text"])
        participants = size if pd.isna(low) and pd.isna(high) else f"{participants}; “{size}”"
    lines.append(field_line(lang._("Participants"), participants))
    for column, label in NUMBER_OUTCOMES:
        value = event.get(column)
        if value is not None and not pd.isna(value):
            lines.append(field_line(lang._(label), lang.number(int(value))))
    for column, label in TEXT_DETAILS:
        if text_of(event, column):
            lines.append(field_line(lang._(label), markdown_text(event[column])))
    lines.append(
        field_line(
            lang._("Authorisation"),
            markdown_text(lang.label(AUTHORISATION_NAMES, event["authorisation"])),
        )
    )
    updated = event.get("last_updated")
    if updated is not None and not pd.isna(updated):
        lines.append(field_line(lang._("Last updated"), f"{updated:%Y-%m-%d}"))
    dispute = markdown_text(event["disputes"]) if event["disputes"] else None
    return EventCard(
        event_id=str(event["event_id"]),
        heading=markdown_text(heading),
        lines=tuple(lines),
        dispute=dispute,
        sources=tuple(source_text(s, sources, lang) for s in event["sources"]),
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
    events: pd.DataFrame, people: pd.DataFrame, sources: pd.DataFrame, lang: Lang = ENGLISH
) -> list[EventCard]:
    """Cards for ``events``, newest first."""
    ordered = events.sort_values(["date", "event_id"], ascending=[False, True])
    people_by_id, sources_by_id = referenced(ordered, people, sources)
    return [
        event_card(row, people_by_id, sources_by_id, lang) for row in ordered.to_dict("records")
    ]


def summary_line(shown: int, total: int, lang: Lang = ENGLISH) -> str:
    """The line above the map: ``Showing N of M events``."""
    return lang.n_(
        "Showing {shown} of {n} event",
        "Showing {shown} of {n} events",
        total,
        shown=lang.number(shown),
    )


def type_breakdown(events: pd.DataFrame, lang: Lang = ENGLISH) -> str:
    """'12 single pickets, 1 rally, Protests (3), type not given (2)' for ``events`` (plain
    text: escape it for Markdown): every event counted, most frequent type first."""
    types = events["event_type"].fillna("")
    counts = types.value_counts()
    parts = [plural(int(counts[t]), t, lang) for t in vocabulary.type_order(types)]
    return ", ".join(parts) if parts else lang._("no events")


def overview_lines(
    summary: MapSummary, events: pd.DataFrame, top: int = 10, lang: Lang = ENGLISH
) -> list[str]:
    """Markdown lines for the panel when no place is selected."""
    places = summary.places
    lines = [
        lang._(
            "**{events}** in the selection: {types}.",
            events=events_word(summary.total, lang),
            types=markdown_text(type_breakdown(events, lang)),
        ),
        lang.n_(
            "{events} at {n} place on the map; {unlocated} not on the map (listed below).",
            "{events} at {n} places on the map; {unlocated} not on the map (listed below).",
            len(places),
            events=events_word(summary.drawn, lang),
            unlocated=events_word(len(summary.unlocated), lang),
        ),
    ]
    if len(places):
        lines.append(lang._("Places with the most events:"))
        for name, count in zip(places["name"].head(top), places["count"].head(top)):
            lines.append(f"- {markdown_text(name)}: {events_word(int(count), lang)}")
        if len(places) > top:
            lines.append(
                "- " + lang.n_("… and {n} more place", "… and {n} more places", len(places) - top)
            )
    return lines


def map_hint(summary: MapSummary, place_id: str | None, lang: Lang = ENGLISH) -> str:
    """The line above the map (Markdown, escaped): which place's events the panel shows, and
    where the panel is. On a phone it is below the map, out of sight after a tap."""
    places = summary.places
    here = places[places["place_id"] == place_id] if place_id is not None else places.iloc[:0]
    if here.empty:
        return lang._(
            "Click a marker to read the events there, beside the map (below it on a phone)."
        )
    count = int(here["count"].iloc[0])
    return lang._(
        "**{place}**: {events}, beside the map (below it on a phone).",
        place=markdown_text(here["name"].iloc[0]),
        events=events_word(count, lang),
    )


def unlocated_label(event: pd.Series, lang: Lang = ENGLISH) -> str:
    """One line (Markdown, escaped) for an event that is not on the map: date, type, who, the
    place as the sources word it and why it is not drawn."""
    who = ", ".join(event["actor_names"]) or ", ".join(event["organisations"])
    reason = lang._(NOT_LOCATED_REASON[event["place_precision"] == "city"])
    parts = [f"{event['date']:%Y-%m-%d}", type_name(event["event_type"], lang)]
    if who:
        parts.append(who)
    where = vocabulary.placeholder_text(event["location_text"], lang)
    return markdown_text(f"{' · '.join(parts)}: “{where}” ({reason})")


TABLE_COLUMNS = {
    "date": N_("Date"),
    "event_type": N_("Type"),
    "place_name": N_("Place"),
    "location_text": N_("Location as reported"),
    "actors": N_("People"),
    "organisations": N_("Organisations"),
    "participants": N_("Participants"),
    "authorisation": N_("Authorisation"),
    "outcomes": N_("Outcome"),
    "description": N_("What happened"),
    "disputes": N_("Where sources disagree"),
    "event_id": N_("Event id"),
}
"""The table's column headers (msgids), by the column they show."""


def table_columns(lang: Lang = ENGLISH) -> dict[str, str]:
    """The table's headers in ``lang``."""
    return {column: lang._(header) for column, header in TABLE_COLUMNS.items()}


def table_frame(events: pd.DataFrame, lang: Lang = ENGLISH) -> pd.DataFrame:
    """The selected events as a plain table (text cells), newest first."""
    ordered = events.sort_values(["date", "event_id"], ascending=[False, True])
    out = pd.DataFrame(
        {
            "date": ordered["date"].dt.strftime("%Y-%m-%d"),
            "event_type": ordered["event_type"].fillna("").map(lambda t: type_name(t, lang)),
            "place_name": ordered["place_name"],
            "location_text": ordered["location_text"].map(
                lambda t: vocabulary.placeholder_text(t, lang)
            ),
            "actors": ordered["actor_names"].map(", ".join),
            "organisations": ordered["organisations"].map(", ".join),
            "participants": [
                participants_text(low, high, lang)
                for low, high in zip(ordered["participants_low"], ordered["participants_high"])
            ],
            "authorisation": ordered["authorisation"].map(
                lambda a: lang.label(AUTHORISATION_NAMES, a)
            ),
            "outcomes": ordered["outcomes"].map(
                lambda items: ", ".join(vocabulary.outcome_name(o, lang) for o in items)
            ),
            "description": ordered["description"].map(
                lambda d: vocabulary.placeholder_text(d, lang)
            ),
            "disputes": ordered["disputes"],
            "event_id": ordered["event_id"],
        }
    )
    return out.rename(columns=table_columns(lang)).reset_index(drop=True)
