"""The bundled basemap: built from the OSM extract, the same bytes every time, and what it holds
around Republic Square is what a reader needs to find the places of the events."""

from __future__ import annotations

import gzip
import hashlib

import mapbox_vector_tile
import pytest
from pmtiles.reader import MmapSource, Reader
from pmtiles.tile import Compression, TileType

from dashboard import assets, basemap, cli, mapview
from dashboard.errors import ConfigError

REPUBLIC_SQUARE = (43.2383, 76.9456)
"""lat, lon (the gazetteer's ``republic-square``)."""


def tile_at(path, z: int, lat: float, lon: float) -> dict:
    """The decoded vector tile of ``path`` at zoom ``z`` holding the point."""
    x, y = basemap.mercator(lon, lat)
    with path.open("rb") as fh:
        data = Reader(MmapSource(fh)).get(z, int(x * 2**z), int(y * 2**z))
    assert data is not None, f"no tile at zoom {z} over {lat}, {lon}"
    return mapbox_vector_tile.decode(gzip.decompress(data), default_options={"y_coord_down": True})


def names_in(tile: dict, layer: str) -> set[str]:
    return {f["properties"]["name"] for f in tile[layer]["features"] if "name" in f["properties"]}


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory):
    """The archive as ``python -m dashboard basemap`` builds it now, in a scratch folder."""
    out = tmp_path_factory.mktemp("basemap") / "almaty.pmtiles"
    assert cli.main(["basemap", "-o", str(out)]) == 0
    return out


def test_the_committed_basemap_is_what_the_command_builds(rebuilt):
    # Deterministic: the same extract gives the same bytes (in another process, another day);
    # and the committed file is not stale.
    digest = hashlib.sha256(rebuilt.read_bytes()).hexdigest()
    assert digest == hashlib.sha256(basemap.OUTPUT.read_bytes()).hexdigest(), (
        "static/basemap/ differs from what the extract builds: run python -m dashboard basemap"
    )


def test_the_basemap_is_small_enough_to_commit():
    size = basemap.OUTPUT.stat().st_size
    assert 200_000 < size < 20_000_000


def test_the_archive_says_what_it_is_and_covers():
    with basemap.OUTPUT.open("rb") as fh:
        reader = Reader(MmapSource(fh))
        header, meta = reader.header(), reader.metadata()
    assert header["tile_type"] == TileType.MVT
    assert header["tile_compression"] == Compression.GZIP
    assert (header["min_zoom"], header["max_zoom"]) == (basemap.MIN_ZOOM, basemap.MAX_ZOOM)
    assert header["max_zoom"] == mapview.BASEMAP_MAX_DATA_ZOOM
    (south, west), (north, east) = mapview.BASEMAP_BOUNDS
    assert [header[k] / 1e7 for k in ("min_lat_e7", "min_lon_e7", "max_lat_e7", "max_lon_e7")] == [
        pytest.approx(v, abs=1e-6) for v in (south, west, north, east)
    ]
    assert meta["attribution"] == "© OpenStreetMap contributors (ODbL), extract of 2013"
    assert {layer["id"] for layer in meta["vector_layers"]} == set(basemap.LAYER_ORDER)


def test_the_served_file_is_the_built_one():
    assert assets.BASEMAP_TILES.file == basemap.OUTPUT
    assert assets.BASEMAP_TILES.url == "../../app/static/basemap/almaty-2013.pmtiles"


def test_republic_square_at_street_level_has_its_streets_and_buildings():
    tile = tile_at(basemap.OUTPUT, 14, *REPUBLIC_SQUARE)
    streets = names_in(tile, "roads")
    # The streets around the square and the places of the February 2024 pickets, as tagged.
    assert {"ул. Сатпаева", "ул. Фурманова", "ул. Панфилова", "Ганди", "Абая прс."} <= streets
    kinds = {f["properties"]["kind"] for f in tile["roads"]["features"]}
    assert {"major", "medium", "minor"} <= kinds
    assert len(tile["buildings"]["features"]) > 100
    assert tile["green"]["features"], "no park near Republic Square"


def test_the_city_overview_has_main_roads_but_no_buildings():
    tile = tile_at(basemap.OUTPUT, 10, *REPUBLIC_SQUARE)
    assert "buildings" not in tile
    assert {f["properties"]["kind"] for f in tile["roads"]["features"]} <= {"major", "medium"}
    assert "Малая Алматинка" in names_in(tile, "waterways")
    assert "Алматы" in names_in(tile, "labels")


def test_names_keep_the_tagged_languages():
    tile = tile_at(basemap.OUTPUT, 10, *REPUBLIC_SQUARE)
    city = next(f for f in tile["labels"]["features"] if f["properties"]["name"] == "Алматы")
    assert city["properties"]["name_ru"] == "Алма-Ата"


