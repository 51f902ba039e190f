"""The dashboard page: the only module that imports streamlit.

Layout: title and context, the ``Showing N of M events`` line, the map with the detail panel
beside it (stacked on a phone), then the timeline, the table and the downloads; the controls
are in the sidebar. A session's first run draws the title, the map and the panel only (the
*first view*); the rest follows in the next run, which the map's frame asks for once its
markers are drawn (see :func:`first_view`). Data text is rendered as text: Markdown escaped by
:mod:`dashboard.escape`, or plain-text elements (``st.text``, ``st.code``, ``st.dataframe``).

Every word is in the viewer's language: the session holds its code (``st.session_state["lang"]``,
mirrored in the URL as ``?lang=``) and each function here takes the :class:`~dashboard.i18n.Lang`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from dashboard import (
    assets,
    export,
    i18n,
    links,
    mapfocus,
    mapview,
    panel,
    playback,
    playback_page,
    sharing,
    timeline,
    vocabulary,
)
from dashboard.aggregate import MapSummary, events_at, summarise
from dashboard.errors import ConfigError, DataError, Problem
from dashboard.escape import js_string, markdown_text
from dashboard.filters import Selection, filter_events
from dashboard.i18n import N_, Lang
from dashboard.loader import Dataset, load_dataset, with_place_names
from dashboard.provenance import is_guess
from dashboard.schema import TABLES
from dashboard.settings import BUNDLED_DATA, DashboardSettings, dashboard_settings
from dashboard.upload import MAX_UPLOAD_BYTES, Upload, read_upload

PAGE_TITLE = N_("Protest map: Almaty")
"""The browser tab's title."""
TITLE = N_("Almaty protest map")
CONTEXT = N_(
    "In February 2024, after Almaty's akimat refused to allow the 8 March women's march, "
    "activists held single pickets across the city. The map shows them and the women's "
    "marches and rallies since 2017, each with its sources."
)
OTHER_PAGE_TITLE = N_("Protest map: {data}")
"""The browser tab's title on other data (a file opened, another data directory)."""
OTHER_TITLE = N_("Protest map")
FILE_CONTEXT = N_(
    "The events of the file {file}, read as {format}: its own event types, places and dates. "
    "The file stays in this browser session."
)
DIRECTORY_CONTEXT = N_(
    "The events of the data directory {directory}: its own event types, places and dates."
)
WAVE = (dt.date(2024, 2, 1), dt.date(2024, 3, 8))
"""The default date range: the February 2024 wave of pickets."""
PANEL_LIMIT = 20
"""Most event cards the panel shows at once (the table and downloads have them all)."""
TABLE_LIMIT = 1_000
"""Most rows the table shows (the newest): every row is sent to the browser on every rerun,
about 15 MB and 4 s of server time for 100,000 events; the downloads have them all."""

DOWNLOADS = (
    (N_("Download CSV"), export.csv_text, "protest-events.csv", "text/csv"),
    (
        N_("Download GeoJSON"),
        export.geojson_text,
        "protest-events.geojson",
        "application/geo+json",
    ),
)
"""The download buttons: label, the export function (the ``export`` command's), file, type."""

STATE_DEFAULTS: dict[str, Any] = {
    "selected_place": None,
    "seen_clicks": 0,
    "upload": None,
    "link_note": None,
}
"""Session state that is not a widget's, initialised in one place (:func:`init_state`)."""
FIRST_VIEW_KEY = "first_view"
"""Where the session's first view stands (:func:`first_view`): absent before its first run,
``DRAWING`` during it, ``WAITING`` for the map's report after it, ``WHOLE`` from then on."""
DRAWING, WAITING, WHOLE = "drawing", "waiting", "whole"
LANG_KEY = "lang"
"""The language switch's key in session state, and the URL parameter that mirrors it."""
FORMATTED_WIDGETS = ("types", "unlocated")
"""Widgets whose options are shown through the language (``format_func``): the browser sends
their value as the shown text, so a language switch re-stores them as values (see
:func:`switch_language`) or the new language would not recognise them."""


@dataclass(frozen=True)
class Heading:
    """What the page is called: the browser tab's title (plain text), the title and the line
    under it (Markdown, data text escaped)."""

    page_title: str
    title: str
    context: str


