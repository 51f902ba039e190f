"""The page's widgets and panels, driven with Streamlit's AppTest.

AppTest does not render the map: ``st_folium`` is patched, and a click is simulated by what it
returns (the clicked feature in ``last_active_drawing`` and a click counter).
"""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from pageapp import page_app

import dashboard.page
from dashboard.aggregate import events_at, summarise
from dashboard.filters import Selection, filter_events
from dashboard.geocode import PlacesFile
from tests.clicks import NO_CLICK, click, escape
from tests.markdown import visible

WAVE = (dt.date(2024, 2, 1), dt.date(2024, 3, 8))


@pytest.fixture
def map_result(monkeypatch):
    """The patched st_folium; set ``.return_value`` to simulate clicks."""
    monkeypatch.delenv("DASHBOARD_DATA", raising=False)
    monkeypatch.delenv("DASHBOARD_TILES", raising=False)
    monkeypatch.delenv("DASHBOARD_TILES_ATTRIBUTION", raising=False)
    with mock.patch.object(dashboard.page, "st_folium", return_value=dict(NO_CLICK)) as patched:
        yield patched


@pytest.fixture
def app(map_result):
    """The app, run once with its defaults."""
    at = page_app()
    at.run()
    assert not at.exception
    return at


def expected(dataset, start, end, **filters) -> int:
    return len(filter_events(dataset.events, Selection(start=start, end=end, **filters)))


def texts(at) -> str:
    """Every Markdown, caption, subheader and expander label on the page, unescaped."""
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [visible(s.value) for s in at.header] + [e.label for e in at.expander]
    parts += [w.value for w in at.warning] + [e.value for e in at.error]
    parts += [i.value for i in at.info]
    return "\n".join(parts).replace("\\", "")


def summary_line(at) -> str:
    return next(m.value for m in at.markdown if "Showing" in m.value)


def test_default_view_is_the_wave(app, dataset):
    assert app.slider(key="dates").value == WAVE
    n = expected(dataset, *WAVE)
    assert summary_line(app) == f"**Showing {n} of {len(dataset.events)} events**"
    assert app.title[0].value == dashboard.page.TITLE
    assert "Overview" in texts(app)


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (dt.date(2024, 2, 2), dt.date(2024, 2, 9)),
        (dt.date(2024, 2, 14), dt.date(2024, 2, 17)),
        (dt.date(2017, 3, 8), dt.date(2024, 3, 8)),
        (dt.date(2018, 1, 1), dt.date(2018, 12, 31)),
    ],
)
def test_summary_line_for_a_date_range(app, dataset, start, end):
    app.slider(key="dates").set_value((start, end)).run()
    n = expected(dataset, start, end)
    assert summary_line(app) == f"**Showing {n} of {len(dataset.events)} events**"


def test_url_sets_the_dates(map_result, dataset):
    at = page_app()
    at.query_params["dates"] = ["2024-02-02", "2024-02-09"]
    at.run()
    start, end = dt.date(2024, 2, 2), dt.date(2024, 2, 9)
    assert at.slider(key="dates").value == (start, end)
    n = expected(dataset, start, end)
    assert n == 4  # the example: Bergen, Fonova (city centre), Fonova, Yensebek
    assert summary_line(at) == f"**Showing {n} of {len(dataset.events)} events**"
    assert at.query_params["dates"] == ["2024-02-02", "2024-02-09"]


def test_invalid_url_dates_fall_back_to_the_default(map_result):
    at = page_app()
    at.query_params["dates"] = ["yesterday", "2024-02-09"]
    at.run()
    assert not at.exception
    assert at.slider(key="dates").value == WAVE


def test_whole_history_and_back(app, dataset):
    first = dataset.events["date"].min().date()
    whole = next(b for b in app.button if b.label == "Whole history")
    whole.click().run()
    assert app.slider(key="dates").value == (first, WAVE[1])
    n = len(dataset.events)
    assert summary_line(app) == f"**Showing {n} of {n} events**"
    next(b for b in app.button if b.label == "Feb 2024 wave").click().run()
    assert app.slider(key="dates").value == WAVE


