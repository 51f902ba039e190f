"""The data schema, declared once.

Every table in a data directory, every column, its type, whether it is required, the values it
allows and what it means. The loader validates against this, the README's data dictionary is
generated from it (``python -m dashboard schema``) and the exports follow it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from dashboard.i18n import N_

Kind = Literal["id", "str", "int", "float", "date", "enum", "enum_list", "ids", "list", "url"]

LIST_SEPARATOR = "|"
"""Separates the items of a multi-valued cell (``ids``, ``list``, ``enum_list``)."""

EVENT_TYPES = ("picket", "press_conference", "march", "rally", "counter_protest")
PLACE_PRECISIONS = ("venue", "street", "area", "region", "city")
ROLES = ("activist", "journalist", "resident", "student", "organiser")
AUTHORISATIONS = ("approved", "refused", "unsanctioned", "unknown")
OUTCOMES = ("attacked", "fined", "summoned", "detained", "police_complaint")
TIME_PRECISIONS = ("1", "2", "3")
CONFIDENCES = ("high", "medium", "low")

GEO_PRECISION = {"venue": 1, "street": 2, "area": 2, "region": 3, "city": 3}
"""ACLED ``geo_precision`` for each of our place precisions: 1 the exact place, 2 near it or
part of a larger named place (a street, an area), 3 only the city or region is known.
Reading ACLED, 1 is a ``venue``, 2 an ``area`` and 3 a ``region``: 2 and 3 are drawn as
approximate areas, never as exact points."""

TIME_PRECISION_MEANING = {
    1: N_("exact day"),
    2: N_("within a week"),
    3: N_("only the month or year"),
}
"""ACLED ``time_precision``."""


@dataclass(frozen=True)
class Column:
    """One column of a table."""

    name: str
    kind: Kind
    description: str
    required: bool = False
    allowed: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    ref: str | None = None
    """For ``id`` references (``ids``, or a ``str`` that names another table's key)."""


@dataclass(frozen=True)
class Table:
    """One CSV file of a data directory."""

    name: str
    filename: str
    key: str
    description: str
    columns: tuple[Column, ...] = field(default_factory=tuple)

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(name)


SOURCES = Table(
    name="sources",
    filename="sources.csv",
    key="source_id",
    description="Published reports that the events rest on.",
    columns=(
        Column("source_id", "id", "Stable identifier, referenced by events.", required=True),
        Column(
            "title",
            "str",
            "Headline as published; a title in [square brackets] describes an item whose "
            "headline was not recorded. Empty when the data names only the outlet (ACLED).",
        ),
        Column("publisher", "str", "Outlet or organisation that published it.", required=True),
        Column("date", "date", "Publication date (YYYY-MM-DD), where known."),
        Column("url", "url", "Address of the report (http or https), where known."),
        Column("language", "str", "Language of the report (ISO 639-1: en, ru, kk)."),
        Column("notes", "str", "What this source adds or where it differs."),
    ),
)

PLACES = Table(
    name="places",
    filename="places.csv",
    key="place_id",
    description="The gazetteer: places that events refer to, with coordinates and provenance.",
    columns=(
        Column("place_id", "id", "Stable identifier, referenced by events.", required=True),
        Column("name_en", "str", "Name in English.", required=True),
        Column("name_ru", "str", "Name in Russian, where known."),
        Column("name_kk", "str", "Name in Kazakh, where known."),
        Column(
            "aliases",
            "str",
            "Other names people use for the place, in any language, ';'-separated (as "
            "sources write them: 'ГАТОБ', 'Арбат'); search finds them and the geocoder asks "
            "them.",
        ),
        Column("place_type", "str", "What the place is (square, monument, theatre, street, ...)."),
        Column(
            "precision",
            "enum",
            "How much the point can be trusted to stand for the place: venue (a building or "
            "monument), street (a street segment; the point is its midpoint), area (a district "
            "or park; the point is inside it), region (only a larger region is known, ACLED "
            "geo_precision 3: drawn as an approximate area) or city (only the city is known: "
            "listed, not drawn).",
            required=True,
            allowed=PLACE_PRECISIONS,
        ),
        Column(
            "lat",
            "float",
            "Latitude, WGS84 decimal degrees; empty when the place is not yet located.",
            minimum=-90,
            maximum=90,
        ),
        Column(
            "lon",
            "float",
            "Longitude, WGS84 decimal degrees; empty when the place is not yet located.",
            minimum=-180,
            maximum=180,
        ),
        Column(
            "line",
            "str",
            "For a street: its segment as 'lat lon' pairs joined by '|' (drawn as a line).",
        ),
        Column("admin1", "str", "First-level region (province, state), where known."),
        Column("admin2", "str", "Second-level region (district, county), where known."),
        Column("admin3", "str", "Third-level region (sub-district), where known."),
        Column("country", "str", "Country, where known."),
        Column("coord_source", "str", "Where the coordinate came from."),
        Column("confidence", "enum", "Confidence in the coordinate.", allowed=CONFIDENCES),
        Column(
            "verified",
            "enum",
            "'yes' when a person checked the coordinate by hand; the geocoder then leaves it "
            "alone unless told otherwise.",
            allowed=("yes", "no"),
        ),
        Column("notes", "str", "Anything a reader should know about the place."),
    ),
)

PEOPLE = Table(
    name="people",
    filename="people.csv",
    key="person_id",
    description="People named in the sources as taking part.",
    columns=(
        Column("person_id", "id", "Stable identifier, referenced by events.", required=True),
        Column("name", "str", "Name as most sources spell it.", required=True),
        Column(
            "aliases",
            "list",
            "Other spellings found in sources, '|'-separated; search finds any of them.",
        ),
        Column("role", "enum", "How the sources describe the person.", allowed=ROLES),
        Column("organisation", "str", "Organisation the sources link the person to."),
        Column("notes", "str", "Anything a reader should know about the person."),
    ),
)

EVENTS = Table(
    name="events",
    filename="events.csv",
    key="event_id",
    description="One row per event: each single picket is its own row.",
    columns=(
        Column("event_id", "id", "Stable identifier.", required=True),
        Column("date", "date", "Date of the event (YYYY-MM-DD).", required=True),
        Column(
            "time_precision",
            "enum",
            "ACLED time_precision: 1 exact day, 2 within a week, 3 only the month or year.",
            required=True,
            allowed=TIME_PRECISIONS,
        ),
        Column(
            "event_type",
            "str",
            "What kind of event: ours are picket, press_conference, march, rally and "
            "counter_protest; data from elsewhere keeps its own types as it spells them "
            "(ACLED's Protests, CCC's demonstration). Empty when not given: such events are "
            "counted and shown as 'Other / not given'.",
        ),
        Column(
            "sub_event_type",
            "str",
            "A finer type, as the source data set gives it (ACLED sub_event_type; the other "
            "types a CCC event lists).",
        ),
        Column(
            "disorder_type",
            "str",
            "The broadest type, as the source data set gives it (ACLED disorder_type).",
        ),
        Column(
            "people",
            "ids",
            "Person ids ('|'-separated) of the people named as taking part.",
            ref="people",
        ),
        Column("organisations", "list", "Organisations involved, '|'-separated."),
        Column(
            "actors_1",
            "list",
            "The first side (ACLED actor1, then assoc_actor_1), '|'-separated.",
        ),
        Column("actor_kind_1", "str", "What the first side is (ACLED inter1: Protesters, ...)."),
        Column(
            "actors_2",
            "list",
            "The other side (ACLED actor2, then assoc_actor_2; CCC targets), '|'-separated.",
        ),
        Column("actor_kind_2", "str", "What the other side is (ACLED inter2)."),
        Column("interaction", "str", "ACLED interaction: the two sides' kinds together."),
        Column(
            "civilian_targeting",
            "str",
            "ACLED civilian_targeting: 'Civilian targeting' when civilians were the target.",
        ),
        Column(
            "place_id",
            "str",
            "Where it happened: a place id. Events whose place the sources do not give point "
            "to the city.",
            required=True,
            ref="places",
        ),
        Column("location_text", "str", "The place as the sources word it.", required=True),
        Column("participants_low", "int", "Lowest reported number of participants.", minimum=0),
        Column("participants_high", "int", "Highest reported number of participants.", minimum=0),
        Column(
            "size_text",
            "str",
            "The size as reported, in words (ACLED tags 'crowd size=...', CCC size_text).",
        ),
        Column(
            "authorisation",
            "enum",
            "Whether the city authorised it: approved, refused (asked for and refused), "
            "unsanctioned (held without asking) or unknown.",
            allowed=AUTHORISATIONS,
        ),
        Column(
            "outcomes",
            "list",
            "What happened to the people, '|'-separated: ours are attacked, fined, summoned, "
            "detained and police_complaint; other data keeps its own words.",
        ),
        Column("fatalities", "int", "Reported deaths (ACLED fatalities; CCC deaths).", minimum=0),
        Column("injuries", "int", "Reported injuries (CCC participant and police).", minimum=0),
        Column("arrests", "int", "Reported arrests (CCC arrests).", minimum=0),
        Column("property_damage", "str", "Reported damage to property, in words (CCC)."),
        Column("description", "str", "A short, neutral account.", required=True),
        Column(
            "disputes",
            "str",
            "Where sources disagree (date, place, count, facts): what each says.",
        ),
        Column(
            "sources",
            "ids",
            "Source ids ('|'-separated); at least one.",
            required=True,
            ref="sources",
        ),
        Column(
            "source_scale",
            "str",
            "ACLED source_scale: how local or international the sources are.",
        ),
        Column(
            "last_updated",
            "date",
            "When the source data set last changed the event (ACLED timestamp), YYYY-MM-DD.",
        ),
    ),
)

TABLES: tuple[Table, ...] = (SOURCES, PLACES, PEOPLE, EVENTS)
"""In load order: a table is loaded after the tables it refers to."""


SINGULAR = {"sources": "source", "places": "place", "people": "person", "events": "event"}
"""How a message names one row of a table ("unknown person id 'x'")."""


def table(name: str) -> Table:
    """The table called ``name``."""
    for t in TABLES:
        if t.name == name:
            return t
    raise KeyError(name)


def data_dictionary_markdown() -> str:
    """The data dictionary as Markdown, one section per table (used in the README)."""
    lines: list[str] = []
    for t in TABLES:
        lines.append(f"### `{t.filename}`: {t.description}")
        lines.append("")
        lines.append("| column | type | required | meaning |")
        lines.append("|---|---|---|---|")
        for c in t.columns:
            kind = c.kind
            if c.allowed:
                kind += ": " + ", ".join(f"`{a}`" for a in c.allowed)
            if c.ref:
                kind += f" (→ {c.ref})"
            lines.append(
                f"| `{c.name}` | {kind} | {'yes' if c.required else ''} | {c.description} |"
            )
        lines.append("")
    return "\n".join(lines)
