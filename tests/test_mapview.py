"""Building the map: served assets only, escaped data, one feature per place, clicks."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess

import branca
import folium
import pandas as pd
import pytest
from folium.elements import JSCSSMixin
from streamlit_folium import _get_feature_group_string, _get_map_string, generate_js_hash

from dashboard import assets, i18n, mapview
from dashboard.aggregate import summarise
from dashboard.errors import ConfigError
from dashboard.escape import js_json
from dashboard.filters import Selection, filter_events
from dashboard.settings import BUNDLED_DATA, DashboardSettings

SETTINGS = DashboardSettings(
    data_dir=BUNDLED_DATA, tiles="OpenStreetMap.Mapnik", tiles_attribution=""
)
NO_TILES = DashboardSettings(data_dir=BUNDLED_DATA, tiles="none", tiles_attribution="")
PAYLOAD = "</script><script>window.pwned=1</script><img src=x onerror=window.pwned=1>`${1}`\u2028"


@pytest.fixture(scope="module")
def wave_summary(dataset):
    """The map summary of the February 2024 wave."""
    events = filter_events(
        dataset.events, Selection(start=dt.date(2024, 2, 1), end=dt.date(2024, 3, 8))
    )
    return summarise(events, dataset.places)


def hostile_summary(dataset):
    events = dataset.events.copy()
    events.loc[events["place_id"] == "republic-square", "place_name"] = PAYLOAD
    return summarise(events, dataset.places)


def walk(element):
    yield element
    for child in getattr(element, "_children", {}).values():
        yield from walk(child)


def layer_script(summary, selected=None) -> str:
    """The layer's JavaScript exactly as streamlit-folium sends it to the browser."""
    base = mapview.build_base_map(SETTINGS)
    base.get_root().render()
    return _get_feature_group_string(mapview.place_layer(summary, selected), base)


def features_in(script: str) -> list[dict]:
    """The FeatureCollection passed to ``protestMap.placesLayer`` in ``script``."""
    start = script.index("{", script.index("placesLayer("))
    collection, _ = json.JSONDecoder().raw_decode(script, start)
    return collection["features"]


def test_rendered_map_loads_only_our_static_files(wave_summary):
    base = mapview.build_base_map(NO_TILES)
    mapview.place_layer(wave_summary).add_to(base)
    page = base.get_root().render()
    sources = re.findall(r'<script[^>]+src="([^"]+)"', page)
    styles = re.findall(r'<link[^>]+href="([^"]+)"', page)
    assert [s.split("?v=")[0] for s in sources] == [assets.MAP_BUNDLE.url]
    assert [s.split("?v=")[0] for s in styles] == [a.url for a in assets.MAP_CSS]
    assert all(url.startswith(assets.STATIC_URL) for url in sources + styles)
    assert re.findall(r"https?://", page) == []


def test_streamlit_folium_gets_only_our_links(wave_summary):
    """streamlit-folium loads default_js/default_css of every element in the map."""
    base = mapview.build_base_map(SETTINGS)
    mapview.place_layer(wave_summary).add_to(base)
    links = []
    for element in walk(base):
        assert not isinstance(element, branca.colormap.ColorMap)  # would add d3 from a CDN
        if isinstance(element, JSCSSMixin):
            links += [url for _, url in element.default_js + element.default_css]
    assert [u.split("?v=")[0] for u in links] == [
        a.url for a in (assets.MAP_BUNDLE, *assets.MAP_CSS)
    ]


def test_with_tiles_the_only_host_is_the_tile_server():
    page = mapview.build_base_map(SETTINGS).get_root().render()
    hosts = set(re.findall(r"https?://([^/\"'\s]+)", page))
    assert hosts == {"tile.openstreetmap.org", "www.openstreetmap.org"}  # tiles, attribution


def test_no_folium_tooltip_or_popup_in_layer(wave_summary):
    layer = mapview.place_layer(wave_summary)
    for element in walk(layer):
        assert not isinstance(element, (folium.Tooltip, folium.Popup, folium.GeoJsonTooltip))


