"""Reading and writing the rest of the view in a link: filters, place, the map-only view."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from dashboard.i18n import lang
from dashboard.links import (
    LinkView,
    embed_snippet,
    link_url,
    read_view,
    view_values,
)

TYPES = ("picket", "march", "")
ACTORS = ("Aigerim Tleuzhan", "Feminita", "Фемагора")
PLACES = {"republic-square", "opera-theatre"}


def read(query, code="en"):
    return read_view(query, types=TYPES, actors=ACTORS, places=PLACES, lang=lang(code))


def test_no_query_is_the_plain_view():
    assert read({}) == LinkView()


def test_a_full_link_is_read():
    got = read(
        {
            "type": ["picket", "-"],
            "who": ["Feminita", "Фемагора"],
            "q": ["  Tleuzhan   opera "],
            "place": ["opera-theatre"],
            "view": ["map"],
            "at": ["2024-02-09"],  # another feature's key: not ours, no note
        }
    )
    assert got == LinkView(
        types=("picket", ""),
        actors=("Feminita", "Фемагора"),
        text="Tleuzhan opera",
        place="opera-theatre",
        map_only=True,
    )


@pytest.mark.parametrize(
    ("query", "view", "note"),
    [
        (
            {"type": ["picket", "riot"]},
            LinkView(types=("picket",)),
            "The link's event type 'riot' is not in the data: left out.",
        ),
        (
            {"type": ["x", "y", "z", "w"]},
            LinkView(),
            "The link's event types 'x', 'y', 'z', … (+1) are not in the data: left out.",
        ),
        (
            {"who": ["![x](http://evil.invalid/p.png)"]},
            LinkView(),
            "The link's person or organisation '![x](http://evil.invalid/p.png)' is not in the "
            "data: left out.",
        ),
        (
            {"place": ["<script>alert(1)</script>"]},
            LinkView(),
            "The link's place '<script>alert(1)</script>' is not in the data: showing the "
            "overview.",
        ),
        (
            {"view": ["print"]},
            LinkView(),
            "The link's view 'print' is not known: showing the whole page.",
        ),
        (
            {"q": ["a" * 300]},
            LinkView(text="a" * 200),
            "The link's search text was longer than 200 characters: cut to them.",
        ),
    ],
)
def test_what_cannot_be_used_is_left_out_and_said(query, view, note):
    got = read(query)
    assert got == LinkView(**{**view.__dict__, "notes": (note,)})


def test_notes_follow_the_language():
    (note,) = read({"type": ["riot"]}, "ru").notes
    assert "riot" in note and "The link" not in note


def test_control_characters_in_the_search_are_dropped():
    assert read({"q": ["a\x00b\u202e\nc"]}).text == "a b c"


def test_duplicates_are_read_once():
    assert read({"type": ["picket", "picket"], "who": ["Feminita"] * 3}) == LinkView(
        types=("picket",), actors=("Feminita",)
    )


def test_view_values_round_trip():
    values = view_values(
        types=("picket", ""),
        actors=("Фемагора",),
        text=" opera ",
        place="opera-theatre",
        map_only=True,
    )
    assert values == {
        "type": ["picket", "-"],
        "who": ["Фемагора"],
        "q": ["opera"],
        "place": ["opera-theatre"],
        "view": ["map"],
    }
    assert read(values) == LinkView(
        types=("picket", ""),
        actors=("Фемагора",),
        text="opera",
        place="opera-theatre",
        map_only=True,
    )


def test_nothing_chosen_leaves_every_key_out():
    assert view_values() == {"type": [], "who": [], "q": [], "place": [], "view": []}


def test_link_url_is_absolute_readable_and_keeps_other_keys():
    query = {"lang": ["ru"], "at": ["2024-02-09"], "dates": ["2024-02-02", "2024-02-09"]}
    url = link_url("http://127.0.0.1:8501/", query, who=["Фемагора & Co"], view=[])
    assert url is not None
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc, parts.path) == ("http", "127.0.0.1:8501", "/")
    assert parse_qs(parts.query) == {
        "lang": ["ru"],
        "at": ["2024-02-09"],
        "dates": ["2024-02-02", "2024-02-09"],
        "who": ["Фемагора & Co"],
    }
    assert "dates=2024-02-02&dates=2024-02-09" in parts.query


@pytest.mark.parametrize("base", [None, "", "javascript:alert(1)", "file:///etc/passwd", "/x"])
def test_no_link_without_a_web_address(base):
    assert link_url(base, {}) is None


def test_embed_snippet_escapes_its_attributes():
    snippet = embed_snippet('http://h/?q="><script>', 'Map "x"')
    assert snippet == (
        '<iframe src="http://h/?q=&quot;&gt;&lt;script&gt;" title="Map &quot;x&quot;" '
        'width="100%" height="720" style="border:0" loading="lazy"></iframe>'
    )


def test_the_copy_button_holds_a_hostile_link_as_an_attribute():
    from dashboard.sharing import copy_html

    link = link_url("http://127.0.0.1:8501/", {"q": ['"><script>alert(1)</script>']})
    assert link is not None
    html = copy_html(link + '"><img src=x onerror=alert(2)>', lang("kk"))
    assert html.count("<script>") == 1  # ours
    assert "<img" not in html and "onerror=alert(2)>" not in html
    assert (
        'data-link="http://127.0.0.1:8501/?q=%22%3E%3Cscript%3Ealert%281%29%3C%2Fscript%3E' in html
    )
    # in the button's data-link and in the read-only field's value, both escaped
    assert html.count("&quot;&gt;&lt;img src=x onerror=alert(2)&gt;") == 2
    assert 'id="share-link" type="text" readonly value="http://127.0.0.1:8501/?q=%22' in html
    assert ">Сілтемені көшіру</button>" in html
