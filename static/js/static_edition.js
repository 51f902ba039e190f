/*
 * The static edition (python -m dashboard publish): the map, its filters and the panel, built
 * in the browser from window.protestEdition (data.js) with no server.
 *
 * Every piece of data text is put into the page with textContent (never innerHTML), links only
 * to http(s) addresses, and no request leaves the folder: the page's Content-Security-Policy
 * allows only its own files. Loaded after Leaflet, protestmap.js and data.js.
 */
(function () {
  "use strict";
  var L = window.L;
  var DATA = window.protestEdition;
  var MAP = window.protestMap;
  var ROOT = document.getElementById("edition");
  var TOP_PLACES = 10;
  var own = Object.prototype.hasOwnProperty;

  var state = {
    lang: own.call(DATA.text, DATA.language) ? DATA.language : Object.keys(DATA.text)[0],
    selected: null, /* place_id whose events the panel shows */
    picked: null, /* index of the event not on the map whose card is open */
    layer: null,
    shown: []
  };

  function T() {
    return DATA.text[state.lang];
  }

  function word(msgid) {
    var words = T().words;
    return own.call(words, msgid) ? words[msgid] : msgid;
  }

  /* {name} placeholders filled from values in one pass: text that comes in holds no live
     placeholders. */
  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, name) {
      return own.call(values, name) ? String(values[name]) : whole;
    });
  }

  function format(msgid, values) {
    var formats = T().formats;
    return fill(own.call(formats, msgid) ? formats[msgid] : msgid, values || {});
  }

  function number(n) {
    try {
      return new Intl.NumberFormat(T().numberLocale).format(n);
    } catch (e) {
      return String(n);
    }
  }

  /* A message with a count: the catalogue's form for n (see publish.PLURAL_TABLE). */
  function plural(key, n, values) {
    var text = T();
    var forms = text.plurals[key];
    var table = text.pluralIndex;
    var index = n < table.length ? table[n] : table[100 + (n % 100)];
    var template = forms[Math.min(index, forms.length - 1)];
    var all = { n: number(n) };
    Object.keys(values || {}).forEach(function (k) { all[k] = values[k]; });
    return fill(template, all);
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined && text !== null) {
      node.textContent = text;
    }
    return node;
  }

  /* Data text in a <bdi>: right-to-left text in it cannot reorder the words around it. */
  function isolated(text) {
    return el("bdi", null, text);
  }

  function safeHref(url) {
    return typeof url === "string" && /^https?:\/\/[^\s]+$/i.test(url) ? url : null;
  }

  /* ---- the page's skeleton (built once; the words are set by applyLanguage) ---- */

  var ui = {};

  function build() {
    var header = el("header", "edition-header");
    ui.title = el("h1", "edition-title");
    ui.context = el("p", "edition-context");
    var bar = el("div", "edition-bar");
    ui.languages = el("nav", "edition-languages");
    Object.keys(DATA.languages).forEach(function (code) {
      var button = el("button", "edition-language", DATA.languages[code]);
      button.type = "button";
      button.lang = code;
      button.setAttribute("data-lang", code);
      button.addEventListener("click", function () {
        state.lang = code;
        applyLanguage();
      });
      ui.languages.appendChild(button);
    });
    bar.appendChild(ui.languages);
    var live = safeHref(DATA.appUrl);
    if (live) {
      ui.live = el("a", "edition-live");
      ui.live.href = live;
      ui.live.rel = "noopener noreferrer";
      bar.appendChild(ui.live);
    }
    header.appendChild(ui.title);
    header.appendChild(bar);
    header.appendChild(ui.context);
    ROOT.appendChild(header);

    var body = el("main", "edition-body");
    var controls = el("form", "edition-controls");
    controls.addEventListener("submit", function (e) { e.preventDefault(); });
    ui.filtersTitle = el("h2", "edition-filters-title");
    controls.appendChild(ui.filtersTitle);
    var dates = el("fieldset", "edition-dates");
    ui.datesLegend = el("legend");
    dates.appendChild(ui.datesLegend);
    ui.from = dateField(dates, "edition-from", DATA.dates.start);
    ui.to = dateField(dates, "edition-to", DATA.dates.end);
    var presets = el("div", "edition-presets");
    if (DATA.dates.wave) {
      ui.wave = presetButton(presets, DATA.dates.start, DATA.dates.end);
    }
    ui.whole = presetButton(presets, DATA.dates.first, DATA.dates.last);
    dates.appendChild(presets);
    controls.appendChild(dates);

    var types = el("fieldset", "edition-types");
    ui.typesLegend = el("legend");
    types.appendChild(ui.typesLegend);
    ui.typeBoxes = [];
    DATA.types.forEach(function (type, i) {
      var label = el("label", "edition-type");
      var box = el("input");
      box.type = "checkbox";
      box.name = "type";
      box.value = type;
      box.checked = true;
      box.id = "edition-type-" + i;
      box.addEventListener("change", update);
      var swatch = el("span", "protestmap-swatch protestmap-swatch-venue");
      swatch.style.background = own.call(DATA.colours, type) ? DATA.colours[type] : "#767676";
      var name = el("span", "edition-type-name");
      label.appendChild(box);
      label.appendChild(swatch);
      label.appendChild(name);
      types.appendChild(label);
      ui.typeBoxes.push({ box: box, name: name, type: type });
    });
    controls.appendChild(types);

    var search = el("div", "edition-search");
    ui.searchLabel = el("label", "edition-search-label");
    ui.searchLabel.htmlFor = "edition-search";
    ui.search = el("input");
    ui.search.type = "search";
    ui.search.id = "edition-search";
    ui.search.addEventListener("input", update);
    search.appendChild(ui.searchLabel);
    search.appendChild(ui.search);
    controls.appendChild(search);
    body.appendChild(controls);

    ui.summary = el("p", "edition-summary");
    ui.summary.id = "edition-summary";
    ui.summary.setAttribute("role", "status");
    body.appendChild(ui.summary);

    var main = el("div", "edition-main");
    var mapBox = el("div", "edition-mapbox");
    ui.map = el("div", "edition-map");
    ui.map.id = "edition-map";
    mapBox.appendChild(ui.map);
    ui.mapNote = el("p", "edition-map-note");
    mapBox.appendChild(ui.mapNote);
    main.appendChild(mapBox);
    ui.panel = el("section", "edition-panel");
    ui.panel.id = "edition-panel";
    main.appendChild(ui.panel);
    body.appendChild(main);
    ROOT.appendChild(body);

    ui.footer = el("footer", "edition-footer");
    ROOT.appendChild(ui.footer);
  }

  function dateField(parent, id, value) {
    var label = el("label", "edition-date");
    label.htmlFor = id;
    var words = el("span");
    var input = el("input");
    input.type = "date";
    input.id = id;
    input.min = DATA.dates.first;
    input.max = DATA.dates.last;
    input.value = value;
    input.addEventListener("change", update);
    label.appendChild(words);
    label.appendChild(input);
    parent.appendChild(label);
    return { input: input, words: words };
  }

  function presetButton(parent, start, end) {
    var button = el("button", "edition-preset");
    button.type = "button";
    button.addEventListener("click", function () {
      ui.from.input.value = start;
      ui.to.input.value = end;
      update();
    });
    parent.appendChild(button);
    return button;
  }

  /* ---- the selection ---- */

  function range() {
    var from = ui.from.input.value || DATA.dates.first;
    var to = ui.to.input.value || DATA.dates.last;
    return from <= to ? [from, to] : [to, from];
  }

  /* Indexes (into DATA.events) of the events that match the controls, newest first. */
  function selection() {
    var dates = range();
    var types = {};
    ui.typeBoxes.forEach(function (t) {
      if (t.box.checked) {
        types[t.type] = true;
      }
    });
    var words = ui.search.value.toLowerCase().split(/\s+/).filter(Boolean);
    var out = [];
    DATA.events.forEach(function (e, i) {
      if (e[1] < dates[0] || e[1] > dates[1] || !own.call(types, e[2])) {
        return;
      }
      for (var w = 0; w < words.length; w++) {
        if (e[5].indexOf(words[w]) < 0) {
          return;
        }
      }
      out.push(i);
    });
    return out;
  }

  var placeById = {};
  DATA.places.forEach(function (p) { placeById[p.id] = p; });
  var typeRank = {};
  DATA.typeRank.forEach(function (t, i) { typeRank[t] = i; });

  /* One row per place with events in the selection (dashboard.aggregate.summarise). */
  function summarise(indexes) {
    var rows = {};
    var unlocated = [];
    indexes.forEach(function (i) {
      var e = DATA.events[i];
      if (!e[4] || !own.call(placeById, e[3])) {
        unlocated.push(i);
        return;
      }
      var row = rows[e[3]] || (rows[e[3]] = { id: e[3], count: 0, types: {}, events: [] });
      row.count += 1;
      row.types[e[2]] = (row.types[e[2]] || 0) + 1;
      row.events.push(i);
    });
    var places = Object.keys(rows).map(function (id) {
      var row = rows[id];
      row.main = Object.keys(row.types).sort(function (a, b) {
        return row.types[b] - row.types[a] || typeRank[a] - typeRank[b];
      })[0];
      return row;
    });
    places.sort(function (a, b) {
      return b.count - a.count || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    });
    var drawn = places.reduce(function (s, p) { return s + p.count; }, 0);
    return { places: places, unlocated: unlocated, total: indexes.length, drawn: drawn };
  }

  function placeName(id) {
    var names = placeById[id].name;
    return names[state.lang] || names[Object.keys(names)[0]] || id;
  }

  function features(summary) {
    var lines = [];
    var points = [];
    summary.places.forEach(function (row) {
      var place = placeById[row.id];
      var props = {
        place_id: row.id,
        name: placeName(row.id),
        count: row.count,
        count_text: plural("events", row.count),
        precision: place.precision,
        type: row.main,
        selected: row.id === state.selected,
        guess: place.guess
      };
      if (place.line.length >= 2) {
        lines.push({
          type: "Feature",
          geometry: {
            type: "LineString",
            coordinates: place.line.map(function (p) { return [p[1], p[0]]; })
          },
          properties: props
        });
      }
      points.push({
        type: "Feature",
        geometry: { type: "Point", coordinates: [place.lon, place.lat] },
        properties: props
      });
    });
    return { type: "FeatureCollection", features: lines.concat(points) };
  }

  /* ---- the map ---- */

  var map = null;
  var legend = null;

  function makeMap() {
    map = L.map(ui.map, { preferCanvas: true, zoomSnap: 0.5 });
    L.control.scale().addTo(map);
    var bounds = DATA.bounds;
    if (DATA.almaty) {
      map.fitBounds(bounds);
    } else {
      map.fitBounds(bounds, { maxZoom: DATA.fitMaxZoom });
    }
    legend = MAP.addLegend(map, T().legend);
    if (!DATA.almaty) {
      MAP.fitData(map, bounds, DATA.fitMaxZoom);
    }
    MAP.addAccess(map, T().access);
    window.editionMap = map;
  }

  function layerText(summary) {
    var text = {};
    var base = T().layer;
    Object.keys(base).forEach(function (k) { text[k] = base[k]; });
    text.description = format(
      "{places} on the map with {events}; not on the map: {unlocated}.", {
        places: plural("places", summary.places.length),
        events: plural("events", summary.drawn),
        unlocated: plural("events", summary.unlocated.length)
      });
    var here = summary.places.filter(function (p) { return p.id === state.selected; })[0];
    text.announcement = here
      ? format("The panel shows {place}: {events}.", {
        place: placeName(here.id), events: plural("events", here.count) })
      : format("The panel shows the overview of the selection.");
    return text;
  }

  function drawPlaces(summary) {
    if (state.layer) {
      map.removeLayer(state.layer);
    }
    var layer = MAP.placesLayer(features(summary), DATA.colours, layerText(summary));
    layer.on("click", function (e) {
      var feature = e.layer && e.layer.toGeoJSON ? e.layer.toGeoJSON() : null;
      var props = feature && feature.properties;
      if (props && props.overview) {
        select(null);
      } else if (props && props.place_id) {
        select(props.place_id);
      }
    });
    state.layer = layer.addTo(map);
    if (!ROOT.hasAttribute("data-markers") && window.performance && performance.mark) {
      /* After Leaflet's canvas redraw (requested for this frame): bench/static_edition.py */
      window.requestAnimationFrame(function () { performance.mark("edition-markers"); });
    }
    ROOT.setAttribute("data-markers", String(summary.places.length));
  }

  function select(placeId) {
    state.selected = placeId;
    state.picked = null;
    update();
    if (placeId && window.matchMedia && window.matchMedia("(max-width: 899px)").matches) {
      ui.panel.scrollIntoView({ block: "start" });
    }
  }

  /* ---- the panel ---- */

  function card(index) {
    var c = DATA.cards[state.lang][index];
    var box = el("article", "edition-card");
    box.appendChild(el("h3", "edition-card-heading")).appendChild(isolated(c[0]));
    c[1].forEach(function (line) {
      var p = el("p", "edition-card-line");
      p.appendChild(el("strong", null, line[0] + ": "));
      p.appendChild(isolated(line[1]));
      box.appendChild(p);
    });
    if (c[2]) {
      var dispute = el("p", "edition-dispute");
      dispute.appendChild(el("strong", null, word("Sources disagree") + ": "));
      dispute.appendChild(isolated(c[2]));
      box.appendChild(dispute);
    }
    box.appendChild(el("p", "edition-card-line")).appendChild(
      el("strong", null, word("Sources") + ":"));
    var list = el("ul", "edition-sources");
    c[3].forEach(function (source) {
      var item = el("li");
      var href = safeHref(source[1]);
      if (href) {
        var link = el("a");
        link.href = href;
        link.rel = "noopener noreferrer";
        link.target = "_blank";
        link.appendChild(isolated(source[0]));
        item.appendChild(link);
      } else {
        item.appendChild(isolated(source[0]));
      }
      list.appendChild(item);
    });
    box.appendChild(list);
    return box;
  }

  function typeBreakdown(indexes) {
    var counts = {};
    indexes.forEach(function (i) {
      var t = DATA.events[i][2];
      counts[t] = (counts[t] || 0) + 1;
    });
    var names = T().typeNames;
    return Object.keys(counts).sort(function (a, b) {
      return counts[b] - counts[a] || typeRank[a] - typeRank[b];
    }).map(function (t) {
      if (own.call(T().plurals, "type:" + t)) {
        return plural("type:" + t, counts[t]);
      }
      return (own.call(names, t) ? names[t] : t) + " (" + number(counts[t]) + ")";
    }).join(", ");
  }

  function button(text, className, onClick) {
    var b = el("button", className, text);
    b.type = "button";
    b.addEventListener("click", onClick);
    return b;
  }

  function showOverview(summary, indexes, note) {
    var panel = ui.panel;
    if (note) {
      panel.appendChild(el("p", "edition-note", note));
    }
    panel.appendChild(el("h2", null, word("Overview")));
    panel.appendChild(el("p", "edition-hint",
      word("Click a marker to read the events there, beside the map (below it on a phone).")));
    panel.appendChild(el("p", null, format("**{events}** in the selection: {types}.", {
      events: plural("events", summary.total), types: typeBreakdown(indexes) })));
    panel.appendChild(el("p", null, plural("at_places", summary.places.length, {
      events: plural("events", summary.drawn),
      unlocated: plural("events", summary.unlocated.length)
    })));
    if (summary.places.length) {
      panel.appendChild(el("p", null, word("Places with the most events:")));
      var list = el("ul", "edition-top");
      summary.places.slice(0, TOP_PLACES).forEach(function (row) {
        var item = el("li");
        var b = button("", "edition-link", function () { select(row.id); });
        b.appendChild(isolated(placeName(row.id)));
        b.appendChild(document.createTextNode(": " + plural("events", row.count)));
        item.appendChild(b);
        list.appendChild(item);
      });
      panel.appendChild(list);
    }
  }

  function showPlace(row) {
    var panel = ui.panel;
    var place = placeById[row.id];
    panel.appendChild(el("h2", "edition-place")).appendChild(isolated(placeName(row.id)));
    var prov = place.provenance[state.lang];
    if (prov) {
      var small = el("p", "edition-provenance", prov[0] + " ");
      small.appendChild(el("strong", null, prov[1] + ": "));
      small.appendChild(isolated(prov[2]));
      panel.appendChild(small);
    }
    panel.appendChild(el("p", null, plural("here", row.count)));
    panel.appendChild(button(word("Back to the overview"), "edition-back", function () {
      select(null);
    }));
    row.events.forEach(function (i) { panel.appendChild(card(i)); });
  }

  function showUnlocated(summary) {
    var panel = ui.panel;
    panel.appendChild(el("p", "edition-unlocated-title", format(
      "**Not on the map: {events}** (place not reported or not located)",
      { events: plural("events", summary.unlocated.length) })));
    if (!summary.unlocated.length) {
      return;
    }
    panel.appendChild(el("p", "edition-hint", word("Pick one to read it")));
    var list = el("ul", "edition-unlocated");
    summary.unlocated.forEach(function (i) {
      var item = el("li");
      var b = button("", "edition-link", function () {
        state.picked = state.picked === i ? null : i;
        update();
      });
      b.setAttribute("aria-expanded", state.picked === i ? "true" : "false");
      b.appendChild(isolated(DATA.unlocated[state.lang][i]));
      item.appendChild(b);
      if (state.picked === i) {
        item.appendChild(card(i));
      }
      list.appendChild(item);
    });
    panel.appendChild(list);
  }

  function showPanel(summary, indexes) {
    ui.panel.textContent = "";
    var row = summary.places.filter(function (p) { return p.id === state.selected; })[0];
    if (state.selected && !row) {
      state.selected = null;
      showOverview(summary, indexes,
        word("The place you clicked has no events in the current selection."));
    } else if (row) {
      showPlace(row);
    } else {
      showOverview(summary, indexes);
    }
    showUnlocated(summary);
  }

  /* ---- everything that follows the controls ---- */

  function update() {
    var indexes = selection();
    var summary = summarise(indexes);
    ui.summary.textContent = plural("showing", DATA.events.length, { shown: number(indexes.length) });
    ui.summary.title = "";
    drawPlaces(summary);
    showPanel(summary, indexes);
    state.shown = indexes;
  }

  function applyLanguage() {
    var text = T();
    document.documentElement.lang = state.lang;
    document.title = text.title;
    ui.title.textContent = text.title;
    ui.context.textContent = text.context;
    ui.languages.setAttribute("aria-label", word("Language"));
    Array.prototype.forEach.call(ui.languages.children, function (b) {
      b.setAttribute("aria-pressed", b.getAttribute("data-lang") === state.lang ? "true" : "false");
    });
    if (ui.live) {
      ui.live.textContent = word("Open the live app");
    }
    ui.filtersTitle.textContent = word("Filters");
    ui.datesLegend.textContent = word("Dates");
    ui.from.words.textContent = word("From");
    ui.to.words.textContent = word("To");
    if (ui.wave) {
      ui.wave.textContent = word("Feb 2024 wave");
    }
    ui.whole.textContent = word("Whole history");
    ui.typesLegend.textContent = word("Event type");
    ui.typeBoxes.forEach(function (t) {
      t.name.textContent = "";
      t.name.appendChild(isolated(own.call(text.typeLabels, t.type) ? text.typeLabels[t.type] : t.type));
    });
    ui.searchLabel.textContent = word("Search");
    ui.search.placeholder = word("name in any spelling, place, words");
    ui.mapNote.textContent = text.mapNote;
    ui.footer.textContent = text.editionNote;
    if (map) {
      var container = map.getContainer();
      container.setAttribute("aria-label", text.access.label);
      var skip = container.querySelector(".protestmap-skip");
      if (skip) {
        skip.textContent = text.access.skip;
      }
      if (map._protestAccess) {
        map._protestAccess.list.setAttribute("aria-label", text.access.places_label);
      }
      if (legend) {
        legend.remove();
      }
      legend = MAP.addLegend(map, text.legend);
      update();
      if (basemapTiles && basemapLang !== state.lang) {
        drawBasemap();
      }
    }
  }

  /* ---- the bundled basemap: after the markers, one script per zoom (basemap/zZ.js) ---- */

  function loadScript(src, done) {
    var script = document.createElement("script");
    script.src = src;
    script.onload = function () { done(true); };
    script.onerror = function () { done(false); };
    document.head.appendChild(script);
  }

  function decode(base64) {
    var binary = atob(base64);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) {
      bytes[i] = binary.charCodeAt(i);
    }
    return bytes;
  }

  /* What protomaps-leaflet asks of an archive (getZxy), answered from the scripts: a page
     opened from file:// can make no range request (nor any fetch). A zoom's script is loaded
     the first time one of its tiles is drawn. */
  function scriptTiles(spec) {
    var zooms = {};
    function zoomTiles(z) {
      if (!own.call(zooms, z)) {
        zooms[z] = new Promise(function (resolve) {
          if (spec.zooms.indexOf(z) < 0) {
            resolve(null);
            return;
          }
          loadScript(spec.tilesPrefix + z + ".js", function () {
            var all = window[spec.tilesGlobal] || {};
            resolve(own.call(all, z) ? all[z] : null);
          });
        });
      }
      return zooms[z];
    }
    return {
      getZxy: function (z, x, y) {
        return zoomTiles(z).then(function (tiles) {
          var key = x + "/" + y;
          if (!tiles || !own.call(tiles, key)) {
            return undefined;
          }
          var gz = new Blob([decode(tiles[key])]).stream()
            .pipeThrough(new DecompressionStream("gzip"));
          return new Response(gz).arrayBuffer().then(function (data) {
            return { data: data };
          });
        });
      }
    };
  }

  var basemapTiles = null;
  var basemapLang = null;

  /* The basemap in the page's language (its street names where the data has them). */
  function drawBasemap() {
    var spec = DATA.basemap;
    basemapLang = state.lang;
    window.protestBasemap.bundled(map, {
      tiles: basemapTiles,
      renderer: spec.renderer,
      lang: state.lang,
      attribution: T().basemapAttributionHtml,
      outside: T().basemapOutside,
      bounds: spec.bounds,
      maxDataZoom: spec.maxDataZoom
    });
  }

  function loadBasemap() {
    var spec = DATA.basemap;
    if (!spec || !window.DecompressionStream) {
      return;
    }
    loadScript(spec.renderer, function () {
      loadScript("js/basemap.js", function () {
        if (!window.protomapsL || !window.protestBasemap) {
          return;
        }
        basemapTiles = scriptTiles(spec);
        drawBasemap();
      });
    });
  }

  build();
  makeMap();
  applyLanguage();
  ROOT.setAttribute("data-ready", "true");
  window.setTimeout(loadBasemap, 0);
})();
