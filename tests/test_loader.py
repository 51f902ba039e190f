"""Loading and validating a data directory: every problem named with file, line and column."""

from __future__ import annotations

import pickle
from pathlib import Path

import pandas as pd
import pytest

from dashboard import loader, schema
from dashboard.errors import DataError, Problem
from dashboard.loader import load_dataset, read_table


def replace_in(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


def test_bundled_data_is_valid(dataset):
    assert dataset.problems == ()
    assert len(dataset.events) == 25
    assert set(dataset.events["event_type"]) <= set(schema.EVENT_TYPES)


def test_frames_are_typed(dataset):
    events = dataset.events
    assert pd.api.types.is_datetime64_any_dtype(events["date"])
    assert events["time_precision"].dtype == "Int64"
    assert events.set_index("event_id").loc["2024-02-03-picket-fonova", "outcomes"] == (
        "attacked",
        "police_complaint",
    )
    places = dataset.places.set_index("place_id")
    assert places.loc["opera-theatre", "lat"] == pytest.approx(43.24889)
    assert pd.isna(places.loc["kazakhstan-press-club", "lat"])


def test_joined_events_carry_place_and_people(dataset):
    row = dataset.events.set_index("event_id").loc["2024-02-19-picket-matveeva"]
    assert row["place_name"] == "Abai Kazakh National Opera and Ballet Theatre"
    assert row["place_precision"] == "venue"
    assert row["geo_precision"] == 1
    assert row["actor_names"] == ("Diana Jumagulova-Matweewa",)
    assert "diana matveeva" in row["search_text"]


@pytest.mark.parametrize(
    ("event_id", "located", "geo_precision"),
    [
        ("2024-02-03-picket-fonova", False, 3),  # "city center": the city, never a point
        ("2024-02-14-picket-yensegen", False, 3),  # "different locations"
        ("2024-02-01-press-conference", False, 1),  # a venue with no coordinate yet
        ("2024-02-24-picket-osinovskaya", True, 2),  # a street
        ("2024-02-25-picket-shamshat", True, 2),  # an area
        ("2024-02-27-picket-toishibek", True, 1),
    ],
)
def test_precision_is_carried(dataset, event_id, located, geo_precision):
    row = dataset.events.set_index("event_id").loc[event_id]
    assert row["located"] == located
    assert row["geo_precision"] == geo_precision


# (file, text to replace, replacement, needle to find the line afterwards, column, message)
BAD_INPUTS = [
    (
        "events.csv",
        "2024-02-06-picket-fonova,2024-02-06,",
        "2024-02-06-picket-fonova,2024-02-30,",
        "2024-02-06-picket-fonova",
        "date",
        "invalid date '2024-02-30' (expected YYYY-MM-DD)",
    ),
    (
        "events.csv",
        ",1,picket,temirlan-yensebek,",
        ",4,picket,temirlan-yensebek,",
        "temirlan-yensebek",
        "time_precision",
        "unknown value '4' (allowed: 1, 2, 3)",
    ),
    (
        "events.csv",
        ",shamshat,,kazakhfilm,",
        ",shamshat,,kazakh-film,",
        "picket-shamshat",
        "place_id",
        "unknown place id 'kazakh-film'",
    ),
    (
        "events.csv",
        '1,1,unknown,,"Journalist Aisulu Toishibek held a single picket at the Zhibek Zholy metro '
        'station.",,caspianpost-2024-02-28',
        '1,1,unknown,,"Journalist Aisulu Toishibek held a single picket at the Zhibek Zholy metro '
        'station.",,',
        "picket-toishibek",
        "sources",
        "required value is empty",
    ),
    (
        "events.csv",
        ",,caspianpost-2024-02-28|thevillage-34547\n2024-02-24",
        ",,caspianpost-2024-02-28|the-village\n2024-02-24",
        "picket-matveeva",
        "sources",
        "unknown source id 'the-village'",
    ),
    (
        "events.csv",
        "2024-02-09-picket-yensebek,",
        "2024-02-02-picket-bergen,",
        "2024-02-09,1,picket,temirlan",
        "event_id",
        "duplicate id '2024-02-02-picket-bergen' (first on line 10)",
    ),
    (
        "events.csv",
        'kazakhfilm,"in the KazakhFilm area"',
        'kazakhfilm,""',
        "picket-shamshat",
        "location_text",
        "required value is empty",
    ),
    (
        "events.csv",
        ",20,20,unsanctioned,",
        ",20,twenty,unsanctioned,",
        "2017-03-08-march",
        "participants_high",
        "invalid number 'twenty' (expected a whole number)",
    ),
    (
        "events.csv",
        ",50,200,refused,",
        ",500,200,refused,",
        "2020-03-08-march",
        "participants_high",
        "participants_high '200' is below participants_low '500'",
    ),
    (
        "places.csv",
        "venue,43.24889,76.94583",
        "venue,143.24889,76.94583",
        "opera-theatre",
        "lat",
        "'143.24889' out of range -90 to 90",
    ),
    (
        "places.csv",
        "street,43.2557,76.9448,",
        "road,43.2557,76.9448,",
        "panfilov-street",
        "precision",
        "unknown value 'road' (allowed: venue, street, area, region, city)",
    ),
    (
        "sources.csv",
        ",https://newtimes.kz/obshchestvo/97813,",
        ",javascript:alert(1),",
        "newtimes-97813",
        "url",
        "not an http(s) URL: 'javascript:alert(1)'",
    ),
]


@pytest.mark.parametrize(("filename", "old", "new", "needle", "column", "message"), BAD_INPUTS)
def test_bad_value_is_reported_where_it_is(data_copy, filename, old, new, needle, column, message):
    path = data_copy / filename
    replace_in(path, old, new)
    with pytest.raises(DataError) as info:
        load_dataset(data_copy)
    expected = Problem(str(path), line_of(path, needle), column, message)
    assert expected in info.value.problems
    assert f"{path}:{expected.line}:{column}: {message}" in str(info.value)


def test_every_problem_is_reported_not_just_the_first(data_copy):
    path = data_copy / "events.csv"
    replace_in(path, "2024-02-06,", "6 Feb 2024,")
    replace_in(path, ",1,picket,temirlan-yensebek,", ",9,picket,temirlan-yensebek,")
    replace_in(path, ",shamshat,,kazakhfilm,", ",shamshat,,nowhere,")
    with pytest.raises(DataError) as info:
        load_dataset(data_copy)
    assert [(p.column, p.line) for p in info.value.problems] == [
        ("date", line_of(path, "6 Feb 2024")),
        ("time_precision", line_of(path, ",9,picket,")),
        ("place_id", line_of(path, "nowhere")),
    ]


def test_lenient_loading_keeps_the_good_rows(data_copy):
    path = data_copy / "events.csv"
    replace_in(path, "2024-02-06,", "2024-13-06,")
    dataset = load_dataset(data_copy, strict=False)
    assert len(dataset.events) == 24
    assert "2024-02-06-picket-fonova" not in set(dataset.events["event_id"])
    assert [str(p) for p in dataset.problems] == [
        f"{path}:{line_of(path, '2024-13-06')}:date: invalid date '2024-13-06' "
        "(expected YYYY-MM-DD)"
    ]


def test_an_event_at_a_bad_place_is_dropped_with_the_place(data_copy):
    replace_in(data_copy / "places.csv", "venue,43.26083,", "venue,-243.26083,")
    dataset = load_dataset(data_copy, strict=False)
    messages = [p.message for p in dataset.problems]
    assert "'-243.26083' out of range -90 to 90" in messages
    assert "unknown place id 'zhibek-zholy-metro'" in messages
    assert len(dataset.events) == 24


def test_wrong_header_names_missing_and_unknown_columns(data_copy):
    path = data_copy / "events.csv"
    replace_in(path, "event_id,date,time_precision", "event_id,day,time_precision")
    with pytest.raises(DataError) as info:
        load_dataset(data_copy)
    assert [str(p) for p in info.value.problems] == [
        f"{path}:1:date: missing required column 'date'",
        f"{path}:1:day: unknown column 'day' (expected: "
        + ", ".join(schema.EVENTS.column_names)
        + ")",
    ]


def test_wrong_number_of_fields(data_copy):
    path = data_copy / "people.csv"
    replace_in(path, "shamshat,Shamshat,,activist,,", "shamshat,Shamshat,activist")
    dataset = load_dataset(data_copy, strict=False)
    line = line_of(path, "shamshat,Shamshat")
    assert f"{path}:{line}: expected 6 fields as in the header, found 3" in [
        str(p) for p in dataset.problems
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty: expected a header row"),
        (b"source_id,title\n\xff\xfe bad", "not UTF-8 text: bad bytes b'\\xff\\xfe b'"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "not UTF-8 text: bad bytes b'\\x89PNG'"),
        (b'source_id,title\n"unterminated', "not valid CSV: unexpected end of data"),
    ],
)
def test_unreadable_files(content, message):
    frame, problems = read_table(content, schema.SOURCES, filename="sources.csv")
    assert len(frame) == 0
    assert [p.message for p in problems] == [message]
    assert problems[0].file == "sources.csv"


