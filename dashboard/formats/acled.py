"""ACLED (Armed Conflict Location & Event Data) exports, both header sets.

- **2023+ columns**: ``event_id_cnty, event_date, year, time_precision, disorder_type,
  event_type, sub_event_type, actor1, assoc_actor_1, inter1, actor2, assoc_actor_2, inter2,
  interaction, civilian_targeting, iso, region, country, admin1, admin2, admin3, location,
  latitude, longitude, geo_precision, source, source_scale, notes, fatalities, tags,
  timestamp``;
- **before 2023**: ``data_id, iso, event_id_cnty, event_id_no_cnty, ...`` without
  ``disorder_type``, ``civilian_targeting`` and ``tags``, with ``iso3``.

Either may lack optional columns (a real export had no ``actor2``). What becomes what is
declared in ``MAPPING``; ``event_id_cnty``, ``event_date``, ``event_type``, ``latitude`` and
``longitude`` are what identifies the format. ACLED gives its sources by name only: they are
kept as sources without a link, and the card says so.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

from dashboard import vocabulary
from dashboard.errors import show_value
from dashboard.formats.decoding import parse_day
from dashboard.formats.mapped import (
    MappedReader,
    Mapping_,
    full_name,
    join_list,
    split_semicolons,
)
from dashboard.i18n import N_

KEY = "acled"
VERSION_2023 = N_("ACLED (2023+ columns)")
VERSION_BEFORE_2023 = N_("ACLED (before 2023)")
IDENTIFYING = ("event_id_cnty", "event_date", "event_type", "latitude", "longitude")

MAPPING: tuple[Mapping_, ...] = (
    Mapping_("event_id_cnty", "event_id"),
    Mapping_("event_date", "date"),
    Mapping_("time_precision", "time_precision"),
    Mapping_("disorder_type", "disorder_type"),
    Mapping_("event_type", "event_type"),
    Mapping_("sub_event_type", "sub_event_type"),
    Mapping_("actor1", "actors_1"),
    Mapping_("assoc_actor_1", "actors_1"),
    Mapping_("inter1", "actor_kind_1"),
    Mapping_("actor2", "actors_2"),
    Mapping_("assoc_actor_2", "actors_2"),
    Mapping_("inter2", "actor_kind_2"),
    Mapping_("interaction", "interaction"),
    Mapping_("civilian_targeting", "civilian_targeting"),
    Mapping_("country", "place (name, country)"),
    Mapping_("admin1", "place (name, admin1)"),
    Mapping_("admin2", "place (name, admin2)"),
    Mapping_("admin3", "place (name, admin3)"),
    Mapping_("location", "place (name), location_text"),
    Mapping_("latitude", "place (lat)"),
    Mapping_("longitude", "place (lon)"),
    Mapping_("geo_precision", "place (precision)"),
    Mapping_("source", "sources (names, no links)"),
    Mapping_("source_scale", "source_scale"),
    Mapping_("notes", "description"),
    Mapping_("fatalities", "fatalities"),
    Mapping_("tags", "size_text (crowd size=...)"),
    Mapping_("timestamp", "last_updated"),
    Mapping_("year", None, "the year is the date's"),
    Mapping_("iso", None, "the country is read from 'country'"),
    Mapping_("iso3", None, "the country is read from 'country'"),
    Mapping_("region", None, "a world region, wider than the country"),
    Mapping_("data_id", None, "event_id_cnty is the id"),
    Mapping_("event_id_no_cnty", None, "event_id_cnty is the id"),
)

INTER_KINDS = {
    "1": "State forces",
    "2": "Rebel group",
    "3": "Political militia",
    "4": "Identity militia",
    "5": "Rioters",
    "6": "Protesters",
    "7": "Civilians",
    "8": "External/other forces",
}
"""ACLED's ``inter1``/``inter2`` codes (exports before 2023); later exports write the words."""

PRECISIONS = {"1": "venue", "2": "area", "3": "region"}
"""geo_precision 1 is the place itself; 2 near it or part of it, 3 only the region: both are
drawn as approximate areas, never as exact points."""

CROWD_SIZE = re.compile(r"crowd size\s*=\s*([^;]+)", re.IGNORECASE)


def detect(header: list[str]) -> str | None:
    """The ACLED version whose header this is, or None."""
    names = set(header)
    if not set(IDENTIFYING) <= names:
        return None
    if "disorder_type" in names or "civilian_targeting" in names or "tags" in names:
        return VERSION_2023
    return VERSION_BEFORE_2023


