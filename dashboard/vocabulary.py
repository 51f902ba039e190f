"""Event types and outcomes are the data's: names, labels and a stable colour per type.

Our own data uses five types (``schema.EVENT_TYPES``) with fixed labels and colours. Data from
elsewhere brings its own (ACLED's ``Protests``, ``Riots``; CCC's ``demonstration``): each keeps
its name as the data spells it, and the types of a dataset get colours from one
colour-blind-safe palette (Okabe-Ito) in order of how many events they have. Types past the
palette, and events whose type is not given, share one neutral colour ("Other / not given"):
they are counted, drawn, charted and listed like every other event.

The colours depend on the whole dataset only, never on the filters, so a type keeps its colour
while the viewer narrows the selection (and the legend, part of the stable base map, stays the
same across reruns).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from dashboard.escape import markdown_text
from dashboard.i18n import ENGLISH, N_, Lang, Nn_
from dashboard.schema import EVENT_TYPES, OUTCOMES

KNOWN_COLOURS: dict[str, str] = {
    "picket": "#D55E00",
    "press_conference": "#CC79A7",
    "march": "#0072B2",
    "rally": "#009E73",
    "counter_protest": "#E69F00",
}
"""Our own types' colours (Okabe-Ito, readable with colour-blindness)."""

KNOWN_LABELS: dict[str, str] = {
    "picket": N_("Single picket"),
    "press_conference": N_("Press conference"),
    "march": N_("March"),
    "rally": N_("Rally"),
    "counter_protest": N_("Counter-protest"),
}
"""Our own types' names in the legend, the timeline and the filter (msgids)."""

KNOWN_NAMES: dict[str, str] = {
    "picket": N_("single picket"),
    "press_conference": N_("press conference"),
    "march": N_("march"),
    "rally": N_("rally"),
    "counter_protest": N_("counter-protest"),
}
"""Our own types as running text names one event (msgids)."""

KNOWN_COUNTS: dict[str, tuple[str, str]] = {
    "picket": Nn_("{n} single picket", "{n} single pickets"),
    "press_conference": Nn_("{n} press conference", "{n} press conferences"),
    "march": Nn_("{n} march", "{n} marches"),
    "rally": Nn_("{n} rally", "{n} rallies"),
    "counter_protest": Nn_("{n} counter-protest", "{n} counter-protests"),
}
"""A count of each of our own types (singular and plural msgids)."""

PALETTE: tuple[str, ...] = (
    "#0072B2",
    "#D55E00",
    "#009E73",
    "#CC79A7",
    "#E69F00",
    "#56B4E9",
    "#F0E442",
)
"""Okabe-Ito without black, for the data's own types, most frequent first; a colour one of our
types already uses is not given to another type of the same dataset."""

OTHER_COLOUR = "#767676"
"""Types past the palette, and events without a type (also the fallback in protestmap.js)."""
OTHER_LABEL = N_("Other / not given")
"""The legend's entry for types past the palette and events without a type (msgid)."""
NOT_GIVEN_LABEL = N_("Not given")
"""An empty type in the filter and as a label (msgid)."""
NOT_GIVEN = N_("type not given")
"""An empty type in running text (msgid)."""

NO_NOTES = N_("(no notes in the ACLED row)")
NO_DESCRIPTION = N_("(no description in the CCC row)")
LOCATION_NOT_GIVEN = N_("not given")
PLACEHOLDERS: frozenset[str] = frozenset({NO_NOTES, NO_DESCRIPTION, LOCATION_NOT_GIVEN})
"""What our readers write into a field the source left empty (msgids, stored in English in the
data directory): the card and the table show them in the viewer's language."""

OUTCOME_NAMES: dict[str, str] = {
    "attacked": N_("attacked"),
    "fined": N_("fined"),
    "summoned": N_("summoned by the authorities"),
    "detained": N_("detained"),
    "police_complaint": N_("filed a police complaint"),
}
"""Our own outcomes as a sentence names them; other outcomes are shown as the data has them."""
assert set(OUTCOME_NAMES) == set(OUTCOMES)
assert set(KNOWN_LABELS) == set(EVENT_TYPES) == set(KNOWN_COLOURS) == set(KNOWN_NAMES)
assert set(KNOWN_COUNTS) == set(EVENT_TYPES)


