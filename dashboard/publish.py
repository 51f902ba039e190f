"""The static edition: ``python -m dashboard publish -o site/``.

A self-contained folder that shows the map with no server: ``index.html``, the vendored
Leaflet, our map script and styles, the data as one script file (``data.js``, assigning one
JSON value: a page opened from ``file://`` may not ``fetch()`` a file), and the bundled basemap
when it exists, as one script per zoom level (``basemap/z12.js``: the PMTiles archive's tiles,
loaded after the markers and only for the zooms the reader looks at; a page opened from
``file://`` can make no HTTP range request). Readers can copy it to a USB stick or any static
host when the app is blocked.

The page builds every element from text in the browser (``static/js/static_edition.js``, with
``textContent``); the data reaches it only through :func:`dashboard.escape.js_json`, and links
only through :func:`dashboard.escape.safe_url`. What a card says is the panel's
(:mod:`dashboard.panel`), as plain text instead of Markdown; every word of the interface comes
from the catalogues, for each language, and the page switches language by itself.
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import shutil
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import rjsmin
from pmtiles.reader import Compression, MemorySource, all_tiles, deserialize_header

from dashboard import assets, mapview, panel, vocabulary
from dashboard.aggregate import parse_line
from dashboard.errors import ConfigError
from dashboard.escape import html_attr, html_text, js_json, safe_url
from dashboard.i18n import LANGUAGES, N_, Lang, Nn_, lang
from dashboard.loader import Dataset, load_dataset, with_place_names
from dashboard.provenance import is_guess
from dashboard.schema import TIME_PRECISION_MEANING
from dashboard.settings import BUNDLED_DATA, data_dir

WAVE = (dt.date(2024, 2, 1), dt.date(2024, 3, 8))
"""The first range of Almaty's data, as in the app (``dashboard.page.WAVE``)."""

EDITION_JS = "js/static_edition.js"
"""The page's own script, under ``static/``."""
DATA_FILE = "data.js"
TILES_PREFIX = "basemap/z"
"""The basemap's tiles of zoom Z are in ``basemap/zZ.js``."""
TILES_GLOBAL = "protestEditionTiles"
DATA_GLOBAL = "protestEdition"

COPIED: tuple[tuple[str, str], ...] = (
    (f"{assets.LEAFLET_DIR}/leaflet.js", "vendor/leaflet.js"),
    (f"{assets.LEAFLET_DIR}/leaflet.css", "vendor/leaflet.css"),
    (f"{assets.LEAFLET_DIR}/LICENSE", "vendor/LEAFLET-LICENSE"),
    ("js/protestmap.js", "js/protestmap.js"),
    (EDITION_JS, "js/static_edition.js"),
    ("css/protestmap.css", "css/protestmap.css"),
    ("css/static_edition.css", "css/static_edition.css"),
)
"""Files copied from ``static/`` (source, path in the edition)."""
MINIFIED = frozenset({"js/protestmap.js", EDITION_JS, "js/basemap.js"})
"""Our own scripts, written without comments and spaces (rjsmin): 67 KB become 42 KB, which keeps
the edition under its 500 KB budget (issue 16). The vendored scripts come minified already."""
BASEMAP_COPIED: tuple[tuple[str, str], ...] = (
    ("js/basemap.js", "js/basemap.js"),
    (f"{assets.PROTOMAPS_DIR}/protomaps-leaflet.js", "vendor/protomaps-leaflet.js"),
    (f"{assets.PROTOMAPS_DIR}/LICENSE", "vendor/PROTOMAPS-LICENSE"),
)
"""Copied only with the bundled basemap."""

PLURAL_TABLE = 200
"""Plural form indexes for 0..199 per language: for n >= 200 the page reads the index of
100 + n % 100. Right for every plural rule that depends on n % 10 and n % 100 (Kazakh,
Russian, English): the page needs no plural formula of its own."""