def test_layer_has_one_point_per_place_and_a_line_per_street(wave_summary):
    features = features_in(layer_script(wave_summary))
    points = [f for f in features if f["geometry"]["type"] == "Point"]
    lines = [f for f in features if f["geometry"]["type"] == "LineString"]
    places = wave_summary.places
    assert [f["properties"]["place_id"] for f in points] == list(places["place_id"])
    assert [f["properties"]["count"] for f in points] == list(places["count"])
    streets = places[places["line"].map(len) >= 2]
    assert [f["properties"]["place_id"] for f in lines] == list(streets["place_id"])
    square = next(f for f in points if f["properties"]["place_id"] == "republic-square")
    assert square["geometry"]["coordinates"] == [76.94553, 43.23856]  # GeoJSON: lon, lat
    assert square["properties"]["precision"] == "venue"
    assert square["properties"]["type"] == "picket"


def test_selected_place_is_marked(wave_summary):
    features = features_in(layer_script(wave_summary, selected="opera-theatre"))
    selected = {f["properties"]["place_id"] for f in features if f["properties"]["selected"]}
    assert selected == {"opera-theatre"}


@pytest.mark.parametrize("selected", [None, "republic-square"])
def test_payload_in_a_name_is_escaped(dataset, selected):
    """Also in the words for a screen reader: the panel's announcement names the place."""
    script = layer_script(hostile_summary(dataset), selected)
    assert "</script" not in script.lower()
    assert "<script" not in script.lower() and "<img" not in script.lower()
    assert "`" not in script and "${" not in script and "\u2028" not in script
    names = [f["properties"]["name"] for f in features_in(script)]
    assert PAYLOAD in names  # the text arrives intact, as data


def test_layer_script_runs_and_keeps_the_payload_as_data(dataset, node):
    """Run the layer script against a stub Leaflet: no payload runs, names arrive as typed."""
    script = layer_script(hostile_summary(dataset))
    program = (
        "var pwned = 0; var window = {set pwned(v) { pwned = 1; }, protestMap: {"
        "placesLayer: function (d) { globalThis.data = d; return {addTo: function () {}}; }}};"
        "var L = {featureGroup: function () { return {addTo: function () {}}; }};"
        "var map_div = {addLayer: function () {}};"
        + script
        + ";var names = data.features.map(f => f.properties.name);"
        + "process.stdout.write(JSON.stringify([pwned, names]));"
    )
    out = subprocess.run(
        [node, "-e", program], capture_output=True, text=True, check=True, timeout=30
    ).stdout
    pwned, names = json.loads(out)
    assert pwned == 0
    assert PAYLOAD in names


def test_base_map_is_stable_across_reruns(dataset):
    """streamlit-folium keys the component on the base map's script: it must not change
    between reruns (new element ids) nor carry data, or the map would remount."""
    hashes = set()
    for summary in (summarise(dataset.events, dataset.places), hostile_summary(dataset)):
        base = mapview.build_base_map(SETTINGS)
        base.get_root().render()
        script = _get_map_string(base)
        hashes.add(generate_js_hash(script, "map"))
        _get_feature_group_string(mapview.place_layer(summary), base)
        assert "Republic Square" not in script and "placesLayer" not in script
    assert len(hashes) == 1


@pytest.mark.parametrize("code", ["kk", "ru", "en"])
def test_base_map_is_stable_for_one_language_and_differs_between_them(dataset, code):
    """One language: the same base map on every rerun (no remount, the zoom stays); another
    language: another legend, so a switch remounts it (allowed: the view is session state)."""
    lang = i18n.lang(code)

    def base_hash(lang) -> str:
        base = mapview.build_base_map(SETTINGS, lang=lang)
        base.get_root().render()
        return generate_js_hash(_get_map_string(base), "map")

    assert base_hash(lang) == base_hash(lang)
    others = {base_hash(i18n.lang(other)) for other in i18n.LANGUAGES if other != code}
    assert base_hash(lang) not in others


@pytest.mark.parametrize("code", ["kk", "ru"])
def test_legend_and_tooltip_words_in_the_language(dataset, code):
    lang = i18n.lang(code)
    spec = mapview.legend_spec(lang=lang)
    assert spec["title"] == lang._("Legend") != "Legend"
    assert [label for label, _ in spec["types"]] == [
        mapview.type_label(t, lang) for t in mapview.TYPE_LABELS
    ]
    assert all(not re.search("[A-Za-z]", label) for label, _ in spec["types"])
    features = mapview.place_features(summarise(dataset.events, dataset.places), None, lang)
    texts = {f["properties"]["count_text"] for f in features["features"]}
    assert texts and all(not re.search("[A-Za-z]", t) for t in texts)
    notes = mapview.layer_text(lang)["precision_notes"]
    assert set(notes) == {"street", "area", "region"}
    assert all(not re.search("[A-Za-z]", n) for n in notes.values())


