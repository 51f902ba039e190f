"""Settings read once from the environment."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.settings import BUNDLED_DATA, SETTINGS, dashboard_settings


@pytest.mark.parametrize(
    ("env", "data_dir", "tiles", "attribution"),
    [
        ({}, BUNDLED_DATA, "OpenStreetMap.Mapnik", ""),
        ({"DASHBOARD_DATA": "/srv/data"}, Path("/srv/data"), "OpenStreetMap.Mapnik", ""),
        ({"DASHBOARD_TILES": "  CartoDB.Positron "}, BUNDLED_DATA, "CartoDB.Positron", ""),
        ({"DASHBOARD_TILES": ""}, BUNDLED_DATA, "OpenStreetMap.Mapnik", ""),
        (
            {
                "DASHBOARD_TILES": "https://t.example/{z}/{x}/{y}.png",
                "DASHBOARD_TILES_ATTRIBUTION": "© T",
            },
            BUNDLED_DATA,
            "https://t.example/{z}/{x}/{y}.png",
            "© T",
        ),
    ],
)
def test_dashboard_settings(env, data_dir, tiles, attribution):
    settings = dashboard_settings(env)
    assert (settings.data_dir, settings.tiles, settings.tiles_attribution) == (
        data_dir,
        tiles,
        attribution,
    )


def test_every_variable_the_dashboard_reads_is_declared():
    declared = {s.env for s in SETTINGS}
    assert {"DASHBOARD_DATA", "DASHBOARD_TILES", "DASHBOARD_TILES_ATTRIBUTION"} <= declared
    assert all(s.help for s in SETTINGS)
