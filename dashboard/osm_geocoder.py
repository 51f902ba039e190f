"""An offline geocoder: names looked up in a local OpenStreetMap extract.

:class:`OSMExtractGeocoder` is a geopy ``Geocoder``, so the ``geocode`` command does not care
whether Nominatim or the extract answers. It finds nodes and ways by any of their names
(``name``, ``name:ru``, ``name:kk``, ``name:en``, alternative and old names), after
normalisation: case, ё/е, quotes, punctuation, word order and the usual abbreviations
("ул." = "улица" = "street" = "көшесі"). A street is all the connected ways that carry its
name; its point is on the street, near the middle. Nothing found is ``None``, as in geopy.

The extract is © OpenStreetMap contributors, ODbL 1.0 (see ``data/osm/ATTRIBUTION.md``).
"""

from __future__ import annotations

import functools
import math
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import osmium
from geopy.geocoders.base import Geocoder
from geopy.location import Location

from dashboard import placenames
from dashboard.errors import ConfigError

NAME_KEYS = (
    "name",
    "name:ru",
    "name:kk",
    "name:en",
    "int_name",
    "official_name",
    "alt_name",
    "alt_name:ru",
    "alt_name:kk",
    "alt_name:en",
    "old_name",
    "short_name",
    "loc_name",
)
"""Tags whose values name an object."""

ABBREVIATIONS = {
    "ул": "ул",
    "улица": "ул",
    "street": "ул",
    "st": "ул",
    "str": "ул",
    "көшесі": "ул",
    "көш": "ул",
    "пр": "пр",
    "прс": "пр",
    "просп": "пр",
    "проспект": "пр",
    "avenue": "пр",
    "ave": "пр",
    "av": "пр",
    "даңғылы": "пр",
    "пер": "пер",
    "переулок": "пер",
    "lane": "пер",
    "бул": "бул",
    "бульвар": "бул",
    "boulevard": "бул",
    "blvd": "бул",
    "пл": "пл",
    "площадь": "пл",
    "square": "пл",
    "sq": "пл",
    "алаңы": "пл",
    "им": "им",
    "имени": "им",
    "атындағы": "им",
    "пам": "пам",
    "памятник": "пам",
    "мкр": "мкр",
    "микрорайон": "мкр",
    "microdistrict": "мкр",
    "ст": "ст",
    "станция": "ст",
    "station": "ст",
    "метро": "метро",
    "metro": "метро",
}
"""Words (after lower-casing) that are spelled many ways, mapped to one spelling."""

STREET_WORDS = frozenset({"ул", "пр", "пер", "бул"})
STATION_WORDS = frozenset({"ст", "метро"})
SQUARE_WORDS = frozenset({"пл"})
TYPE_WORDS = STREET_WORDS | STATION_WORDS | SQUARE_WORDS | {"мкр"}
"""Words that say what kind of place a name is rather than which one."""

FILLER_WORDS = frozenset({"и", "and", "of", "the", "им", "пам", "және"})
CITY_WORDS = frozenset(
    {
        "алматы",
        "almaty",
        "алма",
        "ата",
        "alma",
        "ata",
        "г",
        "город",
        "city",
        "kazakhstan",
        "казахстан",
        "қазақстан",
        "қаласы",
    }
)
"""A comma-separated part of a query made only of these words is the city, not the place."""

EARTH_RADIUS_M = 6_371_008.8


def normalise(text: str) -> tuple[str, ...]:
    """The words of a name, lower-case, ё as е, quotes and punctuation gone, abbreviations
    spelled one way: ``'ул. «Панфилова»'`` -> ``('ул', 'панфилова')``."""
    text = text.lower().replace("ё", "е")
    words = re.findall(r"\w+", text)
    return tuple(ABBREVIATIONS.get(w, w) for w in words)


def query_words(query: str) -> tuple[str, ...]:
    """The words of a query, without comma-separated parts that only name the city."""
    words: list[str] = []
    for part in query.split(","):
        part_words = normalise(part)
        if part_words and not set(part_words) <= CITY_WORDS:
            words.extend(part_words)
    return tuple(words)


