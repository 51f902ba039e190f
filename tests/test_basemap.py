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
