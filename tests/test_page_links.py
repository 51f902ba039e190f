"""Every view is a link: the page reads the filters, the search, the place and the map-only
view from the URL, writes them back as they change, and leaves other keys alone."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from pageapp import page_app
from streamlit.testing.v1 import AppTest

import dashboard.page
from dashboard.filters import Selection, filter_events
from dashboard.mapfocus import FocusPlace
from tests.clicks import NO_CLICK, click
from tests.markdown import visible


@pytest.fixture
def map_result(monkeypatch):
    """The patched st_folium; set ``.return_value`` to simulate clicks."""
    monkeypatch.delenv("DASHBOARD_DATA", raising=False)
    monkeypatch.delenv("DASHBOARD_TILES", raising=False)
    monkeypatch.delenv("DASHBOARD_TILES_ATTRIBUTION", raising=False)
    with mock.patch.object(dashboard.page, "st_folium", return_value=dict(NO_CLICK)) as patched:
        yield patched


def opened(query: dict[str, list[str]]) -> AppTest:
    at = page_app()
    for key, values in query.items():
        at.query_params[key] = values
    at.run()
    assert not at.exception
    return at


def url(at, key: str) -> list[str] | None:
    """The URL's values of ``key`` (AppTest keeps one value as a string)."""
    value = at.query_params.get(key)
    return [value] if isinstance(value, str) else value


def summary_line(at) -> str:
    return next(m.value for m in at.markdown if "Showing" in m.value)


def layer_children(map_result) -> list:
    layer = map_result.call_args.kwargs["feature_group_to_add"]
    return list(layer._children.values())


def test_a_link_sets_every_filter_and_the_place(map_result, dataset):
    at = opened(
        {
            "dates": ["2024-02-01", "2024-02-29"],
            "type": ["picket"],
            "who": ["Zhanar Sekerbayeva"],
            "q": ["picket"],
            "place": ["arbat"],
        }
    )
    assert at.multiselect(key="types").value == ["picket"]
    assert at.multiselect(key="actors").value == ["Zhanar Sekerbayeva"]
    assert at.text_input(key="search").value == "picket"
    n = len(
        filter_events(
            dataset.events,
            Selection(
                start=dt.date(2024, 2, 1),
                end=dt.date(2024, 2, 29),
                event_types=("picket",),
                actors=("Zhanar Sekerbayeva",),
                text="picket",
            ),
        )
    )
    assert n == 2
    assert summary_line(at) == f"**Showing {n} of {len(dataset.events)} events**"
    assert at.session_state["selected_place"] == "arbat"
    assert [h.value for h in at.header if "Arbat" in h.value]  # the panel shows it
    assert not at.info  # nothing to say about this link
    # The URL keeps what it said (the playback keys, ``at`` and ``step``: the next test).
    assert url(at, "type") == ["picket"]
    assert url(at, "who") == ["Zhanar Sekerbayeva"]
    assert url(at, "q") == ["picket"]
    assert url(at, "place") == ["arbat"]


def test_changing_the_view_writes_the_link_and_leaves_other_keys(map_result):
    at = opened({"at": ["2024-02-09"], "step": ["day"]})
    for key in ("type", "who", "q", "place", "view"):
        assert key not in at.query_params
    map_result.return_value = click("opera-theatre", 1)
    at.run()
    at.multiselect(key="types").select("march").select("picket").run()
    at.multiselect(key="actors").select("Feminita").run()
    at.text_input(key="search").input("opera").run()
    assert url(at, "type") == ["march", "picket"]
    assert url(at, "who") == ["Feminita"]
    assert url(at, "q") == ["opera"]
    assert url(at, "place") == ["opera-theatre"]
    assert (url(at, "at"), url(at, "step")) == (["2024-02-09"], ["day"])
    # Back to nothing chosen: the keys go, the others stay.
    at.multiselect(key="types").set_value([]).run()
    at.multiselect(key="actors").set_value([]).run()
    at.text_input(key="search").input("").run()
    next(b for b in at.button if b.label == "Back to the overview").click().run()
    for key in ("type", "who", "q", "place"):
        assert key not in at.query_params
    assert (url(at, "at"), url(at, "step")) == (["2024-02-09"], ["day"])