@pytest.mark.parametrize(
    ("label", "day", "expected_range"),
    [
        ("From", dt.date(2024, 2, 14), (dt.date(2024, 2, 14), WAVE[1])),
        ("To", dt.date(2024, 2, 9), (WAVE[0], dt.date(2024, 2, 9))),
        ("From", dt.date(2024, 3, 8), (dt.date(2024, 3, 8), dt.date(2024, 3, 8))),
        ("To", dt.date(2021, 1, 1), (dt.date(2021, 1, 1), WAVE[0])),  # crossed: the ends swap
    ],
)
def test_from_and_to_fields_set_a_day_exactly(app, dataset, label, day, expected_range):
    field = next(d for d in app.date_input if d.label == label)
    field.set_value(day).run()
    assert app.slider(key="dates").value == expected_range
    n = expected(dataset, *expected_range)
    assert summary_line(app) == f"**Showing {n} of {len(dataset.events)} events**"
    # the fields follow the slider
    assert [d.value for d in app.date_input] == list(expected_range)


def test_panel_for_a_place_with_two_events(app, map_result, dataset):
    map_result.return_value = click("republic-square", 2)
    app.run()
    page = texts(app)
    assert "Republic Square (Independence Monument)" in [visible(s.value) for s in app.header]
    assert "2 events here in the selection, newest first." in page
    # above the map, for a phone where the panel is out of sight below it
    assert (
        "**Republic Square (Independence Monument)**: 2 events, beside the map "
        "(below it on a phone)." in page
    )
    # newest first: Yensebek (9 Feb) before Bergen (2 Feb), with role and organisation
    assert page.index("Temirlan Yensebek") < page.index("Lia Bergen")
    assert "**Temirlan Yensebek** (activist, Oyan, Qazaqstan!)" in page
    assert "9 February 2024 · Single picket" in page
    # the dispute about Bergen's place is visible
    assert any("Radio Azattyk at the Independence Monument" in w.value for w in app.warning)
    # sources are links to the publishers' pages
    assert "(https://www.azattyk.org/a/32802832.html)" in page


def test_clicking_another_marker_changes_the_panel(app, map_result):
    map_result.return_value = click("republic-square", 2)
    app.run()
    map_result.return_value = click("opera-theatre", 4)
    app.run()
    page = texts(app)
    assert "Abai Kazakh National Opera and Ballet Theatre" in [visible(s.value) for s in app.header]
    assert "Diana Jumagulova-Matweewa" in page and "Lia Bergen" not in page


def test_clicking_the_same_marker_again_after_the_overview(app, map_result):
    map_result.return_value = click("opera-theatre", 2)
    app.run()
    next(b for b in app.button if b.label == "Back to the overview").click().run()
    assert "Overview" in [visible(s.value) for s in app.header]
    map_result.return_value = click("opera-theatre", 4)  # same marker, counter moved on
    app.run()
    assert "Abai Kazakh National Opera and Ballet Theatre" in [visible(s.value) for s in app.header]


def test_escape_on_the_map_goes_back_to_the_overview(app, map_result):
    map_result.return_value = click("opera-theatre", 2)
    app.run()
    map_result.return_value = escape(3)
    app.run()
    assert "Overview" in [visible(s.value) for s in app.header]
    assert "Diana Jumagulova-Matweewa" not in texts(app)
    map_result.return_value = click("opera-theatre", 5)  # the same marker opens again
    app.run()
    assert "Abai Kazakh National Opera and Ballet Theatre" in [visible(s.value) for s in app.header]


def test_selected_place_outside_the_selection_shows_the_overview(app, map_result):
    map_result.return_value = click("republic-square", 2)
    app.run()
    app.slider(key="dates").set_value((dt.date(2024, 2, 10), dt.date(2024, 3, 8))).run()
    assert "The place you clicked has no events in the current selection." in texts(app)
    assert "Overview" in [visible(s.value) for s in app.header]


def test_unknown_place_in_a_click_is_ignored(app, map_result):
    map_result.return_value = click("no-such-place", 2)
    app.run()
    assert not app.exception
    assert "Overview" in [visible(s.value) for s in app.header]


def test_place_not_reported_list(app, dataset):
    events = filter_events(dataset.events, Selection(start=WAVE[0], end=WAVE[1]))
    unlocated = summarise(events, dataset.places).unlocated
    assert len(unlocated) == 4
    page = texts(app)
    assert f"Not on the map: {len(unlocated)} events" in page
    labels = [label.replace("\\", "") for label in app.radio(key="unlocated").options]
    assert len(labels) == len(unlocated)
    for location_text in unlocated["location_text"]:
        assert any(f"“{location_text}”" in label for label in labels)
    assert any(
        "Kazakhstan Press Club" in label and "place named but not located yet" in label
        for label in labels
    )
    assert sum("(place not reported)" in label for label in labels) == 3
    assert "**What happened:**" not in page  # no card until one is picked