# New words of the static edition (translated in kk and ru).
LIVE_APP = N_("Open the live app")
NO_SCRIPT = N_("This map needs JavaScript.")
EDITION_NOTE = N_(
    "A static copy of the map, made on {date}: it needs no server and can be copied to any "
    "web host or a USB stick."
)
PLACES_FOUND = Nn_("{n} place", "{n} places")

STRINGS: tuple[str, ...] = (
    "Filters",
    "Dates",
    "From",
    "To",
    "Feb 2024 wave",
    "Whole history",
    "Event type",
    "Search",
    "name in any spelling, place, words",
    "Overview",
    "Back to the overview",
    "Sources",
    "Sources disagree",
    "Places with the most events:",
    "Click a marker to read the events there, beside the map (below it on a phone).",
    "The place you clicked has no events in the current selection.",
    "Pick one to read it",
    "Language",
    LIVE_APP,
)
"""Fixed words the page shows (msgids, all in the app already but the edition's own)."""
FORMATS: tuple[str, ...] = (
    "{places} on the map with {events}; not on the map: {unlocated}.",
    "The panel shows {place}: {events}.",
    "The panel shows the overview of the selection.",
    "**{events}** in the selection: {types}.",
    "**Not on the map: {events}** (place not reported or not located)",
)
"""Messages with ``{name}`` placeholders that the page fills in (``**`` dropped)."""
PLURALS: dict[str, tuple[str, str]] = {
    "events": ("{n} event", "{n} events"),
    "places": PLACES_FOUND,
    "showing": ("Showing {shown} of {n} event", "Showing {shown} of {n} events"),
    "here": (
        "{n} event here in the selection, newest first.",
        "{n} events here in the selection, newest first.",
    ),
    "at_places": (
        "{events} at {n} place on the map; {unlocated} not on the map (listed below).",
        "{events} at {n} places on the map; {unlocated} not on the map (listed below).",
    ),
    **{f"type:{t}": forms for t, forms in vocabulary.KNOWN_COUNTS.items()},
}
"""Messages with a count: every plural form of each, in each language."""
NUMBER_LOCALES = {"kk": "kk", "ru": "ru", "en": "en-GB"}
"""The page formats numbers with ``Intl.NumberFormat`` in these locales."""


@dataclass(frozen=True)
class Edition:
    """What :func:`write_edition` wrote: the folder, its files and their sizes."""

    folder: Path
    files: dict[str, int]
    basemap: bool

    @property
    def size(self) -> int:
        return sum(self.files.values())

    @property
    def basemap_size(self) -> int:
        """Bytes of the basemap: its renderer, its style and its tiles."""
        parts = {target for _, target in BASEMAP_COPIED}
        return sum(
            size
            for name, size in self.files.items()
            if name in parts or name.startswith(TILES_PREFIX)
        )


def plain(template: str) -> str:
    """A translated message without its Markdown bold (the page shows plain text)."""
    return template.replace("**", "")


def date_range(events: pd.DataFrame, almaty: bool) -> tuple[dt.date, dt.date, dt.date, dt.date]:
    """(first, last, default start, default end): as the app's slider (``page.date_bounds``,
    ``page.default_range``)."""
    if events.empty:
        return (*WAVE, *WAVE)
    first, last = events["date"].min().date(), events["date"].max().date()
    if almaty and first <= WAVE[1] and last >= WAVE[0]:
        first, last = min(first, WAVE[0]), max(last, WAVE[1])
    if first >= last:
        last = first + dt.timedelta(days=1)
    if not almaty:
        return first, last, first, last
    start, end = max(WAVE[0], first), min(WAVE[1], last)
    return (first, last, start, end) if start <= end else (first, last, first, last)


def text_of(row: Mapping[str, Any], column: str) -> str:
    value = row.get(column)
    return value if isinstance(value, str) else ""