def test_a_hostile_link_is_read_as_far_as_it_goes_and_said_as_text(map_result, dataset):
    at = opened(
        {
            "type": ["picket", "![x](http://evil.invalid/t.png)"],
            "who": ["<img src=http://evil.invalid/w.png>"],
            "place": ["[a](javascript:alert(1))"],
            "q": ["x" * 500],
        }
    )
    assert at.multiselect(key="types").value == ["picket"]
    assert at.multiselect(key="actors").value == []
    assert at.text_input(key="search").value == "x" * 200
    assert at.session_state["selected_place"] is None
    (note,) = [i.value for i in at.info]
    assert visible(note) == (
        "The link's event type '![x](http://evil.invalid/t.png)' is not in the data: left out. "
        "The link's person or organisation '<img src=http://evil.invalid/w.png>' is not in the "
        "data: left out. The link's search text was longer than 200 characters: cut to them. "
        "The link's place '[a](javascript:alert(1))' is not in the data: showing the overview."
    )
    # Escaped: no image, no link, no HTML.
    assert "](http" not in note and "](javascript" not in note
    assert note.count("<img") == note.count("\\<img") == 1
    # The link now says what is shown.
    assert url(at, "type") == ["picket"]
    assert "who" not in at.query_params and "place" not in at.query_params
    # The note goes once the viewer changes the filters.
    at.multiselect(key="types").set_value([]).run()
    assert not at.info


def test_the_note_follows_the_language(map_result):
    at = opened({"type": ["riot"], "lang": ["ru"]})
    (note,) = [visible(i.value) for i in at.info]
    assert "'riot'" in note and "The link" not in note


def test_the_map_only_view(map_result, dataset):
    first = str(dataset.events["date"].min().date())
    at = opened(
        {
            "view": ["map"],
            "dates": [first, "2024-03-08"],
            "type": ["march"],
            "place": ["arbat"],
        }
    )
    assert not at.sidebar.children or not list(at.sidebar)  # no sidebar
    assert not at.title and not at.multiselect and not at.slider
    n = int((dataset.events["event_type"] == "march").sum())
    assert summary_line(at) == f"**Showing {n} of {len(dataset.events)} events**"
    assert map_result.called
    assert at.session_state["selected_place"] == "arbat"
    headers = [h.value for h in at.header]
    assert "Selected events" not in headers and "Share this view" not in headers
    assert url(at, "view") == ["map"]
    # A click in the embedded map is kept in its link too.
    map_result.return_value = click("gandhi-park", 1)
    at.run()
    assert url(at, "place") == ["gandhi-park"]
    assert url(at, "type") == ["march"]
    assert url(at, "dates") == [first, "2024-03-08"]


def test_a_picked_row_moves_the_map_once(map_result):
    at = opened({})
    assert not any(isinstance(c, FocusPlace) for c in layer_children(map_result))
    at.session_state["selected_place"] = "opera-theatre"
    at.session_state["focus"] = ("opera-theatre", 3)
    at.run()
    (focus,) = [c for c in layer_children(map_result) if isinstance(c, FocusPlace)]
    assert '"pick":3' in focus.spec_json and '"zoom":15' in focus.spec_json
    assert url(at, "place") == ["opera-theatre"]
    # Another place clicked on the map: no move asked.
    map_result.return_value = click("republic-square", 1)
    at.run()
    assert not any(isinstance(c, FocusPlace) for c in layer_children(map_result))


def test_the_table_picks_rows(map_result):
    at = opened({})
    assert not at.dataframe  # drawn only once the reader opens it
    at.session_state[dashboard.page.TABLE_KEY] = True
    at.run()
    (table,) = at.dataframe
    assert table.proto.selection_mode  # rows and cells can be picked