def name_variants(value: str) -> list[str]:
    """A tag value as names: ';'-separated values apart, each also without a '(...)' remark
    and cleaned as the ``geocode`` command cleans our names (:mod:`dashboard.placenames`):
    'пам.Ганди' is also 'Ганди'."""
    out = []
    for name in value.split(";"):
        name = name.strip()
        if name:
            out.append(name)
            bare = re.sub(r"\([^)]*\)", " ", name).strip()
            if bare and bare != name:
                out.append(bare)
            out.extend(v for v in placenames.variants(bare or name) if v not in out)
    return out


@dataclass
class Feature:
    """One findable thing: a node, a way, or a street made of connected ways."""

    osm_type: str
    osm_id: int
    name: str
    lat: float
    lon: float
    kind: str
    """street (a highway way), station (railway or metro), square or other."""
    tags: dict[str, str]
    names: set[tuple[str, ...]] = field(default_factory=set)
    way_ids: tuple[int, ...] = ()
    length_m: float = 0.0
    line: tuple[tuple[float, float], ...] = ()

    def raw(self) -> dict:
        """A Nominatim-like dict (as ``Location.raw``)."""
        main_key = next(
            (
                k
                for k in (
                    "railway",
                    "highway",
                    "amenity",
                    "historic",
                    "tourism",
                    "leisure",
                    "place",
                    "shop",
                    "building",
                )
                if k in self.tags
            ),
            "",
        )
        raw = {
            "osm_type": self.osm_type,
            "osm_id": self.osm_id,
            "lat": f"{self.lat:.7f}",
            "lon": f"{self.lon:.7f}",
            "display_name": self.name,
            "name": self.name,
            "class": main_key,
            "type": self.tags.get(main_key, ""),
            "kind": self.kind,
        }
        if self.way_ids:
            raw["osm_ids"] = list(self.way_ids)
            raw["length_m"] = round(self.length_m)
        if self.line:
            raw["line"] = [[round(lat, 6), round(lon, 6)] for lat, lon in self.line]
        return raw


def kind_of(tags: dict[str, str], *, is_way: bool) -> str:
    if (
        tags.get("railway") in ("station", "halt", "subway_entrance")
        or tags.get("station") == "subway"
        or tags.get("public_transport") == "station"
    ):
        return "station"
    if tags.get("place") == "square" or tags.get("leisure") == "square":
        return "square"
    if is_way and "highway" in tags and tags.get("area") != "yes":
        return "street"
    if "highway" in tags and tags.get("area") == "yes":
        return "square"
    return "other"


def object_names(tags: dict[str, str]) -> set[tuple[str, ...]]:
    names = set()
    for key in NAME_KEYS:
        for variant in name_variants(tags.get(key, "")):
            words = normalise(variant)
            if words:
                names.add(words)
    return names


