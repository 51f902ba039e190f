"""The bundled basemap: vector tiles of Almaty made from the OpenStreetMap extract.

``python -m dashboard basemap`` reads ``data/osm/almaty-2013.osm.pbf`` and writes
``static/basemap/almaty-2013.pmtiles``: one PMTiles archive of Mapbox vector tiles (zoom
``MIN_ZOOM`` to ``MAX_ZOOM``), served by the app's own static server and drawn in the map by
the vendored protomaps-leaflet (``static/js/protestmap.js`` has the style). The same extract
gives the same bytes: features are read in file order, tiles written in tile-id order, and
gzip writes no time stamp.

Why vector tiles: the whole city down to street level is a few hundred KB, the labels are laid
out in the browser in the viewer's language (Russian, Kazakh or English as tagged) and are
placed without overlaps at every zoom, and the map draws past the last zoom by scaling the
geometry (raster tiles of a city at zoom 18 would be tens of thousands of images, one set per
language).

Layers and properties (``kind`` and the names ``name``, ``name_ru``, ``name_kk``, ``name_en``):
``water`` (polygons), ``green`` (parks, woods, grass; squares as ``kind=square``),
``buildings``, ``waterways`` (rivers, canals, streams), ``rail``, ``roads`` (``kind``: major,
medium, minor, path, pedestrian) and ``labels`` (points: places, landmarks, and the names of
parks, squares and water areas; ``kind=gazetteer``: the places of the gazetteer, below).

The extract is © OpenStreetMap contributors, ODbL 1.0 (see ``data/osm/ATTRIBUTION.md``).

The 2013 extract leaves unnamed some of the places where the events happened (Republic Square
is an unnamed open space, Gandhi Park an unnamed green). So the build also labels the places of
the gazetteer (``data/places.csv``) that are a venue or an area, at the gazetteer's point, with
its names (first of the ';'-separated forms, without the bracketed remark): a reader finds
"Republic Square" on the map whether or not it has events in the current selection. The
gazetteer names its source for each point (``coord_source``); the map panel shows it.
"""

from __future__ import annotations

import argparse
import gzip
import math
import os
import re
import sys
import time
from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import mapbox_vector_tile
import numpy as np
import osmium
import pandas as pd
import shapely
import shapely.affinity
from pmtiles.tile import Compression, TileType, zxy_to_tileid
from pmtiles.writer import Writer
from shapely import wkb
from shapely.geometry.base import BaseGeometry

from dashboard import assets, loader, schema
from dashboard.errors import ConfigError, DataError
from dashboard.settings import PROJECT_ROOT

EXTRACT = PROJECT_ROOT / "data" / "osm" / "almaty-2013.osm.pbf"
GAZETTEER = PROJECT_ROOT / "data" / "places.csv"
GAZETTEER_PRECISIONS = ("venue", "area")
"""Gazetteer places labelled on the basemap. Streets are drawn and named by the extract; a
region or a city has no point worth a label."""
GAZETTEER_ZOOM = 11
"""Data zoom 11 is drawn at map zoom 12 (512 px tiles): named from the city overview on."""
OUTPUT = assets.BASEMAP_TILES.file
"""Served by the app at ``assets.BASEMAP_TILES.url``."""

MIN_ZOOM = 10
MAX_ZOOM = 14
"""Data zooms. protomaps-leaflet draws a data tile as 512 px, so zoom 14 data is sharp at map
zoom 15 and is scaled beyond it (streets stay lines; labels are laid out afresh)."""
EXTENT = 4096
BUFFER = 64
"""Tile units drawn past each edge, so lines and labels meet across tiles."""
SIMPLIFY = 2.0
"""Douglas-Peucker tolerance in tile units (a quarter of a pixel at 512 px per tile)."""

ATTRIBUTION = "© OpenStreetMap contributors (ODbL), extract of 2013"
NAME_TAGS = (
    ("name", "name"),
    ("name_ru", "name:ru"),
    ("name_kk", "name:kk"),
    ("name_en", "name:en"),
)