def person_line(person_id: str, people: panel.Records, lang_: Lang) -> str:
    """'Name (role, organisation)', plain text."""
    person = people.get(person_id)
    if person is None:
        return person_id
    role = lang_.label(panel.ROLE_NAMES, person["role"]) if person["role"] else ""
    details = [d for d in (role, person["organisation"]) if d]
    return person["name"] + (f" ({', '.join(details)})" if details else "")


def source_link(source_id: str, sources: panel.Records, lang_: Lang) -> list[Any]:
    """``[label, url or None]``: the URL only when it is http(s) (:func:`safe_url`)."""
    source = sources.get(source_id)
    if source is None:
        return [source_id, None]
    label = ": ".join(p for p in (source["publisher"], source["title"]) if p)
    if not pd.isna(source["date"]):
        label += f" ({source['date']:%Y-%m-%d})"
    url = safe_url(source["url"])
    if url is None:
        return [label + " " + lang_._("(no link recorded)"), None]
    return [label, url]


def event_card(
    event: Mapping[str, Any], people: panel.Records, sources: panel.Records, lang_: Lang
) -> list[Any]:
    """The panel's card (:func:`dashboard.panel.event_card`) as plain text:
    ``[heading, [[label, value], ...], dispute or None, [[label, url or None], ...]]``."""
    precision = int(event["time_precision"])
    heading = (
        f"{panel.date_text(event['date'], precision, lang_)} · "
        f"{panel.first_upper(panel.type_name(event['event_type'], lang_))}"
    )
    if text_of(event, "sub_event_type"):
        heading += f" › {event['sub_event_type']}"
    meaning = TIME_PRECISION_MEANING.get(precision, N_("precision unknown"))
    where = vocabulary.placeholder_text(event["location_text"], lang_)
    lines = [
        [lang_._("When"), f"{event['date']:%Y-%m-%d} ({lang_._(meaning)})"],
        [lang_._("Where"), f"{event['place_name']}: “{where}”"],
    ]
    if event["people"]:
        who = "; ".join(person_line(p, people, lang_) for p in event["people"])
        lines.append([lang_._("Who"), who])
    if event["organisations"]:
        lines.append([lang_._("Organisations"), ", ".join(event["organisations"])])
    for n in (1, 2):
        actors = event.get(f"actors_{n}") or ()
        kind = text_of(event, f"actor_kind_{n}")
        if actors or kind:
            label = lang_._("Side {n}", n=n) + (f" ({kind})" if kind else "")
            lines.append([label, "; ".join(actors)])
    description = vocabulary.placeholder_text(event["description"], lang_)
    lines.append([lang_._("What happened"), description])
    if event["outcomes"]:
        outcomes = ", ".join(vocabulary.outcome_name(o, lang_) for o in event["outcomes"])
        lines.append([lang_._("Outcome"), outcomes])
    low, high = event["participants_low"], event["participants_high"]
    participants = panel.participants_text(low, high, lang_)
    if text_of(event, "size_text"):
        size = event["size_text"]
        participants = size if pd.isna(low) and pd.isna(high) else f"{participants}; “{size}”"
    lines.append([lang_._("Participants"), participants])
    for column, label in panel.NUMBER_OUTCOMES:
        value = event.get(column)
        if value is not None and not pd.isna(value):
            lines.append([lang_._(label), lang_.number(int(value))])
    for column, label in panel.TEXT_DETAILS:
        if text_of(event, column):
            lines.append([lang_._(label), event[column]])
    authorisation = lang_.label(panel.AUTHORISATION_NAMES, event["authorisation"])
    lines.append([lang_._("Authorisation"), authorisation])
    updated = event.get("last_updated")
    if updated is not None and not pd.isna(updated):
        lines.append([lang_._("Last updated"), f"{updated:%Y-%m-%d}"])
    dispute = event["disputes"] or None
    links = [source_link(s, sources, lang_) for s in event["sources"]]
    return [heading, lines, dispute, links]


