"""Every path by which data text reaches Streamlit Markdown, driven with payloads (AppTest).

The page runs on the payload data (tests/payloads.py: every text field holds HTML, script,
Markdown, link and bidi payloads). It shows the whole history, clicks every place, picks every
event not on the map and opens a poisoned file with a poisoned name; after each step, every
element that renders Markdown (texts, headings, alerts, captions, labels, help and radio
options) is read: no payload may be there unescaped, and every bidi control must sit inside an
isolate. A new way of putting data on the page that forgets the escaping fails here.
"""

from __future__ import annotations

import re
from unittest import mock

import pytest
from pageapp import page_app
from streamlit.testing.v1 import AppTest

import dashboard.page
from dashboard.aggregate import summarise
from dashboard.escape import PDI
from dashboard.loader import load_dataset
from tests.clicks import NO_CLICK, click
from tests.payloads import MARKDOWN_SUFFIX, write_payload_data

RAW = ("](http", "http://", "https://", "www.", "l@evil", ":red[", "$x$", "**x**", "<http:")
"""What a payload looks like when it reaches Markdown unescaped."""
SOURCE_LINK = re.compile(r"\]\(https://example\.org/[^)\s]*\)")
"""The links the page makes on purpose: to the sources' pages (payload URLs are example.org)."""
OPENERS = "\u2066\u2067\u2068"
EMBEDDINGS = "\u202a\u202b\u202c\u202d\u202e"

FILE_NAME = "![p](http://evil.invalid/pixel.png) [x](http://evil.invalid) :red[x] $x$ \u202e.csv"
FILE = (
    "date,place,latitude,longitude,description,source\n"
    f'2024-02-10,"{MARKDOWN_SUFFIX}",43.25,76.95,"{MARKDOWN_SUFFIX}",{MARKDOWN_SUFFIX}\n'
).encode()


def bidi_contained(text: str) -> bool:
    """Every embedding or override in ``text`` lies inside an isolate, and all are closed."""
    depth = 0
    for ch in text:
        if ch in OPENERS:
            depth += 1
        elif ch == PDI:
            depth -= 1
            if depth < 0:
                return False
        elif ch in EMBEDDINGS and depth == 0:
            return False
    return depth == 0


def markdown_bodies(at: AppTest) -> list[tuple[str, str]]:
    """(where, Markdown) for everything on the page that Streamlit renders as Markdown."""
    out = []
    for kind in (
        "markdown",
        "caption",
        "subheader",
        "header",
        "title",
        "info",
        "warning",
        "error",
        "success",
    ):
        out += [(kind, e.value) for e in at.get(kind)]
    for kind in (
        "radio",
        "button",
        "multiselect",
        "text_input",
        "slider",
        "date_input",
        "file_uploader",
        "download_button",
    ):
        for e in at.get(kind):
            out.append((f"{kind} label", getattr(e, "label", "") or ""))
            out.append((f"{kind} help", getattr(e, "help", "") or ""))
    out += [("expander", e.label) for e in at.expander]
    for radio in at.radio:
        out += [("radio option", o) for o in radio.options]
    return out


def assert_all_escaped(at: AppTest, step: str) -> None:
    assert not at.exception, (step, [e.value for e in at.exception])
    for where, body in markdown_bodies(at):
        body = SOURCE_LINK.sub("]", body)
        for raw in RAW:
            assert raw not in body, (step, where, raw, body[:300])
        assert bidi_contained(body), (step, where, body[:300])


@pytest.fixture
def payload_app(tmp_path, monkeypatch):
    data = write_payload_data(tmp_path / "data")
    monkeypatch.setenv("DASHBOARD_DATA", str(data))
    with mock.patch.object(dashboard.page, "st_folium", return_value=dict(NO_CLICK)) as patched:
        at = page_app()
        at.run()
        yield at, patched, load_dataset(data)


def test_every_markdown_path_gets_escaped_text(payload_app):
    at, map_result, dataset = payload_app
    assert_all_escaped(at, "first view")
    next(b for b in at.button if b.label == "Whole history").click().run()
    assert_all_escaped(at, "whole history")
    summary = summarise(dataset.events, dataset.places)
    count = 0
    for place_id in summary.places["place_id"]:
        count += 2
        map_result.return_value = click(place_id, count)
        at.run()
        assert_all_escaped(at, f"clicked {place_id}")
    assert any(e.value for e in at.header if "name\\_en of" in e.value)
    for event_id in summary.unlocated["event_id"]:
        at.radio(key="unlocated").set_value(event_id).run()
        assert_all_escaped(at, f"picked {event_id}")
    at.file_uploader(key="upload_file").set_value((FILE_NAME, FILE, "text/csv")).run()
    assert_all_escaped(at, "opened a poisoned file")
    assert len(at.info) == 1  # the file's summary line, with its name escaped


def test_the_check_finds_raw_markdown():
    """The check above is not blind: raw payloads and an open override fail it."""
    assert not bidi_contained("name \u202e reversed")
    assert bidi_contained("name \u2068\u202e reversed\u2069")
    assert any(raw in "![x](http://evil.invalid/p.png)" for raw in RAW)
    assert "](" not in SOURCE_LINK.sub("]", "[a](https://example.org/x)")
