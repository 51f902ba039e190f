"""The offline geocoder against the real 2013 Almaty extract bundled in data/osm/."""

from __future__ import annotations

from pathlib import Path

import pytest
from geopy.distance import geodesic
from geopy.geocoders.base import Geocoder
from geopy.location import Location

from dashboard.errors import ConfigError
from dashboard.osm_geocoder import (
    OSMExtractGeocoder,
    load_index,
    nearest_on_segment,
    normalise,
    query_words,
)

EXTRACT = Path(__file__).resolve().parent.parent / "data" / "osm" / "almaty-2013.osm.pbf"

# Reference coordinates from the project's research notes (places.md).
REPUBLIC_SQUARE = (43.23856, 76.94553)
OPERA = (43.24889, 76.94583)
ZHIBEK_ZHOLY_METRO = (43.26083, 76.94583)
PANFILOV_MIDPOINT = (43.2557, 76.9448)
PANFILOV_SEGMENT = ((43.24968, 76.94560), (43.26178, 76.94407))

NOT_IN_2013_EXTRACT = pytest.mark.xfail(
    strict=True,
    reason="not in the 2013 extract under any name tag: it has no metro station, no named "
    "Republic Square, and the opera node has only a Russian name; a newer extract should pass",
)


@pytest.fixture(scope="module")
def geocoder() -> OSMExtractGeocoder:
    """One geocoder for the module: the index is built once."""
    return OSMExtractGeocoder(EXTRACT)


def metres_to_segment(point, segment) -> float:
    a, b = segment
    return geodesic(point, nearest_on_segment(point, a, b)).meters


@pytest.mark.parametrize(
    ("query", "expected", "within_m"),
    [
        ("Театр оперы и балета им. Абая, Almaty", OPERA, 300),
        ("театр оперы и балета имени Абая, Алматы", OPERA, 300),
        ("«Театр Оперы и Балета» им.Абая", OPERA, 300),
        ("улица Панфилова, Almaty", PANFILOV_MIDPOINT, 300),
        ("ул. Панфилова", PANFILOV_MIDPOINT, 300),
        ("Панфилова көшесі, Алматы", PANFILOV_MIDPOINT, 300),
        pytest.param("Площадь Республики, Almaty", REPUBLIC_SQUARE, 300, marks=NOT_IN_2013_EXTRACT),
        pytest.param("Республика алаңы, Almaty", REPUBLIC_SQUARE, 300, marks=NOT_IN_2013_EXTRACT),
        pytest.param("Republic Square, Almaty", REPUBLIC_SQUARE, 300, marks=NOT_IN_2013_EXTRACT),
        pytest.param(
            "станция метро Жибек Жолы, Almaty", ZHIBEK_ZHOLY_METRO, 300, marks=NOT_IN_2013_EXTRACT
        ),
        pytest.param(
            "Zhibek Zholy metro station, Almaty", ZHIBEK_ZHOLY_METRO, 300, marks=NOT_IN_2013_EXTRACT
        ),
        pytest.param(
            "Abai Opera and Ballet Theatre, Almaty", OPERA, 300, marks=NOT_IN_2013_EXTRACT
        ),
    ],
)
def test_known_places_resolve_near_the_reference(geocoder, query, expected, within_m):
    location = geocoder.geocode(query)
    assert location is not None
    assert geodesic(expected, location.point).meters < within_m


def test_the_opera_is_the_osm_node(geocoder):
    location = geocoder.geocode("Театр оперы и балета им. Абая")
    assert isinstance(location, Location)
    assert (location.address, location.raw["osm_type"], location.raw["osm_id"]) == (
        "Театр оперы и балета им. Абая",
        "node",
        259995299,
    )
    assert (location.latitude, location.longitude) == pytest.approx((43.24906, 76.94563), abs=1e-5)
    assert (location.raw["class"], location.raw["type"], location.raw["kind"]) == (
        "amenity",
        "theatre",
        "other",
    )


def test_panfilov_street_is_a_street_on_its_pedestrian_segment(geocoder):
    location = geocoder.geocode("улица Панфилова, Almaty")
    assert location.raw["kind"] == "street"
    assert (location.raw["class"], location.raw["type"]) == ("highway", "secondary")
    assert location.raw["osm_ids"] == [122617563, 123557109]
    assert metres_to_segment(location.point, PANFILOV_SEGMENT) < 50
    assert geodesic(PANFILOV_MIDPOINT, location.point).meters < 50


def test_a_station_query_never_answers_with_the_street_of_that_name(geocoder):
    assert geocoder.geocode("станция метро Жибек Жолы") is None
    assert geocoder.geocode("Жибек Жолы").raw["kind"] == "street"


@pytest.mark.parametrize(
    "query",
    [
        "Улица Несуществующих Героев, Almaty",
        "Zzyzx Plaza",
        "Kazakhstan Press Club, Almaty",
        "Almaty",
        "",
    ],
)
def test_a_name_not_in_the_extract_finds_nothing(geocoder, query):
    assert geocoder.geocode(query) is None
    assert geocoder.geocode(query, exactly_one=False) is None


def test_all_matches_come_best_first(geocoder):
    found = geocoder.geocode("ул. Панфилова", exactly_one=False)
    assert all(loc.raw["kind"] == "street" for loc in found)
    lengths = [loc.raw["length_m"] for loc in found]
    assert lengths == sorted(lengths, reverse=True)
    assert found[0].raw["osm_ids"] == [122617563, 123557109]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("ул. «Панфилова»", ("ул", "панфилова")),
        ("Жибек Жолы ул.", ("жибек", "жолы", "ул")),
        ("Panfilov Street", ("panfilov", "ул")),
        ("Панфилова көшесі", ("панфилова", "ул")),
        ("Абая прс.", ("абая", "пр")),
        ("Проспект Абая", ("пр", "абая")),
        ("Ёлочка", ("елочка",)),
        ("пам.Ганди", ("пам", "ганди")),
        ('"Театр" им. Абая', ("театр", "им", "абая")),
        ("Республика алаңы", ("республика", "пл")),
        ("Площадь Республики", ("пл", "республики")),
    ],
)
def test_names_are_normalised(text, words):
    assert normalise(text) == words


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("улица Панфилова, Almaty", ("ул", "панфилова")),
        ("Театр, г. Алматы, Казахстан", ("театр",)),
        ("Алма-Ата", ()),
    ],
)
def test_the_city_part_of_a_query_is_dropped(query, words):
    assert query_words(query) == words


def test_it_is_a_geopy_geocoder_and_the_index_is_built_once(geocoder):
    assert isinstance(geocoder, Geocoder)
    hits = load_index.cache_info().hits
    again = OSMExtractGeocoder(EXTRACT)
    assert again.index is geocoder.index
    assert load_index.cache_info().hits == hits + 1


def test_a_missing_extract_is_a_configuration_error(tmp_path):
    with pytest.raises(ConfigError) as caught:
        OSMExtractGeocoder(tmp_path / "none.osm.pbf")
    assert str(caught.value) == (
        f"OSM extract not found: {tmp_path / 'none.osm.pbf'} (give the .osm.pbf file with "
        "--osm-file)"
    )
