"""Settings, read once at the edge and passed in.

Each setting is declared once here with its environment variable, default and help text; the
README's settings table is checked against this list by a test.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
BUNDLED_DATA = PROJECT_ROOT / "data"


@dataclass(frozen=True)
class Setting:
    env: str
    default: str
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "DASHBOARD_DATA",
        "data/ (bundled)",
        "Data directory to open (events.csv, places.csv, people.csv, sources.csv). "
        "The command line's --data overrides it.",
    ),
    Setting(
        "DASHBOARD_TILES",
        "OpenStreetMap.Mapnik",
        "Basemap tiles for the map: an xyzservices provider name (e.g. CartoDB.Positron), "
        "a URL template with {z}, {x} and {y} (e.g. https://tiles.example.org/{z}/{x}/{y}.png), "
        "'bundled' for only the basemap the app serves itself (Almaty, from the OpenStreetMap "
        "extract of 2013: no tile server at all), or 'none' for no basemap. Only the tiles "
        "come from this server; everything else the page loads is served by the app itself. "
        "When tiles fail to load, the map shows the bundled basemap instead, by itself, and "
        "says so in its attribution line.",
    ),
    Setting(
        "DASHBOARD_TILES_ATTRIBUTION",
        "(the provider's own)",
        "Attribution shown on the map for the tiles; required with a URL template, optional "
        "with a provider name (which brings its own).",
    ),
    Setting(
        "DASHBOARD_LANGUAGE",
        "en",
        "Interface language of a first visit when the browser asks for none of kk (Kazakh), "
        "ru (Russian) and en (English); a viewer switches in the sidebar, and a link with "
        "?lang=kk, ?lang=ru or ?lang=en opens in that language.",
    ),
    Setting(
        "DASHBOARD_GEOCODER_USER_AGENT",
        "",
        "User-Agent the geocode command sends to Nominatim: required, and it must identify "
        "you (e.g. 'almaty-protest-map/0.1 (you@example.org)'), as Nominatim's usage policy "
        "asks. The command line's --user-agent overrides it.",
    ),
    Setting(
        "DASHBOARD_NOMINATIM_DOMAIN",
        "nominatim.openstreetmap.org",
        "Nominatim server the geocode command asks (host, optional :port and path); set it "
        "to use a self-hosted server. The command line's --nominatim-domain overrides it.",
    ),
    Setting(
        "DASHBOARD_NOMINATIM_SCHEME",
        "https",
        "http or https for the Nominatim server. The command line's --nominatim-scheme "
        "overrides it.",
    ),
)


def setting_value(
    name: str, cli_value: str | None = None, env: Mapping[str, str] | None = None
) -> str:
    """A setting's value: the command line's, else its environment variable, else its
    declared default."""
    env = os.environ if env is None else env
    if cli_value:
        return cli_value
    if env.get(name):
        return env[name]
    for s in SETTINGS:
        if s.env == name:
            return s.default
    raise KeyError(name)


def data_dir(
    cli_value: str | os.PathLike[str] | None = None, env: Mapping[str, str] | None = None
) -> Path:
    """The data directory: ``--data``, else ``DASHBOARD_DATA``, else the bundled ``data/``."""
    env = os.environ if env is None else env
    if cli_value:
        return Path(cli_value)
    if env.get("DASHBOARD_DATA"):
        return Path(env["DASHBOARD_DATA"])
    return BUNDLED_DATA


def settings_markdown() -> str:
    """The settings as a Markdown table (used in the README)."""
    lines = ["| environment variable | default | meaning |", "|---|---|---|"]
    lines += [f"| `{s.env}` | {s.default} | {s.help} |" for s in SETTINGS]
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class DashboardSettings:
    """What the dashboard page needs, read once when a session starts."""

    data_dir: Path
    tiles: str
    tiles_attribution: str
    language: str = "en"
    """Language of a first visit whose browser asks for none of ours."""


def dashboard_settings(env: Mapping[str, str] | None = None) -> DashboardSettings:
    """The dashboard's settings from the environment (see ``SETTINGS``)."""
    env = os.environ if env is None else env
    return DashboardSettings(
        data_dir=data_dir(env=env),
        tiles=env.get("DASHBOARD_TILES", "").strip() or "OpenStreetMap.Mapnik",
        tiles_attribution=env.get("DASHBOARD_TILES_ATTRIBUTION", "").strip(),
        language=env.get("DASHBOARD_LANGUAGE", "").strip().lower() or "en",
    )