def test_missing_file_is_a_problem(data_copy):
    (data_copy / "people.csv").unlink()
    with pytest.raises(DataError, match="people.csv: file not found"):
        load_dataset(data_copy)


def test_byte_order_mark_is_accepted(data_copy):
    path = data_copy / "sources.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert len(load_dataset(data_copy).sources) == 16


def test_event_types_are_the_datas_own(data_copy):
    """An open vocabulary: a type we do not know is kept as written, an empty one too."""
    path = data_copy / "events.csv"
    replace_in(path, ",1,picket,temirlan-yensebek,", ",1,Protests,temirlan-yensebek,")
    replace_in(path, ",1,picket,lia-bergen,", ",1,,lia-bergen,")
    events = load_dataset(data_copy).events.set_index("event_id")["event_type"]
    assert events["2024-02-09-picket-yensebek"] == "Protests"
    assert events["2024-02-02-picket-bergen"] == ""


def test_long_values_are_shortened_in_messages(data_copy):
    replace_in(data_copy / "events.csv", ",1,1,unknown,,", ",1,1,unknown" + "x" * 500 + ",,")
    with pytest.raises(DataError) as info:
        load_dataset(data_copy)
    (problem,) = info.value.problems
    assert problem.message.startswith("unknown value 'unknown" + "x" * 73 + "… (507 characters)'")