def heading(settings: DashboardSettings, upload: Upload | None, lang: Lang) -> Heading:
    """Almaty's title and context for the bundled data; for a file or another data directory,
    a title that names no city and a line that names the file (and the format read) or the
    directory, as text."""
    if upload is not None and upload.shape != "none":
        if upload.format_name:
            how = lang._(upload.format_name)
        else:
            how = lang._(SHAPE_FORMATS[upload.shape])
        return Heading(
            page_title=lang._(OTHER_PAGE_TITLE, data=upload.filename),
            title=lang._(OTHER_TITLE),
            context=lang._(
                FILE_CONTEXT,
                file=markdown_text(f"‘{upload.filename}’"),
                format=markdown_text(how),
            ),
        )
    directory = Path(settings.data_dir)
    if directory.resolve() == BUNDLED_DATA.resolve():
        return Heading(lang._(PAGE_TITLE), lang._(TITLE), lang._(CONTEXT))
    name = directory.resolve().name or str(directory)
    return Heading(
        page_title=lang._(OTHER_PAGE_TITLE, data=name),
        title=lang._(OTHER_TITLE),
        context=lang._(DIRECTORY_CONTEXT, directory=markdown_text(f"‘{name}’")),
    )


def show_heading(place: Any, named: Heading) -> None:
    """The tab's title, and the title and context in ``place`` (an ``st.empty``)."""
    st.set_page_config(page_title=named.page_title)
    with place.container():
        st.title(named.title, anchor=False)
        st.caption(named.context)


SHAPE_FORMATS: dict[str, str] = {
    "events": N_("our events format"),
    "table": N_("a table"),
}
"""The format of a file with no version of its own (msgids)."""


def init_state(settings: DashboardSettings) -> None:
    """Session state on a session's first run; the language from the URL, else the
    browser's, else the setting's, written back to the URL so that a shared link keeps it."""
    for key, value in STATE_DEFAULTS.items():
        st.session_state.setdefault(key, value)
    if LANG_KEY not in st.session_state:
        st.session_state[LANG_KEY] = i18n.first_language(
            st.query_params.get(LANG_KEY), st.context.locale, settings.language
        )
    if st.query_params.get(LANG_KEY) != st.session_state[LANG_KEY]:
        st.query_params[LANG_KEY] = st.session_state[LANG_KEY]


def current_lang() -> Lang:
    return i18n.lang(st.session_state[LANG_KEY])


def switch_language() -> None:
    """The switch moved: the URL follows; dates, filters, the clicked place stay (they are in
    session state), and option widgets are re-stored as values (``FORMATTED_WIDGETS``)."""
    st.query_params[LANG_KEY] = st.session_state[LANG_KEY]
    for key in FORMATTED_WIDGETS:
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]


def language_switch() -> None:
    """The switch at the top of the sidebar: each language named in itself."""
    with st.sidebar:
        # A select box: the three names side by side do not fit the sidebar's width.
        st.selectbox(
            current_lang()._("Language"),
            options=list(i18n.LANGUAGES),
            format_func=i18n.LANGUAGES.__getitem__,
            key=LANG_KEY,
            on_change=switch_language,
        )


def set_html_lang(lang: Lang) -> None:
    """``<html lang>`` for screen readers, fonts and hyphenation. Streamlit has no API for it:
    a one-line script of ours, inline in the page (nothing loaded from anywhere)."""
    st.html(
        f"<script>document.documentElement.lang = {js_string(lang.code)};</script>",
        unsafe_allow_javascript=True,
    )


def file_stamp(data_dir: str) -> tuple[tuple[str, int, int], ...]:
    """(file, mtime, size) of each table: the cache key that notices edited data files."""
    stamp = []
    for t in TABLES:
        try:
            info = os.stat(os.path.join(data_dir, t.filename))
            stamp.append((t.filename, info.st_mtime_ns, info.st_size))
        except OSError:
            stamp.append((t.filename, -1, -1))
    return tuple(stamp)


@st.cache_data(show_spinner=False, max_entries=4)
def load_cached(data_dir: str, stamp: tuple[tuple[str, int, int], ...]) -> Dataset:
    """The dataset of ``data_dir`` (lenient: good rows and the problems); ``stamp`` keys it."""
    del stamp  # only part of the cache key
    return load_dataset(data_dir, strict=False)


