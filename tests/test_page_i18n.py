"""The page in each language, driven with AppTest: no English interface text on the Kazakh and
Russian pages, the language from the URL, the switch keeps the view, two viewers at once."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from unittest import mock

import pytest
from pageapp import page_app
from streamlit.testing.v1 import AppTest

import dashboard.page
from dashboard import i18n
from dashboard.aggregate import summarise
from dashboard.cli import main as cli_main
from dashboard.filters import Selection, filter_events
from dashboard.loader import load_dataset
from tests.clicks import NO_CLICK, click
from tests.formats_fixtures import ACLED_2023_HEADER, ACLED_2023_ROWS
from tests.markdown import visible

TEXT_FIELDS = ("body", "label", "help", "placeholder", "options", "message")
"""Proto fields that hold what a viewer reads."""
ALLOWED_LATIN = {
    "CSV",
    "GeoJSON",
    "UTF",
    "Windows",
    "BOM",
    "events.csv",
    "ID",
    "ACLED",
    "Crowd Counting Consortium",
}
"""Latin-script words that are the same in every language (formats, file names, the names of
the data sets we read)."""
WAVE = Selection(start=dt.date(2024, 2, 1), end=dt.date(2024, 3, 8))
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z.'’-]*[A-Za-z]")


@pytest.fixture
def map_result(monkeypatch):
    """The patched st_folium; set ``.return_value`` to simulate clicks."""
    for name in ("DASHBOARD_DATA", "DASHBOARD_TILES", "DASHBOARD_TILES_ATTRIBUTION"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("DASHBOARD_LANGUAGE", raising=False)
    with mock.patch.object(dashboard.page, "st_folium", return_value=dict(NO_CLICK)) as patched:
        yield patched


def opened(code: str | None = None, **params: str) -> AppTest:
    at = page_app()
    # The timeline and the table are drawn only when opened: open both, so their words count.
    at.session_state[dashboard.page.TIMELINE_KEY] = True
    at.session_state[dashboard.page.TABLE_KEY] = True
    if code is not None:
        at.query_params["lang"] = code
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception
    return at


def elements(node):
    children = getattr(node, "children", None)
    for child in children.values() if isinstance(children, dict) else ():
        yield child
        yield from elements(child)


def chart_titles(spec: object):
    """Every ``title`` in a Vega-Lite spec (axes, legend, tooltips)."""
    if isinstance(spec, dict):
        for key, value in spec.items():
            if key == "title" and isinstance(value, str):
                yield value
            else:
                yield from chart_titles(value)
    elif isinstance(spec, list):
        for item in spec:
            yield from chart_titles(item)


def page_texts(at: AppTest) -> list[str]:
    """What a viewer reads: headings, Markdown, captions, alerts, labels, help, placeholders,
    options, table headers and the chart's titles. Problem listings (``st.code``) are left
    out: they quote the data file's own lines."""
    out: list[str] = []
    for el in elements(at._tree):
        proto = getattr(el, "proto", None)
        kind = type(proto).__name__ if proto is not None else ""
        if kind in ("Code", "Html", "Block") or not hasattr(proto, "DESCRIPTOR"):
            continue
        if kind == "VegaLiteChart":
            out += chart_titles(json.loads(proto.spec))
            continue
        if kind == "Dataframe":
            out += [str(c) for c in el.value.columns]
            continue
        for name in TEXT_FIELDS:
            if name in proto.DESCRIPTOR.fields_by_name:
                value = getattr(proto, name)
                out += list(value) if not isinstance(value, str) else [value]
    return [visible(t) for t in out if t]


def data_strings(dataset) -> list[str]:
    """Every piece of text the data itself holds (shown as the sources wrote it)."""
    strings: set[str] = set()
    events = dataset.events
    for column in ("description", "location_text", "disputes", "event_id", "place_name"):
        strings.update(events[column])
    for items in list(events["organisations"]) + list(events["actor_names"]):
        strings.update(items)
    # coord_source: where each point came from, as the gazetteer records it (data, not ours)
    for column in ("name_en", "name_ru", "name_kk", "aliases", "coord_source"):
        strings.update(dataset.places[column])
    for column in ("name", "organisation"):
        strings.update(dataset.people[column])
    for aliases in dataset.people["aliases"]:
        strings.update(aliases)
    for column in ("title", "publisher", "url"):
        strings.update(dataset.sources[column])
    return sorted((s for s in strings if isinstance(s, str) and s), key=len, reverse=True)


def english_left(texts: list[str], dataset) -> list[str]:
    """Latin-script words in ``texts`` once the data's own text is taken out."""
    data = data_strings(dataset)
    found = []
    for text in texts:
        for piece in data:
            text = text.replace(piece, " ")
        for name in i18n.LANGUAGES.values():
            text = text.replace(name, " ")
        for allowed in sorted(ALLOWED_LATIN, key=len, reverse=True):
            text = text.replace(allowed, " ")
        found += LATIN_WORD.findall(text)
    return found


def every_view(at: AppTest, map_result, dataset) -> list[str]:
    """The texts of the overview, a clicked place's cards, a not-on-the-map card and the
    whole history (a timeline by month)."""
    texts = page_texts(at)
    map_result.return_value = click("republic-square", 2)
    at.run()
    texts += page_texts(at)
    unlocated = summarise(filter_events(dataset.events, WAVE), dataset.places).unlocated
    at.radio(key="unlocated").set_value(unlocated["event_id"].iloc[0]).run()
    texts += page_texts(at)
    at.button(key="overview").click().run()
    at.session_state["dates"] = (dt.date(2017, 3, 8), dt.date(2024, 3, 8))
    at.run()
    texts += page_texts(at)
    assert not at.exception
    return texts