ROAD_KINDS: dict[str, tuple[str, int]] = {
    **dict.fromkeys(("motorway", "trunk", "primary"), ("major", 10)),
    **dict.fromkeys(("motorway_link", "trunk_link", "primary_link"), ("major", 12)),
    **dict.fromkeys(("secondary", "tertiary"), ("medium", 10)),
    **dict.fromkeys(("secondary_link", "tertiary_link"), ("medium", 13)),
    **dict.fromkeys(("residential", "unclassified", "living_street", "road"), ("minor", 12)),
    **dict.fromkeys(("service", "unsurfaced", "track"), ("minor", 13)),
    **dict.fromkeys(("footway", "path", "steps", "cycleway", "bridleway"), ("path", 13)),
    "pedestrian": ("pedestrian", 12),
}
"""OSM ``highway`` value: (our kind, first data zoom)."""
WATERWAY_ZOOM = {"river": 10, "canal": 10, "stream": 12, "drain": 13, "ditch": 13}
RAIL_ZOOM = {"rail": 10, "tram": 12, "light_rail": 12, "subway": 12, "narrow_gauge": 12}
GREEN_KINDS = {
    ("leisure", "park"): "park",
    ("leisure", "garden"): "park",
    ("leisure", "common"): "park",
    ("leisure", "recreation_ground"): "park",
    ("landuse", "recreation_ground"): "park",
    ("leisure", "stadium"): "pitch",
    ("leisure", "pitch"): "pitch",
    ("landuse", "grass"): "grass",
    ("landuse", "cemetery"): "grass",
    ("landuse", "forest"): "wood",
    ("natural", "wood"): "wood",
    ("leisure", "square"): "square",
    ("place", "square"): "square",
    ("highway", "pedestrian"): "square",
}
WATER_TAGS = {
    ("natural", "water"),
    ("landuse", "reservoir"),
    ("landuse", "basin"),
    ("waterway", "riverbank"),
}
PLACE_ZOOM = {
    "city": 10,
    "town": 10,
    "suburb": 11,
    "village": 11,
    "quarter": 12,
    "neighbourhood": 13,
    "hamlet": 13,
}
LANDMARKS = {
    "amenity": {
        "theatre",
        "cinema",
        "place_of_worship",
        "university",
        "college",
        "townhall",
        "arts_centre",
        "library",
        "concert_hall",
    },
    "tourism": {"attraction", "museum", "artwork"},
    "historic": {"monument", "memorial", "building", "yes"},
}
"""Named buildings and monuments a reader finds their way by: labelled at street level."""
LANDMARK_ZOOM = 14
LABEL_AREA = 0.15
"""A park, square or lake is named from the first zoom where it covers this share of a tile."""


@dataclass
class Feature:
    """One map feature, in Web Mercator units of the unit square (x right, y down)."""

    layer: str
    geometry: BaseGeometry
    properties: dict[str, str]
    min_zoom: int


@dataclass
class Extracted:
    """Everything read from the extract, in file order."""

    features: list[Feature] = field(default_factory=list)
    bounds: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)
    """west, south, east, north in degrees (the extract's header box)."""


def mercator(lon: float, lat: float) -> tuple[float, float]:
    """Web Mercator in the unit square: (0, 0) is the north-west corner of zoom 0."""
    lat = max(min(lat, 85.0511), -85.0511)
    sin = math.sin(math.radians(lat))
    return (lon + 180.0) / 360.0, 0.5 - math.log((1 + sin) / (1 - sin)) / (4 * math.pi)


def _project(geometry: BaseGeometry) -> BaseGeometry:
    """``geometry`` from degrees (lon, lat) to :func:`mercator` units."""
    coords = shapely.get_coordinates(geometry)
    sin = np.sin(np.radians(coords[:, 1].clip(-85.0511, 85.0511)))
    coords[:, 0] = (coords[:, 0] + 180.0) / 360.0
    coords[:, 1] = 0.5 - np.log((1 + sin) / (1 - sin)) / (4 * math.pi)
    return shapely.set_coordinates(geometry, coords)


def names(tags: Mapping[str, str]) -> dict[str, str]:
    """The feature's names as tagged: ``name`` and its Russian, Kazakh and English forms."""
    return {key: tags[tag].strip() for key, tag in NAME_TAGS if tags.get(tag, "").strip()}


def is_landmark(tags: Mapping[str, str]) -> bool:
    """A named building or monument worth a label (see ``LANDMARKS``)."""
    return any(tags.get(key) in values for key, values in LANDMARKS.items())


