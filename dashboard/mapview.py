"""The map: pure functions that build folium objects.

The map is split in two so that changing the dates or filters never remounts it (which would
lose the viewer's position and zoom):

- :func:`build_base_map`: the STABLE part (tiles, legend, our served scripts). It holds no
  data, so its HTML is the same on every rerun and streamlit-folium keeps the map mounted.
- :func:`place_layer`: the CHANGING part, passed to ``st_folium(feature_group_to_add=...)``:
  ONE GeoJSON FeatureCollection with a feature per place (not per event), drawn by
  ``static/js/protestmap.js`` as canvas circle markers, so it stays light at 100,000 events.

No folium Tooltip/Popup is used with data: the tooltip is built in the browser from the
feature's properties with ``textContent``, and the data reaches the script only through
:func:`dashboard.escape.js_json`.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import folium
import pandas as pd
import xyzservices
from branca.element import Element, MacroElement
from jinja2 import Template

from dashboard import assets, playback, vocabulary
from dashboard.aggregate import MapSummary
from dashboard.errors import ConfigError
from dashboard.escape import html_text, js_json
from dashboard.i18n import ENGLISH, N_, Lang
from dashboard.settings import DashboardSettings

ALMATY = (43.2350, 76.9100)
"""Map centre: central Almaty."""
DEFAULT_ZOOM = 13
VIEW_BOUNDS = ((43.186, 76.855), (43.265, 76.956))
"""The first view, fitted to the map's width: central Almaty, from the Sary-Arka cinema in the
west to Valikhanov square in the east and from KazakhFilm in the south to Arbat in the north
(zoom 12.5 on a laptop, where neighbouring markers do not hide each other). A constant, not
computed from the data, so the base map never changes. The legend sits in the empty
south-west corner."""
MAP_HEIGHT = 560

TYPE_COLOURS: dict[str, str] = vocabulary.KNOWN_COLOURS
"""Colour of each of our own event types; other types get theirs from the dataset
(:func:`dashboard.vocabulary.type_colours`)."""
TYPE_LABELS: dict[str, str] = vocabulary.KNOWN_LABELS
"""Each of our own types' name in the legend and the timeline (msgids: see
:func:`type_label`)."""

PRECISION_LEGEND: tuple[tuple[str, str], ...] = (
    ("venue", N_("Exact place")),
    ("street", N_("Street (line, dark ring)")),
    ("area", N_("Area: approximate")),
)
REGION_LEGEND = ("region", N_("Region: approximate, only the region is known"))
"""Shown in the legend when the data has places known only by their region (ACLED
geo_precision 3)."""
PRECISION_NOTES: dict[str, str] = {
    "street": N_("along the street (line)"),
    "area": N_("approximate: somewhere in this area"),
    "region": N_("approximate: only the region is known"),
}
"""The tooltip's word on a place that is not an exact point."""
GUESS_LEGEND = ("guess", N_("Geocoder's guess, not checked by a person"))
"""Shown in the legend when the data has such points (drawn with a dotted ring or line)."""
GUESS_NOTE = N_("geocoder's guess, not checked by a person")
"""The tooltip's word on such a point."""
MAP_NOTE = N_(
    "Each marker is a place; its number is how many events were there and its colour the "
    "most frequent type; a black ring marks the place whose events are shown. Where markers "
    "would cover each other, places with fewer events are small dots under the others: zoom "
    "in to see them. Events whose place is not reported are not drawn: they are listed with "
    "the details."
)
CROWDED_NOTE = N_("Small dot: zoom in to see it")

MAP_LABEL = N_("Map of the events")
"""The map's accessible name (its description, :func:`map_description`, follows the
selection)."""
SKIP_PLACES = N_("Skip the places on the map")
PLACES_LABEL = N_("Places on the map, most events first")
PRECISION_WORDS: dict[str, str] = {
    "venue": N_("exact place"),
    "street": N_("street"),
    "area": N_("approximate: somewhere in this area"),
    "region": N_("approximate: only the region is known"),
}
"""How a screen reader hears each place's precision (the legend draws it)."""
DOT_NOTE = N_("a small dot under a bigger marker")
SELECTED_NOTE = N_("its events are in the panel")

