"""Crowd Counting Consortium (CCC) exports, phases 1 to 3.

Phase 3 has ``event_type``, ``organizations``, ``participants``, ``location`` (the spot
within the locality), ``title``, ``claims_summary`` and ``source1``..``source30``. The
compiled files of the earlier phases (CCC's ``ccc_data_dictionary.md``) say ``type``,
``claims``, ``location_detail`` (the spot; their ``location`` is only locality and state
again), ``injuries_crowd``/``injuries_police`` and ``source_1``..; phase 1 (2017-2020) has
``actors`` (organisers, or who took part), ``misc`` (the notes) and ``damage`` (1 when property
was damaged); phase 2 (2021-) adds ``title``, ``organizations`` and ``participants`` (its
``actors`` is those two joined, so it is not read twice), ``notes``, ``property_damage`` and
the deaths. The version is told by the header: ``event_type`` or ``claims_summary`` is phase
3, ``type`` with ``organizations``, ``participants`` or ``title`` phase 2, ``type`` alone phase 1.

CCC gives an event no id. Ours is derived from the row's content: ``ccc-`` and the first 12
hex digits of the SHA-1 of its date, locality, state, location, title, types, organisations,
claims and first source, so the same event gets the same id in every import. Two identical
rows get ``-2``, ``-3``, ... and are reported.

CCC's coordinates are those of the locality (its centre), not of the spot: every place is
drawn as an approximate area. Sizes are ``size_low``/``size_high`` (numbers) and
``size_text`` (words); ``participants`` says *who* took part, not how many.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from dashboard import vocabulary
from dashboard.errors import show_value
from dashboard.escape import safe_url
from dashboard.formats.decoding import parse_day
from dashboard.formats.mapped import (
    MappedReader,
    Mapping_,
    full_name,
    join_list,
    short_id,
    split_semicolons,
)
from dashboard.i18n import N_

KEY = "ccc"
SOURCE_COLUMN = re.compile(r"source_?([0-9]{1,2})")
MAX_SOURCES = 30

MAPPING: tuple[Mapping_, ...] = (
    Mapping_("date", "date"),
    Mapping_("event_type", "event_type (first), sub_event_type (the others)"),
    Mapping_("type", "event_type (first), sub_event_type (the others)"),
    Mapping_("locality", "place (name)"),
    Mapping_("state", "place (name, admin1)"),
    Mapping_("resolved_county", "place (admin2)"),
    Mapping_("county", "place (admin2)"),
    Mapping_("lat", "place (lat)"),
    Mapping_("lon", "place (lon)"),
    Mapping_("location", "location_text"),
    Mapping_("location_detail", "location_text"),
    Mapping_("title", "description"),
    Mapping_("claims_summary", "description"),
    Mapping_("claims", "description"),
    Mapping_("notes", "description"),
    Mapping_("misc", "description"),
    Mapping_("organizations", "organisations"),
    Mapping_("actors", "organisations"),
    Mapping_("participants", "actors_1"),
    Mapping_("notables", "actors_1"),
    Mapping_("targets", "actors_2"),
    Mapping_("size_low", "participants_low"),
    Mapping_("size_high", "participants_high"),
    Mapping_("size_text", "size_text"),
    Mapping_("arrests", "arrests"),
    Mapping_("participant_injuries", "injuries"),
    Mapping_("police_injuries", "injuries"),
    Mapping_("injuries_crowd", "injuries"),
    Mapping_("injuries_police", "injuries"),
    Mapping_("participant_deaths", "fatalities"),
    Mapping_("police_deaths", "fatalities"),
    Mapping_("property_damage", "property_damage"),
    Mapping_("damage", "property_damage (1: reported)"),
    Mapping_("resolved_locality", None, "the locality as written is used"),
    Mapping_("resolved_state", None, "the state as written is used"),
    Mapping_("fips_code", None, "a county code"),
    Mapping_("size_mean", None, "low and high are kept"),
    Mapping_("size_cat", None, "low and high are kept"),
    Mapping_("arrests_any", None, "the number of arrests is kept"),
    Mapping_("property_damage_any", None, "the damage as written is kept"),
    Mapping_("participant_casualties_any", None, "the numbers are kept"),
    Mapping_("police_casualties_any", None, "the numbers are kept"),
)


def detect(header: list[str]) -> str | None:
    """'CCC phase 1/2/3' when ``header`` is a CCC export, else None."""
    names = set(header)
    if not {"date", "locality", "state"} <= names:
        return None
    if not ({"type", "event_type"} & names) or not ({"size_low", "size_text"} & names):
        return None
    if {"event_type", "claims_summary"} & names:
        return N_("CCC phase 3")
    if {"organizations", "participants", "title"} & names:
        return N_("CCC phase 2")
    return N_("CCC phase 1")


PHASE_2_ACTORS = ("organizations", "participants")
"""Phase 2's ``actors`` is these two joined (from 2021; before, it alone names who): it is
read only in a row where both are empty, so nothing is read twice."""


def mapping_for(header: list[str]) -> tuple[Mapping_, ...]:
    """``MAPPING`` as it applies to a file with ``header`` (what the report says per column)."""
    names = set(header)
    changed: dict[str, Mapping_] = {}
    if "location_detail" in names:
        changed["location"] = Mapping_(
            "location", None, "locality and state again; location_detail is the spot"
        )
    if names & set(PHASE_2_ACTORS):
        changed["actors"] = Mapping_(
            "actors", "organisations (where organizations and participants are empty)"
        )
    return tuple(changed.get(m.column, m) for m in MAPPING)


def damage_text(damage: str, property_damage: str) -> str:
    """CCC's damage in words: ``0``/``1`` (phase 1's ``damage``, and ``property_damage``
    through 2020) as nothing or 'reported (CCC: 1)'; words (2021-: 'graffiti; broken
    windows') as written."""
    texts = []
    for text in (damage, property_damage):
        if text in ("", "0", "0.0"):
            continue
        texts.append("reported (CCC: 1)" if text in ("1", "1.0") else text)
    return "; ".join(dict.fromkeys(texts))


def number_or_text(reader: MappedReader, line: int, columns: list[tuple[str, str]]):
    """The sum of the columns that hold whole numbers, and 'column: text' for the others."""
    total, texts = None, []
    for column, text in columns:
        if not text:
            continue
        if re.fullmatch(r"[0-9]+(\.0+)?", text):
            total = (total or 0) + int(float(text))
        else:
            texts.append(f"{column}: {text}")
    return ("" if total is None else str(total)), texts


class CccReader(MappedReader):
    """One CCC file."""

    MAPPING = MAPPING

    def mapping(self) -> tuple[Mapping_, ...]:
        return mapping_for(self.header)

    def extra_mapping(self, name: str) -> Mapping_ | None:
        m = SOURCE_COLUMN.fullmatch(name)
        if m and 1 <= int(m.group(1)) <= MAX_SOURCES:
            return Mapping_(name, "sources (links)")
        return None

    def event(self, line: int, cells: Mapping[str, str]) -> dict[str, str] | None:
        get = cells.get
        date = parse_day(get("date", ""))
        if date is None:
            self.left(
                line,
                "date",
                f"invalid date {show_value(get('date', ''))} (expected YYYY-MM-DD): "
                "the row is left out",
            )
            return None
        type_column = "event_type" if "event_type" in cells else "type"
        types = split_semicolons(get(type_column, ""))
        location = get("location", "") if "location_detail" not in cells else ""
        location = get("location_detail", "") or location
        locality, state = get("locality", ""), get("state", "")
        title = get("title", "")
        claims = get("claims_summary", "") or get("claims", "")
        if any(get(c, "") for c in PHASE_2_ACTORS):
            organisations = split_semicolons(get("organizations", ""))
        else:  # phase 1, and phase 2's rows before 2021: only the organisers, or who took part
            organisations = split_semicolons(get("actors", ""))
        urls = [
            get(name, "")
            for name in self.header
            if (m := SOURCE_COLUMN.fullmatch(name)) and 1 <= int(m.group(1)) <= MAX_SOURCES
        ]
        urls = [u for u in urls if u]
        event_id = self.unique_id(
            line,
            "date",
            short_id(
                "ccc",
                date,
                locality,
                state,
                location,
                title,
                ";".join(types),
                ";".join(organisations),
                claims,
                urls[0] if urls else "",
            ),
        )
        lat = self.coordinate(line, "lat", get("lat", ""), 90)
        lon = self.coordinate(line, "lon", get("lon", ""), 180)
        place_id = self.place(
            name=full_name(locality, state),
            lat=lat,
            lon=lon,
            precision="area",
            note="CCC: the locality's coordinates",
            admin={
                "admin1": state,
                "admin2": get("resolved_county", "") or get("county", ""),
                "country": "",
            },
        )
        sources = []
        for url in urls:
            link = safe_url(url)
            if link is None:
                self.report(
                    line,
                    None,
                    f"source {show_value(url)} is not an http(s) address: kept as text, "
                    "not as a link",
                )
                sources.append(self.source(publisher="CCC", title=url))
            else:
                host = re.sub(r"^https?://(www\.)?", "", url).split("/")[0]
                sources.append(self.source(publisher=host, url=url))
        if not sources:
            sources.append(self.source(publisher="CCC", notes="the CCC row gives no source"))
        arrests, arrest_texts = number_or_text(self, line, [("arrests", get("arrests", ""))])
        injuries, injury_texts = number_or_text(
            self,
            line,
            [
                ("participant injuries", get("participant_injuries", "")),
                ("police injuries", get("police_injuries", "")),
                ("participant injuries", get("injuries_crowd", "")),
                ("police injuries", get("injuries_police", "")),
            ],
        )
        deaths, death_texts = number_or_text(
            self,
            line,
            [
                ("participant deaths", get("participant_deaths", "")),
                ("police deaths", get("police_deaths", "")),
            ],
        )
        low = self.count(line, "size_low", get("size_low", ""))
        high = self.count(line, "size_high", get("size_high", ""))
        if low and high and int(low) > int(high):
            self.report(
                line,
                "size_high",
                f"size_high {show_value(high)} is below size_low {show_value(low)}: "
                "counts left empty",
            )
            low = high = ""
        description = " — ".join(
            p
            for p in (
                title,
                f"Claims: {claims}" if claims else "",
                get("notes", ""),
                get("misc", ""),
            )
            if p
        )
        return {
            "event_id": event_id,
            "date": date,
            "time_precision": "1",
            "event_type": types[0] if types else "",
            "sub_event_type": ", ".join(types[1:]),
            "disorder_type": "",
            "people": "",
            "organisations": join_list(organisations),
            "actors_1": join_list(
                [
                    *split_semicolons(get("participants", "")),
                    *split_semicolons(get("notables", "")),
                ]
            ),
            "actor_kind_1": "",
            "actors_2": join_list(split_semicolons(get("targets", ""))),
            "actor_kind_2": "",
            "interaction": "",
            "civilian_targeting": "",
            "place_id": place_id,
            "location_text": location
            or full_name(locality, state)
            or vocabulary.LOCATION_NOT_GIVEN,
            "participants_low": low,
            "participants_high": high,
            "size_text": get("size_text", ""),
            "authorisation": "",
            "outcomes": join_list(arrest_texts + injury_texts + death_texts),
            "fatalities": deaths,
            "injuries": injuries,
            "arrests": arrests,
            "property_damage": damage_text(get("damage", ""), get("property_damage", "")),
            "description": " ".join(description.split()) or vocabulary.NO_DESCRIPTION,
            "disputes": "",
            "sources": join_list(sources),
            "source_scale": "",
            "last_updated": "",
        }