@pytest.mark.parametrize("code", ["kk", "ru"])
def test_the_datas_own_types_and_regions_in_the_legend_in_the_language(code):
    """The data's type names stay as the data spells them; our words around them (the
    "other" row, the region precision) are in the viewer's language."""
    lang = i18n.lang(code)
    types = ("Protests", "Riots", "")
    spec = mapview.legend_spec(
        types, {"Protests": "#0072B2", "Riots": "#D55E00"}, regions=True, lang=lang
    )
    other = lang._("Other / not given")
    assert other != "Other / not given"
    assert spec["types"] == [["Protests", "#0072B2"], ["Riots", "#D55E00"], [other, "#767676"]]
    kinds = dict(spec["precisions"])
    assert list(kinds) == ["venue", "street", "area", "region"]
    assert all(not re.search("[A-Za-z]", label) for label in kinds.values())


def test_legend_explains_types_and_precision():
    spec = mapview.legend_spec()
    assert [label for label, _ in spec["types"]] == list(mapview.TYPE_LABELS.values())
    assert [kind for kind, _ in spec["precisions"]] == ["venue", "street", "area"]
    script = _get_map_string(mapview.build_base_map(SETTINGS))
    assert "protestMap.addLegend(map_div," in script


@pytest.mark.parametrize(
    ("result", "expected"),
    [
        (None, None),
        ({}, None),
        ({"last_active_drawing": None}, None),
        ({"last_active_drawing": {"type": "Feature"}}, None),
        ({"last_active_drawing": {"properties": None}}, None),
        ({"last_active_drawing": {"properties": {"place_id": ""}}}, None),
        ({"last_active_drawing": {"properties": {"place_id": 3}}}, None),
        (
            {
                "last_active_drawing": {
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": [76.9, 43.2]},
                    "properties": {"place_id": "republic-square", "count": 2},
                },
                "last_object_clicked_count": 3,
            },
            "republic-square",
        ),
    ],
)
def test_clicked_place_id(result, expected):
    assert mapview.clicked_place_id(result) == expected


@pytest.mark.parametrize(
    ("result", "expected"),
    [
        (None, 0),
        ({}, 0),
        ({"last_object_clicked_count": None}, 0),
        ({"last_object_clicked_count": 4}, 4),
    ],
)
def test_click_count(result, expected):
    assert mapview.click_count(result) == expected


@pytest.mark.parametrize(
    ("spec", "attribution", "url", "credit"),
    [
        (
            "OpenStreetMap.Mapnik",
            "",
            "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
            "OpenStreetMap",
        ),
        (
            "openstreetmap.mapnik",
            "",
            "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
            "OpenStreetMap",
        ),
        (
            "https://tiles.example.org/{z}/{x}/{y}.png",
            "© Example <tiles>",
            "https://tiles.example.org/{z}/{x}/{y}.png",
            "© Example &lt;tiles&gt;",
        ),
    ],
)
def test_resolve_tiles(spec, attribution, url, credit):
    tiles = mapview.resolve_tiles(spec, attribution)
    assert tiles.url == url
    assert credit in tiles.attribution


def test_no_tiles():
    assert mapview.resolve_tiles("none") is None
    page = mapview.build_base_map(NO_TILES).get_root().render()
    assert "tileLayer" not in page


@pytest.mark.parametrize(
    ("spec", "attribution", "message"),
    [
        ("Nonexistent.Provider", "", "not a known xyzservices provider"),
        ("https://tiles.example.org/{z}/{x}/{y}.png", "", "set DASHBOARD_TILES_ATTRIBUTION"),
        ("https://tiles.example.org/{z}/{x}.png", "x", "missing {y}"),
        ("javascript:alert(1)//{z}/{x}/{y}", "x", "not a tile URL template"),
    ],
)
def test_bad_tiles_setting_says_how_to_fix_it(spec, attribution, message):
    with pytest.raises(ConfigError, match=re.escape(message)):
        mapview.resolve_tiles(spec, attribution)


