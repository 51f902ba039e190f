/*
 * The bundled basemap: Almaty's streets from the app's own vector tiles (PMTiles), drawn by the
 * vendored protomaps-leaflet with a quiet style of our own, so the markers stay the foreground.
 *
 * Served by the app itself (static/js/), loaded after Leaflet. The renderer (128 KB) is loaded
 * only when this basemap is shown: with DASHBOARD_TILES=bundled, or when the tile server fails.
 * Every string it shows comes from the server (translated there) and is set as text.
 */
(function () {
  "use strict";
  var L = window.L;

  var COLOURS = {
    background: "#f4f2ee",
    water: "#cbdde9",
    waterLine: "#a8c5da",
    park: "#dfe9d6",
    wood: "#d5e3cc",
    pitch: "#e3ebd9",
    square: "#e9e4dc",
    building: "#e4e0da",
    buildingLine: "#d6d1c9",
    casing: "#d9d4cc",
    road: "#ffffff",
    major: "#fbf8f1",
    overviewMajor: "#cbbfac",
    overviewMedium: "#d9d1c4",
    majorCasing: "#cfc8bc",
    path: "#c8c1b5",
    rail: "#bdb7ae",
    label: "#6c665f",
    place: "#4e4a44",
    parkLabel: "#5e7752",
    waterLabel: "#587c95",
    landmark: "#7a6f66",
    gazetteer: "#2f2b27",
    halo: "rgba(255,255,255,0.9)"
  };

  var FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif";

  function kindIs() {
    var kinds = Array.prototype.slice.call(arguments);
    return function (z, f) {
      return kinds.indexOf(f.props.kind) >= 0;
    };
  }

  /* Width in px by zoom: linear between the stops, held beyond them. */
  function widths(stops) {
    return function (z) {
      if (z <= stops[0][0]) return stops[0][1];
      for (var i = 1; i < stops.length; i++) {
        if (z <= stops[i][0]) {
          var a = stops[i - 1];
          var b = stops[i];
          return a[1] + (b[1] - a[1]) * (z - a[0]) / (b[0] - a[0]);
        }
      }
      return stops[stops.length - 1][1];
    };
  }

  var MAJOR = widths([[11, 1.8], [13, 3.5], [15, 8], [17, 16], [18, 24]]);
  var MEDIUM = widths([[11, 1], [13, 2.5], [15, 6], [17, 13], [18, 20]]);
  var MINOR = widths([[12, 0.5], [13, 1], [15, 3.5], [17, 9], [18, 14]]);

  function casing(inner, extra) {
    return function (z) {
      return inner(z) + (z >= 13 ? extra : 0);
    };
  }

  function paintRules(P) {
    return [
      { dataLayer: "green", symbolizer: new P.PolygonSymbolizer({ fill: COLOURS.park }),
        filter: kindIs("park", "grass") },
      { dataLayer: "green", symbolizer: new P.PolygonSymbolizer({ fill: COLOURS.wood }),
        filter: kindIs("wood") },
      { dataLayer: "green", symbolizer: new P.PolygonSymbolizer({ fill: COLOURS.pitch }),
        filter: kindIs("pitch") },
      { dataLayer: "green", symbolizer: new P.PolygonSymbolizer({ fill: COLOURS.square }),
        filter: kindIs("square") },
      { dataLayer: "water", symbolizer: new P.PolygonSymbolizer({ fill: COLOURS.water }) },
      { dataLayer: "waterways", symbolizer: new P.LineSymbolizer({
        color: COLOURS.waterLine, width: widths([[10, 0.8], [14, 2], [17, 5]]) }) },
      { dataLayer: "buildings", minzoom: 14, symbolizer: new P.PolygonSymbolizer({
        fill: COLOURS.building, stroke: COLOURS.buildingLine, width: 0.6 }) },
      { dataLayer: "rail", symbolizer: new P.LineSymbolizer({
        color: COLOURS.rail, width: widths([[10, 0.8], [15, 1.6], [18, 2.5]]),
        dash: [3, 3], dashColor: COLOURS.rail }) },
      { dataLayer: "roads", minzoom: 13, symbolizer: new P.LineSymbolizer({
        color: COLOURS.path, width: widths([[13, 0.6], [17, 1.5]]), dash: [2, 2],
        dashColor: COLOURS.path }), filter: kindIs("path") },
      { dataLayer: "roads", minzoom: 13, symbolizer: new P.LineSymbolizer({
        color: COLOURS.casing, width: casing(MINOR, 1.5), lineCap: "round" }),
        filter: kindIs("minor", "pedestrian") },
      { dataLayer: "roads", symbolizer: new P.LineSymbolizer({
        color: COLOURS.casing, width: casing(MEDIUM, 1.5), lineCap: "round" }),
        filter: kindIs("medium") },
      { dataLayer: "roads", symbolizer: new P.LineSymbolizer({
        color: COLOURS.majorCasing, width: casing(MAJOR, 2), lineCap: "round" }),
        filter: kindIs("major") },
      { dataLayer: "roads", symbolizer: new P.LineSymbolizer({
        color: function (z) { return z < 13 ? COLOURS.casing : COLOURS.road; },
        width: MINOR, lineCap: "round" }), filter: kindIs("minor") },
      { dataLayer: "roads", symbolizer: new P.LineSymbolizer({
        color: COLOURS.square, width: MINOR, lineCap: "round" }),
        filter: kindIs("pedestrian") },
      /* On the overview (no casings yet) the streets are drawn darker than the ground, so
         the city's grid shows; closer, white between their casings. */
      { dataLayer: "roads", symbolizer: new P.LineSymbolizer({
        color: function (z) { return z < 13 ? COLOURS.overviewMedium : COLOURS.road; },
        width: MEDIUM, lineCap: "round" }), filter: kindIs("medium") },
      { dataLayer: "roads", symbolizer: new P.LineSymbolizer({
        color: function (z) { return z < 13 ? COLOURS.overviewMajor : COLOURS.major; },
        width: MAJOR, lineCap: "round" }), filter: kindIs("major") }
    ];
  }

  /* Names in the viewer's language where the data has it, else the name as tagged. */
  function nameKeys(lang) {
    var own = { kk: "name_kk", ru: "name_ru", en: "name_en" }[lang];
    return own ? [own, "name"] : ["name"];
  }

  function labelRules(P, lang) {
    var keys = nameKeys(lang);
    return [
      /* The city's name only on the overview (zoom 10): its node is on Republic Square,
         under the markers. */
      { dataLayer: "labels", maxzoom: 10, symbolizer: new P.CenteredTextSymbolizer({
        labelProps: keys, fill: COLOURS.place, stroke: COLOURS.halo, width: 3,
        font: "600 16px " + FONT }), filter: kindIs("city", "town") },
      /* The places of the gazetteer (named by it, at its point: the 2013 extract leaves
         Republic Square and Gandhi Park unnamed) come first, so they win over every other
         label. Set below the point, where a marker would hide a centred name. */
      { dataLayer: "labels", symbolizer: new P.OffsetTextSymbolizer({
        labelProps: keys, fill: COLOURS.gazetteer, stroke: COLOURS.halo, width: 3,
        offsetY: 14, placements: [5], maxLineChars: 26, font: "600 12px " + FONT }),
        filter: kindIs("gazetteer") },
      { dataLayer: "labels", symbolizer: new P.CenteredTextSymbolizer({
        labelProps: keys, fill: COLOURS.place, stroke: COLOURS.halo, width: 3,
        font: "600 13px " + FONT }), filter: kindIs("suburb", "village", "quarter",
        "neighbourhood", "hamlet") },
      { dataLayer: "labels", symbolizer: new P.CenteredTextSymbolizer({
        labelProps: keys, fill: COLOURS.parkLabel, stroke: COLOURS.halo, width: 3,
        maxLineChars: 18, font: "italic 12px " + FONT }),
        filter: kindIs("park", "grass", "wood", "pitch", "square") },
      { dataLayer: "labels", symbolizer: new P.CenteredTextSymbolizer({
        labelProps: keys, fill: COLOURS.waterLabel, stroke: COLOURS.halo, width: 3,
        font: "italic 12px " + FONT }), filter: kindIs("water") },
      { dataLayer: "roads", minzoom: 13, symbolizer: new P.LineLabelSymbolizer({
        labelProps: keys, fill: COLOURS.label, stroke: COLOURS.halo, width: 3,
        font: "500 12px " + FONT }), filter: kindIs("major", "medium") },
      /* Landmarks after the main streets' names (placed first, they win where labels would
         collide: streets are how a reader finds a place). */
      { dataLayer: "labels", minzoom: 15, symbolizer: new P.CenteredTextSymbolizer({
        labelProps: keys, fill: COLOURS.landmark, stroke: COLOURS.halo, width: 3,
        maxLineChars: 20, font: "italic 11px " + FONT }), filter: kindIs("landmark") },
      { dataLayer: "roads", minzoom: 15, symbolizer: new P.LineLabelSymbolizer({
        labelProps: keys, fill: COLOURS.label, stroke: COLOURS.halo, width: 3,
        font: "11px " + FONT }), filter: kindIs("minor", "pedestrian") },
      { dataLayer: "waterways", minzoom: 14, symbolizer: new P.LineLabelSymbolizer({
        labelProps: keys, fill: COLOURS.waterLabel, stroke: COLOURS.halo, width: 3,
        font: "italic 11px " + FONT }) }
    ];
  }

  var loading = null;

  /* The renderer, loaded once from the app (a <script> of our own origin). */
  function loadRenderer(url, done) {
    if (window.protomapsL) {
      done(window.protomapsL);
      return;
    }
    if (!loading) {
      loading = [];
      var script = document.createElement("script");
      script.src = url;
      script.onload = function () {
        var waiting = loading;
        loading = [];
        waiting.forEach(function (cb) { cb(window.protomapsL); });
      };
      document.head.appendChild(script);
    }
    loading.push(done);
  }

  /* A small note on the map (a Leaflet control holding text). */
  function noteControl(text) {
    var control = L.control({ position: "topright" });
    control.onAdd = function () {
      var box = L.DomUtil.create("div", "protestmap-basemap-note");
      box.textContent = text;
      return box;
    };
    return control;
  }

  /*
   * Draws the bundled basemap on map. spec: {tiles: PMTiles URL, renderer: script URL,
   * lang: "kk" | "ru" | "en", attribution: text, bounds: [[south, west], [north, east]] of the
   * extract, outside: the note shown while the view lies wholly outside it, zIndex}.
   * Nothing is requested outside the extract's bounds: there is no other city to show.
   */
  function drawBundled(map, spec, attribution, ready) {
    if (map._protestBasemapUndraw) {
      map._protestBasemapUndraw(); /* drawn again (another language): one layer, one note */
    }
    var bounds = L.latLngBounds(spec.bounds);
    var note = noteControl(spec.outside);
    function checkCoverage() {
      var covered = map.getBounds().intersects(bounds);
      if (!covered && !note._map) {
        note.addTo(map);
      } else if (covered && note._map) {
        note.remove();
      }
    }
    loadRenderer(spec.renderer, function (P) {
      var layer = P.leafletLayer({
        url: spec.tiles,
        maxDataZoom: spec.maxDataZoom,
        bounds: bounds,
        paintRules: paintRules(P),
        labelRules: labelRules(P, spec.lang),
        backgroundColor: COLOURS.background,
        attribution: attribution,
        zIndex: spec.zIndex || 0,
        maxZoom: 20
      });
      layer.addTo(map);
      map._protestBasemap = layer;
      map.on("moveend", checkCoverage);
      map._protestBasemapUndraw = function () {
        map.off("moveend", checkCoverage);
        note.remove();
        layer.remove();
      };
      checkCoverage();
      if (ready) ready(layer);
    });
  }

  /* DASHBOARD_TILES=bundled: only the bundled basemap. */
  function bundledBasemap(map, spec) {
    map._protestBasemapMode = "bundled";
    drawBundled(map, spec, spec.attribution);
  }

  /*
   * The default: a tile server, and the bundled basemap under it as soon as a tile fails to
   * load (the attribution line then says so). tiles: the tile server's L.TileLayer.
   */
  function fallbackBasemap(map, tiles, spec) {
    map._protestBasemapMode = "server";
    var served = false;
    tiles.on("tileload", function () {
      if (!served && map._protestBasemapMode === "fallback" && map.attributionControl) {
        map.attributionControl.addAttribution(tiles.getAttribution());
      }
      served = true;
    });
    tiles.once("tileerror", function () {
      map._protestBasemapMode = "fallback";
      /* While no tile of the server is on the map, its credit gives way to ours (the line
         would otherwise wrap over the legend on a phone); it comes back with its first tile. */
      if (!served && map.attributionControl) {
        map.attributionControl.removeAttribution(tiles.getAttribution());
      }
      drawBundled(map, spec, spec.fallbackAttribution);
    });
  }

  /* Test hook: "bundled", "server" or "fallback"; and whether the basemap has drawn tiles. */
  function basemapState(map) {
    var layer = map._protestBasemap;
    var drawn = 0;
    if (layer && layer._tiles) {
      Object.keys(layer._tiles).forEach(function (key) {
        var tile = layer._tiles[key];
        if (tile.loaded && tile.el && tile.el.width > 0) drawn++;
      });
    }
    return { mode: map._protestBasemapMode || "none", drawn: drawn };
  }

  window.protestBasemap = {
    bundled: bundledBasemap,
    fallback: fallbackBasemap,
    state: basemapState,
    nameKeys: nameKeys
  };
})();