def test_dataset_lists_its_actors_once_for_the_picker(dataset):
    """Every person and organisation, worked out at load time and kept through the cache."""
    names = {
        n
        for column in ("actor_names", "organisations")
        for ns in dataset.events[column]
        for n in ns
    }
    assert dataset.actors == tuple(sorted(names, key=str.casefold))
    assert "Lia Bergen" in dataset.actors and "Oyan, Qazaqstan!" in dataset.actors
    assert pickle.loads(pickle.dumps(dataset)).actors == dataset.actors  # st.cache_data


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        # Republic Square has all three names; Globus has no Kazakh one, the press club only
        # an English one.
        (
            "kk",
            {
                "republic-square": "Республика алаңы; Тәуелсіздік монументі",
                "globus": "ТРЦ «Глобус»",
                "kazakhstan-press-club": "Kazakhstan Press Club",
            },
        ),
        (
            "ru",
            {
                "republic-square": "Площадь Республики; Монумент независимости",
                "globus": "ТРЦ «Глобус»",
                "kazakhstan-press-club": "Kazakhstan Press Club",
            },
        ),
        (
            "en",
            {
                "republic-square": "Republic Square (Independence Monument)",
                "globus": "Globus shopping centre",
                "kazakhstan-press-club": "Kazakhstan Press Club",
            },
        ),
    ],
)
def test_place_names_follow_the_language_then_russian_then_english(dataset, code, expected):
    named = loader.with_place_names(dataset.events, dataset.places, code)
    by_place = dict(zip(named["place_id"], named["place_name"]))
    assert {place: by_place[place] for place in expected} == expected
