"""Playback: the events of a date range played step by step (a day, a week or a month) in the
map frame, with no script rerun per frame.

Pure functions and folium elements; ``static/js/playback.js`` plays. The server sends, with the
places layer, each drawn place's event days (:func:`place_days`); the frame's script shows the
places of the current step and fades the ones before it. When the reader pauses or steps, the
script reports the position once, as a click whose feature carries only a ``playback``
property (:func:`reported_position`): the page then sets the slider to what the map shows
(:func:`shown_range`) and keeps the position in the link (``?at=YYYY-MM-DD&step=week``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from branca.element import MacroElement
from jinja2 import Template

from dashboard.escape import js_json
from dashboard.i18n import ENGLISH, N_, Lang

DateRange = tuple[dt.date, dt.date]

STEPS: tuple[str, ...] = ("day", "week", "month")
"""How far one step of playback goes (the link's ``step`` values)."""
STEP_LABELS: dict[str, str] = {"day": N_("Day"), "week": N_("Week"), "month": N_("Month")}
SPEEDS: tuple[float, ...] = (0.5, 1.0, 2.0, 4.0)
"""Playback speeds offered; 1 is one step a second."""
FRAME_MS = 1000
"""How long one step shows at speed 1."""
DAY_STEPS_UP_TO = 62
"""Ranges of up to this many days play a day at a time by default (the February 2024 wave)."""
WEEK_STEPS_UP_TO = 731
"""Up to two years: a week at a time; longer ranges a month at a time."""

AT_KEY = "at"
"""The link's key for the paused step's first day (``YYYY-MM-DD``)."""
STEP_KEY = "step"
"""The link's key for the step size (``day``, ``week``, ``month``)."""
REPORT_PROPERTY = "playback"
"""playback.js reports a pause as a click on a feature with only this property set."""

CONTROL_WORDS: dict[str, str] = {
    "label": N_("Playback over time"),
    "play": N_("Play"),
    "pause": N_("Pause"),
    "back": N_("Step back"),
    "forward": N_("Step forward"),
    "position": N_("Position"),
    "speed": N_("Speed"),
    "step": N_("Step"),
    "keys": N_("Space plays or pauses; the arrow keys step back and forward."),
}
"""The control's words (plain text, set with textContent in the frame)."""


def default_step(span: DateRange) -> str:
    """The step that plays ``span`` in a sensible number of frames: day, week or month."""
    days = (span[1] - span[0]).days + 1
    if days <= DAY_STEPS_UP_TO:
        return "day"
    return "week" if days <= WEEK_STEPS_UP_TO else "month"


def _next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def step_starts(span: DateRange, step: str) -> list[dt.date]:
    """The first day of each step of ``span``: every day; every 7th day from the first; the
    first day, then the 1st of each month after it. playback.js counts the same way."""
    first, last = span
    starts = [first]
    while True:
        here = starts[-1]
        if step == "day":
            following = here + dt.timedelta(days=1)
        elif step == "week":
            following = here + dt.timedelta(days=7)
        elif step == "month":
            following = _next_month(here)
        else:
            raise ValueError(f"Expected a step of {', '.join(STEPS)}, instead got: {step!r}")
        if following > last:
            return starts
        starts.append(following)


def step_of(span: DateRange, step: str, day: dt.date) -> dt.date:
    """The first day of the step of ``span`` that holds ``day`` (clamped to the span)."""
    starts = step_starts(span, step)
    day = min(max(day, span[0]), span[1])
    return [s for s in starts if s <= day][-1]


def step_end(span: DateRange, step: str, at: dt.date) -> dt.date:
    """The last day of the step that starts at ``at``."""
    later = [s for s in step_starts(span, step) if s > at]
    return later[0] - dt.timedelta(days=1) if later else span[1]


@dataclass(frozen=True)
class Position:
    """Where playback rests: the range it plays over, the step size, the step's first day."""

    span: DateRange
    step: str
    at: dt.date

    def shown(self) -> DateRange:
        """The dates the map shows at this position: the span's first day to the step's last
        (the step bright, the days before it faded): the slider is set to this."""
        return self.span[0], step_end(self.span, self.step, self.at)

    def link_values(self) -> dict[str, str]:
        """The link's values for this position."""
        return {AT_KEY: self.at.isoformat(), STEP_KEY: self.step}


def _day(value: object) -> dt.date | None:
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def position(
    span: DateRange, at: object, step: object, bounds: DateRange | None = None
) -> Position | None:
    """The position a link or a report asks for, over ``span`` (clamped to ``bounds``), or
    None when ``at`` is not a readable day. An unknown ``step`` is the span's default; a day
    inside a step is read as that step."""
    day = _day(at)
    if day is None:
        return None
    if bounds is not None:
        first, last = bounds
        span = (min(max(span[0], first), last), max(min(span[1], last), first))
    if span[0] > span[1]:
        return None
    step_name = step if isinstance(step, str) and step in STEPS else default_step(span)
    return Position(span, step_name, step_of(span, step_name, day))


def reported_position(result: Mapping[str, Any] | None) -> tuple[str, Position] | None:
    """The pause the map reported in st_folium's value (``last_active_drawing``), as
    (report id, position); None when the last "click" is not a report or cannot be read."""
    drawing = (result or {}).get("last_active_drawing")
    props = drawing.get("properties") if isinstance(drawing, Mapping) else None
    report = props.get(REPORT_PROPERTY) if isinstance(props, Mapping) else None
    if not isinstance(report, Mapping):
        return None
    start, end = _day(report.get("start")), _day(report.get("end"))
    ident = report.get("id")
    if start is None or end is None or start > end or not isinstance(ident, str):
        return None
    found = position((start, end), report.get("at"), report.get("step"))
    return (ident, found) if found is not None else None


def place_days(events: pd.DataFrame, start: dt.date) -> dict[str, list[Any]]:
    """Each drawn place's event days, for the frame: ``{"ids": [place_id, ...], "days":
    [[d0, d1 - d0, ...], ...]}``: days since ``start``, sorted, each after the first as the
    difference from the one before (small numbers: a short payload at 100,000 events)."""
    located = events["located"].to_numpy(dtype=bool)
    if not located.any():
        return {"ids": [], "days": []}
    ids = events["place_id"].to_numpy()[located]
    days = (
        (events["date"].to_numpy()[located] - np.datetime64(start, "D")) // np.timedelta64(1, "D")
    ).astype(np.int64)
    order = np.lexsort((days, ids))
    ids, days = ids[order], days[order]
    cuts = np.flatnonzero(ids[1:] != ids[:-1]) + 1
    out_ids = [str(ids[0])] + [str(ids[c]) for c in cuts]
    out_days = []
    for chunk in np.split(days, cuts):
        out_days.append([int(chunk[0]), *np.diff(chunk).tolist()])
    return {"ids": out_ids, "days": out_days}


def layer_spec(events: pd.DataFrame, span: DateRange, at: Position | None = None) -> dict[str, Any]:
    """What playback.js gets with the places layer: the span (``YYYY-MM-DD``), the step, the
    paused position (None: not playing, everything shown) and each place's days."""
    return {
        "start": span[0].isoformat(),
        "end": span[1].isoformat(),
        "step": at.step if at is not None else default_step(span),
        "at": at.at.isoformat() if at is not None else None,
        **place_days(events, span[0]),
    }


def control_spec(lang: Lang = ENGLISH) -> dict[str, Any]:
    """The control's fixed words in ``lang``, the steps and the speeds: the same on every
    rerun, so the base map stays mounted."""
    return {
        "words": {key: lang._(words) for key, words in CONTROL_WORDS.items()},
        "steps": [[name, lang._(STEP_LABELS[name])] for name in STEPS],
        "speeds": [[speed, f"{speed:g}×"] for speed in SPEEDS],
        "frameMs": FRAME_MS,
        "counts": {"lang": lang.code, "patterns": count_patterns(lang)},
    }


COUNT_SINGULAR, COUNT_PLURAL = "{n} event", "{n} events"
"""A place's count, as the places layer words it (:func:`dashboard.mapview.place_features`)."""


def count_patterns(lang: Lang = ENGLISH) -> dict[str, str]:
    """``{n} events`` in ``lang`` for each CLDR plural category of whole numbers (``one``,
    ``few``, ``many``, ``other``): the frame picks one with ``Intl.PluralRules`` as a marker's
    count changes during playback, and puts the number in place of ``{n}``."""
    patterns: dict[str, str] = {}
    for sample in range(0, 200):
        category = lang.locale.plural_form(sample)
        if category not in patterns:
            patterns[category] = lang.catalogue.ngettext(COUNT_SINGULAR, COUNT_PLURAL, sample)
    patterns.setdefault("other", lang.catalogue.ngettext(COUNT_SINGULAR, COUNT_PLURAL, 5))
    return patterns


class PlaybackControl(MacroElement):
    """The play/pause, step, speed and step-size control on the base map (stable)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        window.protestPlayback.addControl({{ this._parent.get_name() }}, {{ this.spec_json }});
        {% endmacro %}
        """
    )

    def __init__(self, spec: Mapping[str, Any]):
        super().__init__()
        self._name = "PlaybackControl"
        self.spec_json = js_json(dict(spec))