def test_empty_summary_gives_an_empty_layer(dataset):
    summary = summarise(dataset.events.iloc[:0], dataset.places)
    assert features_in(layer_script(summary)) == []
    assert isinstance(summary.places, pd.DataFrame)


def test_legend_lists_the_datasets_types_and_other(dataset):
    types = ("Protests", "Riots", "constructor", "")
    colours = {"Protests": "#0072B2", "Riots": "#D55E00", "constructor": "#009E73"}
    spec = mapview.legend_spec(types, colours)
    assert spec["types"] == [
        ["Protests", "#0072B2"],
        ["Riots", "#D55E00"],
        ["constructor", "#009E73"],
        ["Other / not given", "#767676"],
    ]
    # The legend depends on the dataset only: the same spec gives the same base map.
    first = _get_map_string(mapview.build_base_map(SETTINGS, spec))
    again = _get_map_string(mapview.build_base_map(SETTINGS, mapview.legend_spec(types, colours)))
    assert generate_js_hash(first, "map") == generate_js_hash(again, "map")
    assert "Protests" in first


def test_place_layer_carries_the_datasets_colours(dataset):
    summary = summarise(dataset.events, dataset.places)
    layer = mapview.place_layer(summary, None, {"Protests": "#0072B2"})
    geojson = next(iter(layer._children.values()))
    assert geojson.colours_json == '{"Protests":"#0072B2"}'


def test_long_type_names_are_cut_in_the_legend():
    long = "x" * 300
    spec = mapview.legend_spec((long, "Riots"), {long: "#0072B2", "Riots": "#D55E00"})
    assert spec["types"][0] == ["x" * 39 + "…", "#0072B2"]
    assert spec["types"][1] == ["Riots", "#D55E00"]


def test_the_view_follows_the_data_and_almaty_keeps_its_own(dataset):
    assert mapview.view_bounds(dataset.events) == mapview.VIEW_BOUNDS
    elsewhere = dataset.events.copy()
    elsewhere["lat"] = elsewhere["lat"] - 20.0
    elsewhere["lon"] = elsewhere["lon"] + 13.0
    (south, west), (north, east) = mapview.view_bounds(elsewhere)
    drawn = elsewhere[elsewhere["located"]]
    assert (south, west) == (drawn["lat"].min(), drawn["lon"].min())
    assert (north, east) == (drawn["lat"].max(), drawn["lon"].max())
    script = _get_map_string(mapview.build_base_map(SETTINGS, None, ((1.0, 2.0), (3.0, 4.0))))
    assert "[[1.0, 2.0], [3.0, 4.0]]" in script
    # Refitted once the legend is drawn, so that the legend does not cover the data.
    fit = script.index("window.protestMap.fitData(")
    assert script.index("window.protestMap.addLegend(") < fit
    assert "[[1.0,2.0],[3.0,4.0]]" in script[fit:].replace(" ", "")
    assert "window.protestMap.fitData(" not in _get_map_string(mapview.build_base_map(SETTINGS))


def geocoded_places(dataset, *place_ids: str) -> pd.DataFrame:
    """The gazetteer with these places' points marked as an unchecked geocoder answer."""
    places = dataset.places.copy()
    chosen = places["place_id"].isin(place_ids)
    places.loc[chosen, "coord_source"] = (
        "Offline geocoder (OSM extract almaty-2013.osm.pbf), retrieved 2026-02-03: query "
        '"Сары-Арка, Almaty" (ru); OSM way 147682440'
    )
    places.loc[chosen, "verified"] = "no"
    return places


def test_a_geocoders_unchecked_point_is_marked_as_a_guess(dataset):
    places = geocoded_places(dataset, "sary-arka-square", "panfilov-street")
    features = mapview.place_features(summarise(dataset.events, places))["features"]
    guesses = {
        (f["properties"]["place_id"], f["geometry"]["type"])
        for f in features
        if f["properties"]["guess"]
    }
    assert guesses == {
        ("sary-arka-square", "Point"),
        ("panfilov-street", "Point"),
        ("panfilov-street", "LineString"),
    }
    # The bundled gazetteer's points were all checked by a person.
    bundled = mapview.place_features(summarise(dataset.events, dataset.places))["features"]
    assert not any(f["properties"]["guess"] for f in bundled)


