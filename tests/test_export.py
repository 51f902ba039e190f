"""Exports: GeoJSON per RFC 7946 and flat CSV, both filtered by date inclusively."""

from __future__ import annotations

import csv
import io
import json

import pytest

from dashboard import export
from dashboard.cli import main
from dashboard.filters import Selection, filter_events

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