def metres(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Distance in metres between two (lat, lon) points (equirectangular: fine within a city)."""
    lat = math.radians((a[0] + b[0]) / 2)
    dx = math.radians(b[1] - a[1]) * math.cos(lat)
    dy = math.radians(b[0] - a[0])
    return EARTH_RADIUS_M * math.hypot(dx, dy)


def nearest_on_segment(
    p: tuple[float, float], a: tuple[float, float], b: tuple[float, float]
) -> tuple[float, float]:
    """The point of segment a-b nearest to p (planar, in degrees scaled by cos(lat))."""
    k = math.cos(math.radians(p[0]))
    ax, ay, bx, by, px, py = a[1] * k, a[0], b[1] * k, b[0], p[1] * k, p[0]
    dx, dy = bx - ax, by - ay
    span = dx * dx + dy * dy
    t = 0.0 if span == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / span))
    return (ay + t * dy, (ax + t * dx) / k)


def street_point(segments: list[tuple[tuple[float, float], tuple[float, float]]]):
    """The point of a street nearest to its length-weighted centre, and its length."""
    total = 0.0
    lat_sum = lon_sum = 0.0
    for a, b in segments:
        length = metres(a, b)
        total += length
        lat_sum += length * (a[0] + b[0]) / 2
        lon_sum += length * (a[1] + b[1]) / 2
    if total == 0:
        return segments[0][0], 0.0
    centre = (lat_sum / total, lon_sum / total)
    best = min(
        (nearest_on_segment(centre, a, b) for a, b in segments),
        key=lambda q: metres(q, centre),
    )
    return best, total


@dataclass
class NameIndex:
    """Features by their normalised names."""

    features: list[Feature]
    by_words: dict[frozenset[str], list[int]]
    by_core: dict[frozenset[str], list[int]]
    by_token: dict[str, set[int]]

    @classmethod
    def build(cls, features: list[Feature]) -> NameIndex:
        by_words: dict[frozenset[str], list[int]] = defaultdict(list)
        by_core: dict[frozenset[str], list[int]] = defaultdict(list)
        by_token: dict[str, set[int]] = defaultdict(set)
        for i, feature in enumerate(features):
            for words in feature.names:
                full = frozenset(words)
                by_words[full].append(i)
                core = full - TYPE_WORDS
                if core:
                    by_core[core].append(i)
                for w in core - FILLER_WORDS:
                    by_token[w].add(i)
        return cls(features, dict(by_words), dict(by_core), dict(by_token))

    def search(self, words: Iterable[str]) -> list[Feature]:
        """Features named ``words``, best first: exact names, then names that differ only in
        a type word ("ул."), then names containing every significant word (two or more)."""
        full = frozenset(words)
        if not full:
            return []
        hint = (
            "street"
            if full & STREET_WORDS
            else "station"
            if full & STATION_WORDS
            else "square"
            if full & SQUARE_WORDS
            else None
        )
        core = full - TYPE_WORDS
        significant = core - FILLER_WORDS
        ranked: dict[int, int] = {}

        def add(ids: Iterable[int], rank: int) -> None:
            for i in ids:
                if i not in ranked:
                    ranked[i] = rank

        add(self.by_words.get(full, ()), 0)
        if core:
            add(
                (i for i in self.by_core.get(core, ()) if fits(self.features[i], hint)),
                1,
            )
        if len(significant) >= 2:
            sets = [self.by_token.get(w, set()) for w in significant]
            add(
                (i for i in sorted(set.intersection(*sets)) if fits(self.features[i], hint)),
                2,
            )

        def order(i: int) -> tuple:
            f = self.features[i]
            preferred = f.kind == hint if hint else f.kind != "street"
            return (ranked[i], not preferred, -f.length_m, f.osm_id)

        return [self.features[i] for i in sorted(ranked, key=order)]


def fits(feature: Feature, hint: str | None) -> bool:
    """Whether a feature can be what a query's type word says (a street for "ул.", ...)."""
    if hint is None:
        return True
    if hint == "street":
        return feature.kind == "street"
    return feature.kind != "street"


def read_features(path: Path) -> list[Feature]:
    """Named nodes and ways of an extract; ways with the same name that share a node are
    merged into one street."""
    features: list[Feature] = []
    street_ways: dict[tuple[str, ...], list[tuple[int, dict, list, list]]] = defaultdict(list)
    processor = osmium.FileProcessor(str(path)).with_locations()
    for obj in processor:
        if not obj.tags:
            continue
        tags = {t.k: t.v for t in obj.tags}
        names = object_names(tags)
        if not names:
            continue
        name = tags.get("name") or next(tags[k] for k in NAME_KEYS if k in tags)
        if obj.is_node():
            if not obj.location.valid():
                continue
            features.append(
                Feature(
                    "node",
                    obj.id,
                    name,
                    obj.location.lat,
                    obj.location.lon,
                    kind_of(tags, is_way=False),
                    tags,
                    names,
                )
            )
        elif obj.is_way():
            node_ids = [n.ref for n in obj.nodes if n.location.valid()]
            points = [(n.location.lat, n.location.lon) for n in obj.nodes if n.location.valid()]
            if not points:
                continue
            kind = kind_of(tags, is_way=True)
            if kind == "street":
                key = min(names)
                street_ways[key].append((obj.id, tags, node_ids, points))
                continue
            ring = points[:-1] if len(points) > 1 and points[0] == points[-1] else points
            features.append(
                Feature(
                    "way",
                    obj.id,
                    name,
                    sum(p[0] for p in ring) / len(ring),
                    sum(p[1] for p in ring) / len(ring),
                    kind,
                    tags,
                    names,
                    way_ids=(obj.id,),
                )
            )
    for ways in street_ways.values():
        features.extend(merge_street(ways))
    return features


def merge_street(ways: list[tuple[int, dict, list, list]]) -> list[Feature]:
    """One street feature per connected group of same-named ways."""
    parent = list(range(len(ways)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first_way_of_node: dict[int, int] = {}
    for i, (_, _, node_ids, _) in enumerate(ways):
        for n in node_ids:
            j = first_way_of_node.setdefault(n, i)
            parent[root(i)] = root(j)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(ways)):
        groups[root(i)].append(i)
    out = []
    for members in groups.values():
        members.sort(key=lambda i: ways[i][0])
        segments = [(a, b) for i in members for a, b in zip(ways[i][3], ways[i][3][1:])] or [
            (ways[members[0]][3][0], ways[members[0]][3][0])
        ]
        (lat, lon), length = street_point(segments)
        longest = max(
            members, key=lambda i: sum(metres(a, b) for a, b in zip(ways[i][3], ways[i][3][1:]))
        )
        way_id, tags, _, _ = ways[longest]
        names: set[tuple[str, ...]] = set()
        for i in members:
            names |= object_names(ways[i][1])
        line = chain([ways[i][3] for i in members])
        out.append(
            Feature(
                "way",
                way_id,
                tags.get("name") or next(tags[k] for k in NAME_KEYS if k in tags),
                lat,
                lon,
                "street",
                tags,
                names,
                way_ids=tuple(ways[i][0] for i in members),
                length_m=length,
                line=tuple(line),
            )
        )
    return out


def chain(ways: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    """One line through connected ways: the longest way, extended at either end by ways that
    continue it; a branch that does not continue it is left out of the line."""
    remaining = sorted(ways, key=lambda pts: -sum(metres(a, b) for a, b in zip(pts, pts[1:])))
    line = list(remaining.pop(0))
    grew = True
    while grew and remaining:
        grew = False
        for i, pts in enumerate(remaining):
            if pts[0] == line[-1]:
                line += pts[1:]
            elif pts[-1] == line[-1]:
                line += pts[-2::-1]
            elif pts[-1] == line[0]:
                line = pts[:-1] + line
            elif pts[0] == line[0]:
                line = pts[:0:-1] + line
            else:
                continue
            remaining.pop(i)
            grew = True
            break
    return line


@functools.lru_cache(maxsize=4)
def load_index(path: str, mtime_ns: int, size: int) -> NameIndex:
    """The name index of an extract, built once per process (per file version)."""
    return NameIndex.build(read_features(Path(path)))


class OSMExtractGeocoder(Geocoder):
    """Geocode by name from a local OpenStreetMap extract (``.osm.pbf``), read with pyosmium.

    Finds named nodes, ways (their centre), streets (highway ways; the point lies on the
    street) and stations by their Russian, Kazakh or English names.
    """

    def __init__(self, path: str | Path):
        super().__init__()
        self.path = Path(path)
        if not self.path.is_file():
            raise ConfigError(
                f"OSM extract not found: {self.path} (give the .osm.pbf file with --osm-file)"
            )
        stat = self.path.stat()
        try:
            self.index = load_index(str(self.path.resolve()), stat.st_mtime_ns, stat.st_size)
        except RuntimeError as exc:
            raise ConfigError(f"cannot read OSM extract {self.path}: {exc}") from None

    def geocode(
        self, query: str, *, exactly_one: bool = True, language: str | None = None, **kwargs
    ):
        """The best match for ``query`` (a Location), all matches (``exactly_one=False``),
        or ``None`` when the extract has nothing by that name. ``language`` is accepted for
        the interface's sake: names in every language are searched."""
        found = self.index.search(query_words(query))
        if not found:
            return None
        locations = [Location(f.name, (f.lat, f.lon), f.raw()) for f in found]
        return locations[0] if exactly_one else locations