def default_range(first: dt.date, last: dt.date) -> tuple[dt.date, dt.date]:
    """The wave, clipped to the data's dates; the whole range when they do not overlap."""
    start, end = max(WAVE[0], first), min(WAVE[1], last)
    return (start, end) if start <= end else (first, last)


def date_bounds(events: pd.DataFrame, *, wave: bool = True) -> tuple[dt.date, dt.date]:
    """The slider's first and last day: the data's, widened to the whole wave when the data
    covers part of it and ``wave`` (Almaty's data), a one-day span when the data has only one
    day."""
    if events.empty:
        return WAVE
    first, last = events["date"].min().date(), events["date"].max().date()
    if wave and first <= WAVE[1] and last >= WAVE[0]:  # the data covers the wave: offer all of it
        first, last = min(first, WAVE[0]), max(last, WAVE[1])
    return (first, last) if first < last else (first, first + dt.timedelta(days=1))


def set_dates(start: dt.date, end: dt.date) -> None:
    st.session_state["dates"] = (start, end)


def set_date_from_field(key: str, start: dt.date, end: dt.date, which: int) -> None:
    """A From/To field changed: move that end of the range (the ends swap if they cross).

    Only a field drawn for the current range, whose day really differs from the one it was
    drawn with, counts: while the slider moves fast, the browser can report a field of an
    earlier run, and acting on it would pull the range back.
    """
    day = st.session_state.get(key)
    if not isinstance(day, dt.date) or day == (start, end)[which]:
        return
    if tuple(st.session_state.get("dates", ())) != (start, end):
        return
    new = (day, end) if which == 0 else (start, day)
    set_dates(min(new), max(new))


def clear_place() -> None:
    st.session_state["selected_place"] = None


def show_problems(problems: tuple[Problem, ...] | list[Problem], where: str, lang: Lang) -> None:
    """THE place where data problems are shown: a summary and every ``file:line:column``."""
    st.error(
        lang.n_(
            "{n} problem in the data in {where}: the rows concerned are left out, "
            "everything else is shown.",
            "{n} problems in the data in {where}: the rows concerned are left out, "
            "everything else is shown.",
            len(problems),
            where=markdown_text(where),
        )
    )
    with st.expander(lang._("Show the problems")):
        st.code("\n".join(str(p) for p in problems), language=None)


UPLOAD_HELP = N_(
    "A CSV file (comma, semicolon or tab separated; UTF-8, UTF-16 or Windows-1251): an ACLED "
    "or Crowd Counting Consortium export, our events.csv, our CSV download, or any table with "
    "a date column and a place or latitude and longitude. It stays in this browser session: "
    "nothing is saved and no one else sees it. Up to {megabytes} MB."
)


def forget_view() -> None:
    """A file was opened or closed: start from its own dates, nothing clicked or filtered."""
    for key in ("dates", "actors", "types"):
        st.session_state.pop(key, None)
    st.query_params.pop("dates", None)  # the slider is not bound to the URL: this is allowed
    playback_page.forget()
    st.session_state["selected_place"] = None
    st.session_state["upload"] = None


