"""The scripts and styles the map loads, all served by the app itself.

Files live in ``static/`` next to ``app.py``; Streamlit serves them at ``/app/static/...``
(``[server] enableStaticServing = true`` in ``.streamlit/config.toml``). The map runs in the
streamlit-folium iframe at ``<app>/component/streamlit_folium.st_folium/index.html``, so the
links are relative to it and keep working under a ``server.baseUrlPath``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from dashboard.settings import PROJECT_ROOT

STATIC_DIR = PROJECT_ROOT / "static"
STATIC_URL = "../../app/static/"
"""The app's static files as seen from the map iframe."""

LEAFLET_VERSION = "1.9.4"
LEAFLET_DIR = f"vendor/leaflet-{LEAFLET_VERSION}"
PROTOMAPS_VERSION = "5.1.0"
PROTOMAPS_DIR = f"vendor/protomaps-leaflet-{PROTOMAPS_VERSION}"


@dataclass(frozen=True)
class Asset:
    """One served file: a name for folium, and its path under ``static/``."""

    name: str
    path: str

    @property
    def url(self) -> str:
        return STATIC_URL + self.path

    @property
    def file(self) -> Path:
        return STATIC_DIR / self.path


MAP_JS: tuple[Asset, ...] = (
    Asset("leaflet", f"{LEAFLET_DIR}/leaflet.js"),
    Asset("protestmap", "js/protestmap.js"),
    Asset("basemap_js", "js/basemap.js"),
    Asset("playback_js", "js/playback.js"),
)
"""In load order: Leaflet, then our layer code and basemap code that use it."""

MAP_CSS: tuple[Asset, ...] = (
    Asset("leaflet_css", f"{LEAFLET_DIR}/leaflet.css"),
    Asset("protestmap_css", "css/protestmap.css"),
    Asset("playback_css", "css/playback.css"),
)

BASEMAP_JS = Asset("protomaps", f"{PROTOMAPS_DIR}/protomaps-leaflet.js")
"""The vector tile renderer of the bundled basemap: loaded by protestmap.js only when that
basemap is shown (``DASHBOARD_TILES=bundled``, or when the tile server fails)."""
BASEMAP_TILES = Asset("basemap", "basemap/almaty-2013.pmtiles")
"""The bundled basemap, built by ``python -m dashboard basemap`` (:mod:`dashboard.basemap`)."""

VENDORED: tuple[Path, ...] = (
    STATIC_DIR / LEAFLET_DIR / "LICENSE",
    STATIC_DIR / LEAFLET_DIR / "VERSION",
    STATIC_DIR / PROTOMAPS_DIR / "LICENSE",
    STATIC_DIR / PROTOMAPS_DIR / "VERSION",
)
"""Licence and provenance of the vendored files."""


def map_js() -> list[tuple[str, str]]:
    """``(name, url)`` pairs for a folium element's ``default_js``."""
    return [(a.name, a.url) for a in MAP_JS]


def map_css() -> list[tuple[str, str]]:
    """``(name, url)`` pairs for a folium element's ``default_css``."""
    return [(a.name, a.url) for a in MAP_CSS]


def missing_files() -> list[Path]:
    """Served or vendored files that are not on disk (an incomplete checkout)."""
    files = [a.file for a in (*MAP_JS, *MAP_CSS, BASEMAP_JS, BASEMAP_TILES)] + list(VENDORED)
    return [f for f in files if not f.is_file()]
