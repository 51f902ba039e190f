"""Turning a format's rows into a :class:`~dashboard.loader.Dataset` the page shows."""

from __future__ import annotations

import pandas as pd

from dashboard import schema
from dashboard.errors import Problem
from dashboard.loader import (
    Dataset,
    empty_frame,
    join_events,
)


def concat(frame: pd.DataFrame, rows: list[dict[str, object]]) -> pd.DataFrame:
    if not rows:
        return frame
    extra = pd.DataFrame(rows, columns=frame.columns).astype(frame.dtypes.to_dict())
    return pd.concat([frame, extra], ignore_index=True)


def sort_problems(problems: list[Problem], header: list[str] = ()) -> tuple[Problem, ...]:
    """By line, then in the order of the file's columns."""
    order = {name: i for i, name in enumerate(header)}
    return tuple(sorted(problems, key=lambda p: (p.line or 0, order.get(p.column, -1))))


def uploaded_dataset(
    base: Dataset,
    events: pd.DataFrame,
    filename: str,
    problems: tuple[Problem, ...],
    *,
    places: pd.DataFrame | None = None,
    sources: pd.DataFrame | None = None,
) -> Dataset:
    """The uploaded ``events`` joined with the bundled tables (or ``places``/``sources``
    extended by the file), as the page shows any dataset."""
    places = base.places if places is None else places
    sources = base.sources if sources is None else sources
    return Dataset(
        events=join_events(events, places, base.people),
        places=places,
        people=base.people,
        sources=sources,
        problems=tuple(problems),
        location=filename,
    )


def empty_dataset(base: Dataset, filename: str, problems: tuple[Problem, ...]) -> Dataset:
    return uploaded_dataset(base, empty_frame(schema.EVENTS), filename, problems)
