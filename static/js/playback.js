/*
 * Playback: the places layer played over time, a day, a week or a month at a time, in the
 * map frame (no script rerun per frame). The places of the current step are drawn as usual;
 * places whose events all came before it are faded; places with no event yet are not drawn.
 * Each marker's number is its events from the first day up to the end of the step.
 *
 * Served by the app itself, loaded after Leaflet and protestmap.js. All words come from the
 * server (in the viewer's language) and are set with textContent; dates are written here as
 * YYYY-MM-DD.
 *
 * When the reader pauses or steps, the position is reported once to the page, as a "click" on
 * the places layer whose feature has only a `playback` property (st_folium returns it in
 * last_active_drawing); the page then sets its slider and panel to what the map shows.
 */
(function () {
  "use strict";
  var L = window.L;
  var DAY_MS = 86400000;
  var FADED_OPACITY = 0.3; /* share of a marker's own opacity while it is faded */

  /* Days since 1970 from "YYYY-MM-DD", and back. */
  function dayNumber(text) {
    var parts = String(text).split("-");
    return Math.round(Date.UTC(+parts[0], +parts[1] - 1, +parts[2]) / DAY_MS);
  }

  function dayText(number) {
    return new Date(number * DAY_MS).toISOString().slice(0, 10);
  }

  function nextMonth(number) {
    var d = new Date(number * DAY_MS);
    return Math.round(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) / DAY_MS);
  }

  /* The first day of each step of [first, last] (days since 1970): as dashboard.playback
   * .step_starts counts them. */
  function stepStarts(first, last, step) {
    var starts = [first];
    for (;;) {
      var here = starts[starts.length - 1];
      var following = step === "month" ? nextMonth(here) : here + (step === "week" ? 7 : 1);
      if (following > last) {
        return starts;
      }
      starts.push(following);
    }
  }

  /* How many of the sorted `days` are below `limit`. */
  function countBelow(days, limit) {
    var lo = 0;
    var hi = days.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (days[mid] < limit) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /* One map per frame: the control and what it plays. */
  var state = null;

  function button(parent, className, text, onClick) {
    var el = document.createElement("button");
    el.type = "button";
    el.className = "protestmap-play-button " + className;
    el.setAttribute("aria-label", text);
    el.title = text;
    L.DomEvent.on(el, "click", function (e) {
      L.DomEvent.stop(e);
      onClick();
    });
    parent.appendChild(el);
    return el;
  }

  function labelled(parent, text, field) {
    var label = document.createElement("label");
    label.className = "protestmap-play-field";
    var words = document.createElement("span");
    words.textContent = text;
    label.appendChild(words);
    label.appendChild(field);
    parent.appendChild(label);
    return label;
  }

  function select(options, value) {
    var el = document.createElement("select");
    options.forEach(function (item) {
      var option = document.createElement("option");
      option.value = String(item[0]);
      option.textContent = item[1];
      el.appendChild(option);
    });
    el.value = String(value);
    return el;
  }

  /*
   * The control (stable, with the base map). spec: {words: {label, play, pause, back,
   * forward, position, speed, step, keys}, steps: [[name, label], ...], speeds: [[value,
   * label], ...], frameMs, counts: {lang, patterns: {one: "{n} event", other: ...}} (the
   * plural patterns of a place's count in the viewer's language)}.
   */
  function addControl(map, spec) {
    var words = spec.words;
    var control = L.control({ position: "bottomright" });
    state = {
      map: map,
      spec: spec,
      layer: null,
      data: null,
      steps: [],
      index: -1, /* -1: not playing, every event drawn as usual */
      step: "day",
      speed: 1,
      timer: null,
      playing: false,
      reportId: Math.random().toString(36).slice(2) + "-",
      reports: 0,
      counts: spec.counts || null,
      ui: {}
    };
    control.onAdd = function () {
      var box = L.DomUtil.create("div", "protestmap-play");
      box.setAttribute("role", "group");
      box.setAttribute("aria-label", words.label);
      var row = document.createElement("div");
      row.className = "protestmap-play-row";
      var ui = state.ui;
      ui.back = button(row, "protestmap-play-back", words.back, function () {
        stepBy(-1);
      });
      ui.play = button(row, "protestmap-play-toggle", words.play, toggle);
      ui.forward = button(row, "protestmap-play-forward", words.forward, function () {
        stepBy(1);
      });
      ui.date = document.createElement("output");
      ui.date.className = "protestmap-play-date";
      row.appendChild(ui.date);
      box.appendChild(row);

      ui.position = document.createElement("input");
      ui.position.type = "range";
      ui.position.min = "0";
      ui.position.className = "protestmap-play-position";
      ui.position.setAttribute("aria-label", words.position);
      L.DomEvent.on(ui.position, "input", function () {
        pause(false);
        show(+ui.position.value);
      });
      L.DomEvent.on(ui.position, "change", function () {
        report();
      });
      box.appendChild(ui.position);

      var fields = document.createElement("div");
      fields.className = "protestmap-play-row";
      ui.step = select(spec.steps, state.step);
      L.DomEvent.on(ui.step, "change", function () {
        setStep(ui.step.value);
      });
      labelled(fields, words.step, ui.step);
      ui.speed = select(spec.speeds, state.speed);
      L.DomEvent.on(ui.speed, "change", function () {
        state.speed = +ui.speed.value;
        if (state.playing) {
          schedule();
        }
      });
      labelled(fields, words.speed, ui.speed);
      box.appendChild(fields);
      var keys = document.createElement("div");
      keys.className = "protestmap-sr";
      keys.id = "protestmap-play-keys";
      keys.textContent = words.keys;
      box.appendChild(keys);
      box.setAttribute("aria-describedby", keys.id);

      /* Space plays or pauses and the arrows step, wherever the focus is in the control
         (the step and speed lists keep their own keys); the map does not pan meanwhile. */
      L.DomEvent.on(box, "keydown", function (e) {
        var tag = e.target && e.target.tagName;
        if (tag === "SELECT") {
          return;
        }
        if (e.key === " " || e.key === "Spacebar") {
          L.DomEvent.stop(e);
          toggle();
        } else if ((e.key === "ArrowLeft" || e.key === "ArrowRight") && tag !== "INPUT") {
          L.DomEvent.stop(e);
          stepBy(e.key === "ArrowLeft" ? -1 : 1);
        } else if (e.key === "ArrowLeft" || e.key === "ArrowRight" ||
                   e.key === "ArrowUp" || e.key === "ArrowDown") {
          L.DomEvent.stopPropagation(e); /* the range moves itself */
        }
      });
      /* A button's own Space would click it again on keyup. */
      L.DomEvent.on(box, "keyup", function (e) {
        if ((e.key === " " || e.key === "Spacebar") && e.target && e.target.tagName !== "SELECT") {
          L.DomEvent.stop(e);
        }
      });
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      return box;
    };
    control.addTo(map);
    refresh();
    return control;
  }

  /* The layer's places and their days. spec: {start, end, step, at, ids: [...], days:
   * [[first, gap, gap, ...], ...]} (days since start). */
  function setLayer(layer, spec) {
    if (!state) {
      return;
    }
    /* The same playback redrawn by a rerun (a click while it plays): it goes on from here. */
    var keep = state.data !== null && state.index >= 0 && state.data.start === spec.start &&
      state.data.end === spec.end && state.step === spec.step;
    var kept = keep ? state.index : -1;
    var wasPlaying = keep && state.playing;
    state.playing = false;
    if (state.timer) {
      clearTimeout(state.timer);
      state.timer = null;
    }
    var first = dayNumber(spec.start);
    var byId = new Map();
    spec.ids.forEach(function (id, i) {
      var gaps = spec.days[i];
      var days = new Int32Array(gaps.length);
      var sum = 0;
      for (var k = 0; k < gaps.length; k++) {
        sum += gaps[k];
        days[k] = sum;
      }
      byId.set(id, days);
    });
    state.layer = layer;
    state.data = { first: first, last: dayNumber(spec.end), start: spec.start, end: spec.end,
      byId: byId };
    state.items = layer.getLayers().map(function (item) {
      return { layer: item, base: baseStyle(item), shown: true, count: null, faded: false };
    });
    state.step = spec.step;
    state.ui.step.value = spec.step;
    state.steps = stepStarts(first, state.data.last, spec.step);
    var at = spec.at ? countBelow(state.steps, dayNumber(spec.at) + 1) - 1 : -1;
    if (keep) {
      at = kept;
    }
    function apply() {
      state.index = -1;
      if (at >= 0) {
        show(at);
      } else {
        refresh();
      }
      if (wasPlaying) {
        state.playing = true;
        refresh();
        schedule();
      }
    }
    if (layer._map) {
      apply();
    } else {
      layer.once("add", apply);
    }
  }

  function baseStyle(item) {
    var o = item.options;
    var p = item.feature.properties;
    return {
      opacity: o.opacity,
      fillOpacity: o.fillOpacity,
      count: p.count,
      countText: p.count_text
    };
  }

  function stepRange(index) {
    var steps = state.steps;
    var last = index + 1 < steps.length ? steps[index + 1] - 1 : state.data.last;
    return [steps[index], last];
  }

  function rangeText(index) {
    var range = stepRange(index);
    if (range[0] === range[1]) {
      return dayText(range[0]);
    }
    return dayText(range[0]) + " – " + dayText(range[1]);
  }

  /* The buttons, the position and the date as the state says. */
  function refresh() {
    var ui = state.ui;
    if (!ui.play) {
      return;
    }
    var words = state.spec.words;
    var playing = state.playing;
    ui.play.setAttribute("aria-label", playing ? words.pause : words.play);
    ui.play.title = playing ? words.pause : words.play;
    ui.play.classList.toggle("protestmap-play-playing", playing);
    var n = state.steps.length;
    ui.position.max = String(Math.max(n - 1, 0));
    ui.position.value = String(state.index < 0 ? Math.max(n - 1, 0) : state.index);
    var disabled = n === 0 || !state.data;
    ui.play.disabled = disabled;
    ui.back.disabled = disabled;
    ui.forward.disabled = disabled;
    ui.position.disabled = disabled;
    if (!state.data) {
      ui.date.textContent = "";
    } else if (state.index < 0) {
      ui.date.textContent = state.data.start === state.data.end ? state.data.start
        : state.data.start + " – " + state.data.end;
    } else {
      ui.date.textContent = rangeText(state.index);
    }
    ui.date.setAttribute("data-index", String(state.index));
    ui.position.setAttribute("aria-valuetext", ui.date.textContent);
    /* A screen reader hears the date when playback rests, not every second while it plays. */
    ui.date.setAttribute("aria-live", playing ? "off" : "polite");
  }

  /*
   * Draw step `index`: each place with its events up to the step's end; faded when none of
   * them is in the step; not drawn when it has none yet. Markers are restyled in place (one
   * canvas redraw for all of them), never rebuilt.
   */
  function show(index) {
    if (!state.data || !state.layer) {
      return;
    }
    index = Math.max(0, Math.min(index, state.steps.length - 1));
    state.index = index;
    var range = stepRange(index);
    var from = range[0] - state.data.first;
    var upTo = range[1] - state.data.first + 1;
    var layer = state.layer;
    var byId = state.data.byId;
    var radiusFor = window.protestMap.radiusFor;
    var changed = false;
    state.items.forEach(function (item) {
      var m = item.layer;
      var days = byId.get(m.feature.properties.place_id);
      var total = days ? countBelow(days, upTo) : 0;
      var faded = total > 0 && total === countBelow(days, from);
      if (total === 0) {
        if (item.shown) {
          layer.removeLayer(m);
          item.shown = false;
          changed = true;
        }
        return;
      }
      if (!item.shown) {
        layer.addLayer(m);
        item.shown = true;
        changed = true;
      }
      if (item.count === total && item.faded === faded) {
        return;
      }
      item.count = total;
      item.faded = faded;
      m.options.faded = faded;
      setCount(m, total, radiusFor);
      var share = faded ? FADED_OPACITY : 1;
      m.setStyle({
        opacity: (item.base.opacity === undefined ? 1 : item.base.opacity) * share,
        fillOpacity: (item.base.fillOpacity === undefined ? 0.2 : item.base.fillOpacity) * share
      });
      changed = true;
    });
    if (changed && layer._map) {
      /* The keyboard list follows once playback rests, not on every frame. */
      window.protestMap.relayout(layer._map, layer, !state.playing);
    }
    refresh();
  }

  /* Playback rests: the keyboard list and the description match the markers drawn. */
  function settle() {
    if (state.layer && state.layer._map) {
      window.protestMap.relayout(state.layer._map, state.layer, true);
    }
  }

  /* A place's number and size for `total` events, its words too (tooltip, keyboard list). */
  function setCount(m, total, radiusFor) {
    var p = m.feature.properties;
    p.count = total;
    p.count_text = countText(total);
    if (m instanceof window.protestMap.CountMarker) {
      m.options.label = String(total);
      m.options.fontSize = total >= 100 ? 11 : 12;
      m.options.fullRadius = radiusFor(total, p.precision);
      if (!m.options.dot) {
        m.setRadius(m.options.fullRadius);
      }
    }
  }

  /* "2 events" in the viewer's language (the server sends a pattern per plural category).
   * The rules and the number format are made once: making them costs more than a frame. */
  function countText(n) {
    var counts = state.counts;
    if (!counts) {
      return String(n);
    }
    if (!counts.rules) {
      try {
        counts.rules = new Intl.PluralRules(counts.lang);
        counts.format = new Intl.NumberFormat(counts.lang);
      } catch (e) {
        counts.rules = { select: function () { return "other"; } };
        counts.format = { format: String };
      }
    }
    var category = counts.rules.select(n);
    var pattern = Object.prototype.hasOwnProperty.call(counts.patterns, category)
      ? counts.patterns[category] : counts.patterns.other;
    return String(pattern).split("{n}").join(counts.format.format(n));
  }

  /* Everything drawn as the server sent it (no step). */
  function showAll() {
    if (!state.layer) {
      return;
    }
    state.items.forEach(function (item) {
      var m = item.layer;
      if (!item.shown) {
        state.layer.addLayer(m);
        item.shown = true;
      }
      if (item.count !== null) {
        setCount(m, item.base.count, window.protestMap.radiusFor);
        m.feature.properties.count_text = item.base.countText;
        m.options.faded = false;
        m.setStyle({ opacity: item.base.opacity, fillOpacity: item.base.fillOpacity });
        item.count = null;
        item.faded = false;
      }
    });
    state.index = -1;
    settle();
    refresh();
  }

  function delay() {
    return state.spec.frameMs / (state.speed || 1);
  }

  function schedule() {
    if (state.timer) {
      clearTimeout(state.timer);
    }
    state.timer = setTimeout(tick, delay());
  }

  function tick() {
    state.timer = null;
    if (!state.playing) {
      return;
    }
    if (state.index >= state.steps.length - 1) {
      pause(true);
      return;
    }
    show(state.index + 1);
    if (state.index >= state.steps.length - 1) {
      pause(true);
    } else {
      schedule();
    }
  }

  function play() {
    if (!state.data || state.steps.length === 0) {
      return;
    }
    state.playing = true;
    if (state.index < 0 || state.index >= state.steps.length - 1) {
      show(0); /* from the start: nothing played yet, or the end reached */
    }
    refresh();
    schedule();
  }

  /* Stop the clock; `tell`: report the position to the page. */
  function pause(tell) {
    if (!state) {
      return;
    }
    var was = state.playing;
    state.playing = false;
    if (state.timer) {
      clearTimeout(state.timer);
      state.timer = null;
    }
    refresh();
    if (was) {
      settle();
    }
    if (tell && (was || state.index >= 0)) {
      report();
    }
  }

  function toggle() {
    if (state.playing) {
      pause(true);
    } else {
      play();
    }
  }

  function stepBy(delta) {
    if (!state.data || state.steps.length === 0) {
      return;
    }
    var from = state.index < 0 ? state.steps.length - 1 : state.index;
    state.playing = false;
    if (state.timer) {
      clearTimeout(state.timer);
      state.timer = null;
    }
    show(from + delta);
    report();
  }

  function setStep(step) {
    if (!state.data) {
      return;
    }
    var day = state.index < 0 ? null : state.steps[state.index];
    state.step = step;
    state.steps = stepStarts(state.data.first, state.data.last, step);
    if (day !== null) {
      show(countBelow(state.steps, day + 1) - 1);
      if (!state.playing) {
        report();
      }
    } else {
      refresh();
    }
  }

  /* Tell the page where playback rests (once per pause or step, never per frame). */
  function report() {
    if (!state.layer || state.index < 0 || !state.layer._map) {
      return;
    }
    state.reports += 1;
    var position = {
      id: state.reportId + state.reports,
      start: state.data.start,
      end: state.data.end,
      step: state.step,
      at: dayText(state.steps[state.index])
    };
    var feature = {
      toGeoJSON: function () {
        return { type: "Feature", geometry: null, properties: { playback: position } };
      }
    };
    state.layer.fire("click", { latlng: state.layer._map.getCenter(), layer: feature });
  }

  /* For the benchmark (bench/playback.py): step `index` drawn as while playing. */
  function playFrame(index) {
    var was = state.playing;
    state.playing = true;
    show(index);
    state.playing = was;
  }

  /* For the benchmark's naive frame: each place's events up to the end of step `index`, and
   * whether it is faded (none in the step): {place_id: [count, faded]}. */
  function frameCounts(index) {
    var range = stepRange(index);
    var from = range[0] - state.data.first;
    var upTo = range[1] - state.data.first + 1;
    var out = {};
    state.data.byId.forEach(function (days, id) {
      var total = countBelow(days, upTo);
      if (total > 0) {
        out[id] = [total, total === countBelow(days, from)];
      }
    });
    return out;
  }

  /* For tests and the benchmark: where playback is. */
  function position() {
    if (!state) {
      return null;
    }
    return {
      index: state.index,
      steps: state.steps.length,
      step: state.step,
      playing: state.playing,
      date: state.ui.date ? state.ui.date.textContent : "",
      at: state.index >= 0 ? dayText(state.steps[state.index]) : null
    };
  }

  window.protestPlayback = {
    addControl: addControl,
    setLayer: setLayer,
    show: show,
    showAll: showAll,
    play: play,
    pause: pause,
    stepBy: stepBy,
    position: position,
    stepStarts: stepStarts,
    playFrame: playFrame,
    frameCounts: frameCounts
  };
})();
