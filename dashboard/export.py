"""Exports of a selection of events: GeoJSON (RFC 7946) and flat CSV, with sources."""

from __future__ import annotations

import csv
import io
import json
import math
from typing import Any

import pandas as pd

from dashboard.schema import LIST_SEPARATOR

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
"""A spreadsheet reads a cell starting with one of these as a formula (OWASP: CSV injection)."""

FORMULA_GUARD = "'"
"""Put before such a text cell so a spreadsheet shows it as text. A text cell that already
starts with the guard gets one more, so :func:`unguard_formula` restores every value."""

CSV_FIELDS: tuple[str, ...] = (
    "event_id",
    "date",
    "time_precision",
    "event_type",
    "sub_event_type",
    "disorder_type",
    "actors",
    "organisations",
    "actors_1",
    "actor_kind_1",
    "actors_2",
    "actor_kind_2",
    "interaction",
    "civilian_targeting",
    "place_id",
    "place",
    "place_precision",
    "geo_precision",
    "latitude",
    "longitude",
    "coord_source",
    "confidence",
    "verified",
    "location_text",
    "participants_low",
    "participants_high",
    "size_text",
    "authorisation",
    "outcomes",
    "fatalities",
    "injuries",
    "arrests",
    "property_damage",
    "description",
    "disputes",
    "sources",
    "source_urls",
    "source_scale",
    "last_updated",
)


def none_if_missing(value: Any) -> Any:
    if value is None or value is pd.NA:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):  # numpy scalar
        return value.item()
    return value


def source_records(source_ids: tuple[str, ...], sources: pd.DataFrame) -> list[dict[str, Any]]:
    """``{title, publisher, date, url}`` for each source id, in order."""
    by_id = sources.set_index("source_id")
    out = []
    for sid in source_ids:
        row = by_id.loc[sid]
        date = row["date"]
        out.append(
            {
                "source_id": sid,
                "title": row["title"],
                "publisher": row["publisher"],
                "date": None if pd.isna(date) else date.strftime("%Y-%m-%d"),
                "url": row["url"] or None,
            }
        )
    return out


def event_properties(events: pd.DataFrame, sources: pd.DataFrame) -> list[dict[str, Any]]:
    """One dict of export fields per event (lists stay lists)."""
    source_cache: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    out = []
    for row in events.itertuples(index=False):
        if row.sources not in source_cache:
            source_cache[row.sources] = source_records(row.sources, sources)
        out.append(
            {
                "event_id": row.event_id,
                "date": row.date.strftime("%Y-%m-%d"),
                "time_precision": int(row.time_precision),
                "event_type": row.event_type,
                "sub_event_type": row.sub_event_type or None,
                "disorder_type": row.disorder_type or None,
                "actors": list(row.actor_names),
                "organisations": list(row.organisations),
                "actors_1": list(row.actors_1),
                "actor_kind_1": row.actor_kind_1 or None,
                "actors_2": list(row.actors_2),
                "actor_kind_2": row.actor_kind_2 or None,
                "interaction": row.interaction or None,
                "civilian_targeting": row.civilian_targeting or None,
                "place_id": row.place_id,
                "place": row.place_name,
                "place_precision": row.place_precision,
                "geo_precision": int(row.geo_precision),
                "coord_source": getattr(row, "coord_source", "") or None,
                "confidence": getattr(row, "confidence", "") or None,
                "verified": getattr(row, "verified", "") or None,
                "location_text": row.location_text,
                "participants_low": none_if_missing(row.participants_low),
                "participants_high": none_if_missing(row.participants_high),
                "size_text": row.size_text or None,
                "authorisation": row.authorisation or None,
                "outcomes": list(row.outcomes),
                "fatalities": none_if_missing(row.fatalities),
                "injuries": none_if_missing(row.injuries),
                "arrests": none_if_missing(row.arrests),
                "property_damage": row.property_damage or None,
                "description": row.description,
                "disputes": row.disputes or None,
                "sources": source_cache[row.sources],
                "source_scale": row.source_scale or None,
                "last_updated": (
                    None if pd.isna(row.last_updated) else row.last_updated.strftime("%Y-%m-%d")
                ),
            }
        )
    return out


def to_geojson(events: pd.DataFrame, sources: pd.DataFrame) -> dict[str, Any]:
    """An RFC 7946 FeatureCollection, one Point per event at its place ([lon, lat]).

    Events whose place has no coordinate keep their feature, with ``geometry: null``.
    """
    features = []
    for props, lat, lon in zip(event_properties(events, sources), events["lat"], events["lon"]):
        geometry = None
        if not (math.isnan(lat) or math.isnan(lon)):
            geometry = {"type": "Point", "coordinates": [round(lon, 7), round(lat, 7)]}
        features.append({"type": "Feature", "geometry": geometry, "properties": props})
    return {"type": "FeatureCollection", "features": features}


def geojson_text(events: pd.DataFrame, sources: pd.DataFrame) -> str:
    return json.dumps(to_geojson(events, sources), ensure_ascii=False, indent=1)


def source_label(source: dict[str, Any]) -> str:
    """'publisher, title, date', leaving out what is not known."""
    return ", ".join(p for p in (source["publisher"], source["title"], source["date"]) if p)


def csv_rows(events: pd.DataFrame, sources: pd.DataFrame) -> list[dict[str, Any]]:
    """Flat rows: lists joined with '|', sources as 'publisher, title, date' and their URLs."""
    rows = []
    for props, lat, lon in zip(event_properties(events, sources), events["lat"], events["lon"]):
        row = dict(props)
        row["actors"] = LIST_SEPARATOR.join(props["actors"])
        row["organisations"] = LIST_SEPARATOR.join(props["organisations"])
        row["actors_1"] = LIST_SEPARATOR.join(props["actors_1"])
        row["actors_2"] = LIST_SEPARATOR.join(props["actors_2"])
        row["outcomes"] = LIST_SEPARATOR.join(props["outcomes"])
        row["sources"] = LIST_SEPARATOR.join(source_label(s) for s in props["sources"])
        row["source_urls"] = LIST_SEPARATOR.join(s["url"] or "" for s in props["sources"])
        row["latitude"] = None if math.isnan(lat) else lat
        row["longitude"] = None if math.isnan(lon) else lon
        rows.append(row)
    return rows


def guard_formula(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula, made inert; numbers stay numbers."""
    if isinstance(value, str) and value.startswith((*FORMULA_TRIGGERS, FORMULA_GUARD)):
        return FORMULA_GUARD + value
    return value


def unguard_formula(text: str) -> str:
    """The value :func:`guard_formula` was given, for a text cell read back from our CSV."""
    if text.startswith(FORMULA_GUARD) and text[1:].startswith((*FORMULA_TRIGGERS, FORMULA_GUARD)):
        return text[1:]
    return text


def csv_text(events: pd.DataFrame, sources: pd.DataFrame) -> str:
    """The flat CSV export; text cells that a spreadsheet would run as formulas are guarded."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    for row in csv_rows(events, sources):
        writer.writerow({name: guard_formula(value) for name, value in row.items()})
    return buffer.getvalue()
