"""What a link (the page's URL) says about the view, read and written as readable values.

Pure functions, no streamlit. A link carries the date range as two ``dates`` values,
``?dates=2024-02-02&dates=2024-02-09``. Links are typed by hand, shortened, copied from old
versions of the app (which wrote microseconds since 1970) and sent between people whose data
differs, so reading one never fails: a range that reaches outside the data is clamped to it,
reversed ends are swapped, and an unreadable one falls back to the default; each case comes
with one line that says what happened.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from dashboard.errors import show_value
from dashboard.i18n import ENGLISH, Lang

DateRange = tuple[dt.date, dt.date]

EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class LinkDates:
    """The range a link asks for, as the page will use it, and what was changed on the way."""

    dates: DateRange
    note: str | None = None
    """One line for the viewer when the link's range could not be used as it was, else None."""


def parse_day(text: str) -> dt.date | None:
    """A day from a link: ``YYYY-MM-DD`` (also with a time after it), or the microseconds since
    1970 that earlier versions wrote; None when it is neither."""
    text = text.strip()
    if text.lstrip("-").isdigit() and len(text) > 10:
        try:
            return (EPOCH + dt.timedelta(microseconds=int(text))).date()
        except OverflowError:
            return None
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


def day_text(day: dt.date) -> str:
    return day.isoformat()


def range_text(dates: DateRange, lang: Lang = ENGLISH) -> str:
    return lang._("{first} to {last}", first=day_text(dates[0]), last=day_text(dates[1]))


def read_dates(
    values: Sequence[str], bounds: DateRange, default: DateRange, lang: Lang = ENGLISH
) -> LinkDates:
    """The date range for the link's ``dates`` values, within ``bounds`` (the data's days),
    and the note in ``lang``.

    No values: the default, silently. Not two readable days: the default, with a note. Ends
    reversed: swapped. Partly outside the data: clamped to it. Wholly outside: the default.
    """
    if not values:
        return LinkDates(default)
    days = [parse_day(v) for v in values]
    if len(days) != 2 or None in days:
        shown = ", ".join(show_value(v) for v in values[:3])
        return LinkDates(
            default,
            lang._(
                "The link's dates ({shown}) could not be read as two days (YYYY-MM-DD): "
                "showing {range}.",
                shown=shown,
                range=range_text(default, lang),
            ),
        )
    start, end = days[0], days[1]
    notes = []
    if start > end:
        start, end = end, start
        notes.append(
            lang._(
                "The link's dates were in reverse order: read as {range}.",
                range=range_text((start, end), lang),
            )
        )
    first, last = bounds
    if end < first or start > last:
        notes.append(
            lang._(
                "The link asks for {asked}, but the data runs from {bounds}: showing {shown}.",
                asked=range_text((start, end), lang),
                bounds=range_text(bounds, lang),
                shown=range_text(default, lang),
            )
        )
        return LinkDates(default, " ".join(notes))
    clamped = (max(start, first), min(end, last))
    if clamped != (start, end):
        notes.append(
            lang._(
                "The link asks for {asked}; the data runs from {bounds}: showing {shown}.",
                asked=range_text((start, end), lang),
                bounds=range_text(bounds, lang),
                shown=range_text(clamped, lang),
            )
        )
    return LinkDates(clamped, " ".join(notes) or None)


def dates_values(dates: DateRange, default: DateRange) -> list[str]:
    """The ``dates`` values a link to ``dates`` carries: none for the default range."""
    return [] if tuple(dates) == tuple(default) else [day_text(d) for d in dates]


def clamp(dates: Sequence[dt.date], bounds: DateRange) -> DateRange:
    """``dates`` within ``bounds``, in order (a range kept from other data may lie outside)."""
    first, last = bounds
    start, end = sorted(min(max(d, first), last) for d in dates)
    return start, end