def test_picking_an_event_not_on_the_map_shows_its_card(app, dataset):
    press = dataset.events.set_index("event_id").loc["2024-02-01-press-conference"]
    app.radio(key="unlocated").set_value("2024-02-01-press-conference").run()
    page = texts(app).replace("\\", "")
    assert f"**What happened:** {press['description']}" in page
    assert "**Where:** Kazakhstan Press Club" in page
    # A range without that event: the pick is forgotten, no card of it is left on the page.
    app.slider(key="dates").set_value((dt.date(2024, 2, 10), dt.date(2024, 3, 8))).run()
    assert not app.exception
    assert press["description"] not in texts(app).replace("\\", "")


@pytest.mark.parametrize(
    ("types", "actors", "search"),
    [
        (["picket"], [], ""),
        (["picket"], ["Veronika Fonova"], ""),
        ([], ["KazFem"], ""),
        (["picket"], [], "fonova"),
        ([], [], "Liya"),  # another spelling of Lia Bergen
        ([], [], "Площадь"),  # the Russian name of Republic Square
        (["rally"], ["Lia Bergen"], ""),  # nothing matches both
    ],
)
def test_filters_combine_with_the_dates(app, dataset, types, actors, search):
    app.multiselect(key="types").set_value(types)
    app.multiselect(key="actors").set_value(actors)
    app.text_input(key="search").set_value(search)
    app.session_state[dashboard.page.TABLE_KEY] = True
    app.run()
    n = expected(dataset, *WAVE, event_types=tuple(types), actors=tuple(actors), text=search)
    assert summary_line(app) == f"**Showing {n} of {len(dataset.events)} events**"
    table = app.dataframe[0].value
    assert len(table) == n


def test_table_and_downloads_hold_the_selection(app, dataset):
    n = expected(dataset, *WAVE)
    app.session_state[dashboard.page.TABLE_KEY] = True
    app.run()
    assert len(app.dataframe[0].value) == n
    labels = [b.label for b in app.get("download_button")]
    assert labels == ["Download CSV", "Download GeoJSON"]


def test_events_at_a_place_match_the_panel_count(app, map_result, dataset):
    events = filter_events(dataset.events, Selection(start=WAVE[0], end=WAVE[1]))
    n = len(events_at(events, "gandhi-park"))
    map_result.return_value = click("gandhi-park", 2)
    app.run()
    assert f"{n} events here in the selection, newest first." in texts(app)


def test_data_problems_are_listed_with_file_line_and_column(map_result, monkeypatch, data_copy):
    data = data_copy
    events = (data / "events.csv").read_text(encoding="utf-8").splitlines()
    events[3] = events[3].replace("2019-09-28,1,rally", "2019-13-28,1,rally")
    (data / "events.csv").write_text("\n".join(events) + "\n", encoding="utf-8")
    monkeypatch.setenv("DASHBOARD_DATA", str(data))
    at = page_app()
    at.run()
    assert not at.exception
    assert "1 problem in the data" in at.error[0].value
    assert f"{data / 'events.csv'}:4:date: invalid date '2019-13-28'" in at.code[0].value
    assert summary_line(at).endswith(" of 24 events**")  # the other rows are still there


def test_bad_tiles_setting_is_explained(map_result, monkeypatch):
    monkeypatch.setenv("DASHBOARD_TILES", "https://tiles.example.org/{z}/{x}/{y}.png")
    at = page_app()
    at.run()
    assert not at.exception
    assert "set DASHBOARD_TILES_ATTRIBUTION" in at.error[0].value.replace("\\", "")


@pytest.mark.parametrize(
    ("first", "last", "bounds", "default"),
    [
        (dt.date(2017, 3, 8), dt.date(2024, 3, 7), (dt.date(2017, 3, 8), WAVE[1]), WAVE),
        (dt.date(2024, 2, 10), dt.date(2024, 2, 20), WAVE, WAVE),
        (
            dt.date(2019, 1, 1),
            dt.date(2020, 1, 1),
            (dt.date(2019, 1, 1), dt.date(2020, 1, 1)),
            (dt.date(2019, 1, 1), dt.date(2020, 1, 1)),
        ),
    ],
)
def test_date_bounds_and_default(first, last, bounds, default):
    import pandas as pd

    events = pd.DataFrame({"date": pd.to_datetime([first, last])})
    got = dashboard.page.date_bounds(events)
    assert got == bounds
    assert dashboard.page.default_range(*got) == default