def actor_kind(text: str) -> str:
    """'6' → 'Protesters'; words (later exports) stay as they are; '0' is no actor."""
    text = text.strip()
    if text == "0":
        return ""
    return INTER_KINDS.get(text, text)


def interaction_text(text: str) -> str:
    """'60' → 'Protesters only', '16' → 'State forces–Protesters'; words stay."""
    if re.fullmatch(r"[0-8]{2}", text):
        first, second = (INTER_KINDS.get(c, c) for c in text)
        return f"{first} only" if text[1] == "0" else f"{first}–{second}"
    return text


def last_updated(text: str) -> str:
    """ACLED's ``timestamp`` (Unix seconds, or a date) as ``YYYY-MM-DD``; '' if unreadable."""
    if re.fullmatch(r"[0-9]{9,11}", text):
        return dt.datetime.fromtimestamp(int(text), tz=dt.UTC).strftime("%Y-%m-%d")
    return parse_day(text[:10]) or ""


class AcledReader(MappedReader):
    """One ACLED file."""

    MAPPING = MAPPING

    def event(self, line: int, cells: Mapping[str, str]) -> dict[str, str] | None:
        get = cells.get
        date = parse_day(get("event_date", ""))
        if date is None:
            self.left(
                line,
                "event_date",
                f"invalid date {show_value(get('event_date', ''))} (expected a day such as "
                "2024-08-05, 5-Aug-24 or 05 August 2024): the row is left out",
            )
            return None
        precision = get("time_precision", "") or "1"
        if precision not in ("1", "2", "3"):
            self.report(
                line,
                "time_precision",
                f"unknown value {show_value(precision)} (allowed: 1, 2, 3): taken as 3, "
                "the least precise",
            )
            precision = "3"
        raw_id = get("event_id_cnty", "")
        if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._:-]*", raw_id):
            if raw_id:
                self.report(line, "event_id_cnty", f"invalid id {show_value(raw_id)}: renamed")
            raw_id = f"acled-line-{line}"
        event_id = self.unique_id(line, "event_id_cnty", raw_id)

        location = get("location", "")
        admin = {
            "country": get("country", ""),
            "admin1": get("admin1", ""),
            "admin2": get("admin2", ""),
            "admin3": get("admin3", ""),
        }
        name = full_name(
            location, admin["admin3"], admin["admin2"], admin["admin1"], admin["country"]
        )
        lat = self.coordinate(line, "latitude", get("latitude", ""), 90)
        lon = self.coordinate(line, "longitude", get("longitude", ""), 180)
        geo = get("geo_precision", "")
        if geo and geo not in PRECISIONS:
            self.report(
                line,
                "geo_precision",
                f"unknown value {show_value(geo)} (allowed: 1, 2, 3): drawn as an area",
            )
        place_id = self.place(
            name=name,
            lat=lat,
            lon=lon,
            precision=PRECISIONS.get(geo, "area"),
            note=f"ACLED, geo_precision {geo or 'not given'}",
            admin=admin,
        )
        names = split_semicolons(get("source", ""))
        notes = "named by ACLED, which gives no link to the report"
        sources = [self.source(publisher=n, notes=notes) for n in names] or [
            self.source(publisher="ACLED", notes="the ACLED row names no source")
        ]
        size = CROWD_SIZE.search(get("tags", ""))
        return {
            "event_id": event_id,
            "date": date,
            "time_precision": precision,
            "event_type": get("event_type", ""),
            "sub_event_type": get("sub_event_type", ""),
            "disorder_type": get("disorder_type", ""),
            "people": "",
            "organisations": "",
            "actors_1": join_list([get("actor1", ""), *split_semicolons(get("assoc_actor_1", ""))]),
            "actor_kind_1": actor_kind(get("inter1", "")),
            "actors_2": join_list([get("actor2", ""), *split_semicolons(get("assoc_actor_2", ""))]),
            "actor_kind_2": actor_kind(get("inter2", "")),
            "interaction": interaction_text(get("interaction", "")),
            "civilian_targeting": get("civilian_targeting", ""),
            "place_id": place_id,
            "location_text": location or name or vocabulary.LOCATION_NOT_GIVEN,
            "participants_low": "",
            "participants_high": "",
            "size_text": size.group(1).strip() if size else "",
            "authorisation": "",
            "outcomes": "",
            "fatalities": self.count(line, "fatalities", get("fatalities", "")),
            "injuries": "",
            "arrests": "",
            "property_damage": "",
            "description": " ".join(get("notes", "").split()) or vocabulary.NO_NOTES,
            "disputes": "",
            "sources": join_list(sources),
            "source_scale": get("source_scale", ""),
            "last_updated": last_updated(get("timestamp", "")),
        }
