"""Exports: GeoJSON per RFC 7946 and flat CSV, both filtered by date inclusively."""

from __future__ import annotations

import csv
import io
import json

import pandas as pd
import pytest

from dashboard import export
from dashboard.cli import main
from dashboard.filters import Selection, filter_events
from dashboard.loader import Dataset
from dashboard.upload import read_upload

REQUIRED_PROPERTIES = {
    "event_id",
    "date",
    "event_type",
    "actors",
    "organisations",
    "place",
    "place_precision",
    "location_text",
    "time_precision",
    "geo_precision",
    "description",
    "sources",
}


def assert_rfc7946_feature_collection(doc: dict) -> None:
    assert doc["type"] == "FeatureCollection"
    for feature in doc["features"]:
        assert feature["type"] == "Feature"
        assert isinstance(feature["properties"], dict)
        geometry = feature["geometry"]
        if geometry is not None:
            assert geometry["type"] == "Point"
            lon, lat = geometry["coordinates"]
            assert -180 <= lon <= 180 and -90 <= lat <= 90


def run_cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_geojson_export_is_a_valid_feature_collection(capsys, dataset):
    code, out, _ = run_cli(capsys, "export", "--format", "geojson")
    assert code == 0
    doc = json.loads(out)
    assert_rfc7946_feature_collection(doc)
    assert len(doc["features"]) == len(dataset.events)
    for feature in doc["features"]:
        assert REQUIRED_PROPERTIES <= feature["properties"].keys()


def test_coordinates_are_lon_lat(capsys):
    _, out, _ = run_cli(capsys, "export", "--from", "2024-02-27", "--to", "2024-02-27")
    (feature,) = json.loads(out)["features"]
    assert feature["properties"]["place"] == "Zhibek Zholy metro station"
    assert feature["geometry"]["coordinates"] == [76.94583, 43.26083]


def test_event_without_coordinate_keeps_its_feature(capsys):
    _, out, _ = run_cli(capsys, "export", "--from", "2024-02-01", "--to", "2024-02-01")
    (feature,) = json.loads(out)["features"]
    assert feature["properties"]["event_id"] == "2024-02-01-press-conference"
    assert feature["geometry"] is None


def test_sources_and_people_are_in_properties(capsys):
    _, out, _ = run_cli(capsys, "export", "--from", "2024-02-02", "--to", "2024-02-02")
    (feature,) = json.loads(out)["features"]
    props = feature["properties"]
    assert props["actors"] == ["Lia Bergen"]
    assert props["geo_precision"] == 1 and props["time_precision"] == 1
    assert [s["publisher"] for s in props["sources"]] == ["Caspian Post", "Radio Azattyk"]
    assert props["sources"][0] == {
        "source_id": "caspianpost-2024-02-28",
        "title": "Women’s March in Kazakhstan: Feminists vs the Mayor of Almaty",
        "publisher": "Caspian Post",
        "date": "2024-02-28",
        "url": "https://caspianpost.com/en/post/womens-march-in-kazakhstan-feminists-vs-the-mayor-of-almaty",
    }


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("2024-02-02", "2024-02-09", 4),  # both ends included
        ("2024-02-14", "2024-02-14", 2),
        ("2024-02-17", "2024-02-17", 3),
        ("2024-03-09", "2024-12-31", 0),
    ],
)
def test_from_and_to_are_inclusive(capsys, dataset, start, end, expected):
    _, out, _ = run_cli(capsys, "export", "--from", start, "--to", end)
    dates = [f["properties"]["date"] for f in json.loads(out)["features"]]
    in_data = [d for d in dataset.events["date"].dt.strftime("%Y-%m-%d") if start <= d <= end]
    assert sorted(dates) == sorted(in_data)
    assert len(dates) == expected


def test_csv_export_is_flat_with_the_same_fields(capsys):
    _, out, _ = run_cli(
        capsys, "export", "--format", "csv", "--from", "2024-02-17", "--to", "2024-02-17"
    )
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0].keys()) == list(export.CSV_FIELDS)
    assert [(r["place_id"], r["actors"]) for r in rows] == [
        ("sary-arka-square", "Gulbaqyt Otebaeva"),
        ("valikhanov-square", "Gulbaqyt Otebaeva"),
        ("arbat", "Zhanar Sekerbayeva"),
    ]
    assert rows[2]["sources"].startswith("Caspian Post, Women’s March in Kazakhstan")
    assert rows[2]["latitude"] == "43.2619"