def opened_file(base: Dataset, lang: Lang) -> Upload | None:
    """The viewer's own file from the sidebar, read once per file and kept in this session
    only (``st.session_state``); never written anywhere, never shared with another viewer."""
    with st.sidebar:
        file = st.file_uploader(
            lang._("Open your own file"),
            key="upload_file",
            help=lang._(UPLOAD_HELP, megabytes=MAX_UPLOAD_BYTES // (1024 * 1024)),
            on_change=forget_view,
        )
    if file is None:
        return None
    held = st.session_state["upload"]
    if held is None or held[0] != file.file_id:
        held = (file.file_id, read_upload(file.getvalue(), file.name, base))
        st.session_state["upload"] = held
    return held[1]


def date_setup(dataset: Dataset) -> tuple[bool, links.DateRange, links.DateRange]:
    """Whether the data is Almaty's, the slider's bounds and the default range: Almaty's data
    opens on the February 2024 wave, data from elsewhere on its whole span."""
    almaty = mapview.view_bounds(dataset.events) == mapview.VIEW_BOUNDS
    first, last = date_bounds(dataset.events, wave=almaty)
    return almaty, (first, last), default_range(first, last) if almaty else (first, last)


def first_view(map_view: bool) -> bool:
    """Whether this run draws the first view only: the title, the summary line, the map and
    the panel, without the sidebar's controls, the file opener, the share box, the timeline,
    the table and the downloads.

    A browser draws Streamlit's elements on the same thread as the map's frame (it has the
    page's origin), so each of the page's 40-odd elements delays the markers: with all of them
    the map came 0.4 s after the naive page's (``bench/run.py``). The rest of the page comes in
    the next run, which the map's frame asks for once it has drawn its markers
    (``protestMap.reportDrawn``, enabled by :func:`dashboard.mapview.build_base_map`'s
    ``report_drawn``), or which any other run of the page is. The map-only view has none of
    the rest: it is whole from its first run.
    """
    stage = st.session_state.get(FIRST_VIEW_KEY)
    first = stage is None and not map_view
    st.session_state[FIRST_VIEW_KEY] = DRAWING if first else WHOLE
    return first


def whole_page() -> bool:
    return st.session_state.get(FIRST_VIEW_KEY) == WHOLE


def prepare_dates(
    dataset: Dataset,
) -> tuple[bool, links.DateRange, links.DateRange, playback.Position | None]:
    """Before the slider is drawn: whether the data is Almaty's, the slider's bounds, the
    default range, and where playback rests; the slider's range is set (:func:`init_dates`)."""
    almaty, bounds, default = date_setup(dataset)
    init_dates(bounds, default)
    return almaty, bounds, default, playback_page.init(bounds)


def state_selection(dataset: Dataset) -> Selection:
    """The first view's selection: what the sidebar's controls will show, from the session
    (the link's, on a session's first run), with the link kept as the sidebar keeps it."""
    _, _, default, play = prepare_dates(dataset)
    start, end = st.session_state["dates"]
    write_link_dates(play.span if play is not None else (start, end), default)
    playback_page.write_link(play)
    return Selection(
        start=start,
        end=end,
        event_types=tuple(st.session_state.get("types") or ()),
        actors=tuple(st.session_state.get("actors") or ()),
        text=st.session_state.get("search") or "",
    )


def sidebar(dataset: Dataset, lang: Lang) -> Selection:
    """The controls; returns what the viewer asked for."""
    almaty, (first, last), default, play = prepare_dates(dataset)
    with st.sidebar:
        st.header(lang._("Filters"))
        start, end = st.slider(
            lang._("Dates"),
            min_value=first,
            max_value=last,
            format="YYYY-MM-DD",
            key="dates",
        )
        # While playback rests at a step, the link keeps the range it plays over.
        write_link_dates(play.span if play is not None else (start, end), default)
        playback_page.write_link(play)
        # The slider spans years; these fields set a day exactly. Their keys carry the range,
        # so they show the slider's value after every change of it.
        for label, which in ((N_("From"), 0), (N_("To"), 1)):
            key = f"date-{which}-{start}-{end}"
            st.date_input(
                lang._(label),
                value=(start, end)[which],
                min_value=first,
                max_value=last,
                format="YYYY-MM-DD",
                key=key,
                on_change=set_date_from_field,
                args=(key, start, end, which),
            )
        if almaty:
            left, right = st.columns(2)
            left.button(
                lang._("Feb 2024 wave"),
                on_click=set_dates,
                args=default,
                help=lang._("Back to the default range"),
                width="stretch",
            )
            right.button(
                lang._("Whole history"),
                on_click=set_dates,
                args=(first, last),
                help=lang._("Every event in the data, 2017 onwards"),
                width="stretch",
            )
        else:  # other data opens on its whole span: no wave to go back to
            st.button(
                lang._("Whole history"),
                on_click=set_dates,
                args=(first, last),
                help=lang._("Every event in the data"),
            )
        types = st.multiselect(
            lang._("Event type"),
            options=list(dataset.event_types),
            format_func=lambda t: vocabulary.type_option(t, lang),
            key="types",
            placeholder=lang._("All types"),
        )
        actors = st.multiselect(
            lang._("Person or organisation"),
            options=list(dataset.actors),
            key="actors",
            placeholder=lang._("Anyone"),
        )
        text = st.text_input(
            lang._("Search"),
            key="search",
            placeholder=lang._("name in any spelling, place, words"),
            help=lang._(
                "Every word must occur in a name (any spelling), a place, an organisation, "
                "the location as reported or the description."
            ),
        )
    return Selection(
        start=start, end=end, event_types=tuple(types), actors=tuple(actors), text=text or ""
    )


def init_dates(bounds: links.DateRange, default: links.DateRange) -> None:
    """The slider's range before it is drawn: from the link on a session's first run (or after
    a file was opened), clamped to ``bounds`` on every run (the data may have changed).

    The slider is not bound to the URL (``bind="query-params"``): Streamlit would refuse to
    let the page change or drop the bound key, drop an out-of-range link silently and write
    microseconds; the page reads and writes the ``dates`` values itself (:mod:`dashboard.links`).
    """
    if "dates" not in st.session_state:
        values = st.query_params.get_all("dates")
        read = links.read_dates(values, bounds, default)
        st.session_state["dates"] = read.dates
        # What the link said, not the note's words: they follow a change of language.
        held = (tuple(values), bounds, default, read.dates)
        st.session_state["link_note"] = held if read.note else None
    else:
        # Assigned only when it must change: an assignment is sent to the browser as the
        # slider's new value and would undo a move the viewer made while this run was going.
        clamped = links.clamp(st.session_state["dates"], bounds)
        if clamped != tuple(st.session_state["dates"]):
            st.session_state["dates"] = clamped


def write_link_dates(dates: links.DateRange, default: links.DateRange) -> None:
    """Keep the URL's ``dates`` at the range in use, as ``YYYY-MM-DD`` (none for the default)."""
    wanted = links.dates_values(dates, default)
    if st.query_params.get_all("dates") != wanted:
        if wanted:
            st.query_params["dates"] = wanted
        else:
            st.query_params.pop("dates", None)


def show_link_note(dates: links.DateRange, lang: Lang) -> None:
    """The line that says how a link's dates were read, while its range is still in use."""
    held = st.session_state["link_note"]
    if held is None:
        return
    values, bounds, default, link_range = held
    if tuple(link_range) != tuple(dates):
        st.session_state["link_note"] = None
        return
    note = links.read_dates(list(values), bounds, default, lang).note
    st.info(markdown_text(note), icon="🔗")


def take_click(result: Mapping[str, Any] | None, summary: MapSummary) -> bool:
    """Select the place of a new click in ``result`` (none for Escape on the map); True when
    the selection changed.

    A click is new when st_folium's click counter moved (it may move by 2 for one click), so
    clicking the same marker again after "Back to the overview" selects it again.
    """
    if result is None:  # the map has not reported anything yet
        return False
    count = mapview.click_count(result)
    if count == st.session_state["seen_clicks"]:
        return False
    st.session_state["seen_clicks"] = count
    if mapview.overview_asked(result):  # Escape on the map
        changed = st.session_state["selected_place"] is not None
        st.session_state["selected_place"] = None
        return changed
    place_id = mapview.clicked_place_id(result)
    if place_id is None or place_id not in set(summary.places["place_id"]):
        return False
    changed = st.session_state["selected_place"] != place_id
    st.session_state["selected_place"] = place_id
    return changed


def show_map(
    settings: DashboardSettings,
    summary: MapSummary,
    dataset: Dataset,
    dates: links.DateRange,
    lang: Lang,
    play: dict[str, Any] | None = None,
    shown: MapSummary | None = None,
) -> None:
    """The map: stable base, the places layer passed separately (no remount on changes);
    ``play``: the places' days for playback (:func:`dashboard.playback.layer_spec`);
    ``shown``: the selection, where playback draws a step of ``summary``."""
    # The component's value from the last interaction reaches us (via on_change) before the
    # map is drawn, so the clicked place is outlined in this very run.
    take_click(st.session_state.get("map"), summary)
    st.markdown(panel.map_hint(summary, st.session_state["selected_place"], lang))
    legend = mapview.legend_spec(
        dataset.event_types,
        dataset.type_colours,
        regions=bool((dataset.places["precision"] == "region").any()),
        guesses=any(map(is_guess, dataset.places["coord_source"], dataset.places["verified"])),
        lang=lang,
    )
    base = mapview.build_base_map(
        settings,
        legend,
        mapview.view_bounds(dataset.events),
        lang=lang,
        report_drawn=not sharing.map_only(),
    )
    layer = mapview.place_layer(
        summary,
        st.session_state["selected_place"],
        dataset.type_colours,
        lang=lang,
        dates=dates,
        shown=shown,
    )
    focus = sharing.focus(summary.places, st.session_state["selected_place"])
    if focus is not None:  # a row of the table was picked: the map moves to its place
        mapfocus.FocusPlace(*focus).add_to(layer)
    if play is not None:
        playback.add_to_layer(layer, play)
    result = st_folium(
        base,
        key="map",
        height=mapview.MAP_HEIGHT,
        use_container_width=True,
        feature_group_to_add=layer,
        returned_objects=list(mapview.RETURNED_OBJECTS),
    )
    st.caption(mapview.map_note(lang))
    if playback_page.take_report(result):  # paused or stepped: the slider follows (one run)
        st.rerun()
    if take_click(result, summary):
        st.rerun()


def show_card(card: panel.EventCard, lang: Lang) -> None:
    with st.container(border=True):
        st.markdown(f"**{card.heading}**")
        st.markdown("  \n".join(card.lines))
        if card.dispute:
            st.warning(panel.field_line(lang._("Sources disagree"), card.dispute), icon="⚠️")
        sources = "  \n".join(f"- {s}" for s in card.sources)
        st.markdown(panel.field_line(lang._("Sources"), "") + "  \n" + sources)


def show_cards(events: pd.DataFrame, dataset: Dataset, lang: Lang) -> None:
    cards = panel.event_cards(events.head(PANEL_LIMIT), dataset.people, dataset.sources, lang)
    for card in cards:
        show_card(card, lang)
    if len(events) > PANEL_LIMIT:
        st.caption(
            lang.n_(
                "The {limit} newest of {n} event; the table below and the downloads have them all.",
                "The {limit} newest of {n} events; the table below and the downloads have "
                "them all.",
                len(events),
                limit=lang.number(PANEL_LIMIT),
            )
        )


def show_panel(summary: MapSummary, events: pd.DataFrame, dataset: Dataset, lang: Lang) -> None:
    """The detail panel: the clicked place's events, or an overview of the selection."""
    place_id = st.session_state["selected_place"]
    names = dict(zip(summary.places["place_id"], summary.places["name"]))
    if place_id is not None and place_id not in names:
        st.info(lang._("The place you clicked has no events in the current selection."))
        place_id = None
    if place_id is None:
        st.header(lang._("Overview"))
        st.markdown("  \n".join(panel.overview_lines(summary, events, lang=lang)))
    else:
        here = events_at(events, place_id)
        st.header(markdown_text(names[place_id]), anchor=False)
        here_place = dataset.places[dataset.places["place_id"] == place_id]
        if len(here_place):
            st.caption(panel.point_provenance(here_place.iloc[0].to_dict(), lang))
        st.markdown(
            lang.n_(
                "{n} event here in the selection, newest first.",
                "{n} events here in the selection, newest first.",
                len(here),
            )
        )
        st.button(lang._("Back to the overview"), on_click=clear_place, key="overview")
        show_cards(here, dataset, lang)
    show_unlocated(summary, dataset, lang)


def show_unlocated(summary: MapSummary, dataset: Dataset, lang: Lang) -> None:
    """Events that are not on the map: a list of one line each (the place as the sources word
    it), and the full card of the one the viewer picks. Only that card is built: fifty cards
    made every rerun cost the server 0.7 s and the browser more at 10,000 events."""
    unlocated = summary.unlocated
    st.markdown(
        lang._(
            "**Not on the map: {events}** (place not reported or not located)",
            events=panel.events_word(len(unlocated), lang),
        )
    )
    if unlocated.empty:
        return
    shown = unlocated.head(PANEL_LIMIT)
    labels = {e["event_id"]: panel.unlocated_label(e, lang) for e in shown.to_dict("records")}
    chosen = st.radio(
        lang._("Pick one to read it"),
        options=list(labels),
        format_func=labels.__getitem__,
        index=None,
        key="unlocated",
    )
    if len(unlocated) > PANEL_LIMIT:
        st.caption(
            lang._(
                "The {limit} newest of {n}; the table below and the downloads have them all.",
                limit=lang.number(PANEL_LIMIT),
                n=lang.number(len(unlocated)),
            )
        )
    if chosen in labels:  # None, or an event of an earlier selection: no card
        picked = shown[shown["event_id"] == chosen]
        show_card(panel.event_cards(picked, dataset.people, dataset.sources, lang)[0], lang)


TIMELINE_LABEL = N_("Events over time")
"""The timeline's expander: a label that stays the same whatever the grain (day, week, month),
so a changed date range keeps it open."""
TIMELINE_KEY = "timeline_open"
TABLE_KEY = "table_open"
"""The expanders of the timeline and the table (open or not, in session state)."""


def show_details(events: pd.DataFrame, selection: Selection, dataset: Dataset, lang: Lang) -> None:
    """Timeline, table and downloads of exactly the selection. The timeline and the table are
    drawn only when the reader opens them: the browser loads their code (Vega, the data grid,
    about 2 MB of JavaScript before compression) only for an element it shows, and on a phone
    both are below the map."""
    with st.expander(lang._(TIMELINE_LABEL), key=TIMELINE_KEY, on_change="rerun") as box:
        if box.open:
            show_timeline(events, selection, dataset, lang)
    with st.expander(lang._("Selected events"), key=TABLE_KEY, on_change="rerun") as box:
        if box.open:
            show_table(events, lang)
    # The files are built only when a button is clicked (a callable), never on every rerun.
    for column, (label, build, file_name, mime) in zip(st.columns(2), DOWNLOADS, strict=True):
        column.download_button(
            lang._(label),
            data=functools.partial(build, events, dataset.sources),
            file_name=file_name,
            mime=mime,
            on_click="ignore",
        )


def show_timeline(events: pd.DataFrame, selection: Selection, dataset: Dataset, lang: Lang) -> None:
    """The events per day (week, month) of the selection, by type."""
    st.caption(timeline.title(selection.start, selection.end, lang))
    st.altair_chart(
        timeline.timeline_chart(
            events,
            selection.start,
            selection.end,
            lang,
            types=dataset.event_types,
            colours=dataset.type_colours,
        ),
        width="stretch",
    )


def show_table(events: pd.DataFrame, lang: Lang) -> None:
    """The table of the selection, newest first (at most ``TABLE_LIMIT`` rows); a row picked
    moves the map to its place (``sharing.table_pick``)."""
    st.caption(lang._(sharing.TABLE_HINT))
    newest = events.sort_values(["date", "event_id"], ascending=[False, True])
    st.dataframe(
        panel.table_frame(newest.head(TABLE_LIMIT), lang),
        hide_index=True,
        width="stretch",
        **sharing.table_pick(newest.head(TABLE_LIMIT)),
    )
    if len(events) > TABLE_LIMIT:
        st.caption(
            lang.n_(
                "The {limit} newest of {n} event; the downloads below have them all.",
                "The {limit} newest of {n} events; the downloads below have them all.",
                len(events),
                limit=lang.number(TABLE_LIMIT),
            )
        )


def main(settings: DashboardSettings | None = None) -> None:
    """Lay out the page (app.py calls this after ``st.set_page_config``)."""
    settings = settings or dashboard_settings()
    try:
        i18n.check_language(settings.language)
    except ConfigError as exc:
        st.error(f"Setting error: {exc}")
        st.stop()
    init_state(settings)
    lang = current_lang()
    set_html_lang(lang)
    map_view = sharing.map_only()  # ?view=map: the map, its legend and the panel only
    first = first_view(map_view)
    if map_view:
        sharing.map_view_style()
    elif not first:
        language_switch()
    else:  # the sidebar's place, empty: the map does not narrow when the controls arrive
        st.sidebar.empty()
    # The title names what is shown: the data directory's now, a file's once it is read.
    title = st.empty()
    if not map_view:
        show_heading(title, heading(settings, None, lang))
    missing = assets.missing_files()
    if missing:
        st.error(
            lang._(
                "Files the map needs are missing: {files}",
                files=markdown_text(", ".join(str(f) for f in missing)),
            )
        )
        st.stop()
    try:
        mapview.resolve_tiles(settings.tiles, settings.tiles_attribution)
    except ConfigError as exc:
        st.error(lang._("Setting error: {error}", error=markdown_text(exc)))
        st.stop()
    data_dir = str(settings.data_dir)
    try:
        with st.spinner(lang._("Loading the data…")):
            dataset = load_cached(data_dir, file_stamp(data_dir))
    except DataError as exc:
        show_problems(exc.problems, data_dir, lang)
        st.stop()
    if dataset.problems:
        show_problems(dataset.problems, data_dir, lang)
    upload = None if map_view or first else opened_file(dataset, lang)
    if upload is not None:
        st.info(markdown_text(upload.summary(lang)))
        if upload.problems:
            show_problems(upload.problems, repr(upload.filename), lang)
        if upload.shape != "none":
            dataset = upload.dataset
        show_heading(title, heading(settings, upload, lang))

    sharing.init_view(dataset, lang)
    if map_view:
        _, bounds, default = date_setup(dataset)
        init_dates(bounds, default)
        selection = sharing.link_selection(dataset, st.session_state["dates"], lang)
    elif first:
        selection = state_selection(dataset)
    else:
        selection = sidebar(dataset, lang)
    sharing.write_link(selection, map_view=map_view)
    show_link_note((selection.start, selection.end), lang)
    sharing.show_notes(dataset, selection, lang)
    events = with_place_names(filter_events(dataset.events, selection), dataset.places, lang.code)
    summary = summarise(events, dataset.places)
    st.markdown(f"**{panel.summary_line(len(events), len(dataset.events), lang)}**")

    drawn, play = playback_map(dataset, selection, events, lang)
    map_and_panel(
        settings,
        summary,
        events,
        dataset,
        (selection.start, selection.end),
        lang,
        map_view,
        drawn,
        play,
    )
    if first:  # drawn: the map's report brings the rest
        st.session_state[FIRST_VIEW_KEY] = WAITING
    elif not map_view:
        show_details(events, selection, dataset, lang)


def playback_map(
    dataset: Dataset, selection: Selection, events: pd.DataFrame, lang: Lang
) -> tuple[MapSummary | None, dict[str, Any]]:
    """What the map draws, and each place's days for playback: the selection (None: its
    summary), or, while playback rests at a step, every event of the range it plays over (the
    frame hides the later ones)."""
    at = playback_page.current()
    if at is None:
        return None, playback.layer_spec(events, (selection.start, selection.end))
    whole = dataclasses.replace(selection, start=at.span[0], end=at.span[1])
    span_events = with_place_names(filter_events(dataset.events, whole), dataset.places, lang.code)
    return summarise(span_events, dataset.places), playback.layer_spec(span_events, at.span, at)


@st.fragment
def map_and_panel(
    settings: DashboardSettings,
    summary: MapSummary,
    events: pd.DataFrame,
    dataset: Dataset,
    dates: links.DateRange,
    lang: Lang,
    map_view: bool = False,
    drawn: MapSummary | None = None,
    play: dict[str, Any] | None = None,
) -> None:
    """The map and, beside it, the panel. A click on a marker (or a pick in the panel) reruns
    only this part, with the selection of the last full run: the filters, the timeline and
    the table are not redone for it. After the first view, the map's report that its markers
    are drawn reruns only this part too: it asks for a run of the whole page."""
    if st.session_state.get(FIRST_VIEW_KEY) == WAITING:
        st.rerun()
    map_column, panel_column = st.columns([3, 2], gap="medium")
    with map_column:
        if drawn is None:
            show_map(settings, summary, dataset, dates, lang, play)
        else:
            show_map(settings, drawn, dataset, dates, lang, play, shown=summary)
    with panel_column:
        show_panel(summary, events, dataset, lang)
    sharing.write_place(st.session_state["selected_place"])
    if not map_view and whole_page():
        sharing.share_box(lang)
