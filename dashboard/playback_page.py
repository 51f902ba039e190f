"""Playback on the page: where it rests, kept in session state and in the link.

The only streamlit code of playback (:mod:`dashboard.playback` builds, ``static/js/playback.js``
plays). While playback rests at a step, the slider shows what the map shows (the range's first
day to the step's last), the link carries the whole range in ``dates`` and the step in ``at``
and ``step``, and the map is given every event of the range so that playing can go on.
Moving the slider or a date button ends it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import streamlit as st

from dashboard import playback
from dashboard.playback import Position

STATE_KEY = "playback"
"""Session state: the :class:`~dashboard.playback.Position` playback rests at, or None."""
SEEN_KEY = "playback_seen"
"""Session state: the id of the last report from the map that was applied."""
PENDING_KEY = "playback_pending"
"""Session state: a report taken in the map's fragment, for the next run of the page."""
DATES_KEY = "dates"
"""The date slider's key."""


def init(bounds: playback.DateRange) -> Position | None:
    """Before the slider is drawn: the position from the link (a session's first run), or a
    new one the map reported; the slider is set to what it shows. A slider the reader moved
    since ends playback. Returns where playback rests."""
    state = st.session_state
    fresh = False
    if STATE_KEY not in state:
        params = {key: st.query_params.get_all(key) for key in (playback.AT_KEY, playback.STEP_KEY)}
        state[STATE_KEY] = playback.link_position(params, tuple(state[DATES_KEY]), bounds)
        state[SEEN_KEY] = None
        fresh = state[STATE_KEY] is not None
    reported = state.pop(PENDING_KEY, None) or playback.reported_position(state.get("map"))
    if reported is not None and reported[0] != state[SEEN_KEY]:
        state[SEEN_KEY] = reported[0]
        report = reported[1]
        at_day = report.at.isoformat()
        state[STATE_KEY] = playback.position(report.span, at_day, report.step, bounds)
        fresh = state[STATE_KEY] is not None
    at: Position | None = state[STATE_KEY]
    if at is not None and tuple(state[DATES_KEY]) != at.shown():
        if fresh:
            state[DATES_KEY] = at.shown()
        else:  # the reader moved the slider or pressed a date button
            state[STATE_KEY] = at = None
    return at


def current() -> Position | None:
    """Where playback rests in this run (after :func:`init`)."""
    return st.session_state.get(STATE_KEY)


def take_report(result: Mapping[str, Any] | None) -> bool:
    """Whether the map reported a position not applied yet; it is kept for the next run of the
    whole page (the slider is outside the map's fragment), which applies it in :func:`init`."""
    reported = playback.reported_position(result)
    if reported is None or reported[0] == st.session_state.get(SEEN_KEY):
        return False
    st.session_state[PENDING_KEY] = reported
    return True


def write_link(at: Position | None) -> None:
    """Keep the link's ``at`` and ``step`` at the position (none when not resting at one)."""
    wanted = at.link_values() if at is not None else {}
    for key in (playback.AT_KEY, playback.STEP_KEY):
        if key in wanted:
            if st.query_params.get(key) != wanted[key]:
                st.query_params[key] = wanted[key]
        elif key in st.query_params:
            st.query_params.pop(key, None)


def forget() -> None:
    """A file was opened or closed: no position (its dates are another data's)."""
    st.session_state[STATE_KEY] = None
    for key in (playback.AT_KEY, playback.STEP_KEY):
        st.query_params.pop(key, None)
