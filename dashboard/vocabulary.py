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
    "picket": "Single picket",
    "press_conference": "Press conference",
    "march": "March",
    "rally": "Rally",
    "counter_protest": "Counter-protest",
}

KNOWN_NAMES: dict[str, tuple[str, str]] = {
    "picket": ("single picket", "single pickets"),
    "press_conference": ("press conference", "press conferences"),
    "march": ("march", "marches"),
    "rally": ("rally", "rallies"),
    "counter_protest": ("counter-protest", "counter-protests"),
}
"""How a sentence names one and many events of our own types."""

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
OTHER_LABEL = "Other / not given"
NOT_GIVEN = "type not given"

OUTCOME_NAMES: dict[str, str] = {
    "attacked": "attacked",
    "fined": "fined",
    "summoned": "summoned by the authorities",
    "detained": "detained",
    "police_complaint": "filed a police complaint",
}
"""Our own outcomes as a sentence names them; other outcomes are shown as the data has them."""
assert set(OUTCOME_NAMES) == set(OUTCOMES)
assert set(KNOWN_LABELS) == set(EVENT_TYPES) == set(KNOWN_COLOURS) == set(KNOWN_NAMES)


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


def type_label(event_type: str) -> str:
    """The type as a legend or a picker shows it (plain text: escape it for Markdown)."""
    if not event_type:
        return "Not given"
    return KNOWN_LABELS.get(event_type, event_type)


def legend_group(event_type: str, colours: Mapping[str, str]) -> str:
    """The legend entry an event is counted under: its type's label, or ``OTHER_LABEL``."""
    return type_label(event_type) if event_type in colours else OTHER_LABEL


def legend_types(types: Iterable[str], colours: Mapping[str, str]) -> list[tuple[str, str]]:
    """(label, colour) rows for the types present: each coloured type, then one row for all
    the others when there are any."""
    rows, other = [], False
    for t in types:
        if t in colours:
            rows.append((type_label(t), colours[t]))
        else:
            other = True
    if other:
        rows.append((OTHER_LABEL, OTHER_COLOUR))
    return rows


def type_name(event_type: str) -> str:
    """One event's type in a sentence or a card heading ('single picket', 'Protests')."""
    if not event_type:
        return NOT_GIVEN
    return KNOWN_NAMES.get(event_type, (event_type,))[0]


def type_count(count: int, event_type: str) -> str:
    """'12 single pickets', '1 rally'; other types as the data spells them: 'Protests (12)'."""
    if event_type in KNOWN_NAMES:
        one, many = KNOWN_NAMES[event_type]
        return f"{count:,} {one if count == 1 else many}"
    return f"{type_name(event_type)} ({count:,})"


def type_option(event_type: str) -> str:
    """A type in the filter's list: option texts are Markdown, so the data's names are
    escaped."""
    return markdown_text(type_label(event_type))


def outcome_name(outcome: str) -> str:
    return OUTCOME_NAMES.get(outcome, outcome)