class _Reader(osmium.SimpleHandler):
    def __init__(self) -> None:
        super().__init__()
        self.wkb = osmium.geom.WKBFactory()
        self.features: list[Feature] = []

    def _add(self, layer: str, geometry: BaseGeometry, props: dict[str, str], zoom: int) -> None:
        if not geometry.is_empty:
            self.features.append(Feature(layer, _project(geometry), props, zoom))

    def node(self, n) -> None:
        place = n.tags.get("place")
        label = names(n.tags)
        if "name" not in label:
            return
        if place in PLACE_ZOOM:
            point = wkb.loads(self.wkb.create_point(n), hex=True)
            self._add("labels", point, {"kind": place, **label}, PLACE_ZOOM[place])
        elif is_landmark(n.tags):
            point = wkb.loads(self.wkb.create_point(n), hex=True)
            self._add("labels", point, {"kind": "landmark", **label}, LANDMARK_ZOOM)

    def way(self, w) -> None:
        tags = w.tags
        highway, waterway, railway = tags.get("highway"), tags.get("waterway"), tags.get("railway")
        if tags.get("area") == "yes" or len(w.nodes) < 2:
            return
        if highway in ROAD_KINDS:
            kind, zoom = ROAD_KINDS[highway]
            layer, props = "roads", {"kind": kind}
        elif waterway in WATERWAY_ZOOM and tags.get("tunnel") not in ("yes", "culvert"):
            kind, zoom = waterway, WATERWAY_ZOOM[waterway]
            layer, props = "waterways", {"kind": "river" if kind == "river" else "canal"}
        elif railway in RAIL_ZOOM and tags.get("tunnel") != "yes":
            layer, props, zoom = "rail", {"kind": railway}, RAIL_ZOOM[railway]
        else:
            return
        if highway == "pedestrian" and w.is_closed():
            return  # a pedestrian square, drawn as an area
        try:
            line = wkb.loads(self.wkb.create_linestring(w), hex=True)
        except osmium.InvalidLocationError:
            return
        self._add(layer, line, {**props, **names(tags)}, zoom)

    def area(self, a) -> None:
        tags = a.tags
        pairs = [(k, tags.get(k)) for k in ("natural", "landuse", "waterway", "leisure", "place")]
        pairs.append(("highway", tags.get("highway")))
        water = any(p in WATER_TAGS for p in pairs)
        green = next((GREEN_KINDS[p] for p in pairs if p in GREEN_KINDS), None)
        building = tags.get("building", "no") != "no"
        if not (water or green or building):
            return
        label = names(tags)
        landmark = "name" in label and is_landmark(tags)
        try:
            polygon = wkb.loads(self.wkb.create_multipolygon(a), hex=True)
        except (osmium.InvalidLocationError, RuntimeError):
            return
        if water:
            self._add("water", polygon, {"kind": "water"}, 10)
        elif green:
            self._add("green", polygon, {"kind": green}, 10 if green != "square" else 12)
        else:
            self._add("buildings", polygon, {"kind": "building"}, 13)
            if landmark:
                point = shapely.point_on_surface(_project(polygon))
                self.features.append(
                    Feature("labels", point, {"kind": "landmark", **label}, LANDMARK_ZOOM)
                )
            return
        if "name" in label:
            projected = _project(polygon)
            share = projected.area * 4**MIN_ZOOM
            zoom = MIN_ZOOM
            while share < LABEL_AREA and zoom < MAX_ZOOM:
                zoom += 1
                share *= 4
            kind = "water" if water else green
            point = shapely.point_on_surface(projected)
            self.features.append(Feature("labels", point, {"kind": kind, **label}, zoom))


def label_name(value: str) -> str:
    """A gazetteer name as a map label: the first of its ';'-separated forms, without a
    bracketed remark ("Republic Square (Independence Monument)" -> "Republic Square")."""
    first = value.split(";")[0]
    return re.sub(r"\s+", " ", re.sub(r"\([^)]*\)", " ", first)).strip()


def _precision_rank(precision: str) -> int:
    return 0 if precision == "area" else 1


