"""'Open your own file' in the page, driven with AppTest (st_folium patched, as in
test_page.py): the uploaded events replace the bundled ones for this viewer only."""

from __future__ import annotations

import datetime as dt
import json
from unittest import mock

import pyarrow as pa
import pytest
from pageapp import page_app
from streamlit.testing.v1 import AppTest

import dashboard.page
from dashboard import i18n
from dashboard.settings import BUNDLED_DATA, DashboardSettings
from tests.clicks import NO_CLICK, click
from tests.formats_fixtures import ACLED_2023_HEADER, ACLED_2023_ROWS
from tests.markdown import visible

TABLE = (
    "дата;место;описание;участники\r\n"
    "12.02.2024;Площадь Республики;Пикет у монумента;Lia Bergen\r\n"
    "13.02.2024;Арбат;Второй пикет <b>жирный?</b>;\r\n"
    "14.02.2024;Где-то;Третий пикет;\r\n"
    ";Арбат;без даты;\r\n"
).encode("cp1251")


@pytest.fixture
def map_result(monkeypatch):
    monkeypatch.delenv("DASHBOARD_DATA", raising=False)
    with mock.patch.object(dashboard.page, "st_folium", return_value=dict(NO_CLICK)) as patched:
        yield patched


def new_app() -> AppTest:
    at = page_app()
    at.run()
    assert not at.exception
    return at


def summary_line(at: AppTest) -> str:
    return next(m.value for m in at.markdown if "Showing" in m.value)


def problems_text(at: AppTest) -> str:
    return "\n".join(c.value for c in at.code)


