"""What a link (the page's URL) says about the view, read and written as readable values.

Pure functions, no streamlit. A link carries the date range as two ``dates`` values,
``?dates=2024-02-02&dates=2024-02-09``. Links are typed by hand, shortened, copied from old
versions of the app (which wrote microseconds since 1970) and sent between people whose data
differs, so reading one never fails: a range that reaches outside the data is clamped to it,
reversed ends are swapped, and an unreadable one falls back to the default; each case comes
with one line that says what happened.

The rest of the view is read the same way (:func:`read_view`): event types (``type``), people
and organisations (``who``), the search text (``q``), the clicked place (``place``) and the
map-only view for embedding (``view=map``). The language (``lang``) is the page's own key.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit, urlunsplit

from dashboard.errors import show_value
from dashboard.escape import html_attr
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


# The rest of the view: filters, the clicked place, the map-only view. ----------------------

DATES_KEY = "dates"
TYPE_KEY = "type"
"""An event type, as the data spells it (``?type=picket&type=march``); ``-`` for "not given"."""
ACTOR_KEY = "who"
"""A person's or an organisation's name, as the picker offers it."""
SEARCH_KEY = "q"
PLACE_KEY = "place"
"""The clicked place's id (``?place=republic-square``)."""
VIEW_KEY = "view"
"""``?view=map``: the map, its legend and the panel, for embedding in an article."""
MAP_VIEW = "map"
VIEW_KEYS = (DATES_KEY, TYPE_KEY, ACTOR_KEY, SEARCH_KEY, PLACE_KEY, VIEW_KEY)
"""The keys this module reads and writes; every other key of the URL (the language, a
playback position) is left as it is."""
NO_TYPE = "-"
"""How a link names the events whose type is not given (the data's empty type)."""
MAX_SEARCH_CHARS = 200
"""Longest search text a link carries (the rest is cut, and said)."""
MAX_VALUES = 100
"""Most values of one key that a link is read for (types, names): more is not a view."""

Query = Mapping[str, Sequence[str]]
"""A URL's query as key -> its values, in order (``st.query_params.to_dict`` gives one value per
key: pass every value, e.g. ``{k: query.get_all(k) for k in query}``)."""


@dataclass(frozen=True)
class LinkView:
    """The filters, the place and the view that a link asks for, as the page will use them."""

    types: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    text: str = ""
    place: str | None = None
    map_only: bool = False
    notes: tuple[str, ...] = ()
    """One line each for what the link asked and could not be used as it was (plain text:
    show it with :func:`dashboard.escape.markdown_text`)."""


def _shown(values: Sequence[str]) -> str:
    listed = ", ".join(show_value(v) for v in values[:3])
    return listed + (f", … (+{len(values) - 3})" if len(values) > 3 else "")


def _clean_text(text: str) -> str:
    """Search text without control characters (a link may carry anything), on one line."""
    return " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())


def read_view(
    query: Query,
    *,
    types: Sequence[str],
    actors: Sequence[str],
    places: Collection[str],
    lang: Lang = ENGLISH,
) -> LinkView:
    """The view ``query`` asks for, within what the data has (``types``, ``actors``, the
    place ids ``places``), and the notes in ``lang``. Values the data does not have are left
    out and named in a note; nothing here raises."""
    notes: list[str] = []
    known_types = set(types)
    asked_types = [v for v in query.get(TYPE_KEY, ())][:MAX_VALUES]
    wanted = ["" if v == NO_TYPE else v for v in asked_types]
    kept_types = tuple(dict.fromkeys(t for t in wanted if t in known_types))
    unknown = [v for v, t in zip(asked_types, wanted, strict=True) if t not in known_types]
    if unknown:
        notes.append(
            lang.n_(
                "The link's event type {values} is not in the data: left out.",
                "The link's event types {values} are not in the data: left out.",
                len(unknown),
                values=_shown(unknown),
            )
        )
    known_actors = set(actors)
    asked_actors = list(query.get(ACTOR_KEY, ()))[:MAX_VALUES]
    kept_actors = tuple(dict.fromkeys(a for a in asked_actors if a in known_actors))
    unknown = [a for a in asked_actors if a not in known_actors]
    if unknown:
        notes.append(
            lang.n_(
                "The link's person or organisation {values} is not in the data: left out.",
                "The link's people or organisations {values} are not in the data: left out.",
                len(unknown),
                values=_shown(unknown),
            )
        )
    text = _clean_text(" ".join(query.get(SEARCH_KEY, ())))
    if len(text) > MAX_SEARCH_CHARS:
        text = text[:MAX_SEARCH_CHARS].rstrip()
        notes.append(
            lang._(
                "The link's search text was longer than {n} characters: cut to them.",
                n=lang.number(MAX_SEARCH_CHARS),
            )
        )
    place = None
    asked_place = list(query.get(PLACE_KEY, ()))
    if asked_place:
        if asked_place[0] in places:
            place = asked_place[0]
        else:
            notes.append(
                lang._(
                    "The link's place {value} is not in the data: showing the overview.",
                    value=show_value(asked_place[0]),
                )
            )
    asked_view = list(query.get(VIEW_KEY, ()))
    map_only = bool(asked_view) and asked_view[0] == MAP_VIEW
    if asked_view and not map_only:
        notes.append(
            lang._(
                "The link's view {value} is not known: showing the whole page.",
                value=show_value(asked_view[0]),
            )
        )
    return LinkView(kept_types, kept_actors, text, place, map_only, tuple(notes))


def view_values(
    *,
    types: Sequence[str] = (),
    actors: Sequence[str] = (),
    text: str = "",
    place: str | None = None,
    map_only: bool = False,
) -> dict[str, list[str]]:
    """The values of each of this view's keys (not ``dates``: :func:`dates_values`) that a
    link carries; an empty list for a key the link leaves out (nothing chosen)."""
    return {
        TYPE_KEY: [NO_TYPE if t == "" else t for t in types],
        ACTOR_KEY: list(actors),
        SEARCH_KEY: [text.strip()] if text.strip() else [],
        PLACE_KEY: [place] if place else [],
        VIEW_KEY: [MAP_VIEW] if map_only else [],
    }


def link_url(base: str | None, query: Query, **changes: Sequence[str]) -> str | None:
    """The absolute link to ``base`` (the app's address, without a query: ``st.context.url``)
    with ``query``, each key of ``changes`` set to its values (none: dropped); None when the
    address is not known or not http(s). Keys keep their order; values are percent-encoded."""
    if not base:
        return None
    parts = urlsplit(base)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    values = {key: list(v) for key, v in query.items()}
    for key, new in changes.items():
        values[key] = list(new)
    pairs = [(key, v) for key, vs in values.items() for v in vs]
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", urlencode(pairs), ""))


EMBED_HEIGHT = 720
"""The iframe's height in the snippet: the map (560 px) and the summary line above it."""


def embed_snippet(url: str, title: str, height: int = EMBED_HEIGHT) -> str:
    """The HTML to paste into an article: an iframe of ``url`` (the map-only view), its
    ``title`` for screen readers; both escaped for an attribute."""
    return (
        f'<iframe src="{html_attr(url)}" title="{html_attr(title)}" width="100%" '
        f'height="{int(height)}" style="border:0" loading="lazy"></iframe>'
    )