def unlocated_line(event: Mapping[str, Any], lang_: Lang) -> str:
    """One line for an event not on the map (:func:`dashboard.panel.unlocated_label`, plain)."""
    who = ", ".join(event["actor_names"]) or ", ".join(event["organisations"])
    reason = lang_._(panel.NOT_LOCATED_REASON[event["place_precision"] == "city"])
    parts = [f"{event['date']:%Y-%m-%d}", panel.type_name(event["event_type"], lang_)]
    if who:
        parts.append(who)
    where = vocabulary.placeholder_text(event["location_text"], lang_)
    return f"{' · '.join(parts)}: “{where}” ({reason})"


def provenance(place: Mapping[str, Any], lang_: Lang) -> list[str]:
    """[how the point was checked, label, where it comes from] (``panel.point_provenance``)."""
    source, verified = text_of(place, "coord_source"), text_of(place, "verified")
    if verified == "yes":
        checked = lang_._("Point checked by a person")
    elif is_guess(source, verified):
        checked = lang_._("Point found by a geocoder, not checked by a person")
    else:
        checked = lang_._("Point not checked by a person")
    confidence = text_of(place, "confidence")
    if confidence in panel.CONFIDENCE_NAMES:
        level = lang_._(panel.CONFIDENCE_NAMES[confidence])
        checked += "; " + lang_._("confidence: {level}", level=level)
    where = source or lang_._("not recorded")
    return [checked + ".", lang_._("Where the point comes from"), where]


def interface_text(
    lang_: Lang, dataset: Dataset, *, almaty: bool, regions: bool, guesses: bool
) -> dict[str, Any]:
    """Every word the page shows in ``lang_`` (plain text; the page sets it as text)."""
    cat = lang_.catalogue
    if almaty and dataset.location == str(BUNDLED_DATA):
        title, context = (
            lang_._("Almaty protest map"),
            lang_._(
                "In February 2024, after Almaty's akimat refused to allow the 8 March women's "
                "march, activists held single pickets across the city. The map shows them and the "
                "women's marches and rallies since 2017, each with its sources."
            ),
        )
    else:
        title = lang_._("Protest map")
        context = lang_._(
            "The events of the data directory {directory}: its own event types, places and dates.",
            directory="‘" + Path(dataset.location).name + "’",
        )
    return {
        "title": title,
        "context": context,
        "words": {s: lang_._(s) for s in STRINGS},
        "formats": {s: plain(cat.gettext(s)) for s in FORMATS},
        "plurals": {
            key: [cat.ngettext(one, many, n) for n in form_examples(lang_)]
            for key, (one, many) in PLURALS.items()
        },
        "pluralIndex": [plural_index(lang_, n) for n in range(PLURAL_TABLE)],
        "numberLocale": NUMBER_LOCALES.get(lang_.code, lang_.code),
        "typeLabels": {t: vocabulary.type_label(t, lang_) for t in dataset.event_types},
        "typeNames": {t: vocabulary.type_name(t, lang_) for t in dataset.event_types},
        "legend": mapview.legend_spec(
            dataset.event_types,
            dataset.type_colours,
            regions=regions,
            guesses=guesses,
            lang=lang_,
        ),
        "layer": mapview.layer_text(lang_),
        "access": mapview.access_spec(lang_),
        "mapNote": mapview.map_note(lang_),
        "basemapAttributionHtml": html_text(lang_._(mapview.BASEMAP_ATTRIBUTION)),
        "basemapOutside": lang_._(mapview.BASEMAP_OUTSIDE),
        "editionNote": lang_._(EDITION_NOTE, date=lang_.date(dt.date.today())),
    }


def plural_index(lang_: Lang, n: int) -> int:
    """The catalogue's plural form index for ``n`` (0 for the singular)."""
    plural = getattr(lang_.catalogue, "plural", None)
    return int(plural(n)) if plural else int(n != 1)


