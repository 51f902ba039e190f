"""Open vocabularies: the data's own types keep their names and get stable colours."""

from __future__ import annotations

import pytest

from dashboard import vocabulary
from dashboard.assets import STATIC_DIR
from dashboard.escape import markdown_text
from dashboard.vocabulary import OTHER_COLOUR, OTHER_LABEL


def test_our_types_keep_their_colours_and_labels():
    colours = vocabulary.type_colours(["picket", "rally", "march"])
    assert colours == {"picket": "#D55E00", "rally": "#009E73", "march": "#0072B2"}
    assert vocabulary.type_label("counter_protest") == "Counter-protest"


def test_other_types_get_free_palette_colours_most_frequent_first():
    order = vocabulary.type_order(["Riots", "Protests", "Protests", "picket", "", "Riots", "x"])
    assert order == ("Protests", "Riots", "picket", "x", "")
    colours = vocabulary.type_colours(order)
    # The picket keeps its own orange; the others take the palette without it.
    assert colours["picket"] == "#D55E00"
    assert colours["Protests"] == "#0072B2"
    assert colours["Riots"] == "#009E73"
    assert colours["x"] == "#CC79A7"
    assert "" not in colours
    assert len(set(colours.values())) == len(colours)


def test_types_past_the_palette_are_other():
    types = [f"type {i:02d}" for i in range(12)]
    colours = vocabulary.type_colours(types)
    assert list(colours) == types[: len(vocabulary.PALETTE)]
    assert vocabulary.colour("type 11", colours) == OTHER_COLOUR
    rows = vocabulary.legend_types(types, colours)
    assert rows[-1] == (OTHER_LABEL, OTHER_COLOUR)
    assert len(rows) == len(vocabulary.PALETTE) + 1


@pytest.mark.parametrize(
    ("count", "event_type", "expected"),
    [
        (1, "picket", "1 single picket"),
        (12, "rally", "12 rallies"),
        (3, "Protests", "Protests (3)"),
        (1_200, "", "type not given (1,200)"),
    ],
)
def test_type_count(count, event_type, expected):
    assert vocabulary.type_count(count, event_type) == expected


def test_options_escape_the_datas_names():
    payload = "![x](http://evil.invalid/p.png)"
    assert vocabulary.type_option(payload) == markdown_text(payload)
    assert "](" not in vocabulary.type_option(payload)
    assert "http://" not in vocabulary.type_option(payload)
    assert vocabulary.type_option("") == "Not given"


def test_the_map_script_uses_the_same_other_colour():
    script = (STATIC_DIR / "js" / "protestmap.js").read_text(encoding="utf-8")
    assert f'var OTHER_COLOUR = "{OTHER_COLOUR}";' in script
