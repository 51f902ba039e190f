"""The timeline: events per day, week or month over the selected range, by type (Altair).

Bars are counted here, not in the browser, at a grain that suits the range: days for a few
months, weeks up to three years, months beyond. Seven years of daily bars were thousands of
marks, one pixel wide, that the browser redrew on every date change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import altair as alt
import pandas as pd

from dashboard import vocabulary
from dashboard.i18n import ENGLISH, N_, Lang
from dashboard.schema import EVENT_TYPES

DAYS_BY_DAY = 120
"""Longest range (days) drawn with a bar per day."""
DAYS_BY_WEEK = 3 * 366
"""Longest range (days) drawn with a bar per week (Monday to Sunday); longer: per month."""
TITLES = {
    "day": N_("Events per day"),
    "week": N_("Events per week"),
    "month": N_("Events per month"),
}
GRAIN_NAMES = {"day": N_("Day"), "week": N_("Week"), "month": N_("Month")}


def grain(start: dt.date, end: dt.date) -> str:
    """``day``, ``week`` or ``month``: what one bar counts for the range ``start``-``end``."""
    days = (end - start).days + 1
    if days <= DAYS_BY_DAY:
        return "day"
    return "week" if days <= DAYS_BY_WEEK else "month"


def period_bounds(dates: pd.Series, unit: str) -> tuple[pd.Series, pd.Series]:
    """The first day of each date's period and the day after its last."""
    if unit == "day":
        first = dates.dt.normalize()
        return first, first + pd.Timedelta(days=1)
    if unit == "week":
        first = dates.dt.normalize() - pd.to_timedelta(dates.dt.day_of_week, unit="D")
        return first, first + pd.Timedelta(days=7)
    first = dates.dt.to_period("M").dt.start_time
    return first, first + pd.offsets.MonthBegin(1)


def period_label(first: pd.Timestamp, after: pd.Timestamp, unit: str, lang: Lang = ENGLISH) -> str:
    """The period's name for the tooltip: a day, a week from Monday to Sunday, a month."""
    if unit == "day":
        return lang.date(first)
    if unit == "week":
        last = after - pd.Timedelta(days=1)
        return lang._("{first} to {last}", first=lang.date(first), last=lang.date(last))
    return lang.month(first)


def counts(
    events: pd.DataFrame,
    unit: str = "day",
    colours: Mapping[str, str] | None = None,
    lang: Lang = ENGLISH,
) -> pd.DataFrame:
    """Columns ``date`` (first day of the period), ``end`` (the day after it), ``period``
    (its name), ``type`` (the legend's label: types without a colour of their own, and
    events without a type, are counted as ``vocabulary.OTHER_LABEL``), ``events``: one row per
    period and type with events. ``colours``: the dataset's (default: our five types')."""
    colours = vocabulary.KNOWN_COLOURS if colours is None else colours
    columns = ["date", "end", "period", "type", "events"]
    if events.empty:
        return pd.DataFrame({c: pd.Series([], dtype=object) for c in columns})
    first, after = period_bounds(events["date"], unit)
    groups = {
        t: vocabulary.legend_group(t, colours, lang)
        for t in events["event_type"].fillna("").unique()
    }
    frame = pd.DataFrame(
        {"date": first, "end": after, "type": events["event_type"].fillna("").map(groups)}
    )
    out = frame.groupby(["date", "end", "type"]).size().rename("events").reset_index()
    out["period"] = [period_label(f, a, unit, lang) for f, a in zip(out["date"], out["end"])]
    return out[columns]


def title(start: dt.date, end: dt.date, lang: Lang = ENGLISH) -> str:
    """The heading above the chart: ``Events per day`` (or week, month)."""
    return lang._(TITLES[grain(start, end)])


def date_format(start: dt.date, end: dt.date) -> str:
    """Axis labels: days for a few months, months and years beyond."""
    return "%d %b" if (end - start).days <= DAYS_BY_DAY else "%b %Y"


def time_locale(lang: Lang = ENGLISH) -> alt.Locale:
    """Month and day names and number separators for the chart (Vega's d3 locale, from CLDR
    via Babel). Without it Vega writes English month names on every page."""
    loc = lang.locale
    days = loc.days["format"]  # Monday = 0; d3 starts on Sunday
    week = [6, 0, 1, 2, 3, 4, 5]
    symbols = loc.number_symbols["latn"]
    periods = loc.day_periods["format"]["abbreviated"]
    return alt.Locale(
        number=alt.NumberLocale(
            decimal=symbols["decimal"],
            thousands=symbols["group"],
            grouping=[3],
            currency=["", ""],
        ),
        time=alt.TimeLocale(
            dateTime="%x, %X",
            date="%d.%m.%Y",
            time="%H:%M:%S",
            periods=[periods.get("am", "AM"), periods.get("pm", "PM")],
            days=[days["wide"][d] for d in week],
            shortDays=[days["abbreviated"][d] for d in week],
            months=[loc.months["stand-alone"]["wide"][m] for m in range(1, 13)],
            shortMonths=[loc.months["format"]["abbreviated"][m] for m in range(1, 13)],
        ),
    )


def timeline_chart(
    events: pd.DataFrame,
    start: dt.date,
    end: dt.date,
    lang: Lang = ENGLISH,
    *,
    types: tuple[str, ...] | None = None,
    colours: Mapping[str, str] | None = None,
) -> alt.Chart:
    """A bar per day, week or month (stacked by type) from ``start`` to ``end``, its words in
    ``lang``; ``types`` (most events first) and ``colours`` are the dataset's, as in the map's
    legend."""
    unit = grain(start, end)
    colours = vocabulary.KNOWN_COLOURS if colours is None else colours
    if types is None:  # ours, then any other the events have
        found = vocabulary.type_order(events["event_type"])
        types = EVENT_TYPES + tuple(t for t in found if t not in EVENT_TYPES)
    rows = vocabulary.legend_types(types, colours, lang)
    labels = [label for label, _ in rows]
    colour_range = [c for _, c in rows]
    last = pd.Timestamp(end) + pd.Timedelta(days=1)
    domain = [pd.Timestamp(start).isoformat(), last.isoformat()]
    return (
        alt.Chart(counts(events, unit, colours, lang))
        .mark_bar(stroke="white", strokeWidth=0.5)
        .encode(
            x=alt.X(
                "date:T",
                title=None,
                scale=alt.Scale(domain=domain),
                axis=alt.Axis(format=date_format(start, end), labelOverlap=True),
            ),
            x2="end:T",
            y=alt.Y("sum(events):Q", title=lang._("Events"), axis=alt.Axis(tickMinStep=1)),
            color=alt.Color(
                "type:N",
                title=lang._("Type"),
                scale=alt.Scale(domain=labels, range=colour_range),
                legend=alt.Legend(orient="top"),
            ),
            tooltip=[
                alt.Tooltip("period:N", title=lang._(GRAIN_NAMES[unit])),
                alt.Tooltip("type:N", title=lang._("Type")),
                alt.Tooltip("sum(events):Q", title=lang._("Events")),
            ],
        )
        .properties(height=200)
        .configure(locale=time_locale(lang))
    )