def test_a_link_partly_outside_the_data_is_clamped_and_said(map_result, dataset):
    at = page_app()
    at.query_params["dates"] = ["2017-01-01", "2024-12-31"]
    at.run()
    assert not at.exception
    first = dataset.events["date"].min().date()
    assert at.slider(key="dates").value == (first, WAVE[1])
    assert [visible(i.value) for i in at.info] == [
        f"The link asks for 2017-01-01 to 2024-12-31; the data runs from {first} to "
        f"{WAVE[1]}: showing {first} to {WAVE[1]}."
    ]
    assert at.query_params["dates"] == [str(first), str(WAVE[1])]
    n = len(dataset.events)
    assert summary_line(at) == f"**Showing {n} of {n} events**"
    # Once the viewer picks other dates, the line has done its work.
    next(b for b in at.button if b.label == "Feb 2024 wave").click().run()
    assert not at.info
    assert "dates" not in at.query_params  # the default range needs no dates in the link


def test_reversed_link_dates_are_swapped_and_said(map_result):
    at = page_app()
    at.query_params["dates"] = ["2024-02-09", "2024-02-02"]
    at.run()
    assert at.slider(key="dates").value == (dt.date(2024, 2, 2), dt.date(2024, 2, 9))
    assert [visible(i.value) for i in at.info] == [
        "The link's dates were in reverse order: read as 2024-02-02 to 2024-02-09."
    ]
    assert at.query_params["dates"] == ["2024-02-02", "2024-02-09"]


def test_an_unreadable_link_says_so(map_result):
    at = page_app()
    at.query_params["dates"] = ["![x](http://evil.invalid/p.png)", "2024-02-09"]
    at.run()
    assert not at.exception
    assert at.slider(key="dates").value == WAVE
    (note,) = [i.value for i in at.info]
    assert visible(note) == (
        "The link's dates ('![x](http://evil.invalid/p.png)', '2024-02-09') could not be read "
        "as two days (YYYY-MM-DD): showing 2024-02-01 to 2024-03-08."
    )
    assert "](http" not in note and "http://" not in note  # escaped: no image, no link


@pytest.mark.parametrize("button", ["Whole history", "Feb 2024 wave"])
def test_buttons_write_readable_dates_to_the_link(map_result, dataset, button):
    at = page_app()
    at.query_params["dates"] = ["2024-02-02", "2024-02-09"]
    at.run()
    next(b for b in at.button if b.label == button).click().run()
    if button == "Whole history":
        first = dataset.events["date"].min().date()
        assert at.query_params["dates"] == [str(first), str(WAVE[1])]
    else:
        assert "dates" not in at.query_params


def test_from_field_writes_readable_dates_to_the_link(app):
    next(d for d in app.date_input if d.label == "From").set_value(dt.date(2024, 2, 14)).run()
    assert app.query_params["dates"] == ["2024-02-14", "2024-03-08"]


def test_the_panel_says_where_a_places_point_comes_from(app, map_result):
    map_result.return_value = click("opera-theatre", 4)
    app.run()
    caption = next(c.value for c in app.caption if "Where the point comes from" in c.value)
    assert visible(caption) == (
        "Point checked by a person; confidence: high.  \n**Where the point comes from:** "
        'en.wikipedia "Abay Opera House"; OSM-2013 node 259995299 (43.24906, 76.94563)'
    )


def test_the_panel_says_a_geocoded_point_is_unchecked(map_result, monkeypatch, data_copy):
    places = PlacesFile.read(data_copy / "places.csv")
    index = next(i for i, r in enumerate(places.rows) if r["place_id"] == "sary-arka-square")
    source = (
        "Offline geocoder (OSM extract almaty-2013.osm.pbf), retrieved 2026-02-03: query "
        '"Сары-Арка, Almaty" (ru); OSM way 147682440'
    )
    places.set(index, {"coord_source": source, "confidence": "low", "verified": "no"})
    places.write()
    monkeypatch.setenv("DASHBOARD_DATA", str(data_copy))
    at = page_app()
    at.run()
    map_result.return_value = click("sary-arka-square", 1)
    at.run()
    assert not at.exception
    caption = next(c.value for c in at.caption if "Where the point comes from" in c.value)
    assert visible(caption) == (
        "Point found by a geocoder, not checked by a person; confidence: low.  \n"
        f"**Where the point comes from:** {source}"
    )