def form_examples(lang_: Lang) -> list[int]:
    """A count for each plural form of ``lang_``, in form order (``ngettext`` of each gives
    the form itself)."""
    seen: dict[int, int] = {}
    for n in range(PLURAL_TABLE):
        seen.setdefault(plural_index(lang_, n), n)
    return [seen[i] for i in sorted(seen)]


def edition_data(
    dataset: Dataset,
    *,
    languages: Sequence[str] = tuple(LANGUAGES),
    default_language: str = "en",
    app_url: str | None = None,
    basemap_zooms: Sequence[int] = (),
) -> dict[str, Any]:
    """Everything the page needs, as one JSON value (see the module's docstring);
    ``basemap_zooms``: the zooms of the bundled basemap written with it (none: no basemap)."""
    events = dataset.events.sort_values(["date", "event_id"], ascending=[False, True])
    events = events.reset_index(drop=True)
    bounds = mapview.view_bounds(events)
    almaty = bounds == mapview.VIEW_BOUNDS
    first, last, start, end = date_range(events, almaty)
    places = dataset.places
    located = events[events["located"].to_numpy(dtype=bool)]
    drawn_ids = set(located["place_id"])
    drawn = places[places["place_id"].isin(drawn_ids)]
    regions = bool((drawn["precision"] == "region").any())
    guesses = any(map(is_guess, drawn["coord_source"], drawn["verified"]))
    lines = dict(zip(places["place_id"], places["line"]))
    place_rows = {}
    for pid, frame in located.groupby("place_id", sort=True):
        row = frame.iloc[0]
        place_rows[pid] = {
            "id": pid,
            "lat": round(float(row["lat"]), 6),
            "lon": round(float(row["lon"]), 6),
            "precision": row["place_precision"],
            "line": [
                [round(lat, 6), round(lon, 6)] for lat, lon in parse_line(lines.get(pid, "") or "")
            ],
            "guess": bool(is_guess(row["coord_source"], row["verified"])),
            "name": {},
            "provenance": {},
        }
    by_id = {p["place_id"]: p for p in places.to_dict("records")}
    cards: dict[str, list[Any]] = {}
    unlocated: dict[str, list[str]] = {}
    text: dict[str, Any] = {}
    for code in languages:
        lang_ = lang(code)
        local = with_place_names(events, places, code)
        people, sources = panel.referenced(local, dataset.people, dataset.sources)
        rows = local.to_dict("records")
        cards[code] = [event_card(row, people, sources, lang_) for row in rows]
        unlocated[code] = ["" if row["located"] else unlocated_line(row, lang_) for row in rows]
        for row in rows:
            if row["place_id"] in place_rows:
                place_rows[row["place_id"]]["name"][code] = row["place_name"]
        for pid, place in place_rows.items():
            place["provenance"][code] = provenance(by_id.get(pid, {}), lang_)
        text[code] = interface_text(lang_, dataset, almaty=almaty, regions=regions, guesses=guesses)
    return {
        "version": 1,
        "languages": {code: LANGUAGES[code] for code in languages},
        "language": default_language,
        "appUrl": app_url,
        "dates": {
            "first": first.isoformat(),
            "last": last.isoformat(),
            "start": start.isoformat(),
            "end": end.isoformat(),
            "wave": almaty,
        },
        "bounds": [list(bounds[0]), list(bounds[1])],
        "almaty": almaty,
        "fitMaxZoom": mapview.FIT_MAX_ZOOM,
        "types": list(dataset.event_types),
        "typeRank": sorted(dataset.event_types, key=vocabulary.type_rank),
        "colours": dict(dataset.type_colours),
        "places": list(place_rows.values()),
        "events": [
            [eid, f"{date:%Y-%m-%d}", etype or "", pid, int(bool(loc)), search]
            for eid, date, etype, pid, loc, search in zip(
                events["event_id"],
                events["date"],
                events["event_type"].fillna(""),
                events["place_id"],
                events["located"],
                events["search_text"],
            )
        ],
        "cards": cards,
        "unlocated": unlocated,
        "text": text,
        "basemap": basemap_spec(basemap_zooms) if basemap_zooms else None,
    }


