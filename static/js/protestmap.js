/*
 * Protest map: draws the places layer and the legend on a Leaflet map.
 *
 * Served by the app itself (static/js/), loaded after Leaflet. Data text (place names) is only
 * ever put into the page with textContent / createTextNode, never as HTML.
 */
(function () {
  "use strict";
  var L = window.L;

  /* A canvas circle marker that writes its count in the middle (and rings itself when it is
     the selected place). */
  var CountMarker = L.CircleMarker.extend({
    /* Redraws must also repaint the selection ring outside the circle. */
    _updateBounds: function () {
      L.CircleMarker.prototype._updateBounds.call(this);
      if (this.options.selected) {
        this._pxBounds = this._pxBounds.pad(0.5 + 8 / Math.max(this._radius, 1));
      }
    },

    _updatePath: function () {
      L.CircleMarker.prototype._updatePath.call(this);
      var renderer = this._renderer;
      var ctx = renderer && renderer._ctx;
      /* Only while the canvas draws (as Leaflet's own circles): a label written at any other
         time (setRadius, setStyle) would be wiped by the next redraw, and costs as much. */
      if (!ctx || !renderer._drawing || !this.options.label || this._empty()) {
        return;
      }
      var p = this._point;
      ctx.save();
      if (this.options.dot) {
        ctx.restore();
        return;
      }
      if (this.options.selected) {
        ctx.beginPath();
        ctx.arc(p.x, p.y, this._radius + 5, 0, Math.PI * 2);
        ctx.lineWidth = 3;
        ctx.strokeStyle = "#000000";
        ctx.setLineDash([]);
        ctx.stroke();
      }
      ctx.font = "bold " + this.options.fontSize + "px sans-serif";
      ctx.textAlign = "center";
      ctx.textBaseline = "middle";
      ctx.lineWidth = 3;
      ctx.strokeStyle = this.options.labelHalo;
      ctx.strokeText(this.options.label, p.x, p.y + 0.5);
      ctx.fillStyle = this.options.labelColor;
      ctx.fillText(this.options.label, p.x, p.y + 0.5);
      ctx.restore();
    }
  });

  /* Types without a colour of their own, and events without a type (vocabulary.OTHER_COLOUR). */
  var OTHER_COLOUR = "#767676";

  /* A type's colour; own properties only, so a type named "constructor" is not a colour. */
  function colourOf(colours, type) {
    return Object.prototype.hasOwnProperty.call(colours, type) ? colours[type] : OTHER_COLOUR;
  }

  /* An approximate place: drawn as a dashed, light area, never as an exact point. */
  function isArea(precision) {
    return precision === "area" || precision === "region";
  }

  function radiusFor(count, precision) {
    var r = Math.min(6 + 2.6 * Math.sqrt(count), 26);
    return isArea(precision) ? r + 8 : r;
  }

  /* Data text in a <bdi>: right-to-left letters or a U+202E override in it cannot reorder
   * the words around it; the text itself shows as typed. */
  function isolated(text) {
    var el = document.createElement("bdi");
    el.textContent = text;
    return el;
  }

  /* Tooltip content as DOM nodes built from text. The words come from the server in the
     viewer's language: props.count_text ("2 events") and text.precision_notes (by precision). */
  function tooltipFor(props, text) {
    var notes = (text && text.precision_notes) || {};
    return function () {
      var box = document.createElement("div");
      var name = document.createElement("strong");
      name.appendChild(isolated(props.name));
      box.appendChild(name);
      box.appendChild(document.createElement("br"));
      box.appendChild(document.createTextNode(String(props.count_text || props.count)));
      var note = Object.prototype.hasOwnProperty.call(notes, props.precision)
        ? notes[props.precision] : "";
      [note, props.guess && text ? text.guess_note : ""].forEach(function (words) {
        if (words) {
          var small = document.createElement("div");
          small.className = "protestmap-tooltip-note";
          small.textContent = words;
          box.appendChild(small);
        }
      });
      return box;
    };
  }

  function markerFor(feature, latlng, colours) {
    var p = feature.properties;
    var colour = colourOf(colours, p.type);
    var options = {
      radius: radiusFor(p.count, p.precision),
      fullRadius: radiusFor(p.count, p.precision),
      color: "#ffffff",
      weight: 2,
      fillColor: colour,
      fillOpacity: 0.9,
      label: String(p.count),
      fontSize: p.count >= 100 ? 11 : 12,
      labelColor: "#ffffff",
      labelHalo: "rgba(0,0,0,0.35)",
      bubblingMouseEvents: true
    };
    if (p.precision === "street") {
      options.color = "#222222";
      options.weight = 3;
    } else if (isArea(p.precision)) {
      options.color = colour;
      options.weight = 2.5;
      // Only the region known (ACLED geo_precision 3): dotted, looser than an area's dashes.
      options.dashArray = p.precision === "region" ? "2 5" : "6 5";
      options.fillOpacity = 0.18;
      options.labelColor = "#111111";
      options.labelHalo = "rgba(255,255,255,0.9)";
    }
    if (p.guess) {
      /* A geocoder's point no person has checked: a dotted ring, a paler fill. */
      options.dashArray = "2 4";
      options.color = "#222222";
      options.weight = 3;
      options.fillOpacity = isArea(p.precision) ? 0.12 : 0.55;
    }
    options.selected = Boolean(p.selected);
    return new CountMarker(latlng, options);
  }

  /* Leaflet applies `style` to every feature: points keep the marker's own style. */
  function lineStyle(feature, colours) {
    var p = feature.properties;
    if (feature.geometry.type === "Point") {
      return {};
    }
    return {
      color: colourOf(colours, p.type),
      weight: p.selected ? 9 : 7,
      opacity: 0.55,
      lineCap: "round",
      dashArray: p.guess ? "2 10" : null
    };
  }

  var DOT_RADIUS = 3.5;
  var CROWDED = 0.75; /* two markers overlap too much when their centres are closer than this
                         share of the sum of their radii */
  var GRID = 64; /* px; more than twice the largest radius, so neighbours are in adjacent cells */

  function byWeight(a, b) {
    var p = a.feature.properties;
    var q = b.feature.properties;
    return (q.selected ? 1 : 0) - (p.selected ? 1 : 0) || q.count - p.count ||
      (p.place_id < q.place_id ? -1 : p.place_id > q.place_id ? 1 : 0);
  }

  /*
   * Where markers would cover each other at the map's zoom, the place with fewer events is drawn
   * as a small dot without its number, under the others; zooming in brings its marker back, to
   * hover and click (a dot under a bigger marker cannot be reached there). Every place stays on
   * the map. The selected place is never a dot.
   */
  function declutter(layer, map) {
    map._protestLayoutZoom = map.getZoom();
    var markers = [];
    layer.eachLayer(function (m) {
      if (m instanceof CountMarker) {
        markers.push(m);
      }
    });
    markers.sort(byWeight);
    var grid = {};
    markers.forEach(function (m) {
      var r = m.options.fullRadius;
      var pt = map.latLngToLayerPoint(m.getLatLng());
      var cx = Math.floor(pt.x / GRID);
      var cy = Math.floor(pt.y / GRID);
      var crowded = false;
      for (var dx = -1; dx <= 1 && !crowded; dx++) {
        for (var dy = -1; dy <= 1 && !crowded; dy++) {
          var near = grid[(cx + dx) + ":" + (cy + dy)] || [];
          for (var i = 0; i < near.length && !crowded; i++) {
            crowded = pt.distanceTo(near[i].pt) < CROWDED * (r + near[i].r);
          }
        }
      }
      var dot = crowded && !m.feature.properties.selected;
      if (dot !== Boolean(m.options.dot)) {
        m.options.dot = dot;
        m.setRadius(dot ? DOT_RADIUS : r);
        if (dot) {
          m.bringToBack();
        }
      }
      if (!dot) {
        var key = cx + ":" + cy;
        (grid[key] = grid[key] || []).push({ pt: pt, r: r });
      }
    });
  }

  /*
   * The places layer: one GeoJSON layer holding a marker per place (and a line per street).
   * data: a FeatureCollection whose features carry {place_id, name, count, precision, type,
   * selected, count_text}. colours: event type -> CSS colour. text: the tooltip's words
   * ({precision_notes: {street: ..., area: ...}}), plain text.
   */
  function placesLayer(data, colours, text) {
    var layer = L.geoJSON(data, {
      pointToLayer: function (feature, latlng) {
        return markerFor(feature, latlng, colours);
      },
      style: function (feature) {
        return lineStyle(feature, colours);
      },
      onEachFeature: function (feature, layer) {
        layer.bindTooltip(tooltipFor(feature.properties, text), {
          direction: "top",
          sticky: feature.geometry.type !== "Point",
          className: "protestmap-tooltip"
        });
      }
    });
    var shownOn = null;
    function update() {
      if (shownOn) {
        declutter(layer, shownOn);
        placeKeys(shownOn); /* a place that became a dot gets a smaller ring */
      }
    }
    function clear() {
      if (shownOn) {
        clearLegend(shownOn, layer);
      }
    }
    layer.on("add", function () {
      shownOn = layer._map;
      shownOn.whenReady(function () {
        update();
        updateAccess(shownOn, layer, text);
        reportOnce(shownOn);
        whenStyled(shownOn, clear);
        /* The legend takes its size when the styles and fonts apply, possibly after this. */
        var legend = shownOn.getContainer().querySelector(".protestmap-legend");
        if (legend && window.ResizeObserver && !layer._protestLegendWatch) {
          layer._protestLegendWatch = new ResizeObserver(clear);
          layer._protestLegendWatch.observe(legend);
        }
      });
      shownOn.on("zoomend", update);
      shownOn.on("resize protestlegendmove", clear);
    });
    layer.on("remove", function () {
      if (shownOn) {
        shownOn.off("zoomend", update);
        shownOn.off("resize protestlegendmove", clear);
      }
      if (layer._protestLegendWatch) {
        layer._protestLegendWatch.disconnect();
        layer._protestLegendWatch = null;
      }
      shownOn = null;
    });
    return layer;
  }

  function swatch(kind, colour) {
    var el = document.createElement("span");
    el.className = "protestmap-swatch protestmap-swatch-" + kind;
    if (kind === "street") {
      var wrap = document.createElement("span");
      wrap.className = "protestmap-swatch-pair";
      var line = document.createElement("span");
      line.className = "protestmap-swatch protestmap-swatch-line";
      line.style.background = colour;
      el.style.background = colour;
      wrap.appendChild(line);
      wrap.appendChild(el);
      return wrap;
    }
    if (isArea(kind)) {
      el.style.borderColor = colour;
    } else {
      el.style.background = colour;
    }
    return el;
  }

  function legendRow(parent, swatchEl, text) {
    var row = document.createElement("div");
    row.className = "protestmap-legend-row";
    row.appendChild(swatchEl);
    row.appendChild(isolated(text));
    parent.appendChild(row);
  }

  /* Whether two boxes ({left, right, top, bottom}, in the same coordinates) overlap. */
  function overlaps(a, b) {
    return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  }

  /*
   * Run fn once Leaflet's stylesheet applies to the map (its corners are placed absolutely):
   * the styles load after the scripts, and before them the controls lie below the map, where
   * nothing they cover can be measured. Waits frame by frame, and only until then.
   */
  function whenStyled(map, fn) {
    var corner = map.getContainer().querySelector(".leaflet-bottom");
    function check() {
      if (!corner || window.getComputedStyle(corner).position === "absolute") {
        fn();
      } else {
        window.requestAnimationFrame(check);
      }
    }
    check();
  }

  /*
   * An open legend over a drawn place closes to its title (one click opens it again): its size
   * depends on the language and the data's types, and on a narrow map (a laptop's, beside the
   * panel) it can cover a place of the view. Checked when the places are drawn and when the
   * map's size changes, until the reader opens or closes the legend themselves.
   */
  function clearLegend(map, layer) {
    var box = map.getContainer().querySelector(".protestmap-legend");
    if (!box || !box.open || box._protestTouched) {
      return;
    }
    var legend = box.getBoundingClientRect();
    var origin = map.getContainer().getBoundingClientRect();
    var covered = false;
    layer.eachLayer(function (m) {
      if (covered || !(m instanceof CountMarker)) {
        return;
      }
      var pt = map.latLngToContainerPoint(m.getLatLng());
      var x = pt.x + origin.left;
      var y = pt.y + origin.top;
      var r = m.getRadius();
      covered = overlaps({ left: x - r, right: x + r, top: y - r, bottom: y + r }, legend);
    });
    if (covered) {
      box.open = false;
    }
  }

  /*
   * The legend, as a Leaflet control. spec: {title, types: [[label, colour], ...],
   * precisions: [[kind, label], ...], notes: [text, ...]}; all plain text.
   */
  function addLegend(map, spec) {
    var control = L.control({ position: "bottomleft" });
    control.onAdd = function () {
      var box = L.DomUtil.create("details", "protestmap-legend");
      box.open = map.getSize().x >= 400;
      var summary = document.createElement("summary");
      summary.textContent = spec.title;
      /* The reader opened or closed it: clearLegend leaves it as they want it. */
      L.DomEvent.on(summary, "click", function () {
        box._protestTouched = true;
      });
      box.appendChild(summary);
      var types = document.createElement("div");
      spec.types.forEach(function (item) {
        legendRow(types, swatch("venue", item[1]), item[0]);
      });
      box.appendChild(types);
      var precisions = document.createElement("div");
      precisions.className = "protestmap-legend-section";
      spec.precisions.forEach(function (item) {
        legendRow(precisions, swatch(item[0], "#555555"), item[1]);
      });
      box.appendChild(precisions);
      spec.notes.forEach(function (text) {
        var note = document.createElement("div");
        note.className = "protestmap-legend-note";
        note.textContent = text;
        box.appendChild(note);
      });
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      return box;
    };
    control.addTo(map);
    keepCornersApart(map);
    return control;
  }

  /*
   * The legend's title line and the scale bar (bottom left) rise above the attribution (bottom
   * right) when the attribution or the playback control reach over them: on a phone the
   * attribution wraps to several lines and, with the playback control above it, would hide
   * the legend's title, which then could not be opened. Placed again when the map or either
   * corner changes size.
   */
  function keepCornersApart(map) {
    var container = map.getContainer();
    var left = container.querySelector(".leaflet-bottom.leaflet-left");
    var attribution = map.attributionControl && map.attributionControl.getContainer();
    if (!left || !attribution) {
      return;
    }
    /* How high the left corner must stand to clear the right corner's controls it meets now. */
    function needed() {
      var bottom = container.getBoundingClientRect().bottom;
      var lift = 0;
      Array.prototype.forEach.call(attribution.parentNode.children, function (control) {
        var box = control.getBoundingClientRect();
        var covered = box.width > 0 && Array.prototype.some.call(left.children, function (c) {
          /* Of the legend, its title line: what must stay in reach to open or close it. */
          var part = c.querySelector("summary") || c;
          return overlaps(part.getBoundingClientRect(), box);
        });
        if (covered) {
          lift = Math.max(lift, Math.ceil(bottom - box.top));
        }
      });
      return lift;
    }
    function place() {
      var before = left.style.bottom;
      left.style.bottom = "";
      var lift = 0;
      /* Raised above one control, the corner may meet the one stacked above it: again, up to
       * the height of the corner's stack (each step only goes up). */
      for (var i = 0; i < 4; i++) {
        var more = needed();
        if (more <= lift) {
          break;
        }
        lift = more;
        left.style.bottom = lift + "px";
      }
      if (left.style.bottom !== before) {
        map.fire("protestlegendmove"); /* the legend may stand over a place now */
      }
    }
    whenStyled(map, place);
    map.on("resize", place);
    if (window.ResizeObserver) {
      var observer = new ResizeObserver(place);
      observer.observe(attribution.parentNode); /* the corner grows as controls are added */
      observer.observe(attribution);
      observer.observe(left);
    }
  }

  /*
   * Fit the map to bounds ([[south, west], [north, east]]) with room for the markers' size
   * and for the legend (bottom left): a strip above it or beside it, whichever keeps more of
   * the map, so that no marker starts hidden under the legend. The frame and the legend take
   * their size after the first render: the fit is made again on each resize of either until
   * the viewer moves or zooms the map.
   */
  function fitData(map, bounds, maxZoom) {
    var fitted = null;
    // The map's size and the legend's corner (width beside it, height above the bottom),
    // measured from the map's edges (the scale bar is under the legend).
    function room() {
      var size = map.getSize();
      var legend = map.getContainer().querySelector(".protestmap-legend");
      var width = 0;
      var height = 0;
      if (legend) {
        var box = map.getContainer().getBoundingClientRect();
        var corner = legend.getBoundingClientRect();
        width = Math.round(corner.right - box.left);
        height = Math.round(box.bottom - corner.top);
      }
      return { x: size.x, y: size.y, width: width, height: height };
    }
    function fit() {
      var margin = 24;
      var topLeft = [margin, margin];
      var bottomRight = [margin, margin];
      var r = room();
      if (r.x <= 2 * margin || r.y <= 2 * margin) {
        return; // no size yet (the frame grows after the first render): fitted on resize
      }
      if (r.width > 0) {
        var roomBeside = (r.x - r.width) * r.y;
        var roomAbove = r.x * (r.y - r.height);
        if (roomBeside > roomAbove && r.x - r.width > 2 * margin) {
          topLeft[0] = r.width + margin / 2;
        } else if (r.y - r.height > 2 * margin) {
          bottomRight[1] = r.height + margin / 2;
        }
      }
      map.fitBounds(bounds, {
        paddingTopLeft: topLeft,
        paddingBottomRight: bottomRight,
        maxZoom: maxZoom,
        animate: false
      });
      fitted = { center: map.getCenter(), zoom: map.getZoom(), room: JSON.stringify(r) };
    }
    function untouched() {
      if (fitted === null) {
        return true; // not fitted yet: the map had no size
      }
      if (map.getZoom() !== fitted.zoom) {
        return false;
      }
      var middle = map.getSize().divideBy(2);
      return map.latLngToContainerPoint(fitted.center).distanceTo(middle) < 2;
    }
    function refit() {
      if (untouched()) {
        fit();
      }
    }
    fit();
    map.on("resize", refit);
    // The legend takes its size when the app's stylesheet and fonts apply, which may be after
    // this; the scale bar under it may grow then too and move it up without resizing it:
    // the corner that holds both is watched.
    var legend = map.getContainer().querySelector(".protestmap-legend");
    if (legend && window.ResizeObserver) {
      var observer = new ResizeObserver(refit);
      observer.observe(legend);
      observer.observe(legend.parentNode);
    }
    if (document.fonts && document.fonts.ready) {
      document.fonts.ready.then(refit);
    }
    map._protestFitPending = function () {
      if (fitted === null) {
        return true;
      }
      return untouched() && JSON.stringify(room()) !== fitted.room;
    };
  }

  /* True while the first view of data from elsewhere waits to be fitted again to the map's
   * or the legend's new size (tests wait for this to be false). */
  function fitPending(map) {
    return Boolean(map._protestFitPending && map._protestFitPending());
  }

  /*
   * Keyboard and screen-reader access. The places are drawn on a canvas, which has no element
   * per place: this adds, over the map, a list with one button per drawn place (most events
   * first), each laid over its marker so that its focus ring rings the marker. Enter or Space
   * fires the marker's own click (what st_folium reads), Escape asks for the overview, a skip
   * link jumps past the list, and a live region says what the panel now shows.
   */
  var FOCUS_KEY = "_protestFocus";

  function srText(className, text, tag) {
    var el = document.createElement(tag || "div");
    el.className = "protestmap-sr" + (className ? " " + className : "");
    if (text) {
      el.textContent = text;
    }
    return el;
  }

  /*
   * The stable part, added with the base map. spec: {label, skip, places_label}: plain text in
   * the viewer's language.
   */
  function addAccess(map, spec) {
    var container = map.getContainer();
    var description = srText("protestmap-description");
    description.id = "protestmap-description";
    var live = srText("protestmap-live");
    live.setAttribute("role", "status");
    live.setAttribute("aria-live", "polite");
    container.setAttribute("role", "region");
    container.setAttribute("aria-label", spec.label);
    container.setAttribute("aria-describedby", description.id);

    var skip = document.createElement("a");
    skip.className = "protestmap-skip";
    skip.href = "#";
    skip.textContent = spec.skip;
    L.DomEvent.disableClickPropagation(skip);
    L.DomEvent.on(skip, "click", function (e) {
      L.DomEvent.preventDefault(e);
      var next = container.querySelector(".leaflet-control-container a, " +
        ".leaflet-control-container summary, .leaflet-control-container button");
      if (next) {
        next.focus();
      }
    });

    var pane = map.createPane("protestmap-keys");
    pane.style.zIndex = 450; /* over the markers, under tooltips */
    var list = document.createElement("ul");
    list.className = "protestmap-keys";
    list.setAttribute("aria-label", spec.places_label);
    pane.appendChild(list);
    L.DomEvent.disableClickPropagation(list);

    container.insertBefore(live, container.firstChild);
    container.insertBefore(description, container.firstChild);
    container.insertBefore(skip, container.firstChild);
    /* Focusing a button outside the view scrolls the map's box (overflow: hidden); Leaflet
       does not expect that and would draw everything shifted. */
    L.DomEvent.on(container, "scroll", function () {
      container.scrollTop = 0;
      container.scrollLeft = 0;
    });
    L.DomEvent.on(container, "keydown", function (e) {
      var access = map._protestAccess;
      if ((e.key === "Escape" || e.key === "Esc") && access.layer && access.selected) {
        L.DomEvent.preventDefault(e);
        askOverview(map, access.layer);
      }
    });
    map.on("zoomend viewreset", function () {
      placeKeys(map);
    });
    map._protestAccess = {
      list: list,
      description: description,
      live: live,
      layer: null,
      selected: null,
      keys: []
    };
  }

  /* What st_folium reads from a click, for "no place": a feature whose only property says so. */
  function askOverview(map, layer) {
    var overview = {
      toGeoJSON: function () {
        return { type: "Feature", geometry: null, properties: { overview: true } };
      }
    };
    layer.fire("click", { latlng: map.getCenter(), layer: overview });
  }

  function byCount(a, b) {
    var p = a.feature.properties;
    var q = b.feature.properties;
    return q.count - p.count || (p.place_id < q.place_id ? -1 : p.place_id > q.place_id ? 1 : 0);
  }

  /* A button's words: the name, the count, the precision; the text in the viewer's language. */
  function keyLabel(button, marker, text) {
    var p = marker.feature.properties;
    var words = (text && text.precision_words) || {};
    var parts = [String(p.count_text || p.count)];
    if (Object.prototype.hasOwnProperty.call(words, p.precision)) {
      parts.push(words[p.precision]);
    }
    if (p.guess && text && text.guess_note) {
      parts.push(text.guess_note);
    }
    if (marker.options.dot && text && text.dot_note) {
      parts.push(text.dot_note);
    }
    if (p.selected && text && text.selected_note) {
      parts.push(text.selected_note);
    }
    var label = srText("", "", "span");
    label.appendChild(isolated(p.name));
    label.appendChild(document.createTextNode(": " + parts.join(", ")));
    button.textContent = "";
    button.appendChild(label);
  }

  /* Lays each button over its marker, ringing the marker's drawn size (a dot's too). */
  function placeKeys(map) {
    var access = map._protestAccess;
    if (!access) {
      return;
    }
    access.keys.forEach(function (key) {
      var m = key.marker;
      /* Outside the selected place's black ring (radius + 5, 3 px wide). */
      var r = m.getRadius() + (m.feature.properties.selected ? 8 : 2);
      var pt = map.latLngToLayerPoint(m.getLatLng());
      L.DomUtil.setPosition(key.item, pt.subtract([r, r]));
      key.button.style.width = key.button.style.height = 2 * r + "px";
      keyLabel(key.button, m, access.text);
    });
  }

  /* The focused place: in view, with its tooltip above the focus ring (not over it). */
  function showKey(map, marker, ring) {
    var pt = map.latLngToContainerPoint(marker.getLatLng());
    var size = map.getSize();
    if (pt.x < 0 || pt.y < 0 || pt.x > size.x || pt.y > size.y) {
      map.panTo(marker.getLatLng(), { animate: false });
    }
    var tooltip = marker.getTooltip();
    if (tooltip) {
      tooltip.options.offset = [0, -ring];
      marker.openTooltip();
    }
  }

  function hideKey(marker) {
    var tooltip = marker.getTooltip();
    marker.closeTooltip();
    if (tooltip) {
      tooltip.options.offset = [0, 0];
    }
  }

  /* The changing part: a button per drawn place of `layer`, the description, the live region. */
  function updateAccess(map, layer, text) {
    var access = map._protestAccess;
    if (!access) {
      return;
    }
    var focused = map[FOCUS_KEY];
    var list = access.list;
    list.textContent = "";
    access.keys = [];
    access.layer = layer;
    access.text = text || {};
    access.selected = null;
    var markers = [];
    layer.eachLayer(function (m) {
      if (m instanceof CountMarker) {
        markers.push(m);
        if (m.feature.properties.selected) {
          access.selected = m.feature.properties.place_id;
        }
      }
    });
    markers.sort(byCount);
    var refocus = null;
    markers.forEach(function (m) {
      var id = m.feature.properties.place_id;
      var item = document.createElement("li");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "protestmap-key";
      if (m.feature.properties.selected) {
        button.setAttribute("aria-current", "true");
      }
      L.DomEvent.on(button, "click", function (e) {
        L.DomEvent.stop(e);
        m.fire("click", { latlng: m.getLatLng(), originalEvent: e }, true);
      });
      L.DomEvent.on(button, "focus", function () {
        map[FOCUS_KEY] = id;
        /* the button's radius and its ring (box-shadow, 9 px) */
        showKey(map, m, button.offsetWidth / 2 + 9);
      });
      L.DomEvent.on(button, "blur", function () {
        /* A button removed with the old layer while focused keeps its place for the new one. */
        if (button.isConnected && map[FOCUS_KEY] === id) {
          map[FOCUS_KEY] = null;
        }
        hideKey(m);
      });
      item.appendChild(button);
      list.appendChild(item);
      access.keys.push({ marker: m, item: item, button: button });
      if (id === focused) {
        refocus = button;
      }
    });
    placeKeys(map);
    var description = access.text.description || "";
    if (access.description.textContent !== description) {
      access.description.textContent = description;
    }
    var announcement = access.text.announcement || "";
    if (announcement && access.live.textContent !== announcement) {
      access.live.textContent = announcement;
    }
    if (refocus && (!document.activeElement || document.activeElement === document.body)) {
      refocus.focus();
    }
  }

  /* The page's first run draws its first view (title, map, panel) and draws the rest when the
   * map reports that its places are drawn (page.first_view): the frame shares the page's
   * thread, so the page's other elements would otherwise delay the markers. */
  function reportDrawn(map) {
    map._protestReport = "asked";
  }

  /* The report, once per map, after the places have been painted: st_folium's own value, sent
   * again (no click, no move), which reruns the map's part of the page. */
  function reportOnce(map) {
    if (map._protestReport !== "asked") {
      return;
    }
    map._protestReport = "sent";
    function send() {
      var data = window.__GLOBAL_DATA__;
      if (window.Streamlit && data) {
        window.Streamlit.setComponentValue(data.previous_data);
      }
    }
    /* A frame callback runs before that frame's paint; the task after it, once painted. */
    window.requestAnimationFrame(function () {
      window.setTimeout(send, 0);
    });
  }

  /* The zoom the markers were last laid out for (undefined before the places are drawn). */
  function layoutZoom(map) {
    return map._protestLayoutZoom;
  }

  /* Lay out `layer` again after its markers changed size (playback.js); with `access`, the
   * keyboard list too (not per frame while playing: it rebuilds a button per place). */
  function relayout(map, layer, access) {
    declutter(layer, map);
    if (access && map._protestAccess) {
      updateAccess(map, layer, map._protestAccess.text);
    }
  }

  window.protestMap = {
    layoutZoom: layoutZoom,
    relayout: relayout,
    radiusFor: radiusFor,
    CountMarker: CountMarker,
    placesLayer: placesLayer,
    addLegend: addLegend,
    fitData: fitData,
    fitPending: fitPending,
    addAccess: addAccess,
    reportDrawn: reportDrawn
  };
})();