@pytest.mark.parametrize("code", ["kk", "ru"])
def test_no_english_interface_text(map_result, dataset, code):
    at = opened(code)
    texts = every_view(at, map_result, dataset)
    assert len(texts) > 100  # the views were really read
    assert english_left(texts, dataset) == []


def test_the_check_finds_english_on_the_english_page(map_result, dataset):
    """The check above can fail: on the English page it finds the interface's words."""
    found = set(english_left(page_texts(opened("en")), dataset))
    assert {"Filters", "Overview", "Showing", "Download"} <= found


@pytest.mark.parametrize(
    ("code", "title", "overview"),
    [
        ("kk", "Алматыдағы", "Шолу"),
        ("ru", "Карта протестов", "Обзор"),
        ("en", "Almaty", "Overview"),
    ],
)
def test_the_url_chooses_the_language(map_result, code, title, overview):
    at = opened(code)
    assert at.title[0].value.startswith(title)
    assert overview in [s.value for s in at.header]
    assert at.session_state["lang"] == code
    assert at.query_params["lang"] == code


def browser_locale(value: str):
    """``st.context.locale`` as a browser asking for ``value`` would set it."""
    context = type(dashboard.page.st.context)
    return mock.patch.object(context, "locale", new_callable=mock.PropertyMock, return_value=value)


def test_first_visit_follows_the_browser_else_the_setting(map_result, monkeypatch):
    with browser_locale("ru-RU"):
        assert opened().session_state["lang"] == "ru"
    with browser_locale("de-DE"):
        assert opened().session_state["lang"] == "en"
        monkeypatch.setenv("DASHBOARD_LANGUAGE", "kk")
        at = opened()
        assert at.session_state["lang"] == "kk"
        assert at.query_params["lang"] == "kk"  # written, so a shared link keeps it


def test_switching_keeps_dates_filters_and_the_clicked_place(map_result):
    at = opened("en")
    days = (dt.date(2024, 2, 1), dt.date(2024, 2, 20))
    at.session_state["dates"] = days
    at.multiselect(key="types").set_value(["picket"])
    at.text_input(key="search").set_value("yensebek")
    at.run()
    map_result.return_value = click("republic-square", 2)
    at.run()
    assert at.session_state["selected_place"] == "republic-square"
    before = [visible(m.value) for m in at.markdown][:3]
    at.selectbox(key="lang").set_value("ru").run()
    assert not at.exception
    assert at.query_params["lang"] == "ru"
    assert at.slider(key="dates").value == days
    assert at.multiselect(key="types").value == ["picket"]
    assert at.multiselect(key="types").proto.options[0] == "Одиночный пикет"
    assert at.text_input(key="search").value == "yensebek"
    assert at.session_state["selected_place"] == "republic-square"
    assert "Площадь Республики; Монумент независимости" in [visible(s.value) for s in at.header]
    assert [visible(m.value) for m in at.markdown][:3] != before


def test_two_viewers_in_two_languages_at_once(map_result):
    """Two sessions side by side: each keeps its own language whatever the other does."""
    kk, ru = opened("kk"), opened("ru")
    kk.run()
    assert kk.title[0].value == i18n.lang("kk")._(dashboard.page.TITLE)
    assert ru.title[0].value == i18n.lang("ru")._(dashboard.page.TITLE)
    ru.selectbox(key="lang").set_value("en").run()
    kk.run()
    assert kk.title[0].value == i18n.lang("kk")._(dashboard.page.TITLE)
    assert ru.title[0].value == dashboard.page.TITLE
    assert "Шолу" in [s.value for s in kk.header]
    assert "Overview" in [s.value for s in ru.header]


@pytest.fixture
def acled_dir(tmp_path, map_result, monkeypatch):
    """A data directory imported from ACLED-shaped rows written for the tests."""
    source = tmp_path / "acled.csv"
    source.write_text("\n".join([ACLED_2023_HEADER, *ACLED_2023_ROWS]) + "\n", newline="")
    out = tmp_path / "data"
    assert cli_main(["import", str(source), "-o", str(out)]) == 0
    monkeypatch.setenv("DASHBOARD_DATA", str(out))
    return load_dataset(out)


def acled_strings(dataset) -> list[str]:
    """The data's own words that ACLED adds: its types, sub-types, sides and details."""
    events = dataset.events
    strings = set(events["event_type"]) | set(events["sub_event_type"])
    for column in ("actor_kind_1", "actor_kind_2", "disorder_type", "interaction"):
        strings.update(events[column])
    strings.update(events["civilian_targeting"])
    strings.update(events["source_scale"])
    strings.update(events["size_text"])
    for column in ("actors_1", "actors_2"):
        for items in events[column]:
            strings.update(items)
    return [s for s in strings if isinstance(s, str) and s]


@pytest.mark.parametrize("code", ["kk", "ru"])
def test_no_english_interface_text_on_imported_acled_data(acled_dir, map_result, code):
    """The legend's "other" row, the region precision, the card's ACLED fields: our words
    in the viewer's language; ACLED's own names stay as ACLED wrote them."""
    at = opened(code)
    texts = page_texts(at)
    for place_id in acled_dir.places["place_id"]:
        map_result.return_value = click(place_id, len(texts))
        at.run()
        assert not at.exception
        texts += page_texts(at)
    # The directory's name, in the line under the title, is data too.
    data = [*acled_strings(acled_dir), Path(acled_dir.location).name]
    left = [t for t in english_left(texts, acled_dir) if not any(t in d for d in data)]
    assert len(texts) > 100
    assert left == []
