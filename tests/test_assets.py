"""The files the map loads are in the repo, with licence and version, at our static URLs."""

from __future__ import annotations

import tomllib

import pytest

from dashboard import assets
from dashboard.settings import PROJECT_ROOT


def test_every_served_file_is_in_the_repo():
    assert assets.missing_files() == []


def test_leaflet_is_vendored_with_licence_and_version():
    folder = assets.STATIC_DIR / assets.LEAFLET_DIR
    assert "BSD 2-Clause" in (folder / "LICENSE").read_text()
    assert "leaflet@1.9.4" in (folder / "VERSION").read_text()
    assert 't.version="1.9.4"' in (folder / "leaflet.js").read_text()


@pytest.mark.parametrize("asset", [*assets.MAP_JS, *assets.MAP_CSS], ids=lambda a: a.name)
def test_urls_are_relative_to_the_map_frame(asset):
    # The map iframe is <app>/component/streamlit_folium.st_folium/index.html.
    assert asset.url == "../../app/static/" + asset.path
    assert asset.file.is_file()


def test_static_serving_is_on():
    config = tomllib.loads((PROJECT_ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["enableStaticServing"] is True
    assert config["browser"]["gatherUsageStats"] is False


def test_the_basemap_renderer_is_vendored_with_licence_and_version():
    folder = assets.STATIC_DIR / assets.PROTOMAPS_DIR
    assert "Protomaps LLC" in (folder / "LICENSE").read_text()
    assert "protomaps-leaflet@5.1.0" in (folder / "VERSION").read_text()
    assert (folder / "protomaps-leaflet.js").read_text().startswith('"use strict";var protomapsL=')
    assert assets.BASEMAP_JS.url == "../../app/static/" + assets.BASEMAP_JS.path