@pytest.mark.parametrize("code", ["en", "kk", "ru"])
def test_the_legend_and_tooltip_say_what_a_guess_is(code):
    lang = i18n.lang(code)
    kinds = dict(mapview.legend_spec(guesses=True, lang=lang)["precisions"])
    assert kinds["guess"] == lang._("Geocoder's guess, not checked by a person")
    assert "guess" not in dict(mapview.legend_spec(lang=lang)["precisions"])
    note = mapview.layer_text(lang)["guess_note"]
    assert note == lang._("geocoder's guess, not checked by a person")
    if code != "en":
        assert not re.search("[A-Za-z]", kinds["guess"] + note)


def test_the_map_frame_lets_a_phone_zoom():
    """folium's viewport forbids zooming (user-scalable=no, maximum-scale=1.0)."""
    base = mapview.build_base_map(SETTINGS)
    base.render()
    header = base.get_root().header.render()
    viewports = re.findall(r"<meta\s+name=\"viewport\"[^>]*>", header)
    assert viewports == [mapview.VIEWPORT]
    assert "user-scalable" not in header and "maximum-scale" not in header


@pytest.mark.parametrize("code", ["en", "kk", "ru"])
def test_the_base_map_names_the_map_and_its_skip_link_in_the_language(code):
    lang = i18n.lang(code)
    script = _get_map_string(mapview.build_base_map(SETTINGS, lang=lang))
    assert "protestMap.addAccess(map_div," in script
    spec = mapview.access_spec(lang)
    assert spec == {
        "label": lang._("Map of the events"),
        "skip": lang._("Skip the places on the map"),
        "places_label": lang._("Places on the map, most events first"),
    }
    assert js_json(spec) in script
    if code != "en":
        assert all(not re.search("[A-Za-z]", text) for text in spec.values())


def test_map_description_counts_places_events_and_dates(wave_summary):
    assert mapview.map_description(wave_summary, (dt.date(2024, 2, 1), dt.date(2024, 3, 8))) == (
        "11 places on the map with 14 events, from 1 February 2024 to 8 March 2024; "
        "not on the map: 4 events."
    )
    assert mapview.map_description(wave_summary, None) == (
        "11 places on the map with 14 events; not on the map: 4 events."
    )


def test_map_description_in_russian_uses_its_plural_forms(wave_summary):
    text = mapview.map_description(
        wave_summary, (dt.date(2024, 2, 1), dt.date(2024, 3, 8)), i18n.lang("ru")
    )
    assert text == (
        "На карте 11 мест, 14 событий, с 1 февраля 2024\u202fг. по 8 марта 2024\u202fг.; "
        "не на карте: 4 события."
    )


@pytest.mark.parametrize(
    ("selected", "expected"),
    [
        (None, "The panel shows the overview of the selection."),
        (
            "opera-theatre",
            "The panel shows Abai Kazakh National Opera and Ballet Theatre: 2 events.",
        ),
        ("no-such-place", "The panel shows the overview of the selection."),
    ],
)
def test_panel_announcement(wave_summary, selected, expected):
    assert mapview.panel_announcement(wave_summary, selected) == expected


def test_layer_carries_the_words_for_the_keyboard_list(wave_summary):
    text = mapview.layer_text(description="d", announcement="a")
    assert text["precision_words"] == {
        "venue": "exact place",
        "street": "street",
        "area": "approximate: somewhere in this area",
        "region": "approximate: only the region is known",
    }
    assert text["dot_note"] == "a small dot under a bigger marker"
    assert text["selected_note"] == "its events are in the panel"
    assert (text["description"], text["announcement"]) == ("d", "a")
    script = layer_script(wave_summary, "opera-theatre")
    assert (
        js_json("The panel shows Abai Kazakh National Opera and Ballet Theatre: 2 events.")[1:-1]
        in script
    )


@pytest.mark.parametrize(
    ("result", "expected"),
    [
        (None, False),
        ({"last_active_drawing": None}, False),
        ({"last_active_drawing": {"properties": {"overview": "yes"}}}, False),
        ({"last_active_drawing": {"properties": {"place_id": "republic-square"}}}, False),
        ({"last_active_drawing": {"properties": {"overview": True}}}, True),
    ],
)
def test_overview_asked(result, expected):
    """protestmap.js reports Escape as a "click" on a feature that asks for the overview."""
    assert mapview.overview_asked(result) is expected
    assert mapview.clicked_place_id(result) in (None, "republic-square")


