"""Where a place's point comes from, and whether a person checked it: for the reader.

``places.csv`` records it in ``coord_source``, ``confidence`` and ``verified``; the geocode
command writes ``coord_source`` starting with the name of the geocoder that answered. A point
a geocoder found and no person has checked is a *guess*: the map draws it apart and the panel
says so.
"""

from __future__ import annotations

GEOCODER_LABELS = {"nominatim": "Nominatim", "osm": "Offline geocoder"}
"""How ``coord_source`` names each geocode backend (its first words)."""


def is_guess(coord_source: object, verified: object) -> bool:
    """Whether a point is a geocoder's answer that no person has checked."""
    source = coord_source if isinstance(coord_source, str) else ""
    return verified != "yes" and source.startswith(tuple(GEOCODER_LABELS.values()))
