"""A plain table (a spreadsheet, or our own CSV export): columns are recognised by header
name in English or Russian (``date``/``дата``, ``place``/``место``, ``lat``/``широта``, ...);
places are matched against the gazetteer by name in any language, or placed by the file's
own coordinates; anything not understood is reported."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from dashboard import schema
from dashboard.errors import Problem, show_value
from dashboard.export import unguard_formula
from dashboard.formats.build import concat, empty_dataset, sort_problems, uploaded_dataset
from dashboard.formats.decoding import (
    COUNT_RANGE,
    SOURCE_SPLIT,
    parse_date,
    parse_number,
    split_items,
)
from dashboard.loader import (
    LARGEST_INT,
    URL_PATTERN,
    Dataset,
    convert,
    empty_frame,
)
from dashboard.schema import LIST_SEPARATOR

NAME = "a table"

FIELD_SYNONYMS: dict[str, tuple[str, ...]] = {
    "event_id": ("event_id", "id", "№", "номер"),
    "date": ("date", "дата", "day", "event_date", "күні", "күн"),
    "time_precision": ("time_precision",),
    "event_type": ("event_type", "type", "тип", "вид", "kind", "category", "категория"),
    "actors": (
        "actors",
        "people",
        "participants_names",
        "участники",
        "person",
        "persons",
        "names",
        "name",
        "активисты",
        "activists",
        "кто",
    ),
    "organisations": (
        "organisations",
        "organisation",
        "organizations",
        "organization",
        "org",
        "orgs",
        "организация",
        "организации",
        "group",
        "groups",
    ),
    "place_id": ("place_id",),
    "place": (
        "place",
        "место",
        "location",
        "place_name",
        "venue",
        "address",
        "адрес",
        "локация",
        "where",
        "где",
        "орын",
    ),
    "place_precision": ("place_precision", "precision"),
    "lat": ("lat", "latitude", "широта", "y"),
    "lon": ("lon", "lng", "long", "longitude", "долгота", "x"),
    "location_text": ("location_text",),
    "participants": (
        "participants",
        "count",
        "participants_count",
        "количество",
        "количество_участников",
        "число_участников",
        "size",
    ),
    "participants_low": ("participants_low", "min_participants"),
    "participants_high": ("participants_high", "max_participants"),
    "authorisation": ("authorisation", "authorization", "permit", "разрешение"),
    "outcomes": ("outcomes", "outcome", "последствия"),
    "description": (
        "description",
        "описание",
        "text",
        "текст",
        "summary",
        "what",
        "что",
        "details",
        "notes",
        "комментарий",
        "сипаттама",
    ),
    "disputes": ("disputes", "разногласия"),
    "coord_source": ("coord_source",),
    "confidence": ("confidence",),
    "verified": ("verified",),
    "sources": (
        "sources",
        "source",
        "url",
        "urls",
        "link",
        "links",
        "источник",
        "источники",
        "ссылка",
        "ссылки",
        "дереккөз",
    ),
    "source_urls": ("source_urls",),
    "geo_precision": ("geo_precision",),
}
"""Header names (normalised: lower case, words joined by '_') understood in a plain table."""

PASSED_THROUGH = (
    "sub_event_type",
    "disorder_type",
    "actors_1",
    "actor_kind_1",
    "actors_2",
    "actor_kind_2",
    "interaction",
    "civilian_targeting",
    "size_text",
    "fatalities",
    "injuries",
    "arrests",
    "property_damage",
    "source_scale",
    "last_updated",
)
"""Columns of ours read as they are (names of the schema)."""
FIELD_SYNONYMS.update({name: (name,) for name in PASSED_THROUGH})

DERIVED_FIELDS = ("geo_precision",)
"""Columns of our own export that are recomputed, so read and ignored without a warning."""

TYPE_SYNONYMS: dict[str, str] = {
    **{t: t for t in schema.EVENT_TYPES},
    "press conference": "press_conference",
    "counter protest": "counter_protest",
    "counter-protest": "counter_protest",
    "пикет": "picket",
    "одиночный пикет": "picket",
    "пресс-конференция": "press_conference",
    "марш": "march",
    "шествие": "march",
    "митинг": "rally",
    "контрмитинг": "counter_protest",
}

NOT_GIVEN_PLACE_ID = "upload:no-place"


def normalise_header(name: str) -> str:
    """``' Latitude (WGS84) '`` → ``'latitude'``; ``'Event Type'`` → ``'event_type'``."""
    name = re.sub(r"\(.*?\)", "", name).strip().strip("\"'«»").casefold()
    return re.sub(r"[\s_\-]+", "_", name).strip("_")


def map_columns(header: list[str]) -> tuple[dict[str, int], list[tuple[int, str]]]:
    """Field → column index for the columns understood, and the (index, name) of the rest."""
    lookup = {syn: fld for fld, syns in FIELD_SYNONYMS.items() for syn in syns}
    fields: dict[str, int] = {}
    unknown: list[tuple[int, str]] = []
    for i, name in enumerate(header):
        fld = lookup.get(normalise_header(name))
        if fld is None or fld in fields:
            if name.strip() or fld in fields:
                unknown.append((i, name))
            continue
        fields[fld] = i
    return fields, unknown


def name_key(text: str) -> str:
    """A place or person name for matching: case, quotes and spacing ignored."""
    return re.sub(r"\s+", " ", re.sub(r"[\"'«»“”„]", "", text)).strip().casefold()


def place_lookup(places: pd.DataFrame) -> dict[str, str]:
    """Every name a gazetteer place goes by (any language, with and without the part in
    brackets, each of several names given with ';') → its place id."""
    lookup: dict[str, str] = {}
    for row in places.itertuples(index=False):
        names = [row.place_id]
        for value in (row.name_en, row.name_ru, row.name_kk):
            for part in str(value).split(";"):
                names.append(part)
                names.append(re.sub(r"\(.*?\)", "", part))
                names.extend(re.findall(r"\((.*?)\)", part))
        for name in names:
            key = name_key(name)
            if key:
                lookup.setdefault(key, row.place_id)
    return lookup


def match_place(name: str, lookup: dict[str, str]) -> list[str]:
    """Place ids whose name is ``name``, else those with a name containing it as whole words
    ("Gandhi Park" finds "Mahatma Gandhi Park"); several ids mean it is ambiguous."""
    key = name_key(name)
    if key in lookup:
        return [lookup[key]]
    if len(key) < 4:
        return []
    pattern = re.compile(rf"(?<!\w){re.escape(key)}(?!\w)")
    return sorted({pid for known, pid in lookup.items() if pattern.search(known)})


def person_lookup(people: pd.DataFrame) -> dict[str, str]:
    """Every spelling of a person's name → their person id."""
    lookup: dict[str, str] = {}
    for pid, name, aliases in zip(people["person_id"], people["name"], people["aliases"]):
        for spelling in (pid, name, *aliases):
            lookup.setdefault(name_key(spelling), pid)
    return lookup