@pytest.mark.parametrize(
    ("tags", "expected"),
    [
        ({"name": "ул. Панфилова"}, {"name": "ул. Панфилова"}),
        (
            {"name": "Алматы", "name:ru": "Алма-Ата", "name:kk": "Алматы", "name:en": "Almaty"},
            {"name": "Алматы", "name_ru": "Алма-Ата", "name_kk": "Алматы", "name_en": "Almaty"},
        ),
        ({"name": "  ", "name:en": " Gandhi Park "}, {"name_en": "Gandhi Park"}),
        ({"name:de": "Almaty", "highway": "primary"}, {}),
    ],
)
def test_names_as_tagged(tags, expected):
    assert basemap.names(tags) == expected


@pytest.mark.parametrize(
    ("lon", "lat", "expected"),
    [(0.0, 0.0, (0.5, 0.5)), (-180.0, 0.0, (0.0, 0.5)), (180.0, 85.0511, (1.0, 0.0))],
)
def test_mercator(lon, lat, expected):
    assert basemap.mercator(lon, lat) == pytest.approx(expected, abs=1e-6)


def test_a_missing_extract_is_named(tmp_path, capsys):
    missing = tmp_path / "nowhere.osm.pbf"
    with pytest.raises(ConfigError, match="nowhere.osm.pbf: no such OpenStreetMap extract"):
        basemap.read_extract(missing)
    assert cli.main(["basemap", "--extract", str(missing), "-o", str(tmp_path / "x")]) == 2
    assert "nowhere.osm.pbf: no such OpenStreetMap extract" in capsys.readouterr().err
    assert not (tmp_path / "x").exists()


GANDHI_PARK = (43.24382, 76.89754)


def gazetteer_names(tile: dict, key: str = "name") -> set[str]:
    return {
        f["properties"].get(key)
        for f in tile["labels"]["features"]
        if f["properties"]["kind"] == "gazetteer"
    }


@pytest.mark.parametrize("z", [11, 14])
def test_the_places_the_extract_leaves_unnamed_are_labelled_from_the_gazetteer(z):
    # The 2013 extract has Republic Square as an unnamed open space and Gandhi Park as an
    # unnamed green: without the gazetteer's names a reader cannot find either on the map.
    square = tile_at(basemap.OUTPUT, z, *REPUBLIC_SQUARE)
    park = tile_at(basemap.OUTPUT, z, *GANDHI_PARK)
    assert "Республика алаңы" in gazetteer_names(square, "name_kk")
    assert "Republic Square" in gazetteer_names(square, "name_en")
    assert "Площадь Республики" in gazetteer_names(square, "name")
    assert "Mahatma Gandhi Park" in gazetteer_names(park, "name_en")


def test_gazetteer_labels_are_its_venues_and_areas_with_their_names(tmp_path):
    places = tmp_path / "places.csv"
    places.write_text(
        "place_id,name_en,name_ru,name_kk,precision,lat,lon\n"
        "sq,Republic Square (Independence Monument),Площадь Республики; Монумент,,venue,43.2,76.9\n"
        "st,Panfilov Street,улица Панфилова,,street,43.25,76.94\n"
        "park,<b>Park</b>,,,area,43.3,76.8\n"
        "city,Almaty,Алматы,Алматы,city,43.2,76.9\n"
        "far,Bishkek square,,,venue,42.87,74.57\n"
        "unlocated,Press club,,,venue,,\n"
    )
    labels = basemap.gazetteer_labels(places, (76.575, 43.057, 77.223, 43.549))
    # Areas first (the renderer keeps the first of two colliding names), then file order;
    # streets (named by the extract), the city, unlocated places and places outside are not.
    assert [f.properties for f in labels] == [
        {"kind": "gazetteer", "name_en": "<b>Park</b>", "name": "<b>Park</b>"},
        {
            "kind": "gazetteer",
            "name_ru": "Площадь Республики",
            "name_en": "Republic Square",
            "name": "Площадь Республики",
        },
    ]
    assert labels[1].geometry.coords[0] == pytest.approx(basemap.mercator(76.9, 43.2))


def test_a_bad_gazetteer_stops_the_build_naming_the_row_and_value(tmp_path, capsys):
    places = tmp_path / "places.csv"
    places.write_text("place_id,name_en,precision,lat,lon\nsq,Square,venue,north,76.9\n")
    out = tmp_path / "x.pmtiles"
    assert cli.main(["basemap", "--gazetteer", str(places), "-o", str(out)]) != 0
    err = capsys.readouterr().err
    assert "places.csv" in err and "lat" in err and "north" in err
    assert not out.exists()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Republic Square (Independence Monument)", "Republic Square"),
        ("Площадь Республики; Монумент независимости", "Площадь Республики"),
        ("Akimat (mayor's office) of Almaty", "Akimat of Almaty"),
        ("ТРЦ «Глобус»", "ТРЦ «Глобус»"),
        ("(only a remark)", ""),
    ],
)
def test_label_name(value, expected):
    assert basemap.label_name(value) == expected


def test_the_basemap_can_be_built_without_the_gazetteer(tmp_path):
    out = tmp_path / "plain.pmtiles"
    assert cli.main(["basemap", "--gazetteer", "", "-o", str(out)]) == 0
    assert "labels" not in tile_at(out, 14, *GANDHI_PARK) or not gazetteer_names(
        tile_at(out, 14, *GANDHI_PARK)
    )