BUNDLED = DashboardSettings(data_dir=BUNDLED_DATA, tiles="bundled", tiles_attribution="")


def basemap_call(page: str) -> tuple[str, dict]:
    """Which ``protestBasemap`` function the page calls, and the spec it passes."""
    found = re.search(r"window\.protestBasemap\.(bundled|fallback)\(", page)
    assert found, "the map does not draw the bundled basemap"
    spec, _ = json.JSONDecoder().raw_decode(page, page.index("{", found.end()))
    return found.group(1), spec


def test_bundled_draws_only_our_basemap_and_names_no_host():
    page = mapview.build_base_map(BUNDLED).get_root().render()
    assert "L.tileLayer" not in page
    assert re.findall(r"https?://", page) == []
    kind, spec = basemap_call(page)
    assert kind == "bundled"
    assert spec["tiles"] == "../../app/static/basemap/almaty-2013.pmtiles"
    assert (
        spec["renderer"] == "../../app/static/vendor/protomaps-leaflet-5.1.0/protomaps-leaflet.js"
    )
    assert spec["attribution"] == "© OpenStreetMap contributors (ODbL), extract of 2013"
    assert spec["outside"] == "The bundled basemap covers Almaty only"
    assert spec["bounds"] == [[43.057, 76.575], [43.549, 77.223]]
    assert spec["lang"] == "en"


def test_a_tile_server_gets_the_bundled_basemap_as_its_fallback():
    page = mapview.build_base_map(SETTINGS).get_root().render()
    kind, spec = basemap_call(page)
    assert kind == "fallback"
    tile_layer = re.search(r"var (tile_layer_\w+) = L\.tileLayer\(", page).group(1)
    called = re.search(r"protestBasemap\.fallback\(\s*map_\w+, (tile_layer_\w+),", page)
    assert called and called.group(1) == tile_layer  # under the tile server's own layer
    assert spec["fallbackAttribution"] == (
        "Tiles did not load; bundled basemap: © OpenStreetMap contributors (ODbL), extract of 2013"
    )


def test_none_has_no_basemap_at_all():
    page = mapview.build_base_map(NO_TILES).get_root().render()
    assert "L.tileLayer" not in page and "protestBasemap." not in page


@pytest.mark.parametrize(
    ("code", "attribution", "outside"),
    [
        (
            "ru",
            "© участники OpenStreetMap (ODbL), выгрузка 2013 года",
            "Встроенная подложка покрывает только Алматы",
        ),
        (
            "kk",
            "© OpenStreetMap қатысушылары (ODbL), 2013 жылғы үзінді",
            "Кірістірілген негізгі карта тек Алматыны қамтиды",
        ),
    ],
)
def test_the_basemaps_words_and_labels_follow_the_language(code, attribution, outside):
    _, spec = basemap_call(
        mapview.build_base_map(BUNDLED, lang=i18n.lang(code)).get_root().render()
    )
    assert (spec["lang"], spec["attribution"], spec["outside"]) == (code, attribution, outside)
    assert not re.search(
        "[A-Za-z]", spec["fallbackAttribution"].replace("OpenStreetMap", "").replace("ODbL", "")
    )


def test_bundled_base_map_is_stable_across_reruns():
    def base_hash() -> str:
        base = mapview.build_base_map(BUNDLED, lang=i18n.lang("ru"))
        base.get_root().render()
        return generate_js_hash(_get_map_string(base), "map")

    assert base_hash() == base_hash()


def test_bundled_is_no_tile_server():
    assert mapview.resolve_tiles("bundled") is None
    assert mapview.resolve_tiles(" Bundled ") is None
    assert mapview.uses_bundled_basemap(" Bundled ")
    assert not mapview.uses_bundled_basemap("none")
    # One place is a bounds of no size: both fits are capped, or Leaflet zooms to NaN.
    one = _get_map_string(mapview.build_base_map(SETTINGS, None, ((1.0, 2.0), (1.0, 2.0))))
    assert '"maxZoom": 13' in one
    assert "[[1.0,2.0],[1.0,2.0]],13)" in one[one.index("fitData(") :].replace(" ", "").replace(
        "\n", ""
    )