@dataclass
class TableReader:
    """Builds events, places and sources from the rows of a plain table."""

    filename: str
    base: Dataset
    header: list[str]
    fields: dict[str, int]
    problems: list[Problem] = field(default_factory=list)
    places: dict[tuple[str, float | None, float | None, str], str] = field(default_factory=dict)
    place_rows: list[dict[str, object]] = field(default_factory=list)
    sources: dict[tuple[str, str, str], str] = field(default_factory=dict)
    source_rows: list[dict[str, object]] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.place_names = place_lookup(self.base.places)
        self.known_places = set(self.base.places["place_id"])
        self.people = person_lookup(self.base.people)

    def column(self, fld: str) -> str:
        return self.header[self.fields[fld]]

    def report(self, line: int, fld: str | None, message: str) -> None:
        self.problems.append(
            Problem(self.filename, line, self.column(fld) if fld else None, message)
        )

    def row(self, line: int, cells: dict[str, str]) -> dict[str, str] | None:
        """One event as schema strings, or None (reported) when it cannot be shown."""
        get = cells.get
        if not get("date", ""):
            self.report(line, "date", "no date: the row is left out (events are shown by date)")
            return None
        parsed = parse_date(get("date", ""))
        if parsed is None:
            self.report(
                line,
                "date",
                f"invalid date {show_value(get('date'))} (expected YYYY-MM-DD or DD.MM.YYYY; "
                "a month YYYY-MM or a year also works): the row is left out",
            )
            return None
        date, precision = parsed
        if get("time_precision", "") in schema.TIME_PRECISIONS:
            precision = get("time_precision", "")
        event_id = get("event_id", "")
        if not event_id or event_id in self.ids:
            if event_id:
                self.report(line, "event_id", f"duplicate id {show_value(event_id)}: renamed")
            event_id = f"upload-{line}"
        self.ids.add(event_id)
        low, high = self.counts(line, get)
        return {
            "event_id": event_id,
            "date": date,
            "time_precision": precision,
            "event_type": self.event_type(line, get("event_type", "")),
            "people": LIST_SEPARATOR.join(self.actors(get("actors", ""))),
            "organisations": LIST_SEPARATOR.join(split_items(get("organisations", ""))),
            "place_id": self.place(line, get),
            "location_text": get("location_text", "") or get("place", ""),
            "participants_low": low,
            "participants_high": high,
            "authorisation": self.enum(line, "authorisation", get, schema.AUTHORISATIONS),
            "outcomes": self.outcomes(line, get("outcomes", "")),
            "description": get("description", ""),
            "disputes": get("disputes", ""),
            "sources": LIST_SEPARATOR.join(
                self.source_ids(line, get("sources", ""), get("source_urls", ""))
            ),
            **self.details(line, get),
        }

    def details(self, line: int, get: Callable[..., str]) -> dict[str, str]:
        """The optional fields that ACLED and CCC fill (our export writes them too)."""
        out = {}
        for column in schema.EVENTS.columns:
            if column.name not in PASSED_THROUGH:
                continue
            text = get(column.name, "")
            if column.kind == "int":
                text = self.count(line, column.name, text)
            elif column.kind == "list":
                text = LIST_SEPARATOR.join(split_items(text))
            elif column.kind == "date" and text:
                parsed = parse_date(text)
                text = parsed[0] if parsed else ""
            out[column.name] = text
        return out

    def event_type(self, line: int, text: str) -> str:
        """Our type for a name we know in any spelling; any other type is the file's own and
        is kept as it is written (open vocabulary)."""
        text = " ".join(text.split())
        return TYPE_SYNONYMS.get(text.casefold(), text)

    def enum(self, line: int, fld: str, get: Callable[..., str], allowed: tuple[str, ...]) -> str:
        value = get(fld, "").strip()
        if value and value not in allowed:
            self.report(
                line, fld, f"unknown value {show_value(value)} (allowed: {', '.join(allowed)})"
            )
            return ""
        return value

    def outcomes(self, line: int, text: str) -> str:
        """Outcomes as the file lists them (ours, or the file's own words)."""
        return LIST_SEPARATOR.join(split_items(text))

    def counts(self, line: int, get: Callable[..., str]) -> tuple[str, str]:
        """Lowest and highest participant counts; one count column gives both, '50-200' a
        range."""
        low, high = get("participants_low", ""), get("participants_high", "")
        both = get("participants", "")
        if both and not (low or high):
            m = COUNT_RANGE.fullmatch(both)
            if m is None:
                value = self.count(line, "participants", both)
                return value, value
            low, high = m.group(1), m.group(2)
            low_field = high_field = "participants"
        else:
            low_field, high_field = "participants_low", "participants_high"
        low, high = self.count(line, low_field, low), self.count(line, high_field, high)
        if low and high and int(low) > int(high):
            self.report(
                line,
                high_field,
                f"highest count {show_value(high)} is below lowest {show_value(low)}: "
                "counts left empty",
            )
            return "", ""
        return low, high

    def count(self, line: int, fld: str, value: str) -> str:
        """A whole number of people, or '' (reported when the cell is not empty)."""
        if value and not re.fullmatch(r"[0-9]+", value):
            self.report(line, fld, f"invalid number {show_value(value)}: left empty")
            return ""
        if value and int(value) > LARGEST_INT:
            self.report(line, fld, f"{show_value(value)} is too large: left empty")
            return ""
        return value

    def actors(self, text: str) -> list[str]:
        return [self.people.get(name_key(n), n) for n in split_items(text)]

    def place(self, line: int, get: Callable[..., str]) -> str:
        """The row's place id: a known place id, else the file's coordinates, else a
        gazetteer name; a place that is none of these is kept by name, not located."""
        place_id = get("place_id", "")
        if place_id in self.known_places:
            return place_id
        name = get("place", "")
        lat_text, lon_text = get("lat", ""), get("lon", "")
        lat = self.coordinate(line, "lat", lat_text, 90)
        lon = self.coordinate(line, "lon", lon_text, 180)
        if bool(lat_text) != bool(lon_text):
            missing = "lon" if lat_text else "lat"
            self.report(
                line,
                missing if missing in self.fields else ("lat" if lat_text else "lon"),
                "latitude and longitude go together: the row has only one of them",
            )
        if lat is not None and lon is not None:
            precision = get("place_precision", "")
            if precision not in schema.PLACE_PRECISIONS:
                precision = "venue"
            confidence = get("confidence", "")
            given = {
                # Our own export carries where each point came from: keep it.
                "coord_source": get("coord_source", ""),
                "confidence": confidence if confidence in schema.CONFIDENCES else "",
                "verified": "yes" if get("verified", "") == "yes" else "no",
            }
            return self.new_place(
                line, name or f"{lat}, {lon}", lat, lon, precision, "", provenance=given
            )
        if not name:
            if place_id:
                self.report(
                    line,
                    "place_id",
                    f"unknown place id {show_value(place_id)} and no coordinates: "
                    "shown as not located",
                )
                return self.new_place(line, place_id, None, None, "city", "")
            return self.new_place(line, "place not given", None, None, "city", NOT_GIVEN_PLACE_ID)
        found = match_place(name, self.place_names)
        if len(found) == 1:
            return found[0]
        if found:
            self.report(
                line,
                "place",
                f"place {show_value(name)} could be any of {', '.join(found)}: "
                "give the full name or coordinates; shown as not located",
            )
            return self.new_place(line, name, None, None, "city", "")
        self.report(
            line,
            "place",
            f"place {show_value(name)} matches no place we know and the row has no "
            "coordinates: shown as not located",
        )
        return self.new_place(line, name, None, None, "city", "")

    def coordinate(self, line: int, fld: str, text: str, limit: int) -> float | None:
        """A latitude (limit 90) or longitude (180), or None (reported when not empty)."""
        if not text:
            return None
        value = parse_number(text)
        if value is None:
            self.report(line, fld, f"invalid number {show_value(text)}")
        elif not -limit <= value <= limit:
            self.report(line, fld, f"{show_value(text)} out of range -{limit} to {limit}")
            value = None
        return value

    def new_place(
        self,
        line: int,
        name: str,
        lat: float | None,
        lon: float | None,
        precision: str,
        place_id: str,
        *,
        provenance: dict[str, str] | None = None,
    ) -> str:
        """The id of the place (name, point, precision), added the first time it is met;
        ``provenance``: the row's own coord_source, confidence and verified, if it has them."""
        key = (name, lat, lon, precision)
        if key not in self.places:
            place_id = place_id or f"upload:place-{len(self.places) + 1}"
            self.places[key] = place_id
            located = lat is not None
            self.place_rows.append(
                {
                    "place_id": place_id,
                    "name_en": name,
                    "name_ru": "",
                    "name_kk": "",
                    "place_type": "",
                    "precision": precision,
                    "lat": lat,
                    "lon": lon,
                    "line": (),
                    "coord_source": (provenance or {}).get("coord_source")
                    or (f"{self.filename}, line {line}" if located else ""),
                    "confidence": (provenance or {}).get("confidence", ""),
                    "verified": (provenance or {}).get("verified", "no"),
                    "notes": "from an uploaded file"
                    + ("" if located else ": no coordinates, not in the gazetteer"),
                    "line_number": line,
                }
            )
        return self.places[key]

    def source_ids(self, line: int, labels: str, urls: str) -> list[str]:
        """Sources as written in the file: URLs become links, anything else stays text.

        Our own export writes 'publisher, title, date' labels and, in ``source_urls``, the
        matching URLs in the same order."""
        label_items = [s for s in SOURCE_SPLIT.split(labels.strip()) if s] if labels else []
        url_items = urls.split(LIST_SEPARATOR) if urls else []
        out = []
        for i in range(max(len(label_items), len(url_items))):
            label = label_items[i] if i < len(label_items) else ""
            url = url_items[i].strip() if i < len(url_items) else ""
            if not url and re.fullmatch(r"\S+", label) and re.match(r"[A-Za-z][\w+.-]*:", label):
                label, url = "", label  # a bare address
            if url and not re.fullmatch(URL_PATTERN, url):
                self.report(
                    line,
                    "source_urls" if i < len(url_items) else "sources",
                    f"not an http(s) address: {show_value(url)}: kept as text, not as a link",
                )
                label, url = label or url, ""
            out.append(self.new_source(label, url))
        return out

    def new_source(self, label: str, url: str) -> str:
        """A source with the file's label as its title; a bare URL gets its host as the
        publisher (a label is kept whole: it may already name the publisher)."""
        publisher = ""
        if url and not label:
            publisher = re.sub(r"^https?://(www\.)?", "", url).split("/")[0]
        label = label or url
        key = (label, url, publisher)
        if key not in self.sources:
            source_id = f"upload:source-{len(self.sources) + 1}"
            self.sources[key] = source_id
            self.source_rows.append(
                {
                    "source_id": source_id,
                    "title": label,
                    "publisher": publisher,
                    "date": pd.NaT,
                    "url": url,
                    "language": "",
                    "notes": "from an uploaded file",
                    "line_number": 0,
                }
            )
        return self.sources[key]