def type_rank(event_type: str) -> tuple[int, str]:
    """Order of types where counts tie: ours in schema order, then by name, 'not given' last."""
    if event_type in KNOWN_LABELS:
        return 0, f"{EVENT_TYPES.index(event_type):02d}"
    return (2, "") if not event_type else (1, event_type.casefold())


def type_order(types: Iterable[str]) -> tuple[str, ...]:
    """The distinct types of ``types`` (an event_type column), most events first."""
    counts = pd.Series(list(types), dtype=object).fillna("").value_counts()
    return tuple(sorted(counts.index, key=lambda t: (-int(counts[t]), type_rank(t))))


def type_colours(types: Iterable[str]) -> dict[str, str]:
    """A colour for each type that has one of its own (``types`` most frequent first, as
    :func:`type_order` gives them); the others are drawn in ``OTHER_COLOUR``."""
    types = list(types)
    colours = {t: KNOWN_COLOURS[t] for t in types if t in KNOWN_COLOURS}
    free = [c for c in PALETTE if c not in colours.values()]
    for t in types:
        if t and t not in colours and free:
            colours[t] = free.pop(0)
    return colours


def colour(event_type: str, colours: Mapping[str, str]) -> str:
    return colours.get(event_type, OTHER_COLOUR)


def type_label(event_type: str, lang: Lang = ENGLISH) -> str:
    """The type as a legend or a picker shows it, in ``lang`` for our own types (plain text:
    escape it for Markdown); the data's own types as the data spells them."""
    if not event_type:
        return lang._(NOT_GIVEN_LABEL)
    return lang.label(KNOWN_LABELS, event_type)


def legend_group(event_type: str, colours: Mapping[str, str], lang: Lang = ENGLISH) -> str:
    """The legend entry an event is counted under: its type's label, or ``OTHER_LABEL``."""
    return type_label(event_type, lang) if event_type in colours else lang._(OTHER_LABEL)


def legend_types(
    types: Iterable[str], colours: Mapping[str, str], lang: Lang = ENGLISH
) -> list[tuple[str, str]]:
    """(label, colour) rows for the types present: each coloured type, then one row for all
    the others when there are any."""
    rows, other = [], False
    for t in types:
        if t in colours:
            rows.append((type_label(t, lang), colours[t]))
        else:
            other = True
    if other:
        rows.append((lang._(OTHER_LABEL), OTHER_COLOUR))
    return rows


def type_name(event_type: str, lang: Lang = ENGLISH) -> str:
    """One event's type in a sentence or a card heading ('single picket', 'Protests')."""
    if not event_type:
        return lang._(NOT_GIVEN)
    return lang.label(KNOWN_NAMES, event_type)


def type_count(count: int, event_type: str, lang: Lang = ENGLISH) -> str:
    """'12 single pickets', '1 rally'; other types as the data spells them: 'Protests (12)'."""
    if event_type in KNOWN_COUNTS:
        return lang.n_(*KNOWN_COUNTS[event_type], count)
    return f"{type_name(event_type, lang)} ({lang.number(count)})"


def type_option(event_type: str, lang: Lang = ENGLISH) -> str:
    """A type in the filter's list: option texts are Markdown, so the data's names are
    escaped."""
    return markdown_text(type_label(event_type, lang))


def placeholder_text(text: str, lang: Lang = ENGLISH) -> str:
    """``text`` as it is, unless it is one of our ``PLACEHOLDERS``: then in ``lang``."""
    return lang._(text) if text in PLACEHOLDERS else text


def outcome_name(outcome: str, lang: Lang = ENGLISH) -> str:
    """Our own outcomes in ``lang``; others as the data has them."""
    return lang.label(OUTCOME_NAMES, outcome)
