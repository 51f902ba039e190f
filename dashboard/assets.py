"""The scripts and styles the map loads, all served by the app itself.

Files live in ``static/`` next to ``app.py``; Streamlit serves them at ``/app/static/...``
(``[server] enableStaticServing = true`` in ``.streamlit/config.toml``). The map runs in the
streamlit-folium iframe at ``<app>/component/streamlit_folium.st_folium/index.html``, so the
links are relative to it and keep working under a ``server.baseUrlPath``.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from dashboard.compression import content_digest
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
"""In load order: Leaflet, then our layer code and basemap code that use it. The map frame
loads them as one file, :data:`MAP_BUNDLE`."""

MAP_BUNDLE = Asset("protestmap_bundle", "js/map-bundle.js")
"""The files of :data:`MAP_JS` joined in their order, made in memory and answered by
:class:`dashboard.bundle.MapBundleMiddleware` (there is no such file on disk).

streamlit-folium loads a map's scripts one after another, each only once the one before has
run: four files cost four round trips before the first marker (0.6 s on a 150 ms link). One
file costs one, and its URL names its content (:func:`versioned_url`), so a returning browser
asks for nothing."""

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


SOURCE_MAP = re.compile(rb"^//# sourceMappingURL=.*$", re.MULTILINE)
"""A source map comment: in the bundle it would point beside the bundle, at nothing."""


def bundle_bytes() -> bytes:
    """:data:`MAP_BUNDLE`'s content, from the files as they are now (read again when one of
    them changes)."""
    return _bundle(tuple(_stamp(a.file) for a in MAP_JS))


@functools.lru_cache(maxsize=4)
def _bundle(stamps: tuple[tuple[str, int, int], ...]) -> bytes:
    del stamps  # only the cache key
    parts = []
    for asset in MAP_JS:
        body = SOURCE_MAP.sub(b"", asset.file.read_bytes()).rstrip()
        # Each file is a closure or UMD wrapper ending in a statement: ";" keeps them apart.
        parts.append(b"/* static/" + asset.path.encode() + b" */\n" + body + b"\n;\n")
    return b"".join(parts)


def _stamp(path: Path) -> tuple[str, int, int]:
    info = path.stat()
    return (str(path), info.st_mtime_ns, info.st_size)


def versioned_url(url: str, content: bytes) -> str:
    """``url`` with ``?v=`` and the start of the content's digest: the compressing middleware
    lets a browser keep such an answer for a year (:mod:`dashboard.compression`)."""
    return f"{url}?v={content_digest(content)[:16]}"


def map_js() -> list[tuple[str, str]]:
    """``(name, url)`` for a folium element's ``default_js``: the one bundle of :data:`MAP_JS`."""
    return [(MAP_BUNDLE.name, versioned_url(MAP_BUNDLE.url, bundle_bytes()))]


def map_css() -> list[tuple[str, str]]:
    """``(name, url)`` pairs for a folium element's ``default_css``, each naming its content.
    (Not joined: Leaflet's style finds its images relative to its own place; styles load side
    by side anyway.)"""
    return [(a.name, versioned_url(a.url, a.file.read_bytes())) for a in MAP_CSS]


def missing_files() -> list[Path]:
    """Served or vendored files that are not on disk (an incomplete checkout)."""
    files = [a.file for a in (*MAP_JS, *MAP_CSS, BASEMAP_JS, BASEMAP_TILES)] + list(VENDORED)
    return [f for f in files if not f.is_file()]
