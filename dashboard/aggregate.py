"""What the map draws for a selection of events: one row per located place.

Pure pandas, so it stays fast at 100,000 events: the map gets one feature per place, never one
per event. Events that cannot be drawn honestly (only the city is known, or the place has no
coordinate yet) are kept apart for the "place not reported / not located" list.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.schema import EVENT_TYPES, LIST_SEPARATOR

PLACE_COLUMNS: tuple[str, ...] = (
    "place_id",
    "name",
    "lat",
    "lon",
    "precision",
    "line",
    "count",
    *(f"count_{t}" for t in EVENT_TYPES),
    "main_type",
)
"""Columns of :attr:`MapSummary.places`; ``count_<type>`` for each event type."""


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

    counts = (
        drawn.groupby(["place_id", "event_type"], sort=False)
        .size()
        .unstack(fill_value=0)
        .reindex(columns=list(EVENT_TYPES), fill_value=0)
    )
    counts.columns = [f"count_{t}" for t in EVENT_TYPES]
    firsts = drawn.groupby("place_id", sort=False)[
        ["place_name", "lat", "lon", "place_precision"]
    ].first()
    out = firsts.join(counts)
    out["count"] = counts.sum(axis=1).astype("int64")
    type_counts = counts.to_numpy()
    out["main_type"] = (
        np.asarray(EVENT_TYPES, dtype=object)[type_counts.argmax(axis=1)]
        if len(out)
        else pd.Series([], dtype=object)
    )
    lines = places.set_index("place_id")["line"] if len(places) else pd.Series(dtype=object)
    out["line"] = out.index.map(lambda pid: parse_line(lines.get(pid, "") or ""))
    out = out.rename(columns={"place_name": "name", "place_precision": "precision"})
    out = out.reset_index().sort_values(["count", "place_id"], ascending=[False, True])
    out = out.reset_index(drop=True)[list(PLACE_COLUMNS)]
    return MapSummary(places=out, unlocated=unlocated, total=len(events))


def events_at(events: pd.DataFrame, place_id: str) -> pd.DataFrame:
    """The events at ``place_id``, newest first."""
    here = events[events["place_id"] == place_id]
    return here.sort_values(["date", "event_id"], ascending=[False, True])