OVERVIEW_PROPERTY = "overview"
"""protestmap.js reports Escape as a click on a feature with only this property set: back to
the overview."""

RETURNED_OBJECTS: tuple[str, ...] = ("last_active_drawing", "last_object_clicked_count")
"""What st_folium sends back: clicks only, so panning and zooming never rerun the script."""

NO_TILES = "none"
BUNDLED = "bundled"
"""``DASHBOARD_TILES=bundled``: only the basemap the app serves itself (no tile server)."""

BASEMAP_ATTRIBUTION = N_("© OpenStreetMap contributors (ODbL), extract of 2013")
BASEMAP_FALLBACK = N_(
    "Tiles did not load; bundled basemap: © OpenStreetMap contributors (ODbL), extract of 2013"
)
"""The attribution line once the tile server has failed and the bundled basemap shows."""
BASEMAP_OUTSIDE = N_("The bundled basemap covers Almaty only")
"""Shown on the map while the view lies wholly outside the bundled basemap."""
BASEMAP_BOUNDS = ((43.057, 76.575), (43.549, 77.223))
"""What the bundled basemap covers (the extract's box, ``data/osm/ATTRIBUTION.md``): its
renderer asks for nothing outside it, so no other city is ever drawn from it."""
BASEMAP_MAX_DATA_ZOOM = 14
"""The archive's last zoom (``dashboard.basemap.MAX_ZOOM``); closer views scale it."""


@dataclass(frozen=True)
class Tiles:
    """A resolved basemap: URL template, attribution (HTML), subdomains, maximum zoom."""

    url: str
    attribution: str
    subdomains: str = "abc"
    max_zoom: int = 19


@functools.lru_cache(maxsize=16)
def resolve_tiles(spec: str, attribution: str = "") -> Tiles | None:
    """The tile server for ``DASHBOARD_TILES``: an xyzservices name or a URL template; None
    for 'none' and for 'bundled' (no tile server).

    Raises ConfigError with how to fix it when the value cannot be used. Remembered per
    (spec, attribution): looking a name up in xyzservices takes about 4 ms, twice per rerun; the
    answer is a frozen value and an error is raised again each time.
    """
    spec = spec.strip()
    text_attribution = html_text(attribution.strip()) if attribution.strip() else ""
    if spec.lower() in (NO_TILES, BUNDLED):
        return None
    if "{z}" in spec or "://" in spec:
        missing = [p for p in ("{z}", "{x}", "{y}") if p not in spec]
        if not spec.lower().startswith(("https://", "http://")) or missing:
            detail = f" (missing {', '.join(missing)})" if missing else ""
            raise ConfigError(
                f"DASHBOARD_TILES={spec!r} is not a tile URL template{detail}: expected "
                "http(s)://.../{z}/{x}/{y}.png"
            )
        if not text_attribution:
            raise ConfigError(
                f"DASHBOARD_TILES={spec!r} is a URL template: set DASHBOARD_TILES_ATTRIBUTION "
                "to the attribution its provider requires (e.g. '© OpenStreetMap contributors')"
            )
        return Tiles(url=spec, attribution=text_attribution)
    try:
        provider = xyzservices.providers.query_name(spec)
    except ValueError:
        raise ConfigError(
            f"DASHBOARD_TILES={spec!r} is not a known xyzservices provider: use a name such as "
            "'OpenStreetMap.Mapnik' or 'CartoDB.Positron', a URL template "
            "'https://.../{z}/{x}/{y}.png', or 'none'"
        ) from None
    if provider.requires_token():
        raise ConfigError(
            f"DASHBOARD_TILES={spec!r} needs an API key: choose a provider without one, or "
            "give the full URL template (with the key) and DASHBOARD_TILES_ATTRIBUTION"
        )
    return Tiles(
        url=provider.build_url(fill_subdomain=False),
        attribution=text_attribution or provider.html_attribution,
        subdomains="".join(provider.get("subdomains", "abc")),
        max_zoom=int(provider.get("max_zoom", 19)),
    )


