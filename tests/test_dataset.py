"""The bundled dataset against the seed article (Caspian Post, 28 February 2024).

The table below is transcribed from the article's list of February events; every picket it lists
must be in the data with the article's date, person and place.
"""

from __future__ import annotations

import pandas as pd
import pytest

SEED = "caspianpost-2024-02-28"

# (date, person as the article spells them, place id for the article's words, article's words)
SEED_PICKETS = [
    ("2024-02-02", "Lia Bergen", "republic-square", "at the Republic Square"),
    ("2024-02-03", "Veronica Fonova", "almaty", "in the city center"),
    ("2024-02-06", "Veronica Fonova", "opera-theatre", "in front of the Kazakh National Opera"),
    ("2024-02-09", "Temirlan Yensebek", "republic-square", "at the Republic Square"),
    ("2024-02-10", "Aqtorkyn Aqkenzhebalasy", "tauelsizdik-tany", "Tauelsizdik Tany"),
    ("2024-02-14", "Zhanar Sekerbayeva", "almaty", "in different locations"),
    ("2024-02-14", "Kamila Yensegen", "almaty", "in different locations"),
    ("2024-02-16", "Diana Timofeeva", "globus", "next to the Globus shopping center"),
    ("2024-02-17", "Zhanar Sekerbayeva", None, None),  # the article gives no place
    ("2024-02-17", "Gulbaqyt Otebaeva", None, None),  # "two pickets": see the count test
    ("2024-02-19", "Diana Jumagulova-Matweewa", "opera-theatre", "Opera and Ballet Theatre"),
    ("2024-02-24", "Arina Osinovskaya", "panfilov-street", "on Panfilov Street"),
    ("2024-02-24", "Alua Nurasheva", "gandhi-park", "at Gandhi Park"),
    ("2024-02-25", "Shamshat", "kazakhfilm", "in the KazakhFilm area"),
    ("2024-02-27", "Aisulu Toishibek", "zhibek-zholy-metro", "at the Zhibek-Zholy metro station"),
]


def events_of(dataset, date, person):
    events = dataset.events
    people = dataset.people
    spelled = people[(people["name"] == person) | people["aliases"].map(lambda a: person in a)][
        "person_id"
    ]
    assert len(spelled) == 1, f"{person!r} is not in people.csv under any spelling"
    pid = spelled.iloc[0]
    return events[(events["date"] == date) & events["people"].map(lambda ids: pid in ids)]


@pytest.mark.parametrize(("date", "person", "place_id", "words"), SEED_PICKETS)
def test_each_seed_picket_is_present(dataset, date, person, place_id, words):
    found = events_of(dataset, date, person)
    assert len(found) >= 1
    assert set(found["event_type"]) == {"picket"}
    assert all(SEED in s for s in found["sources"])
    if place_id is not None:
        assert list(found["place_id"]) == [place_id]
        assert (
            words.lower() in found["location_text"].iloc[0].lower()
            or words in (found["place_name"].iloc[0])
        )


def test_two_pickets_by_one_person_on_one_day_are_two_rows(dataset):
    found = events_of(dataset, "2024-02-17", "Gulbaqyt Otebaeva")
    assert sorted(found["place_id"]) == ["sary-arka-square", "valikhanov-square"]


def test_february_wave_counts(dataset):
    feb = dataset.events[dataset.events["date"].dt.strftime("%Y-%m") == "2024-02"]
    # 2, 3, 6, 9, 10, 14 (two), 16, 17 (three), 19, 24 (two), 25, 27 February
    assert (feb["event_type"] == "picket").sum() == 16
    assert (feb["event_type"] == "press_conference").sum() == 1


@pytest.mark.parametrize(
    ("event_id", "place_id", "low", "high", "authorisation"),
    [
        ("2017-03-08-march", "arbat", 20, 20, "unsanctioned"),
        ("2020-03-08-march", "arbat", 50, 200, "refused"),
        ("2021-03-08-march", "gandhi-park", 500, 1000, "approved"),
        ("2022-03-08-rally", "almaty", None, None, "approved"),
        ("2023-03-08-rally", "gandhi-park", 1000, None, "approved"),
        ("2024-03-07-rally", "gandhi-park", 100, 100, "approved"),
    ],
)
def test_marches_and_rallies(dataset, event_id, place_id, low, high, authorisation):
    row = dataset.events.set_index("event_id").loc[event_id]
    assert row["place_id"] == place_id
    assert (None if pd.isna(row["participants_low"]) else row["participants_low"]) == low
    assert (None if pd.isna(row["participants_high"]) else row["participants_high"]) == high
    assert row["authorisation"] == authorisation


def test_both_spellings_of_a_name_are_kept(dataset):
    people = dataset.people.set_index("person_id")
    assert people.loc["veronika-fonova", "aliases"] == ("Veronica Fonova",)
    assert people.loc["diana-matveeva", "name"] == "Diana Jumagulova-Matweewa"
    assert people.loc["diana-matveeva", "aliases"] == ("Diana Matveeva",)


def test_disagreements_stay_visible(dataset):
    events = dataset.events.set_index("event_id")
    assert (
        "first permitted KazFem rally on 28 September 2019"
        in events.loc["2019-03-08-rally", "disputes"]
    )
    assert "over one hundred" in events.loc["2020-03-08-march", "disputes"]


def test_every_event_has_a_source_that_exists(dataset):
    known = set(dataset.sources["source_id"])
    for sources in dataset.events["sources"]:
        assert sources and set(sources) <= known


def test_vague_places_point_to_the_city(dataset):
    vague = dataset.events[
        dataset.events["location_text"].str.contains("city center|different locations|not ")
    ]
    assert set(vague["place_id"]) == {"almaty"}
    assert len(vague) == 5
