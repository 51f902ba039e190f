"""What the map draws for a selection of events: one row per located place.

Pure pandas, so it stays fast at 100,000 events: the map gets one feature per place, never one
per event. Events that cannot be drawn honestly (only the city is known, or the place has no
coordinate yet) are kept apart for the "place not reported / not located" list.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.provenance import is_guess
from dashboard.schema import LIST_SEPARATOR
from dashboard.vocabulary import type_rank

PLACE_COLUMNS: tuple[str, ...] = (
    "place_id",
    "name",
    "lat",
    "lon",
    "precision",
    "line",
    "count",
    "main_type",
    "guess",
)
"""Columns of :attr:`MapSummary.places`. ``count`` is every event there, whatever its type
(an event of a type we do not know, or of none, counts like any other); ``main_type`` is the
most frequent type ('' when that is "not given"); ``guess``: the point is a geocoder's answer
no person has checked (:func:`dashboard.provenance.is_guess`)."""


@dataclass(frozen=True)
class MapSummary:
    """The map's view of a selection."""

    places: pd.DataFrame
    """One row per drawn place (see ``PLACE_COLUMNS``), most events first."""
    unlocated: pd.DataFrame
    """The selected events that are not drawn, newest first (same columns as the events)."""
    total: int
    """Number of events in the selection, drawn or not."""

    @property
    def drawn(self) -> int:
        """Number of events drawn on the map."""
        return int(self.places["count"].sum()) if len(self.places) else 0


def parse_line(text: str) -> list[list[float]]:
    """A places.csv ``line`` ('lat lon|lat lon|...') as ``[[lat, lon], ...]``; '' gives []."""
    points = []
    for item in text.split(LIST_SEPARATOR) if text else ():
        lat, lon = item.split()
        points.append([float(lat), float(lon)])
    return points


def summarise(events: pd.DataFrame, places: pd.DataFrame) -> MapSummary:
    """Aggregate joined, filtered events into places to draw and events to list.

    events: a frame from the loader (``located``, ``lat``, ``lon``, ``place_name``,
    ``place_precision`` are used). places: the places table (for street lines).
    """
    located = events["located"].to_numpy(dtype=bool)
    # Only the columns the map needs: copying whole rows dominates the time at 100,000 events.
    drawn = events.loc[
        located, ["place_id", "event_type", "place_name", "lat", "lon", "place_precision"]
    ]
    unlocated = events[~located].sort_values(["date", "event_id"], ascending=[False, True])

    by_type = (
        drawn.assign(event_type=drawn["event_type"].fillna(""))
        .groupby(["place_id", "event_type"], sort=False)
        .size()
    )
    firsts = drawn.groupby("place_id", sort=False)[
        ["place_name", "lat", "lon", "place_precision"]
    ].first()
    out = firsts.join(by_type.groupby(level="place_id").sum().rename("count").astype("int64"))
    out["main_type"] = main_types(by_type).reindex(out.index)
    lines = places.set_index("place_id")["line"] if len(places) else pd.Series(dtype=object)
    out["line"] = out.index.map(lambda pid: parse_line(lines.get(pid, "") or ""))
    blank = pd.Series("", index=places.index, dtype=object)
    guesses = {
        pid: is_guess(source, verified)
        for pid, source, verified in zip(
            places["place_id"] if len(places) else (),
            places.get("coord_source", blank),
            places.get("verified", blank),
        )
    }
    out["guess"] = [guesses.get(pid, False) for pid in out.index]
    out = out.rename(columns={"place_name": "name", "place_precision": "precision"})
    out = out.reset_index().sort_values(["count", "place_id"], ascending=[False, True])
    out = out.reset_index(drop=True)[list(PLACE_COLUMNS)]
    return MapSummary(places=out, unlocated=unlocated, total=len(events))


def main_types(by_type: pd.Series) -> pd.Series:
    """The most frequent type per place from (place_id, event_type) counts; ties go to our own
    types in schema order, then by name (:func:`dashboard.vocabulary.type_rank`)."""
    if by_type.empty:
        return pd.Series([], dtype=object)
    frame = by_type.rename("n").reset_index()
    ranks = {t: i for i, t in enumerate(sorted(frame["event_type"].unique(), key=type_rank))}
    frame["rank"] = frame["event_type"].map(ranks)
    frame = frame.sort_values(["n", "rank"], ascending=[False, True], kind="stable")
    return frame.drop_duplicates("place_id").set_index("place_id")["event_type"].astype(object)


def events_at(events: pd.DataFrame, place_id: str) -> pd.DataFrame:
    """The events at ``place_id``, newest first."""
    here = events[events["place_id"] == place_id]
    return here.sort_values(["date", "event_id"], ascending=[False, True])