VIEWPORT = '<meta name="viewport" content="width=device-width, initial-scale=1.0" />'
"""The map frame's viewport: folium's own forbids zooming (``user-scalable=no``,
``maximum-scale=1.0``), which stops people who need to enlarge the page on a phone."""


def uses_bundled_basemap(spec: str) -> bool:
    """``DASHBOARD_TILES=bundled``: the map draws only the bundled basemap."""
    return spec.strip().lower() == BUNDLED


class ServedMap(folium.Map):
    """A folium Map that loads only the app's own copies of Leaflet and our map code, and
    lets a phone zoom the page (:data:`VIEWPORT`)."""

    default_js = assets.map_js()
    default_css = assets.map_css()

    def render(self, **kwargs: Any) -> None:
        super().render(**kwargs)
        header = self.get_root().header
        element = header._children.get(self.get_name())
        text = getattr(element, "_template_str", None)
        if text:
            fixed = re.sub(r"<meta\s+name=\"viewport\"[^>]*>", VIEWPORT, text)
            header.add_child(Element(fixed), name=self.get_name())


class Legend(MacroElement):
    """The legend: a Leaflet control built in the browser from plain text."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        window.protestMap.addLegend({{ this._parent.get_name() }}, {{ this.spec_json }});
        {% endmacro %}
        """
    )

    def __init__(self, spec: Mapping[str, Any]):
        super().__init__()
        self._name = "Legend"
        self.spec_json = js_json(dict(spec))


class FitData(MacroElement):
    """The first view of data from elsewhere: its extent, fitted beside the legend (added
    after it) so that no marker starts under the legend (``protestMap.fitData``)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        window.protestMap.fitData({{ this._parent.get_name() }}, {{ this.bounds_json }},
            {{ this.max_zoom }});
        {% endmacro %}
        """
    )

    def __init__(self, bounds: tuple[tuple[float, float], tuple[float, float]], max_zoom: int):
        super().__init__()
        self._name = "FitData"
        self.bounds_json = js_json([list(bounds[0]), list(bounds[1])])
        self.max_zoom = int(max_zoom)


class MapAccess(MacroElement):
    """Keyboard and screen-reader access: the map's name, a skip link, the list of places and
    a live region (``protestMap.addAccess``); the words are fixed per language."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        window.protestMap.addAccess({{ this._parent.get_name() }}, {{ this.spec_json }});
        {% endmacro %}
        """
    )

    def __init__(self, spec: Mapping[str, Any]):
        super().__init__()
        self._name = "MapAccess"
        self.spec_json = js_json(dict(spec))


class ReportDrawn(MacroElement):
    """The frame reports to the page once, when its places are first drawn
    (``protestMap.reportDrawn``): the page's next run draws what its first view left out."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        window.protestMap.reportDrawn({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "ReportDrawn"


class PlacesGeoJson(MacroElement):
    """The places FeatureCollection, drawn by ``protestMap.placesLayer`` on canvas."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = window.protestMap.placesLayer(
            {{ this.data_json }}, {{ this.colours_json }}, {{ this.text_json }}
        ).addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(
        self,
        collection: Mapping[str, Any],
        colours: Mapping[str, str],
        text: Mapping[str, Any],
    ):
        super().__init__()
        self._name = "PlacesGeoJson"
        self.data_json = js_json(dict(collection))
        self.colours_json = js_json(dict(colours))
        self.text_json = js_json(dict(text))


class BundledBasemap(MacroElement):
    """The basemap the app serves itself (``static/js/basemap.js``): alone, or under the tile
    layer ``tiles`` as its fallback when a tile fails to load."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {% if this.tiles %}
        window.protestBasemap.fallback(
            {{ this._parent.get_name() }}, {{ this.tiles.get_name() }}, {{ this.spec_json }}
        );
        {% else %}
        window.protestBasemap.bundled({{ this._parent.get_name() }}, {{ this.spec_json }});
        {% endif %}
        {% endmacro %}
        """
    )

    def __init__(self, spec: Mapping[str, Any], tiles: folium.TileLayer | None = None):
        super().__init__()
        self._name = "BundledBasemap"
        self.tiles = tiles
        self.spec_json = js_json(dict(spec))


