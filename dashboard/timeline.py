"""The timeline: events per day over the selected range, coloured by type (Altair)."""

from __future__ import annotations

import datetime as dt

import altair as alt
import pandas as pd

from dashboard.mapview import TYPE_COLOURS, TYPE_LABELS
from dashboard.schema import EVENT_TYPES


def daily_counts(events: pd.DataFrame) -> pd.DataFrame:
    """Columns ``date``, ``type`` (label), ``events``: one row per day and type with events."""
    if events.empty:
        empty = {"date": pd.Series([], dtype="datetime64[ns]"), "type": [], "events": []}
        return pd.DataFrame(empty)
    counts = events.groupby(["date", "event_type"]).size().rename("events").reset_index()
    counts["type"] = counts["event_type"].map(TYPE_LABELS).fillna(counts["event_type"])
    return counts[["date", "type", "events"]]


def date_format(start: dt.date, end: dt.date) -> str:
    """Axis labels: days for a few months, months and years beyond."""
    return "%d %b" if (end - start).days <= 120 else "%b %Y"


def timeline_chart(events: pd.DataFrame, start: dt.date, end: dt.date) -> alt.Chart:
    """A bar per day (stacked by type) from ``start`` to ``end``."""
    labels = [TYPE_LABELS[t] for t in EVENT_TYPES]
    colours = [TYPE_COLOURS[t] for t in EVENT_TYPES]
    last = pd.Timestamp(end) + pd.Timedelta(days=1)
    domain = [pd.Timestamp(start).isoformat(), last.isoformat()]
    return (
        alt.Chart(daily_counts(events))
        .mark_bar()
        .encode(
            x=alt.X(
                "date:T",
                title=None,
                scale=alt.Scale(domain=domain),
                axis=alt.Axis(format=date_format(start, end), labelOverlap=True),
            ),
            y=alt.Y("sum(events):Q", title="Events", axis=alt.Axis(tickMinStep=1)),
            color=alt.Color(
                "type:N",
                title="Type",
                scale=alt.Scale(domain=labels, range=colours),
                legend=alt.Legend(orient="top"),
            ),
            tooltip=[
                alt.Tooltip("date:T", title="Date", format="%Y-%m-%d"),
                alt.Tooltip("type:N", title="Type"),
                alt.Tooltip("sum(events):Q", title="Events"),
            ],
        )
        .properties(height=200)
    )
