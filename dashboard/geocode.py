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

from dashboard import schema, settings
from dashboard.errors import ConfigError, DashboardError, DataError
from dashboard.files import write_atomically
from dashboard.loader import load_dataset, read_table

ALMATY_BBOX = (43.10, 76.70, 43.42, 77.17)
"""South, west, north, east: the city of Almaty with its edges. Answers outside are held."""

DEFAULT_MAX_DISTANCE_M = 500.0
"""An answer farther than this from a place's recorded coordinate is held, not written."""

CITY_SUFFIX = ", Almaty"
NAME_COLUMNS = (("name_ru", "ru"), ("name_kk", "kk"), ("name_en", "en"))
"""The name columns asked, in this order, each with the language of its names."""

CACHE_FILENAME = "geocode_cache.json"
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
            "exactly_one": True,
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
        "osm", f"OSM extract {path.name}", OSMExtractGeocoder(path), lambda lang: {}, remote=False
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
    """What the geocoder said for one query: its raw result (``None``: not found)."""

    query: str
    language: str
    raw: dict | None
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
            location = self.backend.geocoder.geocode(query, **params)
            raw = None if location is None else location.raw
            return Answer(query, language, raw, self.now().isoformat(timespec="seconds"), False)
        key = AnswerCache.key(self.backend, query, params)
        entry = self.cache.get(key)
        if entry is not None:
            return Answer(query, language, entry["result"], entry["retrieved"], True)
        location = self.call(query, params)
        raw = None if location is None else location.raw
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
                    f"(last: {problem}); try again later"
                )
            self.report(
                f"  {problem}; waiting {wait:.0f} s before attempt {attempt + 1} of "
                f"{self.max_attempts}"
            )
            self.sleep(wait)
        raise AssertionError("unreachable")

    def delay(self, attempt: int) -> float:
        return min(self.backoff * 2 ** (attempt - 1), self.max_wait)


def http_status(exc: BaseException) -> int | None:
    """The HTTP status behind a geopy error, when there was one."""
    return getattr(exc.__cause__, "status_code", None)


def describe_failure(exc: BaseException) -> str:
    status = http_status(exc)
    if status is not None:
        return f"HTTP {status}"
    if isinstance(exc, GeocoderTimedOut):
        return "timed out"
    if isinstance(exc, GeocoderUnavailable):
        return f"unavailable ({exc})"
    return str(exc)


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
        named = row["place_id"] in place_ids
        if place_ids and not named:
            continue
        if not has_coordinate(row):
            chosen.append(i)
        elif force and (named or row.get("verified") != "yes"):
            chosen.append(i)
    return chosen


def queries_for(row: Mapping[str, str]) -> list[tuple[str, str]]:
    """(query, language) for each of the place's names: Russian, Kazakh, then English."""
    out: list[tuple[str, str]] = []
    for column, language in NAME_COLUMNS:
        for name in row.get(column, "").split(";"):
            name = name.strip()
            query = f"{name}{CITY_SUFFIX}"
            if name and (query, language) not in out:
                out.append((query, language))
    return out


def is_street(raw: Mapping) -> bool:
    """Whether an answer is a street (a highway that is not an area)."""
    if "kind" in raw:
        return raw["kind"] == "street"
    return raw.get("class", raw.get("category")) == "highway"


def hold_reason(
    row: Mapping[str, str],
    raw: Mapping,
    point: tuple[float, float],
    *,
    max_distance_m: float,
    bbox: tuple[float, float, float, float] = ALMATY_BBOX,
) -> str | None:
    """Why an answer must not be written without a person deciding; ``None`` when it may."""
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
    if row.get("precision") == "street" and not is_street(raw):
        return f"the place is a street but the answer is not ({what})"
    if row.get("precision") == "venue" and is_street(raw):
        return f"the place is a venue but the answer is a street ({what})"
    return None


def osm_class(raw: Mapping) -> str:
    return f"{raw.get('class', raw.get('category', '?'))}={raw.get('type', '?')}"


def osm_reference(raw: Mapping) -> str:
    """'OSM node 259995299', or 'OSM ways 1, 2' for a street of several ways."""
    ids = raw.get("osm_ids") or [raw.get("osm_id")]
    kind = raw.get("osm_type", "object")
    return f"OSM {kind}{'s' if len(ids) > 1 else ''} {', '.join(str(i) for i in ids)}"


def provenance(backend: Backend, answer: Answer) -> str:
    """The coord_source of a geocoded coordinate: who answered, when, to what, with what."""
    label = "Nominatim" if backend.name == "nominatim" else "Offline geocoder"
    return (
        f"{label} ({backend.source}), retrieved {answer.retrieved[:10]}: query "
        f'"{answer.query}" ({answer.language}); {osm_reference(answer.raw or {})}'
    )


def fmt_coordinate(x: float) -> str:
    return f"{x:.5f}".rstrip("0").rstrip(".")


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
    """Geocode the chosen places of ``data_dir`` and write what passes the guards; report on
    ``out`` (default: standard output)."""
    out = out or sys.stdout
    load_dataset(data_dir)  # refuse to touch a data directory that is not valid
    places = PlacesFile.read(data_dir / schema.PLACES.filename)
    chosen = select_places(places.rows, force=force, place_ids=place_ids)
    summary = Summary()
    if not chosen:
        print(
            "nothing to geocode: every chosen place has a coordinate "
            "(--force redoes those not verified by hand)",
            file=out,
        )
        return summary
    for index in chosen:
        row = places.rows[index]
        summary.asked += 1
        answer = None
        for query, language in queries_for(row):
            answer = asker.ask(query, language)
            cached = " [cache]" if answer.cached else ""
            if answer.raw is None:
                print(f"{row['place_id']}: {query!r} ({language}) -> not found{cached}", file=out)
                continue
            print(
                f"{row['place_id']}: {query!r} ({language}) -> "
                f"{answer.raw.get('display_name', '?')}{cached}",
                file=out,
            )
            break
        if answer is None or answer.raw is None:
            summary.not_found += 1
            continue
        raw = answer.raw
        point = (float(raw["lat"]), float(raw["lon"]))
        if has_coordinate(row):
            before = (float(row["lat"]), float(row["lon"]))
            distance = f"{geodesic(before, point).meters:.0f} m from the recorded coordinate"
        else:
            distance = "no coordinate recorded before"
        print(
            f"  at {point[0]:.5f}, {point[1]:.5f}; {osm_reference(raw)} ({osm_class(raw)}); "
            f"{distance}",
            file=out,
        )
        reason = hold_reason(row, raw, point, max_distance_m=max_distance_m)
        if reason:
            summary.held += 1
            print(f"  not written: {reason}", file=out)
            continue
        values = {
            "lat": fmt_coordinate(point[0]),
            "lon": fmt_coordinate(point[1]),
            "coord_source": provenance(asker.backend, answer),
            "confidence": GEOCODED_CONFIDENCE,
            "verified": "no",
        }
        if dry_run:
            summary.would_write += 1
            print("  dry run: would write it", file=out)
            continue
        places.set(index, values)
        places.write()
        summary.written += 1
        print("  written", file=out)
    print(summary.line(dry_run), file=out)
    return summary


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
