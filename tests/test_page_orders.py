"""No order of actions shows a viewer an exception: every ordered pair of widget actions, one
after the other, in one session that starts from a dated link (AppTest, st_folium patched).

The walk is an Eulerian circuit of the complete directed graph on the actions, so each action
is followed by every other once. An action that has nothing to act on at that moment (the
"Back to the overview" button with no place clicked) does nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from unittest import mock

import pytest
from pageapp import page_app
from streamlit.testing.v1 import AppTest

import dashboard.page
from tests.clicks import NO_CLICK, click

FILE = b"date,place,description\n2024-02-12,Arbat,one\n2024-02-13,Gandhi Park,two\n"


@pytest.fixture
def map_result(monkeypatch):
    monkeypatch.delenv("DASHBOARD_DATA", raising=False)
    with mock.patch.object(dashboard.page, "st_folium", return_value=dict(NO_CLICK)) as patched:
        yield patched


def press(label: str) -> Callable[[AppTest, mock.MagicMock], None]:
    def act(at, _map):
        for button in at.button:
            if button.label == label:
                button.click()
                return

    return act


def set_field(label: str, day: dt.date) -> Callable[[AppTest, mock.MagicMock], None]:
    def act(at, _map):
        field = next(d for d in at.date_input if d.label == label)
        low, high = field.min, field.max
        field.set_value(min(max(day, low), high))

    return act


def click_marker(at, map_result):
    map_result.return_value = click(
        "arbat", map_result.return_value["last_object_clicked_count"] + 2
    )


def open_file(at, _map):
    at.file_uploader(key="upload_file").set_value(("mine.csv", FILE, "text/csv"))


def close_file(at, _map):
    at.file_uploader(key="upload_file").set_value(None)


def pick_unlocated(at, _map):
    radios = [r for r in at.radio if r.key == "unlocated"]
    if radios:
        labels = radios[0].format_func.__self__  # the page's {event_id: label}
        radios[0].set_value(next(iter(labels)))


def pick_type(at, _map):
    types = at.multiselect(key="types")
    try:
        types.set_value(["picket"])
    except ValueError:  # a file whose events have other types
        types.set_value([])


ACTIONS: dict[str, Callable[[AppTest, mock.MagicMock], None]] = {
    "whole history": press("Whole history"),
    "wave": press("Feb 2024 wave"),
    "from field": set_field("From", dt.date(2024, 2, 14)),
    "to field": set_field("To", dt.date(2024, 2, 9)),
    "slider": lambda at, _m: at.slider(key="dates").set_value(
        (dt.date(2024, 2, 5), dt.date(2024, 2, 20))
    ),
    "open file": open_file,
    "close file": close_file,
    "click marker": click_marker,
    "overview": press("Back to the overview"),
    "types": pick_type,
    "pick unlocated": pick_unlocated,
    "search": lambda at, _m: at.text_input(key="search").set_value("Арбат"),
}


def eulerian_walk(nodes: list[str]) -> list[str]:
    """A walk through every ordered pair (a, b), a != b, once: Hierholzer on the complete
    directed graph (every node has as many edges in as out, so the circuit exists)."""
    unused = {a: [b for b in nodes if b != a] for a in nodes}
    stack, walk = [nodes[0]], []
    while stack:
        node = stack[-1]
        if unused[node]:
            stack.append(unused[node].pop())
        else:
            walk.append(stack.pop())
    return walk[::-1]


def test_the_walk_covers_every_ordered_pair():
    nodes = list(ACTIONS)
    walk = eulerian_walk(nodes)
    pairs = set(zip(walk, walk[1:]))
    assert pairs == {(a, b) for a in nodes for b in nodes if a != b}
    assert len(walk) == len(nodes) * (len(nodes) - 1) + 1


def test_no_order_of_actions_shows_an_exception(map_result):
    at = page_app()
    at.query_params["dates"] = ["2024-02-02", "2024-02-09"]
    at.run()
    assert not at.exception
    done = []
    for name in eulerian_walk(list(ACTIONS)):
        ACTIONS[name](at, map_result)
        at.run()
        done.append(name)
        assert not at.exception, (done[-3:], [e.value for e in at.exception])
        assert any("Showing" in m.value for m in at.markdown), done[-3:]