def read_plain_table(
    header: list[str],
    records: list[tuple[int, list[str]]],
    filename: str,
    base: Dataset,
    problems: list[Problem],
) -> Dataset:
    """Events from a table whose columns are recognised by name."""
    fields, unknown = map_columns(header)
    known = ", ".join(f for f in FIELD_SYNONYMS if f not in DERIVED_FIELDS)
    for index, name in unknown:
        problems.append(
            Problem(
                filename,
                1,
                name or f"column {index + 1}",
                f"column {show_value(name)} not understood: ignored (columns read: {known}; "
                "Russian names such as дата, место, широта, долгота, описание work too)",
            )
        )
    if "date" not in fields:
        problems.append(
            Problem(
                filename,
                1,
                None,
                "no date column: expected a column named 'date' (or 'дата'); nothing can be "
                f"shown without dates. Columns found: {', '.join(map(show_value, header))}",
            )
        )
        return empty_dataset(base, filename, sort_problems(problems))
    if not ({"place", "place_id"} & fields.keys()) and not {"lat", "lon"} <= fields.keys():
        problems.append(
            Problem(
                filename,
                1,
                None,
                "no place or coordinate columns (place/место, or latitude and longitude): "
                "every event is shown as not located",
            )
        )

    reader = TableReader(filename=filename, base=base, header=header, fields=fields)
    width = len(header)
    rows: list[dict[str, str]] = []
    lines: list[int] = []
    for line, record in records:
        extra = record[width:]
        if len(record) < width or any(cell.strip() for cell in extra):
            problems.append(
                Problem(
                    filename,
                    line,
                    None,
                    f"expected {width} fields as in the header, found {len(record)}: the row "
                    f"was not read: {show_value(record)}",
                )
            )
            continue
        cells = {fld: unguard_formula(record[i]).strip() for fld, i in fields.items()}
        row = reader.row(line, cells)
        if row is not None:
            rows.append(row)
            lines.append(line)
    problems.extend(reader.problems)

    columns = schema.EVENTS.column_names
    raw = pd.DataFrame(rows, columns=columns, dtype=object).fillna("")
    raw["_line"] = np.asarray(lines, dtype="int64")
    events = convert(raw, schema.EVENTS) if rows else empty_frame(schema.EVENTS)
    places = concat(base.places, reader.place_rows)
    sources = concat(base.sources, reader.source_rows)
    return uploaded_dataset(
        base, events, filename, sort_problems(problems, header), places=places, sources=sources
    )
