"""The ``geocode`` command: coordinates for places, from Nominatim or a local OSM extract.

A batch step before publishing, never part of a page view. For each place still without a
coordinate (or every place not hand-verified, with ``--force``) it asks the geocoder for the
place's names followed by ", Almaty", shows what came back and writes the coordinate into
``places.csv`` with its provenance in ``coord_source``, unless a guard holds it for a person
to decide (outside Almaty, too far from the recorded point, a street answered by a building).

Every answer from a server is kept in ``geocode_cache.json`` next to the places, written
atomically as soon as it arrives, so a re-run asks nothing twice and an interrupted run loses
nothing it received. See docs/geocoding.md.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import functools
import io
import json
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from geopy.adapters import RequestsAdapter
from geopy.distance import geodesic
from geopy.exc import (
    ConfigurationError,
    GeocoderParseError,
    GeocoderRateLimited,
    GeocoderServiceError,
    GeocoderTimedOut,
    GeocoderUnavailable,
)
from geopy.geocoders import Nominatim
from geopy.geocoders.base import Geocoder

from dashboard import placenames, schema, settings
from dashboard.errors import ConfigError, DashboardError, DataError
from dashboard.files import write_atomically
from dashboard.loader import load_dataset, read_table
from dashboard.provenance import GEOCODER_LABELS

ALMATY_BBOX = (43.10, 76.70, 43.42, 77.17)
"""South, west, north, east: the city of Almaty with its edges. Answers outside are held."""

DEFAULT_MAX_DISTANCE_M = 500.0
"""An answer farther than this from a place's recorded coordinate is held, not written."""

CITY_SUFFIX = ", Almaty"
NAME_COLUMNS = (("name_ru", "ru"), ("name_kk", "kk"), ("name_en", "en"), ("aliases", "ru,kk,en"))
"""The name columns asked, in this order, each with the language(s) of its names."""

CACHE_FILENAME = "geocode_cache.json"
REVIEW_FILENAME = "geocode_review.json"
"""Places held for a person to decide, in the data directory (``geocode review``)."""

CANDIDATE_LIMIT = 10
"""How many answers to ask Nominatim for: every candidate is judged, never only the first."""

NOT_A_PLACE_IDS = frozenset({"upload:no-place"})
"""Rows an import writes for events whose place was not given: nothing to ask."""

AREA_CLASSES = frozenset({"landuse", "boundary", "natural"})
AREA_TYPES = frozenset({"park", "garden", "nature_reserve", "neighbourhood", "suburb", "quarter"})
"""An answer of these OSM classes, or of these types, is an area (for a place of unknown kind)."""

TOLERANCE_M = {"venue": 150.0, "street": 500.0, "area": 1000.0, "region": 10_000.0}
"""How far apart answers for one place may lie and still be the same place, by precision."""
DEFAULT_OSM_EXTRACT = Path("osm") / "almaty-2013.osm.pbf"
"""The offline backend's extract, relative to the data directory."""

MIN_INTERVAL_S = 1.0
"""Nominatim's usage policy: at most one request per second."""
MAX_ATTEMPTS = 5
BACKOFF_S = 2.0
"""Wait before the 2nd attempt; doubled for each further one."""
MAX_WAIT_S = 120.0
"""The longest single wait; a server asking for more is taken as down for now."""
DEFAULT_TIMEOUT_S = 10.0

GEOCODED_CONFIDENCE = "low"
"""A coordinate no person has checked yet."""

NOMINATIM_POLICY = "https://operations.osmfoundation.org/policies/nominatim/"


class GeocodingFailed(DashboardError):
    """The geocoder could not answer (down, overloaded, or answering garbage)."""