def basemap_spec(lang: Lang = ENGLISH) -> dict[str, Any]:
    """What ``protestBasemap`` needs: the served files, the label language, the
    attribution lines (HTML-escaped: Leaflet shows attributions as HTML), the note for views
    outside Almaty and the area covered."""
    return {
        "tiles": assets.BASEMAP_TILES.url,
        "renderer": assets.BASEMAP_JS.url,
        "lang": lang.code,
        "attribution": html_text(lang._(BASEMAP_ATTRIBUTION)),
        "fallbackAttribution": html_text(lang._(BASEMAP_FALLBACK)),
        "outside": lang._(BASEMAP_OUTSIDE),
        "bounds": [list(BASEMAP_BOUNDS[0]), list(BASEMAP_BOUNDS[1])],
        "maxDataZoom": BASEMAP_MAX_DATA_ZOOM,
    }


def type_label(event_type: str, lang: Lang = ENGLISH) -> str:
    """An event type's name in ``lang`` (``Single picket``); the data's own types as they
    are."""
    return vocabulary.type_label(event_type, lang)


LEGEND_LABEL_CHARS = 40
"""Longest type name the legend shows whole: the data's own names can be long, and a legend
taller than the map would cover the markers under it."""


def short_label(label: str) -> str:
    """``label``, cut to ``LEGEND_LABEL_CHARS`` with '…' when longer."""
    if len(label) <= LEGEND_LABEL_CHARS:
        return label
    return label[: LEGEND_LABEL_CHARS - 1].rstrip() + "…"


def legend_spec(
    types: tuple[str, ...] = vocabulary.EVENT_TYPES,
    colours: Mapping[str, str] = TYPE_COLOURS,
    *,
    regions: bool = False,
    guesses: bool = False,
    lang: Lang = ENGLISH,
) -> dict[str, Any]:
    """What the legend says, in ``lang``: the dataset's types (``types``, most events first,
    and their ``colours``), never the selection's, so that it is the same on every rerun;
    ``regions``: the dataset has places known only by their region; ``guesses``: it has
    points a geocoder found and no person checked."""
    precisions = [*PRECISION_LEGEND, *([REGION_LEGEND] if regions else [])]
    precisions += [GUESS_LEGEND] if guesses else []
    return {
        "title": lang._("Legend"),
        "types": [
            [short_label(label), colour]
            for label, colour in vocabulary.legend_types(types, colours, lang)
        ],
        "precisions": [[kind, lang._(label)] for kind, label in precisions],
        "notes": [lang._(CROWDED_NOTE)],
    }


def map_note(lang: Lang = ENGLISH) -> str:
    """The caption under the map."""
    return lang._(MAP_NOTE)


def access_spec(lang: Lang = ENGLISH) -> dict[str, str]:
    """The fixed words of the map's keyboard and screen-reader access, in ``lang``."""
    return {
        "label": lang._(MAP_LABEL),
        "skip": lang._(SKIP_PLACES),
        "places_label": lang._(PLACES_LABEL),
    }


def map_description(
    summary: MapSummary, dates: tuple[dt.date, dt.date] | None, lang: Lang = ENGLISH
) -> str:
    """The map in words, for a screen reader: ``11 places on the map with 15 events, from 1
    February 2024 to 8 March 2024; not on the map: 3 events.`` (plain text)."""
    places = lang.n_("{n} place", "{n} places", len(summary.places))
    events = lang.n_("{n} event", "{n} events", summary.drawn)
    unlocated = lang.n_("{n} event", "{n} events", len(summary.unlocated))
    if dates is None:
        return lang._(
            "{places} on the map with {events}; not on the map: {unlocated}.",
            places=places,
            events=events,
            unlocated=unlocated,
        )
    return lang._(
        "{places} on the map with {events}, from {start} to {end}; not on the map: {unlocated}.",
        places=places,
        events=events,
        start=lang.date(dates[0]),
        end=lang.date(dates[1]),
        unlocated=unlocated,
    )