def test_export_to_file(tmp_path, capsys):
    target = tmp_path / "out.geojson"
    code, out, err = run_cli(capsys, "export", "-o", str(target), "--to", "2017-12-31")
    assert code == 0 and out == ""
    assert err.strip() == f"wrote 1 events to {target}"
    assert (
        json.loads(target.read_text(encoding="utf-8"))["features"][0]["properties"]["event_id"]
        == "2017-03-08-march"
    )


def test_library_and_command_give_the_same_file(capsys, dataset):
    _, out, _ = run_cli(capsys, "export", "--format", "csv")
    assert out == export.csv_text(filter_events(dataset.events, Selection()), dataset.sources)


# --- formulas in CSV text cells (hostile input) ---


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("'already quoted", "''already quoted"),
        ("plain text", "plain text"),
        ("a = b", "a = b"),
        ("", ""),
        (-12.5, -12.5),
        (3, 3),
        (None, None),
    ],
)
def test_guard_formula(value: object, written: object) -> None:
    assert export.guard_formula(value) == written
    if isinstance(value, str):
        assert export.unguard_formula(export.guard_formula(value)) == value


@pytest.mark.parametrize("text", ["'quoted'", "'", "it's", "''"])
def test_unguard_leaves_other_apostrophes(text: str) -> None:
    assert export.unguard_formula(text) == (text[1:] if text == "''" else text)


PAYLOADS = {
    "description": '=cmd|" /C calc"!A0',
    "location_text": "+SUM(1,2)",
    "disputes": "-1+2",
    "organisations": ("@org", "fine"),
}


def poisoned(dataset: Dataset) -> pd.DataFrame:
    """Two bundled events with formula payloads in their text fields."""
    events = dataset.events.iloc[:2].copy()
    for column, value in PAYLOADS.items():
        events[column] = [value] * len(events)
    return events


def test_csv_text_guards_text_cells_and_keeps_numbers(dataset: Dataset) -> None:
    events = poisoned(dataset)
    events["lon"] = [-12.5, events["lon"].iloc[1]]
    text = export.csv_text(events, dataset.sources)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows[0]["description"] == '\'=cmd|" /C calc"!A0'
    assert rows[0]["location_text"] == "'+SUM(1,2)"
    assert rows[0]["disputes"] == "'-1+2"
    assert rows[0]["organisations"] == "'@org|fine"
    assert rows[0]["longitude"] == "-12.5"  # a number, not text: left alone
    for row in rows:
        for name, cell in row.items():
            if name not in ("longitude", "latitude"):
                assert not cell.startswith(export.FORMULA_TRIGGERS), (name, cell)


def test_guarded_csv_round_trips_through_the_upload_reader(dataset: Dataset) -> None:
    events = poisoned(dataset)
    text = export.csv_text(events, dataset.sources)
    result = read_upload(text.encode("utf-8"), "export.csv", dataset)
    back = result.events
    assert list(back["description"]) == [PAYLOADS["description"]] * 2
    assert list(back["location_text"]) == [PAYLOADS["location_text"]] * 2
    assert list(back["disputes"]) == [PAYLOADS["disputes"]] * 2
    assert list(back["organisations"]) == [PAYLOADS["organisations"]] * 2
    assert list(back["lon"]) == list(events["lon"])
    assert export.csv_text(back, result.dataset.sources) == text


def test_source_label_leaves_out_what_is_unknown() -> None:
    assert export.source_label({"publisher": "P", "title": "T", "date": None}) == "P, T"
    assert export.source_label({"publisher": "", "title": "T", "date": "2024-02-01"}) == (
        "T, 2024-02-01"
    )


def test_exports_carry_where_each_point_comes_from(capsys, dataset):
    _, out, _ = run_cli(capsys, "export", "--from", "2024-02-27", "--to", "2024-02-27")
    (feature,) = json.loads(out)["features"]
    props = feature["properties"]
    place = dataset.places.set_index("place_id").loc["zhibek-zholy-metro"]
    assert (props["coord_source"], props["confidence"], props["verified"]) == (
        place["coord_source"],
        "medium",
        "yes",
    )
    _, out, _ = run_cli(
        capsys, "export", "--format", "csv", "--from", "2024-02-27", "--to", "2024-02-27"
    )
    (row,) = csv.DictReader(io.StringIO(out))
    assert (row["coord_source"], row["confidence"], row["verified"]) == (
        place["coord_source"],
        "medium",
        "yes",
    )


def test_an_unlocated_place_exports_empty_provenance(capsys):
    _, out, _ = run_cli(capsys, "export", "--from", "2024-02-01", "--to", "2024-02-01")
    (feature,) = json.loads(out)["features"]
    props = feature["properties"]
    assert (props["coord_source"], props["confidence"], props["verified"]) == (None, None, "no")
