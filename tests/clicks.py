"""What ``st_folium`` returns, for AppTest tests that patch it to simulate map clicks."""

from __future__ import annotations

NO_CLICK = {"last_active_drawing": None, "last_object_clicked_count": 0}
"""Nothing clicked yet."""


def click(place_id: str, count: int) -> dict:
    """What st_folium returns after a click on the marker of ``place_id``.

    ``count`` is st_folium's click counter: the page takes a click as new when it moves.
    """
    return {
        "last_active_drawing": {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [76.9, 43.2]},
            "properties": {"place_id": place_id},
        },
        "last_object_clicked_count": count,
    }


def escape(count: int) -> dict:
    """What st_folium returns after Escape on the map (protestmap.js asks for the overview)."""
    return {
        "last_active_drawing": {
            "type": "Feature",
            "geometry": None,
            "properties": {"overview": True},
        },
        "last_object_clicked_count": count,
    }