def panel_announcement(summary: MapSummary, selected: str | None, lang: Lang = ENGLISH) -> str:
    """What a screen reader hears when the panel changes: the place and its events, or the
    overview (plain text)."""
    places = summary.places
    here = places[places["place_id"] == selected] if selected is not None else places.iloc[:0]
    if here.empty:
        return lang._("The panel shows the overview of the selection.")
    return lang._(
        "The panel shows {place}: {events}.",
        place=here["name"].iloc[0],
        events=lang.n_("{n} event", "{n} events", int(here["count"].iloc[0])),
    )


def layer_text(
    lang: Lang = ENGLISH,
    *,
    description: str = "",
    announcement: str = "",
) -> dict[str, Any]:
    """The words protestmap.js puts into tooltips and the list of places (plain text, set with
    textContent): fixed ones, the map's ``description`` and the panel's ``announcement``."""
    return {
        "precision_notes": {kind: lang._(note) for kind, note in PRECISION_NOTES.items()},
        "guess_note": lang._(GUESS_NOTE),
        "precision_words": {kind: lang._(word) for kind, word in PRECISION_WORDS.items()},
        "dot_note": lang._(DOT_NOTE),
        "selected_note": lang._(SELECTED_NOTE),
        "description": description,
        "announcement": announcement,
    }


ALMATY_AREA = ((42.9, 76.5), (43.6, 77.3))
"""Data whose drawn events all lie in here (Almaty and around it) opens on ``VIEW_BOUNDS``."""
FIT_MAX_ZOOM = 13
"""Closest first view of data elsewhere (one place, or a few close together)."""


def view_bounds(events: pd.DataFrame) -> tuple[tuple[float, float], tuple[float, float]]:
    """The first view for a dataset: ``VIEW_BOUNDS`` for Almaty's data (or no drawn event),
    else the extent of the events drawn. It depends on the dataset only, never on the
    filters, so the base map stays the same across reruns."""
    drawn = events.loc[events["located"].to_numpy(dtype=bool), ["lat", "lon"]]
    if drawn.empty:
        return VIEW_BOUNDS
    south, west = float(drawn["lat"].min()), float(drawn["lon"].min())
    north, east = float(drawn["lat"].max()), float(drawn["lon"].max())
    (s0, w0), (n0, e0) = ALMATY_AREA
    if s0 <= south and north <= n0 and w0 <= west and east <= e0:
        return VIEW_BOUNDS
    return (south, west), (north, east)


def build_base_map(
    settings: DashboardSettings,
    legend: Mapping[str, Any] | None = None,
    bounds: tuple[tuple[float, float], tuple[float, float]] = VIEW_BOUNDS,
    *,
    lang: Lang = ENGLISH,
    report_drawn: bool = False,
) -> folium.Map:
    """The stable map: on ``bounds`` (Almaty's view, or the data's extent kept clear of the
    legend), the basemap from settings (a tile server with the bundled basemap as its fallback,
    the bundled basemap alone, or none), the legend (``legend_spec()`` of the dataset's types in
    the viewer's language: it changes only with the dataset and the language; a new language
    remounts the map); no events. With ``report_drawn`` the frame reports once, when it has
    first drawn its places, so that the page can draw the rest (``page.first_view``)."""
    tiles = resolve_tiles(settings.tiles, settings.tiles_attribution)
    base = ServedMap(
        location=ALMATY,
        zoom_start=DEFAULT_ZOOM,
        tiles=None,
        prefer_canvas=True,
        control_scale=True,
        zoom_snap=0.5,
    )
    if tiles is not None:
        layer = folium.TileLayer(
            tiles=tiles.url,
            attr=tiles.attribution,
            subdomains=tiles.subdomains,
            max_zoom=tiles.max_zoom,
            max_native_zoom=tiles.max_zoom,
            name="Basemap",
        ).add_to(base)
        BundledBasemap(basemap_spec(lang), tiles=layer).add_to(base)
    elif uses_bundled_basemap(settings.tiles):
        BundledBasemap(basemap_spec(lang)).add_to(base)
    # A zoom limit for data elsewhere: one place is a bounds of no size (an endless zoom).
    fit = {} if bounds == VIEW_BOUNDS else {"max_zoom": FIT_MAX_ZOOM}
    base.fit_bounds([list(bounds[0]), list(bounds[1])], **fit)
    Legend(legend or legend_spec(lang=lang)).add_to(base)
    if bounds != VIEW_BOUNDS:
        # Almaty's view is chosen with the legend's corner empty; any other data is fitted
        # to its extent once the legend is drawn, beside or above it.
        FitData(bounds, FIT_MAX_ZOOM).add_to(base)
    MapAccess(access_spec(lang)).add_to(base)
    playback.PlaybackControl(playback.control_spec(lang)).add_to(base)
    if report_drawn:
        ReportDrawn().add_to(base)
    return base