class RateLimiter:
    """At most one call per ``min_interval`` seconds; clock and sleep can be injected."""

    def __init__(
        self,
        min_interval: float = MIN_INTERVAL_S,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.min_interval = min_interval
        self.clock = clock
        self.sleep = sleep
        self.last: float | None = None

    def wait(self) -> None:
        """Sleep until a call is allowed, and count this one."""
        if self.last is not None:
            remaining = self.last + self.min_interval - self.clock()
            if remaining > 0:
                self.sleep(remaining)
        self.last = self.clock()


@dataclass(frozen=True)
class Backend:
    """A geocoder and how to describe and call it."""

    name: str
    """Short name, in the cache key and in messages: 'nominatim' or 'osm'."""
    source: str
    """Which server or file answers, for provenance."""
    geocoder: Geocoder
    params: Callable[[str], dict]
    """Keyword arguments of ``geocode`` for a query in a language."""
    remote: bool
    """Rate-limit, retry and cache its answers (a server, not a local file)."""


def nominatim_backend(
    *, user_agent: str, domain: str, scheme: str, timeout: float = DEFAULT_TIMEOUT_S
) -> Backend:
    """Nominatim (public or self-hosted) through geopy, limited to Almaty."""
    if not user_agent.strip():
        raise ConfigError(
            "Nominatim needs a user agent that identifies you: set "
            "DASHBOARD_GEOCODER_USER_AGENT or pass --user-agent, e.g. "
            f"'almaty-protest-map/0.1 (you@example.org)' (see {NOMINATIM_POLICY})"
        )
    if scheme not in ("http", "https"):
        raise ConfigError(f"Nominatim scheme must be http or https, not {scheme!r}")
    try:
        geocoder = Nominatim(
            user_agent=user_agent,
            domain=domain,
            scheme=scheme,
            timeout=timeout,
            # No retries inside requests/urllib3 (which would sleep on Retry-After by itself):
            # every attempt goes through our rate limiter and backoff.
            adapter_factory=functools.partial(RequestsAdapter, max_retries=0),
        )
    except ConfigurationError as exc:
        raise ConfigError(f"{exc} (set DASHBOARD_GEOCODER_USER_AGENT or --user-agent)") from None
    south, west, north, east = ALMATY_BBOX

    def params(language: str) -> dict:
        return {
            "exactly_one": False,
            "limit": CANDIDATE_LIMIT,
            "geometry": "geojson",
            "namedetails": True,
            "country_codes": "kz",
            "viewbox": [(south, west), (north, east)],
            "bounded": True,
            "language": language,
        }

    return Backend("nominatim", f"{scheme}://{domain}", geocoder, params, remote=True)


def osm_backend(path: Path) -> Backend:
    """The offline backend: names looked up in a local OSM extract."""
    from dashboard.osm_geocoder import OSMExtractGeocoder

    return Backend(
        "osm",
        f"OSM extract {path.name}",
        OSMExtractGeocoder(path),
        lambda lang: {"exactly_one": False},
        remote=False,
    )


class AnswerCache:
    """Every answer received, by request (geocoder, server, query, parameters), in a JSON file."""

    VERSION = 1

    def __init__(self, path: Path, answers: dict[str, dict] | None = None):
        self.path = path
        self.answers: dict[str, dict] = answers if answers is not None else {}

    @classmethod
    def load(cls, path: Path) -> AnswerCache:
        if not path.exists():
            return cls(path)
        try:
            content = json.loads(path.read_text(encoding="utf-8"))
            answers = content["answers"]
            if not isinstance(answers, dict):
                raise ValueError("'answers' is not an object")
        except (ValueError, KeyError, TypeError) as exc:
            raise ConfigError(
                f"the geocode cache {path} is not valid ({exc}); move it aside to start a new one"
            ) from None
        return cls(path, answers)

    @staticmethod
    def key(backend: Backend, query: str, params: Mapping) -> str:
        return json.dumps(
            {"geocoder": backend.name, "server": backend.source, "query": query, "params": params},
            sort_keys=True,
            ensure_ascii=False,
        )

    def get(self, key: str) -> dict | None:
        return self.answers.get(key)

    def put(self, key: str, entry: dict) -> None:
        self.answers[key] = entry
        self.save()

    def save(self) -> None:
        text = json.dumps(
            {"version": self.VERSION, "answers": self.answers},
            ensure_ascii=False,
            indent=1,
            sort_keys=True,
        )
        write_atomically(self.path, (text + "\n").encode("utf-8"))


@dataclass(frozen=True)
class Answer:
    """What the geocoder said for one query: its candidates' raw results (``None``: not
    found)."""

    query: str
    language: str
    raw: list[dict] | None
    retrieved: str
    """UTC time the answer was received (ISO 8601)."""
    cached: bool


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Asker:
    """Asks a backend: through the cache, at most once a second, retrying what can be retried.

    ``save_cache=False`` (a dry run) reads the cache but writes nothing.
    """

    def __init__(
        self,
        backend: Backend,
        cache: AnswerCache,
        *,
        limiter: RateLimiter | None = None,
        sleep: Callable[[float], None] = time.sleep,
        now: Callable[[], dt.datetime] = utc_now,
        max_attempts: int = MAX_ATTEMPTS,
        backoff: float = BACKOFF_S,
        max_wait: float = MAX_WAIT_S,
        save_cache: bool = True,
        report: Callable[[str], None] | None = None,
    ):
        self.backend = backend
        self.report = report or (lambda line: print(line, file=sys.stderr))
        self.cache = cache
        self.limiter = limiter or RateLimiter(sleep=sleep)
        self.sleep = sleep
        self.now = now
        self.max_attempts = max_attempts
        self.backoff = backoff
        self.max_wait = max_wait
        self.save_cache = save_cache
        self.requests = 0
        self.received = 0

    def ask(self, query: str, language: str) -> Answer:
        params = self.backend.params(language)
        if not self.backend.remote:
            raw = raw_results(self.backend.geocoder.geocode(query, **params))
            return Answer(query, language, raw, self.now().isoformat(timespec="seconds"), False)
        key = AnswerCache.key(self.backend, query, params)
        entry = self.cache.get(key)
        if entry is not None:
            return Answer(query, language, entry["result"], entry["retrieved"], True)
        raw = raw_results(self.call(query, params))
        retrieved = self.now().isoformat(timespec="seconds")
        self.received += 1
        if self.save_cache:
            self.cache.put(key, {"result": raw, "retrieved": retrieved})
        return Answer(query, language, raw, retrieved, False)

    def call(self, query: str, params: dict):
        """The geocoder's answer (a Location, or None: not found), or GeocodingFailed."""
        where = f"{self.backend.name} at {self.backend.source}"
        for attempt in range(1, self.max_attempts + 1):
            self.limiter.wait()
            self.requests += 1
            try:
                return self.backend.geocoder.geocode(query, **params)
            except GeocoderRateLimited as exc:
                problem = "rate limited (HTTP 429)"
                wait = exc.retry_after if exc.retry_after is not None else self.delay(attempt)
                if wait > self.max_wait:
                    raise GeocodingFailed(
                        f"{where} asks us to wait {wait:.0f} s (Retry-After) before asking "
                        f"again; try later"
                    ) from None
            except (GeocoderTimedOut, GeocoderUnavailable) as exc:
                problem = describe_failure(exc)
                wait = self.delay(attempt)
            except GeocoderParseError:
                raise GeocodingFailed(
                    f"{where} answered {query!r} with something that is not JSON: is it a "
                    "Nominatim server?"
                ) from None
            except GeocoderServiceError as exc:
                status = http_status(exc)
                if status is None or status < 500:
                    raise GeocodingFailed(
                        f"{where} refused {query!r}: {describe_failure(exc)}"
                    ) from None
                problem = f"server error (HTTP {status})"
                wait = self.delay(attempt)
            if attempt == self.max_attempts:
                raise GeocodingFailed(
                    f"{where} did not answer {query!r} after {attempt} attempts "
                    f"(last: {problem}); stopping, what was written stays written; try again later"
                )
            self.report(
                f"  {where}: {query!r}: {problem}; waiting {wait:.0f} s before attempt "
                f"{attempt + 1} of {self.max_attempts}"
            )
            self.sleep(wait)
        raise AssertionError("unreachable")

    def delay(self, attempt: int) -> float:
        return min(self.backoff * 2 ** (attempt - 1), self.max_wait)


def raw_results(found) -> list[dict] | None:
    """The raw dicts of a geocoder's answer (a Location, a list of them, or None)."""
    if not found:
        return None
    return [location.raw for location in (found if isinstance(found, list) else [found])]


def http_status(exc: BaseException) -> int | None:
    """The HTTP status behind a geopy error, when there was one."""
    return getattr(exc.__cause__, "status_code", None)


CONNECTION_PROBLEMS = (
    ("Connection refused", "connection refused (is the server running?)"),
    ("Name or service not known", "server name not found"),
    ("NameResolutionError", "server name not found"),
    ("Temporary failure in name resolution", "server name not found"),
    ("nodename nor servname", "server name not found"),
    ("CERTIFICATE_VERIFY_FAILED", "its TLS certificate was refused"),
    ("SSLError", "TLS/SSL error"),
    ("RemoteDisconnected", "the server closed the connection"),
    ("Connection reset", "the server closed the connection"),
    ("timed out", "timed out"),
)
"""Plain words for what the HTTP library reports (its text holds the percent-encoded URL)."""


def describe_failure(exc: BaseException) -> str:
    """What went wrong, in plain words: never the HTTP library's text."""
    status = http_status(exc)
    if status is not None:
        return f"HTTP {status}"
    if isinstance(exc, GeocoderTimedOut):
        return "timed out"
    text = str(exc)
    for marker, words in CONNECTION_PROBLEMS:
        if marker in text:
            return words
    if isinstance(exc, GeocoderUnavailable):
        return "could not connect"
    return type(exc).__name__


# --- places.csv, read and written as text so untouched rows keep their exact bytes --------


@dataclass
class PlacesFile:
    """places.csv as its header, rows (as dicts of strings) and each row's original text."""

    path: Path
    header: list[str]
    rows: list[dict[str, str]]
    texts: list[str]
    head_text: str
    changed: set[int] = field(default_factory=set)

    @classmethod
    def read(cls, path: Path) -> PlacesFile:
        text = path.read_bytes().decode("utf-8-sig")
        lines = text.splitlines(keepends=True) if "\r" in text else _split_lf(text)
        records: list[tuple[list[str], str]] = []
        pos = 0
        while pos < len(lines):
            reader = csv.reader(iter(lines[pos:]), strict=True)
            record = next(reader)
            records.append((record, "".join(lines[pos : pos + reader.line_num])))
            pos += reader.line_num
        header = records[0][0]
        rows = [dict(zip(header, r)) for r, _ in records[1:]]
        return cls(path, header, rows, [t for _, t in records[1:]], records[0][1])

    def set(self, index: int, values: Mapping[str, str]) -> None:
        self.rows[index].update(values)
        self.changed.add(index)

    def text(self) -> str:
        out = [self.head_text]
        for i, (row, original) in enumerate(zip(self.rows, self.texts)):
            if i in self.changed:
                buf = io.StringIO()
                csv.writer(buf, lineterminator="\n").writerow([row[h] for h in self.header])
                out.append(buf.getvalue())
            else:
                out.append(original if original.endswith("\n") else original + "\n")
        return "".join(out)

    def write(self) -> None:
        """Write atomically, after checking the new text against the schema."""
        data = self.text().encode("utf-8")
        _, problems = read_table(data, schema.PLACES, filename=str(self.path))
        if problems:
            raise DataError(problems)
        write_atomically(self.path, data)


def _split_lf(text: str) -> list[str]:
    parts = text.split("\n")
    lines = [p + "\n" for p in parts[:-1]]
    if parts[-1]:
        lines.append(parts[-1])
    return lines


# --- choosing, asking, judging --------------------------------------------------------------


def has_coordinate(row: Mapping[str, str]) -> bool:
    return bool(row.get("lat", "").strip() and row.get("lon", "").strip())


def select_places(
    rows: Sequence[Mapping[str, str]], *, force: bool = False, place_ids: Sequence[str] = ()
) -> list[int]:
    """Indexes of the rows to geocode: those without a coordinate; with ``force`` also those
    not verified by hand, and verified ones only when ``place_ids`` names them."""
    known = [r["place_id"] for r in rows]
    unknown = [p for p in place_ids if p not in known]
    if unknown:
        raise ConfigError(f"unknown place id {unknown[0]!r} (known: {', '.join(known)})")
    chosen = []
    for i, row in enumerate(rows):
        if row["place_id"] in NOT_A_PLACE_IDS:
            continue
        named = row["place_id"] in place_ids
        if place_ids and not named:
            continue
        if not has_coordinate(row):
            chosen.append(i)
        elif force and (named or row.get("verified") != "yes"):
            chosen.append(i)
    return chosen


def queries_for(row: Mapping[str, str]) -> list[tuple[str, str]]:
    """(query, language) for each of the place's names (Russian, Kazakh, English, then its
    aliases) and each name's cleaned variants (:func:`dashboard.placenames.variants`)."""
    out: list[tuple[str, str]] = []
    for column, language in NAME_COLUMNS:
        for name in row.get(column, "").split(";"):
            for variant in placenames.variants(name):
                query = f"{variant}{CITY_SUFFIX}"
                if (query, language) not in out:
                    out.append((query, language))
    return out


def is_street(raw: Mapping) -> bool:
    """Whether an answer is a street: a highway way (a bus stop, a highway node, is not)."""
    if "kind" in raw:
        return raw["kind"] == "street"
    return raw.get("class", raw.get("category")) == "highway" and raw.get("osm_type") != "node"


def line_of(raw: Mapping) -> list[tuple[float, float]]:
    """The line an answer carries, as (lat, lon) points: Nominatim's GeoJSON geometry (the
    longest part of a MultiLineString), or the offline backend's ``line``; else ``[]``."""
    geometry = raw.get("geojson") or {}
    kind = geometry.get("type")
    if kind == "LineString":
        parts = [geometry.get("coordinates") or []]
    elif kind == "MultiLineString":
        parts = geometry.get("coordinates") or []
    else:
        return [tuple(p) for p in raw.get("line") or []]
    longest = max(parts, key=len, default=[])
    return [(float(lat), float(lon)) for lon, lat, *_ in longest]


def line_text(points: Sequence[tuple[float, float]]) -> str:
    """Points in the ``line`` column's form: 'lat lon|lat lon'."""
    return "|".join(f"{fmt_coordinate(lat)} {fmt_coordinate(lon)}" for lat, lon in points)


def hold_reason(
    row: Mapping[str, str],
    raw: Mapping,
    point: tuple[float, float],
    *,
    max_distance_m: float,
    bbox: tuple[float, float, float, float] = ALMATY_BBOX,
) -> str | None:
    """Why one answer cannot stand for the place; ``None`` when it can. Needs no recorded
    point: the city's area and the place's kind; a recorded point adds the distance."""
    south, west, north, east = bbox
    lat, lon = point
    if not (south <= lat <= north and west <= lon <= east):
        return (
            f"outside the Almaty bounding box ({south:.2f} to {north:.2f} N, "
            f"{west:.2f} to {east:.2f} E)"
        )
    if has_coordinate(row):
        distance = geodesic((float(row["lat"]), float(row["lon"])), point).meters
        if distance > max_distance_m:
            return (
                f"{distance:.0f} m from the recorded coordinate (more than {max_distance_m:.0f} m)"
            )
    what = osm_class(raw)
    precision = row.get("precision")
    if precision == "street":
        if not is_street(raw):
            return f"the place is a street but the answer is not ({what})"
        if len(line_of(raw)) < 2:
            return f"the answer is a street but carries no line ({what})"
    if precision == "city" and is_street(raw) and len(line_of(raw)) < 2:
        return f"the answer is a street but carries no line ({what})"
    if precision in ("venue", "area") and is_street(raw):
        article = "an" if precision == "area" else "a"
        return f"the place is {article} {precision} but the answer is a street ({what})"
    return None


def precision_of(raw: Mapping) -> str:
    """The precision an answer gives a place of unknown kind (an imported place that was
    named but not located: ``city``): a street, an area (a park, a district) or a venue."""
    if is_street(raw):
        return "street"
    if raw.get("class") in AREA_CLASSES or raw.get("type") in AREA_TYPES:
        return "area"
    return "venue"


def osm_class(raw: Mapping) -> str:
    return f"{raw.get('class', raw.get('category', '?'))}={raw.get('type', '?')}"


def osm_reference(raw: Mapping) -> str:
    """'OSM node 259995299', or 'OSM ways 1, 2' for a street of several ways."""
    ids = raw.get("osm_ids") or [raw.get("osm_id")]
    kind = raw.get("osm_type", "object")
    return f"OSM {kind}{'s' if len(ids) > 1 else ''} {', '.join(str(i) for i in ids)}"


def answer_names(raw: Mapping) -> list[str]:
    """Every name an answer gives itself: its name, its names in other languages
    (Nominatim's ``namedetails``) and the first part of its display name."""
    names = [raw.get("name") or "", *(raw.get("namedetails") or {}).values()]
    names.append(str(raw.get("display_name") or "").split(",")[0])
    return [n for n in names if n]


def name_score(query: str, raw: Mapping) -> int:
    """How well an answer's names match the name asked: 2 the same words, 1 every word asked
    is among its words (or every one of its words among those asked), 0 otherwise."""
    asked = set(placenames.words(query.removesuffix(CITY_SUFFIX)))
    best = 0
    for name in answer_names(raw):
        have = set(placenames.words(name))
        if not have:
            continue
        if have == asked:
            return 2
        if asked <= have or have <= asked:
            best = 1
    return best


def provenance(backend: Backend, answer: Answer, raw: Mapping | None = None) -> str:
    """The coord_source of a geocoded coordinate: who answered, when, to what, with what."""
    label = GEOCODER_LABELS[backend.name]
    raw = raw if raw is not None else (answer.raw or [{}])[0]
    return (
        f"{label} ({backend.source}), retrieved {answer.retrieved[:10]}: query "
        f'"{answer.query}" ({answer.language}); {osm_reference(raw)}'
    )


def fmt_coordinate(x: float) -> str:
    return f"{x:.5f}".rstrip("0").rstrip(".")


@dataclass(frozen=True)
class Candidate:
    """One answer to one query, judged for one place."""

    raw: dict
    answer: Answer
    score: int
    """Name match (:func:`name_score`)."""
    problem: str | None
    """Why it cannot stand for the place (:func:`hold_reason`), or ``None``."""

    @property
    def point(self) -> tuple[float, float]:
        return (float(self.raw["lat"]), float(self.raw["lon"]))

    @property
    def identity(self) -> tuple[str, str]:
        """Which OSM object it is (two answers with one identity are one object)."""
        ids = self.raw.get("osm_ids") or [self.raw.get("osm_id")]
        return (str(self.raw.get("osm_type")), ",".join(str(i) for i in ids))

    @property
    def importance(self) -> float:
        try:
            return round(float(self.raw.get("importance") or 0.0), 6)
        except (TypeError, ValueError):
            return 0.0

    @property
    def rank_key(self) -> tuple:
        """Best first: usable, the closer name, the more important; then a fixed order by
        OSM object, so that a rerun ranks the same answers the same way."""
        ids = self.raw.get("osm_ids") or [self.raw.get("osm_id")]
        numbers = tuple(int(i) if str(i).isdigit() else 0 for i in ids)
        return (self.problem is not None, -self.score, -self.importance, self.identity[0], numbers)


def rank(candidates: Sequence[Candidate]) -> list[Candidate]:
    return sorted(candidates, key=lambda c: c.rank_key)


@dataclass(frozen=True)
class Decision:
    """What to do with a place: write ``chosen``, or hold it (``held`` says why)."""

    chosen: Candidate | None
    held: str | None
    candidates: list[Candidate]
    """Every candidate seen for the place, ranked within each query, in the order asked."""


def decide(row: Mapping[str, str], usable: Sequence[Candidate]) -> tuple[Candidate, str | None]:
    """Of one query's usable candidates (ranked, best first): the best one, and why it must be
    held instead of written (``None``: write it). Equally good answers that are different
    objects are ambiguous; answers whose names match as well as the best one's but lie farther
    apart than the place's precision allows disagree."""
    best = usable[0]
    tied = {c.identity for c in usable if (c.score, c.importance) == (best.score, best.importance)}
    if len(tied) > 1:
        return best, (
            f"ambiguous: {len(tied)} different OSM objects answer equally well; "
            "a person must choose"
        )
    tolerance = TOLERANCE_M.get(row.get("precision", ""), TOLERANCE_M["venue"])
    spread = max(geodesic(best.point, c.point).meters for c in usable if c.score == best.score)
    if spread > tolerance:
        return best, (
            f"candidates disagree: {spread:.0f} m apart, more than the {tolerance:.0f} m a "
            f"{row.get('precision')} allows"
        )
    return best, None


@dataclass
class Summary:
    asked: int = 0
    written: int = 0
    not_found: int = 0
    held: int = 0
    would_write: int = 0

    def line(self, dry_run: bool) -> str:
        done = f"{self.would_write} would be written" if dry_run else f"{self.written} written"
        text = (
            f"{self.asked} place(s) asked: {done}, {self.not_found} not found, "
            f"{self.held} held for review"
        )
        return text + (" (dry run: nothing written)" if dry_run else "")


# --- the review file ------------------------------------------------------------------------


class ReviewFile:
    """Places held for a person to decide, with every candidate seen, in a JSON file."""

    VERSION = 1

    def __init__(self, path: Path, content: dict | None = None):
        self.path = path
        self.content = content or {"version": self.VERSION, "held": {}, "decisions": []}

    @classmethod
    def load(cls, path: Path) -> ReviewFile:
        if not path.exists():
            return cls(path)
        try:
            content = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(content.get("held"), dict):
                raise ValueError("'held' is not an object")
            content.setdefault("decisions", [])
        except (ValueError, AttributeError) as exc:
            raise ConfigError(
                f"the review file {path} is not valid ({exc}); move it aside and run geocode "
                "again to rebuild it"
            ) from None
        return cls(path, content)

    @property
    def held(self) -> dict[str, dict]:
        return self.content["held"]

    def save(self) -> None:
        text = json.dumps(self.content, ensure_ascii=False, indent=1, sort_keys=True)
        write_atomically(self.path, (text + "\n").encode("utf-8"))


def review_entry(row: Mapping[str, str], decision: Decision, backend: Backend) -> dict[str, object]:
    """What a person needs to decide: the place, why it is held, and each candidate with its
    point, OSM object, distances and why it could not be written by itself."""
    recorded = (float(row["lat"]), float(row["lon"])) if has_coordinate(row) else None
    first = decision.chosen or (decision.candidates[0] if decision.candidates else None)
    candidates = []
    for n, c in enumerate(decision.candidates, start=1):
        line = line_of(c.raw)
        candidates.append(
            {
                "n": n,
                "name": str(c.raw.get("display_name") or c.raw.get("name") or ""),
                "lat": fmt_coordinate(c.point[0]),
                "lon": fmt_coordinate(c.point[1]),
                "osm": osm_reference(c.raw),
                "osm_class": osm_class(c.raw),
                "kind": precision_of(c.raw),
                "line": line_text(line) if line else "",
                "name_match": c.score,
                "importance": c.importance,
                "query": c.answer.query,
                "language": c.answer.language,
                "retrieved": c.answer.retrieved,
                "coord_source": provenance(backend, c.answer, c.raw),
                "metres_from_best": round(geodesic(first.point, c.point).meters) if first else 0,
                "metres_from_recorded": (
                    round(geodesic(recorded, c.point).meters) if recorded else None
                ),
                "not_usable": c.problem,
            }
        )
    return {
        "place": row.get("name_en", ""),
        "precision": row.get("precision", ""),
        "best": decision.candidates.index(first) + 1 if first else None,
        "recorded": [row["lat"], row["lon"]] if recorded else None,
        "held": decision.held,
        "geocoder": backend.source,
        "candidates": candidates,
    }


# --- geocoding the places -------------------------------------------------------------------


def judge(row: Mapping[str, str], answer: Answer, *, max_distance_m: float) -> list[Candidate]:
    """One query's answers as candidates for the place, ranked."""
    out = []
    for raw in answer.raw or []:
        try:
            point = (float(raw["lat"]), float(raw["lon"]))
        except (KeyError, TypeError, ValueError):
            continue
        out.append(
            Candidate(
                raw,
                answer,
                name_score(answer.query, raw),
                hold_reason(row, raw, point, max_distance_m=max_distance_m),
            )
        )
    return rank(out)


def describe(c: Candidate, row: Mapping[str, str]) -> str:
    if has_coordinate(row):
        before = (float(row["lat"]), float(row["lon"]))
        distance = f"{geodesic(before, c.point).meters:.0f} m from the recorded coordinate"
    else:
        distance = "no coordinate recorded before"
    return (
        f"{c.raw.get('display_name', '?')} at {c.point[0]:.5f}, {c.point[1]:.5f}; "
        f"{osm_reference(c.raw)} ({osm_class(c.raw)}); {distance}"
    )


def locate(row: Mapping[str, str], asker: Asker, *, max_distance_m: float, out: TextIO) -> Decision:
    """Ask every name and variant of a place, in order, until one query has an answer that
    can stand for the place; decide on that query's answers."""
    seen: list[Candidate] = []
    for query, language in queries_for(row):
        answer = asker.ask(query, language)
        cached = " [cache]" if answer.cached else ""
        candidates = judge(row, answer, max_distance_m=max_distance_m)
        head = f"{row['place_id']}: {query!r} ({language}) ->"
        if not candidates:
            print(f"{head} not found{cached}", file=out)
            continue
        print(f"{head} {len(candidates)} candidate(s){cached}", file=out)
        for n, c in enumerate(candidates, start=len(seen) + 1):
            print(f"  {n}. {describe(c, row)}", file=out)
            if c.problem:
                print(f"     not usable: {c.problem}", file=out)
        seen.extend(candidates)
        usable = [c for c in candidates if c.problem is None]
        if usable:
            chosen, held = decide(row, usable)
            return Decision(chosen, held, seen)
    if seen:
        return Decision(None, "no candidate can stand for the place (see not_usable)", seen)
    return Decision(None, None, [])


def geocode_places(
    data_dir: Path,
    asker: Asker,
    *,
    force: bool = False,
    place_ids: Sequence[str] = (),
    dry_run: bool = False,
    max_distance_m: float = DEFAULT_MAX_DISTANCE_M,
    out: TextIO | None = None,
) -> Summary:
    """Geocode the chosen places of ``data_dir``: write what passes the guards, put what is
    held into the review file; report on ``out`` (default: standard output). The closing
    summary is printed even when a failure stops the run."""
    out = out or sys.stdout
    load_dataset(data_dir)  # refuse to touch a data directory that is not valid
    places = PlacesFile.read(data_dir / schema.PLACES.filename)
    review = ReviewFile.load(data_dir / REVIEW_FILENAME)
    chosen = select_places(places.rows, force=force, place_ids=place_ids)
    summary = Summary()
    if not chosen:
        print(
            "nothing to geocode: every chosen place has a coordinate "
            "(--force redoes those not verified by hand)",
            file=out,
        )
        return summary
    try:
        for index in chosen:
            row = places.rows[index]
            summary.asked += 1
            decision = locate(row, asker, max_distance_m=max_distance_m, out=out)
            place_id = row["place_id"]
            if decision.chosen is None and decision.held is None:
                summary.not_found += 1
                continue
            if decision.held is not None:
                summary.held += 1
                where = "" if dry_run else f"; candidates in {review.path.name}"
                print(f"  held for review: {decision.held}{where}", file=out)
                if not dry_run:
                    review.held[place_id] = review_entry(row, decision, asker.backend)
                    review.save()
                continue
            best = decision.chosen
            n = decision.candidates.index(best) + 1
            if dry_run:
                summary.would_write += 1
                print(f"  dry run: would write candidate {n}", file=out)
                continue
            values = {
                "lat": fmt_coordinate(best.point[0]),
                "lon": fmt_coordinate(best.point[1]),
                "coord_source": provenance(asker.backend, best.answer, best.raw),
                "confidence": GEOCODED_CONFIDENCE,
                "verified": "no",
            }
            precision = row.get("precision")
            if precision == "city":
                # A place named in an imported file and not located: the answer says what it is.
                precision = values["precision"] = precision_of(best.raw)
            if precision == "street" and not row.get("line", "").strip():
                values["line"] = line_text(line_of(best.raw))
            places.set(index, values)
            places.write()
            if review.held.pop(place_id, None) is not None:
                review.save()
            summary.written += 1
            print(f"  written: candidate {n}", file=out)
    finally:
        print(summary.line(dry_run), file=out)
    return summary


# --- review: a person decides ---------------------------------------------------------------

ACCEPTED_CONFIDENCE = "medium"
"""A coordinate a person checked: a geocoder's candidate they accepted, or one they typed."""

TYPED_PRECISIONS = ("venue", "street", "area")
"""What a typed point may stand for (``--precision``): a point, a street's midpoint, a point
inside an area."""


def parse_coordinate(text: str) -> tuple[float, float]:
    """'43.2389, 76.9455' -> (43.2389, 76.9455); a ConfigError that echoes anything else."""
    parts = text.replace(";", ",").split(",")
    try:
        lat, lon = (float(p) for p in parts)
    except ValueError:
        raise ConfigError(
            f"expected a coordinate as LAT,LON (e.g. 43.2389,76.9455), instead got: {text!r}"
        ) from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ConfigError(f"latitude or longitude out of range in {text!r}")
    return lat, lon


def review_lines(review: ReviewFile) -> list[str]:
    """The held places and their numbered candidates, for a person to choose from."""
    if not review.held:
        return [f"nothing to review in {review.path}"]
    lines = []
    for place_id, entry in sorted(review.held.items()):
        recorded = entry.get("recorded")
        lines.append(
            f"{place_id} ({entry['place']}, {entry['precision']}): held: {entry['held']}"
            + (f"; recorded {recorded[0]}, {recorded[1]}" if recorded else "")
        )
        for c in entry["candidates"]:
            far = f"{c['metres_from_best']} m from candidate {entry.get('best') or 1}"
            if c.get("metres_from_recorded") is not None:
                far += f", {c['metres_from_recorded']} m from the recorded point"
            lines.append(
                f"  {c['n']}. {c['name']} at {c['lat']}, {c['lon']}; {c['osm']} "
                f"({c['osm_class']}); {far}; query {c['query']!r}"
            )
            if c.get("not_usable"):
                lines.append(f"     not usable by itself: {c['not_usable']}")
    lines.append(
        "decide with: python -m dashboard geocode review PLACE --by NAME "
        "(--accept N | --coordinate LAT,LON --source TEXT | --reject)"
    )
    return lines


def review_place(
    data_dir: Path,
    place_id: str,
    *,
    by: str,
    accept: int | None = None,
    coordinate: tuple[float, float] | None = None,
    source: str = "",
    precision: str | None = None,
    reject: bool = False,
    now: Callable[[], dt.datetime] = utc_now,
) -> str:
    """Record a person's decision on a held place: accept candidate ``accept``, type a
    ``coordinate`` (with its ``source``, and its ``precision`` where the place has none yet but
    the city's), or ``reject`` them all. An accepted or typed point is written with its
    provenance and ``verified=yes``; the decision is logged in the review file and the place
    leaves it. Returns what was done, in one line."""
    if not by.strip():
        raise ConfigError("say who decides: --by NAME (it goes into coord_source)")
    if sum((accept is not None, coordinate is not None, reject)) != 1:
        raise ConfigError("choose one of --accept N, --coordinate LAT,LON or --reject")
    review = ReviewFile.load(data_dir / REVIEW_FILENAME)
    entry = review.held.get(place_id)
    if entry is None:
        held = ", ".join(sorted(review.held)) or "none"
        raise ConfigError(f"{place_id!r} is not held for review (held: {held})")
    load_dataset(data_dir)
    places = PlacesFile.read(data_dir / schema.PLACES.filename)
    index = next((i for i, r in enumerate(places.rows) if r["place_id"] == place_id), None)
    if index is None:
        raise ConfigError(f"{place_id!r} is held for review but is no longer in places.csv")
    day = now().date().isoformat()
    decision: dict[str, object] = {"place_id": place_id, "by": by, "on": day}
    if reject:
        decision["decision"] = "rejected every candidate"
        done = f"{place_id}: every candidate rejected by {by}; places.csv unchanged"
    else:
        values = {"confidence": ACCEPTED_CONFIDENCE, "verified": "yes"}
        if accept is not None:
            candidates = entry["candidates"]
            if not 1 <= accept <= len(candidates):
                raise ConfigError(
                    f"{place_id!r} has candidates 1 to {len(candidates)}, not {accept}"
                )
            chosen = candidates[accept - 1]
            lat, lon = chosen["lat"], chosen["lon"]
            values["coord_source"] = (
                f"Checked by {by} on {day}: accepted candidate {accept} of "
                f"{len(candidates)}: {chosen['coord_source']}"
            )
            precision = places.rows[index].get("precision")
            if precision == "city" and chosen.get("kind"):
                precision = values["precision"] = chosen["kind"]
            if precision == "street" and chosen.get("line"):
                values["line"] = chosen["line"]
            decision["decision"] = f"accepted candidate {accept} ({chosen['osm']})"
        else:
            if not source.strip():
                raise ConfigError("say where the typed coordinate comes from: --source TEXT")
            if precision is not None:
                if precision not in TYPED_PRECISIONS:
                    raise ConfigError(
                        f"--precision {precision!r}: choose one of {', '.join(TYPED_PRECISIONS)}"
                    )
                values["precision"] = precision
            elif places.rows[index].get("precision") == "city":
                # An imported place known only as the city: a point of that precision is not
                # drawn, and which precision the typed point has only the person knows.
                raise ConfigError(
                    f"{place_id!r} is known only as the city: say what the typed point stands "
                    f"for: --precision {'|'.join(TYPED_PRECISIONS)}"
                )
            lat, lon = (fmt_coordinate(x) for x in coordinate)
            values["coord_source"] = f"Typed by {by} on {day} from {source.strip()}"
            decision["decision"] = f"typed {lat}, {lon} from {source.strip()}"
        values.update(lat=lat, lon=lon)
        places.set(index, values)
        places.write()
        done = f"{place_id}: {decision['decision']} by {by}; written to places.csv, verified"
    review.held.pop(place_id)
    review.content["decisions"].append(decision)
    review.save()
    return done


# --- the command ----------------------------------------------------------------------------


def add_command(subparsers: argparse._SubParsersAction) -> None:
    """Register ``geocode`` with the command line."""
    p = subparsers.add_parser(
        "geocode",
        help="find coordinates for places (Nominatim or the offline OSM extract)",
        description="Geocode places that lack a coordinate and write them with provenance. "
        "See docs/geocoding.md.",
    )
    p.add_argument(
        "--data",
        metavar="DIR",
        help="data directory (default: $DASHBOARD_DATA, else the bundled data/)",
    )
    p.add_argument("--dry-run", action="store_true", help="show what would change; write nothing")
    p.add_argument(
        "--force",
        action="store_true",
        help="redo places that have a coordinate too (hand-verified ones only if --place "
        "names them)",
    )
    p.add_argument(
        "--place",
        metavar="ID",
        action="append",
        default=[],
        help="only this place (repeatable)",
    )
    p.add_argument("--backend", choices=("nominatim", "osm"), default="nominatim")
    p.add_argument(
        "--max-distance",
        type=float,
        default=DEFAULT_MAX_DISTANCE_M,
        metavar="METRES",
        help="hold answers farther than this from a recorded coordinate "
        f"(default {DEFAULT_MAX_DISTANCE_M:.0f})",
    )
    p.add_argument(
        "--user-agent",
        help="identifying User-Agent for Nominatim (default: $DASHBOARD_GEOCODER_USER_AGENT)",
    )
    p.add_argument(
        "--nominatim-domain",
        metavar="HOST",
        help="Nominatim server (default: $DASHBOARD_NOMINATIM_DOMAIN, else "
        "nominatim.openstreetmap.org)",
    )
    p.add_argument(
        "--nominatim-scheme",
        choices=("http", "https"),
        help="default: $DASHBOARD_NOMINATIM_SCHEME, else https",
    )
    p.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT_S,
        metavar="SECONDS",
        help=f"per request (default {DEFAULT_TIMEOUT_S:.0f})",
    )
    p.add_argument(
        "--osm-file",
        metavar="PBF",
        help=f"extract for --backend osm (default: DIR/{DEFAULT_OSM_EXTRACT})",
    )
    p.set_defaults(func=cmd_geocode)
    steps = p.add_subparsers(dest="step", metavar="STEP")
    r = steps.add_parser(
        "review",
        help="list held places, or accept a candidate, type a coordinate or reject",
        description="Without PLACE: list the places held for review and their candidates. "
        "With PLACE: record a person's decision and write it with its provenance.",
    )
    r.add_argument(
        "--data",
        dest="review_data",
        metavar="DIR",
        help="data directory (default: $DASHBOARD_DATA, else the bundled data/)",
    )
    r.add_argument("place", nargs="?", metavar="PLACE", help="the held place to decide on")
    r.add_argument("--by", default="", metavar="NAME", help="who decides (required to decide)")
    r.add_argument("--accept", type=int, metavar="N", help="accept candidate N")
    r.add_argument("--coordinate", type=parse_coordinate, metavar="LAT,LON")
    r.add_argument("--source", default="", help="where a typed coordinate comes from")
    r.add_argument(
        "--precision",
        choices=TYPED_PRECISIONS,
        help="what a typed coordinate stands for (required for a place known only as the city)",
    )
    r.add_argument("--reject", action="store_true", help="reject every candidate")
    r.set_defaults(func=cmd_review)


