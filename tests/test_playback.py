"""Playback's steps, positions, reports and the days sent to the map frame."""

from __future__ import annotations

import datetime as dt
import json
import subprocess

import folium
import pandas as pd
import pytest

from dashboard import i18n, mapview, playback
from dashboard.aggregate import summarise
from dashboard.assets import STATIC_DIR
from dashboard.playback import Position

D = dt.date
WAVE = (D(2024, 2, 1), D(2024, 3, 8))


@pytest.mark.parametrize(
    ("span", "step"),
    [
        ((D(2024, 2, 1), D(2024, 2, 1)), "day"),
        (WAVE, "day"),  # 37 days
        ((D(2024, 1, 1), D(2024, 3, 2)), "day"),  # 62 days
        ((D(2024, 1, 1), D(2024, 3, 3)), "week"),  # 63 days
        ((D(2023, 1, 1), D(2024, 12, 31)), "week"),  # 731 days
        ((D(2017, 3, 8), D(2024, 3, 8)), "month"),  # the whole history
    ],
)
def test_default_step_follows_the_range(span, step):
    assert playback.default_step(span) == step


@pytest.mark.parametrize(
    ("span", "step", "starts"),
    [
        ((D(2024, 2, 1), D(2024, 2, 3)), "day", [D(2024, 2, 1), D(2024, 2, 2), D(2024, 2, 3)]),
        (
            WAVE,
            "week",
            [D(2024, 2, d) for d in (1, 8, 15, 22, 29)] + [D(2024, 3, 7)],
        ),
        (
            (D(2023, 11, 15), D(2024, 2, 1)),
            "month",
            [D(2023, 11, 15), D(2023, 12, 1), D(2024, 1, 1), D(2024, 2, 1)],
        ),
        ((D(2024, 2, 1), D(2024, 2, 1)), "month", [D(2024, 2, 1)]),
    ],
)
def test_step_starts(span, step, starts):
    assert playback.step_starts(span, step) == starts


def test_an_unknown_step_is_refused_with_its_value():
    with pytest.raises(ValueError, match="'year'"):
        playback.step_starts(WAVE, "year")


@pytest.mark.parametrize(
    ("step", "at", "shown"),
    [
        ("day", D(2024, 2, 9), (D(2024, 2, 1), D(2024, 2, 9))),
        ("week", D(2024, 2, 8), (D(2024, 2, 1), D(2024, 2, 14))),
        ("week", D(2024, 3, 7), (D(2024, 2, 1), D(2024, 3, 8))),  # the last step is cut
        ("month", D(2024, 2, 1), (D(2024, 2, 1), D(2024, 2, 29))),
        ("month", D(2024, 3, 1), (D(2024, 2, 1), D(2024, 3, 8))),
    ],
)
def test_a_position_shows_the_first_day_to_the_steps_last(step, at, shown):
    assert Position(WAVE, step, at).shown() == shown


@pytest.mark.parametrize(
    ("at", "step", "expected"),
    [
        ("2024-02-12", "week", Position(WAVE, "week", D(2024, 2, 8))),  # inside a step
        ("2024-02-12", "day", Position(WAVE, "day", D(2024, 2, 12))),
        ("2024-02-12", "year", Position(WAVE, "day", D(2024, 2, 12))),  # the range's default
        ("2023-01-01", "day", Position(WAVE, "day", D(2024, 2, 1))),  # clamped to the range
        ("2024-02-12T10:00", None, Position(WAVE, "day", D(2024, 2, 12))),
        ("12.02.2024", "day", None),
        ("![x](http://evil.invalid/x.png)", "day", None),
        (None, "day", None),
        (["2024-02-12"], "day", None),
    ],
)
def test_position_from_a_link(at, step, expected):
    assert playback.position(WAVE, at, step) == expected


def test_a_position_is_read_within_the_datas_days():
    found = playback.position((D(2010, 1, 1), D(2030, 1, 1)), "2024-02-12", "day", WAVE)
    assert found == Position(WAVE, "day", D(2024, 2, 12))
    assert playback.position((D(2010, 1, 1), D(2011, 1, 1)), "2010-02-12", "day", WAVE) == (
        Position((WAVE[0], WAVE[0]), "day", WAVE[0])
    )


def test_link_values_are_readable():
    assert Position(WAVE, "week", D(2024, 2, 8)).link_values() == {
        "at": "2024-02-08",
        "step": "week",
    }


def report(**values) -> dict:
    return {
        "last_active_drawing": {
            "type": "Feature",
            "geometry": None,
            "properties": {"playback": values},
        },
        "last_object_clicked_count": 3,
    }


def test_a_report_from_the_map_is_read():
    result = report(id="abc-1", start="2024-02-01", end="2024-03-08", step="week", at="2024-02-08")
    assert playback.reported_position(result) == (
        "abc-1",
        Position(WAVE, "week", D(2024, 2, 8)),
    )


@pytest.mark.parametrize(
    "result",
    [
        None,
        {},
        {"last_active_drawing": None},
        {"last_active_drawing": {"properties": {"place_id": "opera-theatre"}}},
        {"last_active_drawing": {"properties": {"overview": True}}},
        report(start="2024-02-01", end="2024-03-08", step="day", at="2024-02-08"),  # no id
        report(id="x", start="2024-03-08", end="2024-02-01", step="day", at="2024-02-08"),
        report(id="x", start="soon", end="2024-02-01", step="day", at="2024-02-08"),
        report(id="x", start="2024-02-01", end="2024-03-08", step="day", at=None),
        {"last_active_drawing": {"properties": {"playback": "2024-02-08"}}},
    ],
)
def test_anything_else_is_not_a_report(result):
    assert playback.reported_position(result) is None