def place_features(
    summary: MapSummary, selected: str | None = None, lang: Lang = ENGLISH
) -> dict[str, Any]:
    """The places as a GeoJSON FeatureCollection: a line per street, then a point per place.

    Each feature's properties: ``place_id``, ``name``, ``count``, ``count_text`` (``2 events``
    in ``lang``), ``precision``, ``type`` (the most frequent event type), ``selected`` and
    ``guess`` (a geocoder's point no person has checked: drawn dotted).
    """
    places = summary.places
    props = [
        {
            "place_id": pid,
            "name": name,
            "count": int(count),
            "count_text": lang.n_("{n} event", "{n} events", int(count)),
            "precision": precision,
            "type": main_type,
            "selected": pid == selected,
            "guess": bool(guess),
        }
        for pid, name, count, precision, main_type, guess in zip(
            places["place_id"],
            places["name"],
            places["count"],
            places["precision"],
            places["main_type"],
            places["guess"],
        )
    ]
    lines = [
        {
            "type": "Feature",
            "geometry": {
                "type": "LineString",
                "coordinates": [[round(lon, 6), round(lat, 6)] for lat, lon in line],
            },
            "properties": p,
        }
        for p, line in zip(props, places["line"])
        if len(line) >= 2
    ]
    points = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]},
            "properties": p,
        }
        for p, lat, lon in zip(props, places["lat"], places["lon"])
    ]
    # Smallest markers last, so that they are drawn on top and stay clickable.
    return {"type": "FeatureCollection", "features": lines + points}


def place_layer(
    summary: MapSummary,
    selected: str | None = None,
    colours: Mapping[str, str] = TYPE_COLOURS,
    *,
    lang: Lang = ENGLISH,
    dates: tuple[dt.date, dt.date] | None = None,
    shown: MapSummary | None = None,
) -> folium.FeatureGroup:
    """The changing layer: every place of ``summary`` (``selected`` is outlined), coloured by
    its main type (``colours``; other types in ``vocabulary.OTHER_COLOUR``), its words in
    ``lang``; the map's description names the selection's ``dates`` and what is ``shown``
    (``summary`` unless playback hides some of its places)."""
    group = folium.FeatureGroup(name="Events", control=False)
    text = layer_text(
        lang,
        description=map_description(shown if shown is not None else summary, dates, lang),
        announcement=panel_announcement(summary, selected, lang),
    )
    PlacesGeoJson(place_features(summary, selected, lang), colours, text).add_to(group)
    return group


def clicked_place_id(result: Mapping[str, Any] | None) -> str | None:
    """The place_id of the feature last clicked, from st_folium's return value."""
    drawing = (result or {}).get("last_active_drawing")
    if not isinstance(drawing, Mapping):
        return None
    props = drawing.get("properties")
    if not isinstance(props, Mapping):
        return None
    place_id = props.get("place_id")
    return place_id if isinstance(place_id, str) and place_id else None


def overview_asked(result: Mapping[str, Any] | None) -> bool:
    """Whether the last "click" st_folium reports is the map's Escape key: back to the
    overview."""
    drawing = (result or {}).get("last_active_drawing")
    props = drawing.get("properties") if isinstance(drawing, Mapping) else None
    return isinstance(props, Mapping) and props.get(OVERVIEW_PROPERTY) is True


def click_count(result: Mapping[str, Any] | None) -> int:
    """How many clicks on map objects st_folium has counted (it may count one click twice)."""
    count = (result or {}).get("last_object_clicked_count")
    return count if isinstance(count, int) else 0


def place_names(summary: MapSummary) -> dict[str, str]:
    """place_id -> name of the drawn places."""
    return dict(zip(summary.places["place_id"], summary.places["name"]))