def backend_from_args(
    args: argparse.Namespace, data_dir: Path, env: Mapping[str, str] | None = None
) -> Backend:
    if args.backend == "osm":
        return osm_backend(Path(args.osm_file) if args.osm_file else data_dir / DEFAULT_OSM_EXTRACT)
    return nominatim_backend(
        user_agent=settings.setting_value("DASHBOARD_GEOCODER_USER_AGENT", args.user_agent, env),
        domain=settings.setting_value("DASHBOARD_NOMINATIM_DOMAIN", args.nominatim_domain, env),
        scheme=settings.setting_value("DASHBOARD_NOMINATIM_SCHEME", args.nominatim_scheme, env),
        timeout=args.timeout,
    )


def cmd_geocode(args: argparse.Namespace) -> int:
    data_dir = settings.data_dir(args.data)
    backend = backend_from_args(args, data_dir)
    cache = AnswerCache.load(data_dir / CACHE_FILENAME)
    asker = Asker(backend, cache, save_cache=not args.dry_run)
    try:
        geocode_places(
            data_dir,
            asker,
            force=args.force,
            place_ids=args.place,
            dry_run=args.dry_run,
            max_distance_m=args.max_distance,
        )
    except KeyboardInterrupt:
        kept = "" if args.dry_run else f"; {asker.received} new answer(s) kept in {cache.path}"
        print(f"interrupted{kept}", file=sys.stderr)
        return 130
    return 0


def cmd_review(args: argparse.Namespace) -> int:
    data_dir = settings.data_dir(args.review_data or args.data)
    if args.place is None:
        print("\n".join(review_lines(ReviewFile.load(data_dir / REVIEW_FILENAME))))
        return 0
    print(
        review_place(
            data_dir,
            args.place,
            by=args.by,
            accept=args.accept,
            coordinate=args.coordinate,
            source=args.source,
            precision=args.precision,
            reject=args.reject,
        )
    )
    return 0