def events_frame(rows) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "place_id": [r[0] for r in rows],
            "date": pd.to_datetime([r[1] for r in rows]),
            "located": [r[2] for r in rows],
        }
    )


def test_place_days_are_sorted_differences_per_place():
    events = events_frame(
        [
            ("b", "2024-02-09", True),
            ("a", "2024-02-02", True),
            ("b", "2024-02-01", True),
            ("b", "2024-02-09", True),
            ("c", "2024-02-03", False),  # not drawn: no days
            ("a", "2024-03-08", True),
        ]
    )
    assert playback.place_days(events, WAVE[0]) == {
        "ids": ["a", "b"],
        "days": [[1, 35], [0, 8, 0]],
    }


def test_no_drawn_event_no_days():
    events = events_frame([("c", "2024-02-03", False)])
    assert playback.place_days(events, WAVE[0]) == {"ids": [], "days": []}


def test_layer_spec_of_the_bundled_data(dataset):
    events = dataset.events[dataset.events["date"].between("2024-02-01", "2024-03-08")]
    spec = playback.layer_spec(events, WAVE)
    assert (spec["start"], spec["end"], spec["step"], spec["at"]) == (
        "2024-02-01",
        "2024-03-08",
        "day",
        None,
    )
    summary = summarise(events, dataset.places)
    counts = dict(zip(summary.places["place_id"], summary.places["count"]))
    # every drawn place has as many days as its marker counts events
    assert {pid: len(days) for pid, days in zip(spec["ids"], spec["days"])} == counts
    paused = playback.layer_spec(events, WAVE, Position(WAVE, "week", D(2024, 2, 8)))
    assert (paused["step"], paused["at"]) == ("week", "2024-02-08")


@pytest.mark.parametrize(
    ("code", "patterns"),
    [
        ("en", {"one": "{n} event", "other": "{n} events"}),
        (
            "ru",
            {
                "one": "{n} событие",
                "few": "{n} события",
                "many": "{n} событий",
                "other": "{n} событий",
            },
        ),
        ("kk", {"one": "{n} оқиға", "other": "{n} оқиға"}),
    ],
)
def test_count_patterns_per_plural_category(code, patterns):
    assert playback.count_patterns(i18n.lang(code)) == patterns


@pytest.mark.parametrize("code", ["en", "ru", "kk"])
def test_the_control_is_worded_in_the_language(code):
    lang = i18n.lang(code)
    spec = playback.control_spec(lang)
    assert spec["words"]["play"] == lang._("Play")
    assert [name for name, _ in spec["steps"]] == ["day", "week", "month"]
    assert spec["steps"][1][1] == lang._("Week")


def test_the_base_map_has_the_control_and_loads_its_files():
    from dashboard.settings import dashboard_settings

    html = mapview.build_base_map(dashboard_settings(), lang=i18n.lang("ru")).get_root().render()
    assert "window.protestPlayback.addControl(" in html
    assert "../../app/static/js/map-bundle.js?v=" in html  # it holds playback.js
    assert "../../app/static/css/playback.css?v=" in html
    assert json.dumps("Шаг назад")[1:-1] in html or "Шаг назад" in html


def test_the_days_follow_the_places_layer(dataset):
    events = dataset.events[dataset.events["date"].between("2024-02-01", "2024-03-08")]
    summary = summarise(events, dataset.places)
    group = mapview.place_layer(summary)
    playback.add_to_layer(group, playback.layer_spec(events, WAVE))
    fmap = folium.Map()
    group.add_to(fmap)
    html = fmap.get_root().render()
    places = html.index("window.protestMap.placesLayer(")
    days = html.index("window.protestPlayback.setLayer(")
    assert places < days


def test_days_without_a_places_layer_are_refused():
    with pytest.raises(ValueError, match="PlacesGeoJson"):
        playback.add_to_layer(folium.FeatureGroup(), {"ids": []})


def test_the_frame_counts_steps_as_python_does(node):
    """playback.js's step arithmetic, run in node, against :func:`playback.step_starts`."""
    cases = [
        (WAVE, "day"),
        (WAVE, "week"),
        (WAVE, "month"),
        ((D(2017, 3, 8), D(2024, 3, 8)), "month"),
        ((D(2023, 12, 30), D(2024, 3, 2)), "week"),
    ]
    script = (STATIC_DIR / "js" / "playback.js").read_text()
    program = (
        "global.window = {L: {}};\n"
        + script
        + "\nconst P = window.protestPlayback;\n"
        + "const day = s => Math.round(Date.parse(s + 'T00:00:00Z') / 86400000);\n"
        + "const text = n => new Date(n * 86400000).toISOString().slice(0, 10);\n"
        + f"const cases = {json.dumps([[str(s[0]), str(s[1]), step] for s, step in cases])};\n"
        + "console.log(JSON.stringify(cases.map(c => "
        + "P.stepStarts(day(c[0]), day(c[1]), c[2]).map(text))));\n"
    )
    out = subprocess.run(
        [node, "-e", program], capture_output=True, text=True, check=True, timeout=30
    )
    got = json.loads(out.stdout)
    assert got == [[str(d) for d in playback.step_starts(span, step)] for span, step in cases]