def gazetteer_labels(path: Path, bounds: tuple[float, float, float, float]) -> list[Feature]:
    """Labels of the gazetteer's located venues and areas inside ``bounds``, in file order.

    Read with the project's own loader: a gazetteer with a problem stops the build, with the
    file, row, column and value.
    """
    frame, problems = loader.read_table(
        path.read_bytes(), schema.PLACES, filename=str(path), known_ids={}
    )
    if problems:
        raise DataError(problems)
    west, south, east, north = bounds
    labels = []
    # Areas first: where two names would collide the renderer keeps the first, and a park or a
    # district is what a reader looks for at the overview; a venue inside it has its marker.
    order = frame["precision"].map(_precision_rank)
    frame = frame.assign(_rank=order).sort_values("_rank", kind="stable")
    for row in frame.itertuples(index=False):
        if row.precision not in GAZETTEER_PRECISIONS or pd.isna(row.lat) or pd.isna(row.lon):
            continue
        if not (west <= row.lon <= east and south <= row.lat <= north):
            continue
        props = {"kind": "gazetteer"}
        for key, value in (
            ("name_ru", row.name_ru),
            ("name_kk", row.name_kk),
            ("name_en", row.name_en),
        ):
            if isinstance(value, str) and label_name(value):
                props[key] = label_name(value)
        props["name"] = props.get("name_ru") or props["name_en"]
        point = _project(shapely.Point(row.lon, row.lat))
        labels.append(Feature("labels", point, props, GAZETTEER_ZOOM))
    return labels


def read_extract(path: Path = EXTRACT) -> Extracted:
    """The map features of an OSM extract (``.osm.pbf``), projected, in file order."""
    if not path.is_file():
        raise ConfigError(f"{path}: no such OpenStreetMap extract (an .osm.pbf file)")
    reader = _Reader()
    reader.apply_file(str(path), locations=True, idx="flex_mem")
    box = osmium.io.Reader(str(path), osmium.osm.osm_entity_bits.NOTHING).header().box()
    if box.valid():
        bounds = (box.bottom_left.lon, box.bottom_left.lat, box.top_right.lon, box.top_right.lat)
    else:
        bounds = _bounds_of(reader.features)
    return Extracted(features=reader.features, bounds=bounds)


def _bounds_of(features: list[Feature]) -> tuple[float, float, float, float]:
    x0, y0, x1, y1 = shapely.total_bounds([f.geometry for f in features])
    lon0, lon1 = x0 * 360.0 - 180.0, x1 * 360.0 - 180.0
    lat_n = math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * y0))))
    lat_s = math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * y1))))
    return (lon0, lat_s, lon1, lat_n)


def _tile_range(bounds: tuple[float, float, float, float], z: int) -> Iterator[tuple[int, int]]:
    n = 1 << z
    pad = BUFFER / EXTENT
    x0, y0, x1, y1 = (v * n for v in bounds)
    for x in range(max(int(x0 - pad), 0), min(int(x1 + pad), n - 1) + 1):
        for y in range(max(int(y0 - pad), 0), min(int(y1 + pad), n - 1) + 1):
            yield x, y


def _merge_lines(features: list[Feature]) -> list[Feature]:
    """Ways of one street (same layer, properties and zoom) joined into long lines: fewer
    pieces to draw and one label per street instead of one per OSM way."""
    groups: dict[tuple, list[Feature]] = defaultdict(list)
    out: list[Feature] = []
    for f in features:
        if f.layer in ("roads", "waterways", "rail"):
            key = (f.layer, f.min_zoom, tuple(sorted(f.properties.items())))
            groups[key].append(f)
        else:
            out.append(f)
    for (layer, zoom, props), group in groups.items():
        merged = shapely.line_merge(shapely.union_all([f.geometry for f in group], grid_size=1e-9))
        for line in shapely.get_parts(merged):
            out.append(Feature(layer, line, dict(props), zoom))
    return out


def tiles(extracted: Extracted) -> Iterator[tuple[int, int, int, bytes]]:
    """``(z, x, y, gzipped MVT bytes)`` for every tile with something in it."""
    features = _merge_lines(extracted.features)
    for z in range(MIN_ZOOM, MAX_ZOOM + 1):
        scale = float(EXTENT << z)
        layers: dict[tuple[int, int], dict[str, list[dict]]] = defaultdict(
            lambda: defaultdict(list)
        )
        for f in features:
            if f.min_zoom > z:
                continue
            geometry = shapely.affinity.scale(f.geometry, scale, scale, origin=(0, 0))
            if f.layer != "labels":
                geometry = shapely.simplify(geometry, SIMPLIFY if z < MAX_ZOOM else 1.0)
                if f.layer in ("water", "green", "buildings") and geometry.area < 4 * 64:
                    continue  # smaller than 2 x 2 px
            if geometry.is_empty:
                continue
            for x, y in _tile_range(tuple(v / scale for v in geometry.bounds), z):
                x0, y0 = x * EXTENT, y * EXTENT
                clipped = shapely.clip_by_rect(
                    geometry, x0 - BUFFER, y0 - BUFFER, x0 + EXTENT + BUFFER, y0 + EXTENT + BUFFER
                )
                if clipped.is_empty:
                    continue
                if f.layer == "labels" and not (
                    x0 <= geometry.x < x0 + EXTENT and y0 <= geometry.y < y0 + EXTENT
                ):
                    continue  # a label point belongs to one tile only
                local = shapely.affinity.translate(clipped, -x0, -y0)
                layers[(x, y)][f.layer].append({"geometry": local, "properties": f.properties})
        for x, y in sorted(layers):
            encoded = mapbox_vector_tile.encode(
                [
                    {"name": name, "features": feats}
                    for name, feats in sorted(layers[(x, y)].items(), key=_layer_order)
                ],
                default_options={"extents": EXTENT, "y_coord_down": True},
            )
            yield z, x, y, gzip.compress(encoded, compresslevel=9, mtime=0)