def basemap_spec(zooms: Sequence[int]) -> dict[str, Any]:
    """What ``protestBasemap`` needs besides the words: the renderer, where the tiles of each
    zoom are, and the area covered."""
    return {
        "renderer": "vendor/protomaps-leaflet.js",
        "tilesPrefix": TILES_PREFIX,
        "tilesGlobal": TILES_GLOBAL,
        "zooms": list(zooms),
        "bounds": [list(mapview.BASEMAP_BOUNDS[0]), list(mapview.BASEMAP_BOUNDS[1])],
        "maxDataZoom": mapview.BASEMAP_MAX_DATA_ZOOM,
    }


CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "connect-src 'none'; font-src 'none'; object-src 'none'; base-uri 'none'; "
    "form-action 'none'"
)
"""The page may load only its own files: no other host, no inline script, no request by
script. A payload that slipped past the escaping would still find nothing to run or call."""


def index_html(title: str, language: str, no_script: str) -> str:
    """The page: its files, in order; everything else is built by static_edition.js."""
    return f"""<!DOCTYPE html>
<html lang="{html_attr(language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<meta http-equiv="Content-Security-Policy" content="{html_attr(CSP)}">
<meta name="referrer" content="no-referrer">
<title>{html_text(title)}</title>
<link rel="stylesheet" href="vendor/leaflet.css">
<link rel="stylesheet" href="css/protestmap.css">
<link rel="stylesheet" href="css/static_edition.css">
</head>
<body>
<div id="edition" class="edition"></div>
<noscript>{html_text(no_script)}</noscript>
<script src="vendor/leaflet.js"></script>
<script src="js/protestmap.js"></script>
<script src="{DATA_FILE}"></script>
<script src="js/static_edition.js"></script>
</body>
</html>
"""


def covers_basemap(dataset: Dataset) -> bool:
    """Whether the data's first view meets the bundled basemap's box (Almaty): elsewhere it
    would draw nothing, and the edition is smaller without it."""
    (south, west), (north, east) = mapview.view_bounds(dataset.events)
    (s0, w0), (n0, e0) = mapview.BASEMAP_BOUNDS
    return south <= n0 and north >= s0 and west <= e0 and east >= w0


def tiles_by_zoom(archive: Path) -> dict[int, dict[str, bytes]]:
    """The tiles of a PMTiles archive as stored (gzip), by zoom and ``"x/y"``."""
    get_bytes = MemorySource(archive.read_bytes())
    header = deserialize_header(get_bytes(0, 127))
    if header["tile_compression"] != Compression.GZIP:
        raise ConfigError(
            f"{archive}: tiles are not gzip-compressed ({header['tile_compression']}): rebuild "
            "it with python -m dashboard basemap"
        )
    out: dict[int, dict[str, bytes]] = {}
    for (z, x, y), data in all_tiles(get_bytes):
        out.setdefault(z, {})[f"{x}/{y}"] = data
    return out


def tiles_script(zoom: int, tiles: Mapping[str, bytes]) -> str:
    """``basemap/zZ.js``: the zoom's tiles (base64 of the gzip bytes) added to one global."""
    encoded = {key: base64.b64encode(data).decode("ascii") for key, data in tiles.items()}
    return (
        f"window.{TILES_GLOBAL}=window.{TILES_GLOBAL}||{{}};"
        f'window.{TILES_GLOBAL}["{zoom}"]={js_json(encoded)};\n'
    )


