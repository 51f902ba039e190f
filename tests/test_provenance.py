"""Which points are a geocoder's unchecked guess."""

from __future__ import annotations

import pytest

from dashboard.provenance import is_guess


@pytest.mark.parametrize(
    ("source", "verified", "guess"),
    [
        ("Nominatim (https://nominatim.openstreetmap.org), retrieved 2026-02-03: ...", "no", True),
        ("Offline geocoder (OSM extract almaty-2013.osm.pbf), retrieved ...", "", True),
        ("Offline geocoder (OSM extract almaty-2013.osm.pbf), retrieved ...", "yes", False),
        ("Checked by A. Editor on 2026-02-03: accepted candidate 1 of 4: Nominatim", "yes", False),
        ('ru.wikipedia "Здание Акимата города Алматы"', "yes", False),
        ("upload.csv, line 3", "no", False),
        ("", "no", False),
        (float("nan"), "no", False),
    ],
)
def test_a_guess_is_a_geocoders_point_no_person_checked(source, verified, guess):
    assert is_guess(source, verified) is guess