def data_stamp() -> list[tuple[str, int, int]]:
    return [(p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in BUNDLED_DATA.iterdir()]


def test_uploaded_table_replaces_the_data_for_this_viewer(map_result, dataset):
    before = data_stamp()
    at = new_app()
    assert summary_line(at).endswith(f"of {len(dataset.events)} events**")
    at.file_uploader(key="upload_file").set_value(("пикеты.csv", TABLE, "text/csv")).run()
    assert not at.exception
    assert [visible(i.value) for i in at.info] == [
        "3 events from 'пикеты.csv' (Windows-1251 (Cyrillic) text, semicolon-separated, "
        "read as a table); 2 problems"
    ]
    assert summary_line(at) == "**Showing 3 of 3 events**"
    assert problems_text(at).splitlines() == [
        "пикеты.csv:4:место: place 'Где-то' matches no place we know and the row has no "
        "coordinates: shown as not located",
        "пикеты.csv:5:дата: no date: the row is left out (events are shown by date)",
    ]
    assert [visible(e.value) for e in at.error] == [
        "2 problems in the data in 'пикеты.csv': the rows concerned are left out, "
        "everything else is shown."
    ]
    assert data_stamp() == before  # nothing written to data/

    other = new_app()  # a second viewer, same server process
    assert summary_line(other).endswith(f"of {len(dataset.events)} events**")
    assert not other.info and not other.code
    assert other.session_state["upload"] is None


def test_click_on_an_uploaded_place_shows_its_events_as_text(map_result):
    at = new_app()
    at.file_uploader(key="upload_file").set_value(("t.csv", TABLE, "text/csv")).run()
    map_result.return_value = click("arbat", 2)
    at.run()
    assert not at.exception
    assert '"Arbat" (pedestrian Zhibek Zholy Street)' in [visible(s.value) for s in at.header]
    page = "\n".join(m.value for m in at.markdown)
    assert "Второй пикет" in page
    assert "<b>" not in page.replace("\\<b\\>", "")  # escaped, shown as text


def test_a_file_with_dates_elsewhere_gets_its_own_range(map_result):
    at = new_app()
    data = b"date,place\n2019-05-01,Arbat\n2019-05-03,Gandhi Park\n"
    at.file_uploader(key="upload_file").set_value(("old.csv", data, "text/csv")).run()
    assert not at.exception
    assert at.slider(key="dates").value == (dt.date(2019, 5, 1), dt.date(2019, 5, 3))
    assert summary_line(at) == "**Showing 2 of 2 events**"


def test_a_binary_file_is_refused_and_the_bundled_data_stays(map_result, dataset):
    at = new_app()
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
    at.file_uploader(key="upload_file").set_value(("photo.png", png, "image/png")).run()
    assert not at.exception
    assert [visible(i.value) for i in at.info] == [
        "Nothing read from 'photo.png': see the problem below"
    ]
    assert problems_text(at) == (
        "photo.png: not a text file: it looks like a PNG image; open a CSV file (comma, "
        "semicolon or tab)"
    )
    assert summary_line(at).endswith(f"of {len(dataset.events)} events**")


def test_closing_the_file_brings_back_the_bundled_data(map_result, dataset):
    at = new_app()
    at.file_uploader(key="upload_file").set_value(("t.csv", TABLE, "text/csv")).run()
    assert summary_line(at) == "**Showing 3 of 3 events**"
    at.file_uploader(key="upload_file").set_value(None).run()
    assert not at.exception
    assert summary_line(at).endswith(f"of {len(dataset.events)} events**")
    assert not at.info


def test_opening_a_file_after_a_dated_link(map_result):
    """The crash of issue 10: a ?dates= link, then a file (the slider was bound to the URL)."""
    at = page_app()
    at.query_params["dates"] = ["2024-02-02", "2024-02-09"]
    at.run()
    assert summary_line(at).startswith("**Showing 4 of")
    at.file_uploader(key="upload_file").set_value(("t.csv", TABLE, "text/csv")).run()
    assert not at.exception
    assert summary_line(at) == "**Showing 3 of 3 events**"  # the file's own dates
    start, end = at.slider(key="dates").value
    assert start <= dt.date(2024, 2, 12) and end >= dt.date(2024, 2, 14)
    assert "dates" not in at.query_params  # the file's default range


def test_opening_a_file_after_whole_history(map_result):
    at = new_app()
    next(b for b in at.button if b.label == "Whole history").click().run()
    at.file_uploader(key="upload_file").set_value(("t.csv", TABLE, "text/csv")).run()
    assert not at.exception
    assert summary_line(at) == "**Showing 3 of 3 events**"


def test_a_file_name_with_markdown_is_shown_as_text(map_result):
    at = new_app()
    name = "![p](http://evil.invalid/pixel.png) [x](http://evil.invalid) :red[x] $x$.csv"
    at.file_uploader(key="upload_file").set_value((name, TABLE, "text/csv")).run()
    assert not at.exception
    for element in [*at.info, *at.error]:
        assert "](http" not in element.value and "http://" not in element.value
        assert ":red[" not in element.value and "$x$" not in element.value
    assert visible(at.info[0].value).startswith(f"3 events from {name!r} (")
    # The title's line names the file too, as text.
    context = at.caption[0].value
    assert "](http" not in context and ":red[" not in context and "$x$" not in context
    assert visible(context).startswith(f"The events of the file ‘{name}’, read as a table")


def title_and_context(at: AppTest) -> tuple[str, str]:
    return at.title[0].value, visible(at.caption[0].value)


def test_the_title_follows_the_data(map_result):
    at = new_app()
    title, context = title_and_context(at)
    assert title == "Almaty protest map"
    assert context.startswith("In February 2024, after Almaty's akimat refused")
    assert [b.label for b in at.button][:2] == ["Feb 2024 wave", "Whole history"]
    acled = "\n".join([ACLED_2023_HEADER, *ACLED_2023_ROWS]).encode("utf-8")
    at.file_uploader(key="upload_file").set_value(("bd.csv", acled, "text/csv")).run()
    assert not at.exception
    assert title_and_context(at) == (
        "Protest map",
        "The events of the file ‘bd.csv’, read as ACLED (2023+ columns): its own event types, "
        "places and dates. The file stays in this browser session.",
    )
    # No wave of Almaty's to go back to: the one button shows the whole span.
    assert "Feb 2024 wave" not in [b.label for b in at.button]
    assert "Whole history" in [b.label for b in at.button]
    at.file_uploader(key="upload_file").set_value(None).run()
    assert title_and_context(at)[0] == "Almaty protest map"


@pytest.mark.parametrize(
    ("lang", "title", "start"),
    [
        ("ru", "Карта протестов", "События из каталога данных ‘imported’"),
        ("kk", "Наразылық картасы", "‘imported’ деректер каталогының"),
    ],
)
def test_another_data_directory_is_named_in_each_language(tmp_path, lang, title, start):
    directory = tmp_path / "imported"
    settings = DashboardSettings(data_dir=directory, tiles="none", tiles_attribution="")
    named = dashboard.page.heading(settings, None, i18n.lang(lang))
    assert named.title == title
    assert named.page_title == f"{title}: imported"
    assert "Almaty" not in named.context and "Алматы" not in named.context
    assert visible(named.context).startswith(start)


def drawn_layer(map_result) -> tuple[dict, dict]:
    """The places (feature properties by place_id) and the legend of the last drawn map."""
    call = map_result.call_args
    layer = call.kwargs["feature_group_to_add"]
    geojson = next(iter(layer._children.values()))
    features = json.loads(geojson.data_json.replace("\\u0026", "&"))["features"]
    legend = next(c for c in call.args[0]._children.values() if c._name == "Legend")
    return {f["properties"]["place_id"]: f["properties"] for f in features}, json.loads(
        legend.spec_json
    )


def test_a_file_without_a_type_column_counts_every_event(map_result):
    """Issue 10: markers, the overview, the legend and the timeline count untyped events."""
    data = (
        b"date,place,latitude,longitude\n"
        b"2024-02-10,Here,43.25,76.95\n"
        b"2024-02-11,Here,43.25,76.95\n"
        b"2024-02-12,There,43.24,76.93\n"
    )
    at = new_app()
    at.session_state[dashboard.page.TIMELINE_KEY] = True
    at.file_uploader(key="upload_file").set_value(("untyped.csv", data, "text/csv")).run()
    assert not at.exception
    places, legend = drawn_layer(map_result)
    assert sorted((p["name"], p["count"], p["type"]) for p in places.values()) == [
        ("Here", 2, ""),
        ("There", 1, ""),
    ]
    assert legend["types"] == [["Other / not given", "#767676"]]
    page = "\n".join(m.value for m in at.markdown)
    assert "**3 events** in the selection: type not given \\(3\\)." in page
    assert "3 events at 2 places on the map" in page
    assert "- Here: 2 events" in page
    chart = at.get("vega_lite_chart")[0].proto
    spec = json.loads(chart.spec)
    assert spec["encoding"]["color"]["scale"] == {
        "domain": ["Other / not given"],
        "range": ["#767676"],
    }
    bars = pa.ipc.open_stream(chart.datasets[0].data.data).read_all().to_pandas()
    assert bars["events"].sum() == 3
    assert set(bars["type"]) == {"Other / not given"}
    assert at.multiselect(key="types").options == ["Not given"]