class PlaybackData(MacroElement):
    """The places' days, given to the control for the places layer ``places`` (a folium
    element whose script defines the Leaflet layer under its name)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        window.protestPlayback.setLayer({{ this.places.get_name() }}, {{ this.spec_json }});
        {% endmacro %}
        """
    )

    def __init__(self, places: MacroElement, spec: Mapping[str, Any]):
        super().__init__()
        self._name = "PlaybackData"
        self.places = places
        self.spec_json = js_json(dict(spec))


def add_to_layer(group: Any, spec: Mapping[str, Any]) -> None:
    """Give the places layer in ``group`` (from :func:`dashboard.mapview.place_layer`) its
    days, after it (its script runs once the layer exists)."""
    places = [child for child in group._children.values() if child._name == "PlacesGeoJson"]
    if not places:
        raise ValueError("Expected a places layer (PlacesGeoJson) in the group, found none")
    PlaybackData(places[0], spec).add_to(group)


def link_position(
    params: Mapping[str, Sequence[str]], span: DateRange, bounds: DateRange
) -> Position | None:
    """The position a link's ``at`` and ``step`` ask for over ``span`` (its ``dates``), or
    None."""
    at = params.get(AT_KEY) or []
    step = params.get(STEP_KEY) or []
    return position(span, at[0] if at else None, step[0] if step else None, bounds)
