"""The synthetic data generator: valid, deterministic, shaped like the real record, labelled."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from dashboard import cli, schema, synth
from dashboard.loader import load_dataset


@pytest.fixture(scope="module")
def synth_10k(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 10,000-event synthetic directory written by the command line."""
    out = tmp_path_factory.mktemp("synth") / "syn10k"
    assert cli.main(["synth", "--n", "10000", "--seed", "3", "-o", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def events_10k(synth_10k: Path) -> pd.DataFrame:
    return load_dataset(synth_10k, strict=True).events


@pytest.mark.parametrize("n", [0, 1, 20, 1000])
def test_every_size_loads_strictly(tmp_path: Path, n: int) -> None:
    out = synth.write_tables(synth.synth_tables(n, seed=7), tmp_path / "d")
    dataset = load_dataset(out, strict=True)
    assert len(dataset.events) == n
    assert dataset.problems == ()


def test_validate_command_accepts_it(synth_10k: Path, capsys: pytest.CaptureFixture) -> None:
    assert cli.main(["validate", "--data", str(synth_10k)]) == 0
    assert "valid (10000 events" in capsys.readouterr().err


def test_files_have_exactly_the_schema_columns(synth_10k: Path) -> None:
    for t in schema.TABLES:
        header = (synth_10k / t.filename).read_text(encoding="utf-8").splitlines()[0]
        assert header.split(",") == t.column_names


def test_same_seed_same_bytes_other_seed_other_data(tmp_path: Path) -> None:
    a = synth.write_tables(synth.synth_tables(2000, seed=5), tmp_path / "a")
    b = synth.write_tables(synth.synth_tables(2000, seed=5), tmp_path / "b")
    c = synth.write_tables(synth.synth_tables(2000, seed=6), tmp_path / "c")
    for t in schema.TABLES:
        assert (a / t.filename).read_bytes() == (b / t.filename).read_bytes()
    assert (a / "events.csv").read_bytes() != (c / "events.csv").read_bytes()


def test_most_events_are_at_a_few_dozen_hot_venues(events_10k: pd.DataFrame) -> None:
    counts = events_10k["place_id"].value_counts()
    top = counts.head(40).sum() / len(events_10k)
    assert 0.55 <= top <= 0.75
    assert counts.index[0] == "republic-square"


def test_long_tail_of_places(events_10k: pd.DataFrame) -> None:
    # 10,000 events: 400 tail places, nearly all used
    assert 380 <= events_10k["place_id"].nunique() <= 450


def test_a_few_thousand_places_at_100k() -> None:
    tables = synth.synth_tables(100_000, seed=1)
    used = tables["events"]["place_id"].nunique()
    assert 3000 <= used <= 5000
    assert len(tables["events"]) == 100_000


def test_some_events_have_no_reported_place(events_10k: pd.DataFrame) -> None:
    city = events_10k["place_precision"] == "city"
    assert 0.03 <= city.mean() <= 0.07
    assert not events_10k.loc[city, "located"].any()
    assert set(events_10k.loc[city, "place_id"]) == {synth.CITY_PLACE}


def test_every_precision_occurs(events_10k: pd.DataFrame) -> None:
    # 'region' is ACLED's geo_precision 3 (a province), not a precision of Almaty places.
    assert set(events_10k["place_precision"]) == set(schema.PLACE_PRECISIONS) - {"region"}


def test_places_lie_inside_almaty(synth_10k: Path) -> None:
    places = load_dataset(synth_10k).places
    located = places.dropna(subset=["lat"])
    (south, west), (north, east) = synth.ALMATY_BOUNDS
    assert located["lat"].between(south, north).all()
    assert located["lon"].between(west, east).all()


def test_real_places_are_kept_as_they_are(synth_10k: Path) -> None:
    real = synth.real_places()
    written = pd.read_csv(synth_10k / "places.csv", dtype=str, keep_default_na=False)
    pd.testing.assert_frame_equal(written.head(len(real))[list(real.columns)], real)


def test_dates_span_years_with_the_february_2024_wave(events_10k: pd.DataFrame) -> None:
    dates = events_10k["date"]
    assert dates.min().date() >= synth.FIRST_DAY
    assert dates.max().date() <= synth.LAST_DAY
    assert set(dates.dt.year) == set(range(2017, 2025))
    start, end = (pd.Timestamp(d) for d in synth.WAVE)
    in_wave = dates.between(start, end).mean()
    # 10% drawn into the wave plus the 8 March peak and the even spread that fall inside it
    assert 0.10 <= in_wave <= 0.16
    assert dates.is_monotonic_increasing


def test_types_people_sources_outcomes_disputes_vary(events_10k: pd.DataFrame) -> None:
    assert set(events_10k["event_type"]) == set(schema.EVENT_TYPES)
    assert events_10k["event_type"].value_counts().index[0] == "picket"
    pickets = events_10k[events_10k["event_type"] == "picket"]
    assert pickets["people"].map(len).max() == 1
    assert events_10k["people"].map(len).max() == 3
    assert events_10k["sources"].map(len).between(1, 3).all()
    assert 0.02 <= (events_10k["disputes"] != "").mean() <= 0.06
    assert set(events_10k["outcomes"].explode().dropna()) == set(schema.OUTCOMES)
    assert set(events_10k["time_precision"]) == {1, 2, 3}


def test_everything_generated_is_labelled_synthetic(synth_10k: Path) -> None:
    dataset = load_dataset(synth_10k)
    assert dataset.events["description"].str.startswith(synth.SYNTH_LABEL).all()
    assert dataset.events["event_id"].str.startswith("syn-").all()
    assert dataset.sources["title"].str.startswith("[Synthetic source").all()
    assert dataset.sources["url"].str.startswith("https://example.org/").all()
    assert dataset.people["notes"].str.contains("not a real individual").all()
    synthetic_places = dataset.places[dataset.places["place_id"].str.startswith("syn-")]
    assert synthetic_places["name_en"].str.startswith("Synthetic ").all()
    assert len(synthetic_places) == len(dataset.places) - len(synth.real_places())


def test_aliases_are_found_by_search(events_10k: pd.DataFrame, synth_10k: Path) -> None:
    people = load_dataset(synth_10k).people
    person = people[people["aliases"].map(len) > 0].iloc[0]
    alias = person["aliases"][0].lower()
    assert alias != person["name"].lower()
    theirs = events_10k["people"].map(lambda ids: person["person_id"] in ids)
    found = events_10k["search_text"].str.contains(alias, regex=False)
    assert theirs.any()
    assert found[theirs].all()


def test_negative_n_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert cli.main(["synth", "--n", "-5", "-o", str(tmp_path / "x")]) == 2
    assert "--n must be 0 or more, got -5" in capsys.readouterr().err
    assert not (tmp_path / "x").exists()
