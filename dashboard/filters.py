"""Narrowing the events to what the viewer asked for: dates, types, people, free text."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

ACTOR_COLUMNS = ("actor_names", "organisations", "actors_1", "actors_2")
"""The columns whose names the person-or-organisation picker offers and filters by."""


@dataclass(frozen=True)
class Selection:
    """What the viewer asked for. Empty fields do not filter."""

    start: dt.date | None = None
    end: dt.date | None = None
    event_types: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    """Person names or organisation names; an event matches when it involves any of them."""
    text: str = ""
    """Free text: every word must occur (any case) in a name in any spelling, a place name in
    any language, an organisation, the location text or the description."""


def filter_events(events: pd.DataFrame, selection: Selection) -> pd.DataFrame:
    """The events (a joined frame from the loader) that match ``selection``, in date order."""
    mask = np.ones(len(events), dtype=bool)
    dates = events["date"]
    if selection.start is not None:
        mask &= (dates >= pd.Timestamp(selection.start)).to_numpy()
    if selection.end is not None:
        mask &= (dates <= pd.Timestamp(selection.end)).to_numpy()
    if selection.event_types:
        mask &= events["event_type"].isin(selection.event_types).to_numpy()
    if selection.actors:
        wanted = set(selection.actors)
        involves = np.ones(len(events), dtype=bool)
        for column in ACTOR_COLUMNS:
            if column in events:
                involves &= events[column].map(wanted.isdisjoint).to_numpy(dtype=bool)
        mask &= ~involves
    for word in selection.text.lower().split():
        mask &= events["search_text"].str.contains(word, regex=False).to_numpy(dtype=bool)
    return events[mask].sort_values(["date", "event_id"], kind="stable")


def actor_options(events: pd.DataFrame) -> list[str]:
    """Every person and organisation that appears in ``events``, sorted for a picker."""
    names: set[str] = set()
    for column in ACTOR_COLUMNS:
        for values in events.get(column, ()):
            names.update(values)
    return sorted(names, key=str.casefold)