def write_edition(
    dataset: Dataset,
    folder: Path,
    *,
    app_url: str | None = None,
    basemap: bool = True,
    languages: Sequence[str] = tuple(LANGUAGES),
    default_language: str = "en",
) -> Edition:
    """Write the static edition of ``dataset`` into ``folder`` (created; files of an earlier
    edition are replaced). ``basemap``: include the bundled basemap when it exists and the
    data's first view meets it (:func:`covers_basemap`)."""
    url = None
    if app_url:
        url = safe_url(app_url)
        if url is None:
            raise ConfigError(
                f"--app-url {app_url!r} is not an http(s) address: give the live app's "
                "address, e.g. https://map.example.org/"
            )
    archive = assets.BASEMAP_TILES.file
    wanted = basemap and archive.is_file() and covers_basemap(dataset)
    zooms = tiles_by_zoom(archive) if wanted else {}
    folder.mkdir(parents=True, exist_ok=True)
    copies = COPIED + (BASEMAP_COPIED if zooms else ())
    for source, target in copies:
        path = folder / target
        path.parent.mkdir(parents=True, exist_ok=True)
        if source in MINIFIED:
            script = (assets.STATIC_DIR / source).read_text(encoding="utf-8")
            path.write_text(rjsmin.jsmin(script), encoding="utf-8")
        else:
            shutil.copyfile(assets.STATIC_DIR / source, path)
    data = edition_data(
        dataset,
        languages=languages,
        default_language=default_language,
        app_url=url,
        basemap_zooms=sorted(zooms),
    )
    (folder / DATA_FILE).write_text(f"window.{DATA_GLOBAL}={js_json(data)};\n", encoding="utf-8")
    tiles_dir = folder / Path(TILES_PREFIX).parent
    if tiles_dir.is_dir():
        shutil.rmtree(tiles_dir)  # an earlier edition's basemap
    tile_files = []
    for zoom, tiles in sorted(zooms.items()):
        name = f"{TILES_PREFIX}{zoom}.js"
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(tiles_script(zoom, tiles), encoding="ascii")
        tile_files.append(name)
    title = data["text"][default_language]["title"]
    page = index_html(title, default_language, lang(default_language)._(NO_SCRIPT))
    (folder / "index.html").write_text(page, encoding="utf-8")
    written = ["index.html", DATA_FILE, *(t for _, t in copies), *tile_files]
    files = {name: (folder / name).stat().st_size for name in written}
    return Edition(folder=folder, files=files, basemap=bool(zooms))


def cmd_publish(args: argparse.Namespace) -> int:
    dataset = load_dataset(data_dir(args.data))
    if not args.no_basemap and not covers_basemap(dataset):
        print(
            "the bundled basemap covers Almaty only and these events lie elsewhere: "
            "written without it (a grey map)",
            file=sys.stderr,
        )
    edition = write_edition(
        dataset,
        Path(args.output),
        app_url=args.app_url,
        basemap=not args.no_basemap,
        default_language=args.language,
    )
    tiles = edition.basemap_size
    print(
        f"wrote the static edition of {len(dataset.events)} events to {edition.folder}/: "
        f"{len(edition.files)} files, {edition.size / 1024:.0f} KB"
        + (f" ({tiles / 1024:.0f} KB of it the basemap, loaded after the markers)" if tiles else "")
        + f"; open {edition.folder}/index.html",
        file=sys.stderr,
    )
    return 0


def add_command(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "publish", help="write the static edition: a folder that shows the map with no server"
    )
    p.add_argument(
        "--data",
        metavar="DIR",
        help="data directory (default: $DASHBOARD_DATA, else the bundled data/)",
    )
    p.add_argument("-o", "--output", metavar="DIR", required=True, help="folder to write")
    p.add_argument(
        "--app-url",
        metavar="URL",
        help="the live app's address (http or https), linked from the page",
    )
    p.add_argument(
        "--language",
        choices=tuple(LANGUAGES),
        default="en",
        help="the language the page opens in (the reader can switch)",
    )
    p.add_argument(
        "--no-basemap", action="store_true", help="leave the bundled basemap out (a grey map)"
    )
    p.set_defaults(func=cmd_publish)