LAYER_ORDER = ("water", "green", "buildings", "waterways", "rail", "roads", "labels")


def _layer_order(item: tuple[str, list]) -> int:
    return LAYER_ORDER.index(item[0])


def metadata(bounds: tuple[float, float, float, float]) -> dict:
    """The archive's JSON metadata (TileJSON-like)."""
    return {
        "name": "Almaty (OpenStreetMap extract of 2013)",
        "attribution": ATTRIBUTION,
        "description": "Built by `python -m dashboard basemap` from data/osm/almaty-2013.osm.pbf",
        "bounds": [round(v, 7) for v in bounds],
        "vector_layers": [
            {"id": name, "fields": {"kind": "String", "name": "String"}} for name in LAYER_ORDER
        ],
    }


@dataclass(frozen=True)
class BuildReport:
    path: Path
    tiles: int
    bytes: int
    seconds: float


def build(
    source: Path = EXTRACT, output: Path = OUTPUT, gazetteer: Path | None = GAZETTEER
) -> BuildReport:
    """Read ``source`` (and label the places of ``gazetteer``, when given) and write the
    PMTiles archive to ``output`` (replaced whole)."""
    start = time.perf_counter()
    extracted = read_extract(source)
    if gazetteer is not None:
        extracted.features.extend(gazetteer_labels(gazetteer, extracted.bounds))
    west, south, east, north = extracted.bounds
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(output.name + ".partial")
    count = 0
    with partial.open("wb") as fh:
        writer = Writer(fh)
        entries = sorted((zxy_to_tileid(z, x, y), data) for z, x, y, data in tiles(extracted))
        for tile_id, data in entries:
            writer.write_tile(tile_id, data)
            count += 1
        e7 = 10_000_000
        writer.finalize(
            {
                "tile_type": TileType.MVT,
                "tile_compression": Compression.GZIP,
                "min_lon_e7": int(west * e7),
                "min_lat_e7": int(south * e7),
                "max_lon_e7": int(east * e7),
                "max_lat_e7": int(north * e7),
                "center_zoom": 13,
                "center_lon_e7": int((west + east) / 2 * e7),
                "center_lat_e7": int((south + north) / 2 * e7),
            },
            metadata(extracted.bounds),
        )
    os.replace(partial, output)
    return BuildReport(output, count, output.stat().st_size, time.perf_counter() - start)


def cmd_basemap(args: argparse.Namespace) -> int:
    gazetteer = Path(args.gazetteer) if args.gazetteer else None
    if gazetteer is not None and not gazetteer.is_file():
        raise ConfigError(f"{gazetteer}: no such gazetteer (a places.csv file)")
    report = build(Path(args.extract), Path(args.output), gazetteer)
    print(
        f"wrote {report.path}: {report.tiles} tiles, {report.bytes:,} bytes "
        f"in {report.seconds:.1f} s",
        file=sys.stderr,
    )
    return 0


def add_command(sub) -> None:
    p = sub.add_parser(
        "basemap",
        help="rebuild the bundled basemap (vector tiles) from the OpenStreetMap extract",
    )
    p.add_argument("--extract", default=str(EXTRACT), help="the .osm.pbf to read")
    p.add_argument("-o", "--output", default=str(OUTPUT), help="the .pmtiles file to write")
    p.add_argument(
        "--gazetteer",
        default=str(GAZETTEER),
        help="the places.csv whose venues and areas are labelled on the map ('' for none)",
    )
    p.set_defaults(func=cmd_basemap)
