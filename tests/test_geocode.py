"""The geocode command against the real geopy Nominatim client and a fake Nominatim on loopback.

The fake speaks Nominatim's /search JSON; replies are scripted per test. Sleeping is injected,
so retries and the one-request-a-second limit cost no real time.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import shutil
import socket
import stat
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from dashboard import cli, geocode, settings
from dashboard.errors import ConfigError
from dashboard.geocode import (
    AnswerCache,
    Asker,
    GeocodingFailed,
    PlacesFile,
    RateLimiter,
    geocode_places,
    hold_reason,
    nominatim_backend,
    select_places,
)
from dashboard.loader import load_dataset

REPO_DATA = Path(__file__).resolve().parent.parent / "data"
USER_AGENT = "almaty-protest-map-tests/1.0 (tests@example.org)"
NOW = dt.datetime(2026, 2, 3, 10, 0, tzinfo=dt.UTC)
PRESS_CLUB = {
    "place_id": 1001,
    "licence": "Data © OpenStreetMap contributors, ODbL 1.0. https://osm.org/copyright",
    "osm_type": "node",
    "osm_id": 123456,
    "lat": "43.2561",
    "lon": "76.9452",
    "class": "office",
    "type": "association",
    "place_rank": 30,
    "importance": 0.1,
    "addresstype": "office",
    "name": "Kazakhstan Press Club",
    "display_name": "Kazakhstan Press Club, Almaty, Kazakhstan",
    "boundingbox": ["43.2560", "43.2562", "76.9451", "76.9453"],
}
"""A made-up answer in Nominatim's format (the fake's coordinate, not the real club's)."""
ASTANA = {
    **PRESS_CLUB,
    "lat": "51.1282",
    "lon": "71.4307",
    "display_name": "Kazakhstan Press Club, Astana, Kazakhstan",
}


@dataclass
class Reply:
    status: int = 200
    body: object = field(default_factory=list)
    """JSON-serialisable, or bytes sent as they are."""
    headers: dict[str, str] = field(default_factory=dict)
    hold: bool = False
    """Answer only when the test ends (the client's timeout, whatever it is, runs out first)."""


class FakeNominatim:
    """Scripted replies to GET /search, and a record of every request."""

    def __init__(self) -> None:
        self.replies: list[Reply] = []
        self.requests: list[dict] = []
        self.released = threading.Event()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                url = urlsplit(self.path)
                fake.requests.append(
                    {
                        "path": url.path,
                        "params": {k: v[0] for k, v in parse_qs(url.query).items()},
                        "user_agent": self.headers.get("User-Agent"),
                    }
                )
                reply = fake.replies.pop(0) if fake.replies else Reply(500, {"error": "unscripted"})
                if reply.hold:
                    fake.released.wait()
                body = (
                    reply.body if isinstance(reply.body, bytes) else json.dumps(reply.body).encode()
                )
                try:
                    self.send_response(reply.status)
                    self.send_header("Content-Type", "application/json; charset=utf-8")
                    self.send_header("Content-Length", str(len(body)))
                    for k, v in reply.headers.items():
                        self.send_header(k, v)
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test)

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.domain = f"127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def script(self, *replies: Reply) -> None:
        self.replies.extend(replies)


class FakeClock:
    """Monotonic time that only moves when something sleeps."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def time(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture
def nominatim():
    """A fake Nominatim on 127.0.0.1, stopped after the test."""
    fake = FakeNominatim()
    fake.thread.start()
    yield fake
    fake.released.set()
    fake.server.shutdown()
    fake.server.server_close()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A copy of the bundled data's CSV files: tests never write the repository's data/."""
    target = tmp_path / "data"
    target.mkdir()
    for csv_file in REPO_DATA.glob("*.csv"):
        shutil.copy(csv_file, target / csv_file.name)
    return target


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def make_asker(fake: FakeNominatim, data_dir: Path, clock: FakeClock, **kwargs) -> Asker:
    backend = nominatim_backend(
        user_agent=USER_AGENT, domain=fake.domain, scheme="http", timeout=kwargs.pop("timeout", 2)
    )
    return Asker(
        backend,
        AnswerCache.load(data_dir / geocode.CACHE_FILENAME),
        limiter=RateLimiter(clock=clock.time, sleep=clock.sleep),
        sleep=clock.sleep,
        now=lambda: NOW,
        **kwargs,
    )


def run(fake, data_dir, clock, capsys, **kwargs):
    """Geocode ``data_dir``; (summary, stdout lines, stderr lines)."""
    asker = make_asker(
        fake,
        data_dir,
        clock,
        **{k: kwargs.pop(k) for k in ("timeout", "save_cache") if k in kwargs},
    )
    summary = geocode_places(data_dir, asker, **kwargs)
    captured = capsys.readouterr()
    return summary, captured.out.splitlines(), captured.err.splitlines()


def press_club(data_dir: Path) -> dict[str, str]:
    rows = PlacesFile.read(data_dir / "places.csv").rows
    return next(r for r in rows if r["place_id"] == "kazakhstan-press-club")


def assert_valid(data_dir: Path) -> dict:
    """The data directory loads and the cache reads; the cache's answers."""
    load_dataset(data_dir)
    return AnswerCache.load(data_dir / geocode.CACHE_FILENAME).answers


def cached_results(data_dir: Path) -> list:
    return [entry["result"] for entry in assert_valid(data_dir).values()]


def source(fake: FakeNominatim) -> str:
    return (
        f"Nominatim (http://{fake.domain}), retrieved 2026-02-03: query "
        '"Kazakhstan Press Club, Almaty" (en); OSM node 123456'
    )


def test_a_normal_answer_is_written_with_provenance(nominatim, data_dir, clock, capsys):
    nominatim.script(Reply(body=[PRESS_CLUB]))
    summary, out, err = run(nominatim, data_dir, clock, capsys)
    assert out == [
        "kazakhstan-press-club: 'Kazakhstan Press Club, Almaty' (en) -> 1 candidate(s)",
        "  1. Kazakhstan Press Club, Almaty, Kazakhstan at 43.25610, 76.94520; OSM node 123456 "
        "(office=association); no coordinate recorded before",
        "  written: candidate 1",
        "1 place(s) asked: 1 written, 0 not found, 0 held for review",
    ]
    assert err == []
    assert (summary.asked, summary.written) == (1, 1)
    row = press_club(data_dir)
    assert {k: row[k] for k in ("lat", "lon", "coord_source", "confidence", "verified")} == {
        "lat": "43.2561",
        "lon": "76.9452",
        "coord_source": source(nominatim),
        "confidence": "low",
        "verified": "no",
    }
    assert row["precision"] == "venue"
    assert cached_results(data_dir) == [[PRESS_CLUB]]
    assert clock.sleeps == []


def test_the_request_follows_the_usage_policy_and_stays_in_almaty(
    nominatim, data_dir, clock, capsys
):
    nominatim.script(Reply(body=[PRESS_CLUB]))
    run(nominatim, data_dir, clock, capsys)
    assert nominatim.requests == [
        {
            "path": "/search",
            "params": {
                "q": "Kazakhstan Press Club, Almaty",
                "format": "json",
                "limit": "10",
                "polygon_geojson": "1",
                "namedetails": "1",
                "countrycodes": "kz",
                "viewbox": "76.7,43.1,77.17,43.42",
                "bounded": "1",
                "accept-language": "en",
            },
            "user_agent": USER_AGENT,
        }
    ]


def test_only_the_changed_row_of_places_csv_changes(nominatim, data_dir, clock, capsys):
    before = (data_dir / "places.csv").read_text(encoding="utf-8").splitlines()
    nominatim.script(Reply(body=[PRESS_CLUB]))
    run(nominatim, data_dir, clock, capsys)
    after = (data_dir / "places.csv").read_text(encoding="utf-8").splitlines()
    changed = [(a, b) for a, b in zip(before, after) if a != b]
    assert len(before) == len(after)
    assert [b.split(",")[0] for _, b in changed] == ["kazakhstan-press-club"]


def test_a_rerun_answers_from_the_cache_without_asking(nominatim, data_dir, clock, capsys):
    nominatim.script(Reply(body=[PRESS_CLUB]))
    run(nominatim, data_dir, clock, capsys)
    summary, out, _ = run(nominatim, data_dir, clock, capsys, force=True)
    assert len(nominatim.requests) == 1
    assert out[0] == (
        "kazakhstan-press-club: 'Kazakhstan Press Club, Almaty' (en) -> 1 candidate(s) [cache]"
    )
    assert out[1].endswith("; 0 m from the recorded coordinate")
    assert press_club(data_dir)["coord_source"] == source(nominatim)


def test_no_result_is_not_found_and_remembered(nominatim, data_dir, clock, capsys):
    before = (data_dir / "places.csv").read_bytes()
    nominatim.script(Reply(body=[]))
    summary, out, _ = run(nominatim, data_dir, clock, capsys)
    assert out == [
        "kazakhstan-press-club: 'Kazakhstan Press Club, Almaty' (en) -> not found",
        "1 place(s) asked: 0 written, 1 not found, 0 held for review",
    ]
    assert (data_dir / "places.csv").read_bytes() == before
    assert cached_results(data_dir) == [None]
    run(nominatim, data_dir, clock, capsys)
    assert len(nominatim.requests) == 1


def test_places_and_cache_keep_their_mode_when_written(nominatim, data_dir, clock, capsys):
    """The geocoder replaces places.csv atomically: an app running as another user must still
    be able to read it (mkstemp's 0600 used to be kept through the rename)."""
    places = data_dir / "places.csv"
    places.chmod(0o644)
    old = os.umask(0o022)
    try:
        nominatim.script(Reply(body=[PRESS_CLUB]))
        summary, _, _ = run(nominatim, data_dir, clock, capsys)
    finally:
        os.umask(old)
    assert summary.written == 1
    assert stat.S_IMODE(places.stat().st_mode) == 0o644
    cache = data_dir / geocode.CACHE_FILENAME
    assert stat.S_IMODE(cache.stat().st_mode) == 0o644


def test_a_result_outside_almaty_is_held_not_written(nominatim, data_dir, clock, capsys):
    before = (data_dir / "places.csv").read_bytes()
    nominatim.script(Reply(body=[ASTANA]))
    summary, out, _ = run(nominatim, data_dir, clock, capsys)
    assert out[1:] == [
        "  1. Kazakhstan Press Club, Astana, Kazakhstan at 51.12820, 71.43070; OSM node 123456 "
        "(office=association); no coordinate recorded before",
        "     not usable: outside the Almaty bounding box (43.10 to 43.42 N, 76.70 to 77.17 E)",
        "  held for review: no candidate can stand for the place (see not_usable); candidates "
        "in geocode_review.json",
        "1 place(s) asked: 0 written, 0 not found, 1 held for review",
    ]
    assert (data_dir / "places.csv").read_bytes() == before
    assert cached_results(data_dir) == [[ASTANA]]


TIMEOUT = 2.0
"""The client's timeout where one case waits for it: long enough that a loaded machine still
answers the other cases in time (the held reply never comes in time, whatever the load)."""


@pytest.mark.parametrize(
    ("failure", "waits", "message"),
    [
        (
            Reply(503, {"error": "overloaded"}),
            [2.0],
            "  {WHERE}HTTP 503; waiting 2 s before attempt 2 of 5",
        ),
        (
            Reply(500, b"Internal Server Error"),
            [2.0],
            "  {WHERE}server error (HTTP 500); waiting 2 s before attempt 2 of 5",
        ),
        (
            Reply(502, b"Bad Gateway"),
            [2.0],
            "  {WHERE}server error (HTTP 502); waiting 2 s before attempt 2 of 5",
        ),
        (
            Reply(429, {"error": "slow down"}, {"Retry-After": "7"}),
            [7.0],
            "  {WHERE}rate limited (HTTP 429); waiting 7 s before attempt 2 of 5",
        ),
        (
            Reply(429, {"error": "slow down"}),
            [2.0],
            "  {WHERE}rate limited (HTTP 429); waiting 2 s before attempt 2 of 5",
        ),
        (
            Reply(body=[PRESS_CLUB], hold=True),
            [2.0],
            "  {WHERE}timed out; waiting 2 s before attempt 2 of 5",
        ),
    ],
    ids=["503", "500", "502", "429-retry-after", "429-no-header", "timeout"],
)
def test_a_passing_failure_is_retried_then_answered(
    nominatim, data_dir, clock, capsys, failure, waits, message
):
    nominatim.script(failure, Reply(body=[PRESS_CLUB]))
    summary, out, err = run(nominatim, data_dir, clock, capsys, timeout=TIMEOUT)
    where = f"nominatim at http://{nominatim.domain}: 'Kazakhstan Press Club, Almaty': "
    assert err == [message.format(WHERE=where)]
    assert clock.sleeps == waits
    assert len(nominatim.requests) == 2
    assert summary.written == 1
    assert press_club(data_dir)["lat"] == "43.2561"
    assert cached_results(data_dir) == [[PRESS_CLUB]]


def test_a_service_that_stays_down_fails_clearly(nominatim, data_dir, clock, capsys):
    before = (data_dir / "places.csv").read_bytes()
    nominatim.script(*[Reply(503, {"error": "down"})] * 5)
    with pytest.raises(GeocodingFailed) as caught:
        run(nominatim, data_dir, clock, capsys)
    assert str(caught.value) == (
        f"nominatim at http://{nominatim.domain} did not answer 'Kazakhstan Press Club, Almaty' "
        "after 5 attempts (last: HTTP 503); stopping, what was written stays written; try again "
        "later"
    )
    assert clock.sleeps == [2.0, 4.0, 8.0, 16.0]
    assert len(nominatim.requests) == 5
    assert (data_dir / "places.csv").read_bytes() == before
    assert cached_results(data_dir) == []


def test_a_retry_after_beyond_reason_stops_at_once(nominatim, data_dir, clock, capsys):
    nominatim.script(Reply(429, {"error": "slow down"}, {"Retry-After": "3600"}))
    with pytest.raises(GeocodingFailed) as caught:
        run(nominatim, data_dir, clock, capsys)
    assert str(caught.value) == (
        f"nominatim at http://{nominatim.domain} asks us to wait 3600 s (Retry-After) before "
        "asking again; try later"
    )
    assert clock.sleeps == []


@pytest.mark.parametrize(
    ("body", "status"),
    [(b"<html><body>Welcome to nginx</body></html>", 200), (b'[{"lat": "43.2', 200)],
    ids=["html", "truncated-json"],
)
def test_malformed_json_fails_without_retrying(nominatim, data_dir, clock, capsys, body, status):
    before = (data_dir / "places.csv").read_bytes()
    nominatim.script(Reply(status, body))
    with pytest.raises(GeocodingFailed) as caught:
        run(nominatim, data_dir, clock, capsys)
    assert str(caught.value) == (
        f"nominatim at http://{nominatim.domain} answered 'Kazakhstan Press Club, Almaty' with "
        "something that is not JSON: is it a Nominatim server?"
    )
    assert len(nominatim.requests) == 1
    assert (data_dir / "places.csv").read_bytes() == before
    assert cached_results(data_dir) == []


def with_second_place(data_dir: Path) -> None:
    """Make Globus unlocated and unverified, so that two places need geocoding."""
    places = PlacesFile.read(data_dir / "places.csv")
    index = next(i for i, r in enumerate(places.rows) if r["place_id"] == "globus")
    places.set(index, {"lat": "", "lon": "", "verified": "no"})
    places.write()


def test_an_interrupted_run_keeps_every_answer_received(nominatim, data_dir, clock, capsys):
    with_second_place(data_dir)
    globus = {
        **PRESS_CLUB,
        "osm_id": 777,
        "lat": "43.2393",
        "lon": "76.9040",
        "display_name": "Глобус, Алматы",
    }
    nominatim.script(Reply(body=[globus]))

    def interrupt(seconds: float) -> None:
        raise KeyboardInterrupt  # Ctrl-C while waiting for the next request slot

    asker = make_asker(nominatim, data_dir, clock)
    asker.limiter.sleep = interrupt
    with pytest.raises(KeyboardInterrupt):
        geocode_places(data_dir, asker)
    assert len(nominatim.requests) == 1
    rows = {r["place_id"]: r for r in PlacesFile.read(data_dir / "places.csv").rows}
    assert (rows["globus"]["lat"], rows["globus"]["lon"]) == ("43.2393", "76.904")
    assert rows["kazakhstan-press-club"]["lat"] == ""
    assert cached_results(data_dir) == [[globus]]
    assert [p.name for p in data_dir.iterdir() if p.name.endswith(".tmp")] == []

    nominatim.script(Reply(body=[PRESS_CLUB]))
    summary, out, _ = run(
        nominatim,
        data_dir,
        clock,
        capsys,
        force=True,
        place_ids=["globus", "kazakhstan-press-club"],
    )
    assert len(nominatim.requests) == 2  # Globus came from the cache
    assert summary.written == 2
    assert len(cached_results(data_dir)) == 2


def test_an_interrupt_between_answer_and_write_loses_nothing(
    nominatim, data_dir, clock, capsys, monkeypatch
):
    before = (data_dir / "places.csv").read_bytes()
    nominatim.script(Reply(body=[PRESS_CLUB]))

    def interrupted_write(self) -> None:
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr(PlacesFile, "write", interrupted_write)
        with pytest.raises(KeyboardInterrupt):
            run(nominatim, data_dir, clock, capsys)
    assert (data_dir / "places.csv").read_bytes() == before
    assert cached_results(data_dir) == [[PRESS_CLUB]]
    summary, _, _ = run(nominatim, data_dir, clock, capsys)
    assert len(nominatim.requests) == 1
    assert summary.written == 1
    assert press_club(data_dir)["lat"] == "43.2561"


def test_a_dry_run_writes_nothing(nominatim, data_dir, clock, capsys):
    before = (data_dir / "places.csv").read_bytes()
    nominatim.script(Reply(body=[PRESS_CLUB]))
    summary, out, _ = run(nominatim, data_dir, clock, capsys, dry_run=True, save_cache=False)
    assert out[2:] == [
        "  dry run: would write candidate 1",
        "1 place(s) asked: 1 would be written, 0 not found, 0 held for review "
        "(dry run: nothing written)",
    ]
    assert (data_dir / "places.csv").read_bytes() == before
    assert not (data_dir / geocode.CACHE_FILENAME).exists()


def test_the_command_line_geocodes_and_exits_zero(nominatim, data_dir, capsys, monkeypatch):
    monkeypatch.setenv("DASHBOARD_GEOCODER_USER_AGENT", USER_AGENT)
    nominatim.script(Reply(body=[PRESS_CLUB]))
    code = cli.main(
        [
            "geocode",
            "--data",
            str(data_dir),
            "--nominatim-domain",
            nominatim.domain,
            "--nominatim-scheme",
            "http",
        ]
    )
    out = capsys.readouterr().out.splitlines()
    assert code == 0
    assert out[-1] == "1 place(s) asked: 1 written, 0 not found, 0 held for review"
    assert press_club(data_dir)["coord_source"].startswith(f"Nominatim (http://{nominatim.domain})")
    assert nominatim.requests[0]["user_agent"] == USER_AGENT


def test_the_command_line_exits_non_zero_when_the_service_fails(nominatim, data_dir, capsys):
    nominatim.script(Reply(200, b"<html>gateway</html>"))
    code = cli.main(
        [
            "geocode",
            "--data",
            str(data_dir),
            "--nominatim-domain",
            nominatim.domain,
            "--nominatim-scheme",
            "http",
            "--user-agent",
            USER_AGENT,
        ]
    )
    assert code == 2
    assert capsys.readouterr().err == (
        f"error: nominatim at http://{nominatim.domain} answered 'Kazakhstan Press Club, Almaty' "
        "with something that is not JSON: is it a Nominatim server?\n"
    )
    assert_valid(data_dir)


def test_nothing_to_do_says_so(data_dir, clock, capsys):
    asker = Asker(
        nominatim_backend(user_agent=USER_AGENT, domain="127.0.0.1:9", scheme="http"),
        AnswerCache.load(data_dir / geocode.CACHE_FILENAME),
    )
    geocode_places(data_dir, asker, place_ids=["republic-square"])
    assert capsys.readouterr().out == (
        "nothing to geocode: every chosen place has a coordinate (--force redoes those not "
        "verified by hand)\n"
    )


ROWS = [
    {"place_id": "a", "lat": "", "lon": "", "verified": "no"},
    {"place_id": "b", "lat": "43.2", "lon": "76.9", "verified": "no"},
    {"place_id": "c", "lat": "43.2", "lon": "76.9", "verified": "yes"},
    {"place_id": "d", "lat": "", "lon": "", "verified": "yes"},
]


@pytest.mark.parametrize(
    ("force", "place_ids", "chosen"),
    [
        (False, (), ["a", "d"]),
        (True, (), ["a", "b", "d"]),
        (False, ("c",), []),
        (True, ("c",), ["c"]),
        (False, ("a",), ["a"]),
        (True, ("b", "c"), ["b", "c"]),
    ],
)
def test_which_places_are_geocoded(force, place_ids, chosen):
    picked = select_places(ROWS, force=force, place_ids=place_ids)
    assert [ROWS[i]["place_id"] for i in picked] == chosen


def test_an_unknown_place_id_is_refused():
    with pytest.raises(ConfigError) as caught:
        select_places(ROWS, place_ids=["zz"])
    assert str(caught.value) == "unknown place id 'zz' (known: a, b, c, d)"


VENUE = {"precision": "venue", "lat": "43.25", "lon": "76.94"}
NEW_VENUE = {"precision": "venue", "lat": "", "lon": ""}
STREET = {"precision": "street", "lat": "43.2557", "lon": "76.9448"}
AREA = {"precision": "area", "lat": "", "lon": ""}
HIGHWAY = {"class": "highway", "type": "secondary"}
THEATRE = {"class": "amenity", "type": "theatre"}
STREET_LINE = {
    **HIGHWAY,
    "osm_type": "way",
    "geojson": {"type": "LineString", "coordinates": [[76.9456, 43.2497], [76.9441, 43.2618]]},
}
BUS_STOP = {"class": "highway", "type": "bus_stop", "osm_type": "node"}


@pytest.mark.parametrize(
    ("row", "raw", "point", "reason"),
    [
        (NEW_VENUE, THEATRE, (43.25, 76.94), None),
        (VENUE, THEATRE, (43.2540, 76.94), None),
        (VENUE, THEATRE, (43.2560, 76.94), "667 m from the recorded coordinate (more than 500 m)"),
        (
            NEW_VENUE,
            THEATRE,
            (43.5, 76.94),
            "outside the Almaty bounding box (43.10 to 43.42 N, 76.70 to 77.17 E)",
        ),
        (
            NEW_VENUE,
            THEATRE,
            (43.25, 76.5),
            "outside the Almaty bounding box (43.10 to 43.42 N, 76.70 to 77.17 E)",
        ),
        (STREET, STREET_LINE, (43.2560, 76.9448), None),
        (
            STREET,
            HIGHWAY,
            (43.2560, 76.9448),
            "the answer is a street but carries no line (highway=secondary)",
        ),
        (NEW_VENUE, BUS_STOP, (43.25, 76.94), None),
        (
            STREET,
            THEATRE,
            (43.2560, 76.9448),
            "the place is a street but the answer is not (amenity=theatre)",
        ),
        (
            NEW_VENUE,
            HIGHWAY,
            (43.25, 76.94),
            "the place is a venue but the answer is a street (highway=secondary)",
        ),
        (
            AREA,
            HIGHWAY,
            (43.19, 76.898),
            "the place is an area but the answer is a street (highway=secondary)",
        ),
        (AREA, THEATRE, (43.19, 76.898), None),
    ],
)
def test_guards(row, raw, point, reason):
    assert hold_reason(row, raw, point, max_distance_m=500) == reason


def test_the_distance_limit_is_configurable():
    assert hold_reason(VENUE, THEATRE, (43.2560, 76.94), max_distance_m=1000) is None


@pytest.mark.parametrize(
    ("user_agent", "scheme", "message"),
    [
        (
            "",
            "https",
            "Nominatim needs a user agent that identifies you: set DASHBOARD_GEOCODER_USER_AGENT "
            "or pass --user-agent, e.g. 'almaty-protest-map/0.1 (you@example.org)' "
            "(see https://operations.osmfoundation.org/policies/nominatim/)",
        ),
        (USER_AGENT, "ftp", "Nominatim scheme must be http or https, not 'ftp'"),
    ],
)
def test_a_wrong_configuration_fails_at_construction(user_agent, scheme, message):
    with pytest.raises(ConfigError) as caught:
        nominatim_backend(
            user_agent=user_agent, domain="nominatim.openstreetmap.org", scheme=scheme
        )
    assert str(caught.value) == message


def test_the_rate_limiter_spaces_calls_one_second_apart(clock):
    limiter = RateLimiter(1.0, clock=clock.time, sleep=clock.sleep)
    limiter.wait()
    clock.now += 0.25
    limiter.wait()
    clock.now += 3
    limiter.wait()
    assert clock.sleeps == [0.75]


def test_a_broken_cache_file_is_reported_not_overwritten(data_dir):
    path = data_dir / geocode.CACHE_FILENAME
    path.write_text("{not json")
    with pytest.raises(ConfigError) as caught:
        AnswerCache.load(path)
    assert str(caught.value) == (
        f"the geocode cache {path} is not valid (Expecting property name enclosed in double "
        "quotes: line 1 column 2 (char 1)); move it aside to start a new one"
    )
    assert path.read_text() == "{not json"


def test_places_csv_round_trips_byte_for_byte(data_dir):
    path = data_dir / "places.csv"
    assert PlacesFile.read(path).text().encode("utf-8") == path.read_bytes()


@pytest.mark.parametrize(
    ("cli_value", "env", "expected"),
    [
        (None, {}, "nominatim.openstreetmap.org"),
        (None, {"DASHBOARD_NOMINATIM_DOMAIN": "geo.example.org"}, "geo.example.org"),
        ("localhost:8080", {"DASHBOARD_NOMINATIM_DOMAIN": "geo.example.org"}, "localhost:8080"),
    ],
)
def test_the_server_comes_from_flag_then_environment_then_default(cli_value, env, expected):
    assert settings.setting_value("DASHBOARD_NOMINATIM_DOMAIN", cli_value, env) == expected


def test_the_command_line_reports_an_interrupt_and_exits_130(data_dir, capsys, monkeypatch):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(geocode, "geocode_places", interrupted)
    code = cli.main(["geocode", "--data", str(data_dir), "--user-agent", USER_AGENT])
    assert code == 130
    assert capsys.readouterr().err == (
        f"interrupted; 0 new answer(s) kept in {data_dir / geocode.CACHE_FILENAME}\n"
    )


# --- every name, every candidate: the cases of issue 14 ----------------------------------


def way(osm_id: int, name: str, points, *, importance: float = 0.3, kind="pedestrian") -> dict:
    """A Nominatim answer for a street way, with its GeoJSON line ([lon, lat] pairs)."""
    (lat, lon) = points[len(points) // 2]
    return {
        "osm_type": "way",
        "osm_id": osm_id,
        "lat": str(lat),
        "lon": str(lon),
        "class": "highway",
        "type": kind,
        "importance": importance,
        "name": name,
        "display_name": f"{name}, Алматы, Казахстан",
        "geojson": {"type": "LineString", "coordinates": [[x, y] for y, x in points]},
    }


def node(osm_id: int, name: str, lat: float, lon: float, cls: str, typ: str, **extra) -> dict:
    return {
        "osm_type": "node",
        "osm_id": osm_id,
        "lat": str(lat),
        "lon": str(lon),
        "class": cls,
        "type": typ,
        "importance": 0.2,
        "name": name,
        "display_name": f"{name}, Алматы, Казахстан",
        **extra,
    }


PANFILOV_WAYS = [
    way(122617563, "улица Панфилова", [(43.2497, 76.9456), (43.2557, 76.9448), (43.2618, 76.9441)]),
    way(122617617, "улица Панфилова", [(43.2390, 76.9470), (43.2450, 76.9462)]),
    way(24025797, "улица Панфилова", [(43.2700, 76.9430), (43.2730, 76.9427)]),
    way(53276944, "улица Панфилова", [(43.2330, 76.9478), (43.2360, 76.9474)]),
]
"""Four ways named alike, of equal importance: Nominatim's answer for Panfilov Street."""


def unlocate(data_dir: Path, *place_ids: str) -> None:
    """Remove the coordinates (and line) of these places, as if they were new."""
    places = PlacesFile.read(data_dir / "places.csv")
    for i, row in enumerate(places.rows):
        if row["place_id"] in place_ids:
            places.set(i, {"lat": "", "lon": "", "line": "", "verified": "no"})
    places.write()


def place(data_dir: Path, place_id: str) -> dict[str, str]:
    return next(
        r for r in PlacesFile.read(data_dir / "places.csv").rows if r["place_id"] == place_id
    )


def held(data_dir: Path) -> dict:
    path = data_dir / geocode.REVIEW_FILENAME
    return json.loads(path.read_text(encoding="utf-8"))["held"] if path.exists() else {}


def asked(fake: FakeNominatim) -> list[str]:
    return [r["params"]["q"] for r in fake.requests]


def test_quotes_and_type_words_are_cleaned_until_a_name_is_found(
    nominatim, data_dir, clock, capsys
):
    unlocate(data_dir, "sary-arka-square")
    cinema = {
        **node(0, "Сары-Арка", 43.2284, 76.85782, "amenity", "cinema"),
        "osm_type": "way",
        "osm_id": 147682440,
    }
    nominatim.script(Reply(body=[]), Reply(body=[]), Reply(body=[cinema]))
    summary, out, _ = run(nominatim, data_dir, clock, capsys, place_ids=["sary-arka-square"])
    assert asked(nominatim) == [
        "кинотеатр «Сары-Арка», Almaty",
        "кинотеатр Сары-Арка, Almaty",
        "Сары-Арка, Almaty",
    ]
    assert out[-2:] == [
        "  written: candidate 1",
        "1 place(s) asked: 1 written, 0 not found, 0 held for review",
    ]
    row = place(data_dir, "sary-arka-square")
    assert (row["lat"], row["lon"], row["verified"], row["confidence"]) == (
        "43.2284",
        "76.85782",
        "no",
        "low",
    )
    assert row["coord_source"].endswith('query "Сары-Арка, Almaty" (ru); OSM way 147682440')


def test_an_abbreviation_is_spelled_out(nominatim, data_dir, clock, capsys):
    unlocate(data_dir, "opera-theatre")
    opera = node(
        259995299, "Театр оперы и балета им. Абая", 43.24906, 76.94563, "amenity", "theatre"
    )
    nominatim.script(Reply(body=[]), Reply(body=[opera]))
    run(nominatim, data_dir, clock, capsys, place_ids=["opera-theatre"])
    assert asked(nominatim) == [
        "ГАТОБ им. Абая, Almaty",
        "театр оперы и балета имени Абая, Almaty",
    ]
    assert place(data_dir, "opera-theatre")["lat"] == "43.24906"


def test_a_venue_answered_by_a_street_asks_the_next_name(nominatim, data_dir, clock, capsys):
    """The metro station's Russian name finds the street of that name: not usable, so the
    Kazakh name is asked, and the station it finds is written."""
    unlocate(data_dir, "zhibek-zholy-metro")
    street = way(23979406, "улица Жибек Жолы", [(43.2617, 76.9406), (43.2621, 76.9458)])
    station = node(
        55,
        "Жібек жолы",
        43.26083,
        76.94583,
        "railway",
        "station",
        namedetails={"name:ru": "Жибек Жолы"},
    )
    nominatim.script(Reply(body=[street]), Reply(body=[station]))
    summary, out, _ = run(nominatim, data_dir, clock, capsys, place_ids=["zhibek-zholy-metro"])
    assert asked(nominatim) == ["Жибек Жолы, Almaty", "Жібек жолы, Almaty"]
    assert out[2] == (
        "     not usable: the place is a venue but the answer is a street (highway=pedestrian)"
    )
    assert out[-2] == "  written: candidate 2"
    assert summary.written == 1
    assert place(data_dir, "zhibek-zholy-metro")["coord_source"].endswith("OSM node 55")


def test_four_equal_ways_are_ambiguous_and_held_not_picked(nominatim, data_dir, clock, capsys):
    unlocate(data_dir, "panfilov-street")
    before = (data_dir / "places.csv").read_bytes()
    nominatim.script(Reply(body=PANFILOV_WAYS))
    summary, out, _ = run(nominatim, data_dir, clock, capsys, place_ids=["panfilov-street"])
    assert out[-2:] == [
        "  held for review: ambiguous: 4 different OSM objects answer equally well; a person "
        "must choose; candidates in geocode_review.json",
        "1 place(s) asked: 0 written, 0 not found, 1 held for review",
    ]
    assert (data_dir / "places.csv").read_bytes() == before
    entry = held(data_dir)["panfilov-street"]
    assert [c["osm"] for c in entry["candidates"]] == [
        "OSM way 24025797",
        "OSM way 53276944",
        "OSM way 122617563",
        "OSM way 122617617",
    ]
    assert [c["metres_from_best"] for c in entry["candidates"]] == [0, 4128, 1930, 3124]
    assert entry["candidates"][2]["line"] == "43.2497 76.9456|43.2557 76.9448|43.2618 76.9441"
    assert entry["held"] == (
        "ambiguous: 4 different OSM objects answer equally well; a person must choose"
    )


def test_the_ranking_does_not_depend_on_the_servers_order(nominatim, data_dir, clock, capsys):
    """A rerun, or a server that orders equal answers differently, holds the same list."""
    unlocate(data_dir, "panfilov-street")
    nominatim.script(Reply(body=PANFILOV_WAYS))
    run(nominatim, data_dir, clock, capsys, place_ids=["panfilov-street"])
    first = held(data_dir)
    (data_dir / geocode.CACHE_FILENAME).unlink()
    nominatim.script(Reply(body=PANFILOV_WAYS[::-1]))
    run(nominatim, data_dir, clock, capsys, place_ids=["panfilov-street"])
    assert held(data_dir) == first


def test_candidates_that_disagree_beyond_the_tolerance_are_held(nominatim, data_dir, clock, capsys):
    """Arbat: the better-known way and one 1.2 km off carry the same name; with no recorded
    point to compare, their disagreement alone holds the place."""
    unlocate(data_dir, "arbat")
    arbat = way(
        23979406,
        "Арбат",
        [(43.26171, 76.94057), (43.2619, 76.9432), (43.2621, 76.94583)],
        importance=0.4,
    )
    other = way(26902002, "Арбат", [(43.2600, 76.9250), (43.2603, 76.9280)], importance=0.3)
    nominatim.script(Reply(body=[other, arbat]))
    summary, out, _ = run(nominatim, data_dir, clock, capsys, place_ids=["arbat"])
    assert out[-2] == (
        "  held for review: candidates disagree: 1247 m apart, more than the 500 m a street "
        "allows; candidates in geocode_review.json"
    )
    assert place(data_dir, "arbat")["lat"] == ""
    assert [c["osm"] for c in held(data_dir)["arbat"]["candidates"]] == [
        "OSM way 23979406",
        "OSM way 26902002",
    ]


def test_a_better_named_candidate_wins_over_a_close_one(nominatim, data_dir, clock, capsys):
    """Answers that only contain the name asked rank below an exact name, and do not make
    the place disagree."""
    unlocate(data_dir, "opera-theatre")
    exact = node(1, "Театр оперы и балета им. Абая", 43.24906, 76.94563, "amenity", "theatre")
    cafe = node(2, "Кафе у театра оперы и балета им. Абая", 43.2300, 76.9000, "amenity", "cafe")
    nominatim.script(Reply(body=[]), Reply(body=[cafe, exact]))
    summary, out, _ = run(nominatim, data_dir, clock, capsys, place_ids=["opera-theatre"])
    assert summary.written == 1
    assert place(data_dir, "opera-theatre")["coord_source"].endswith("OSM node 1")


def test_a_street_is_written_with_its_line(nominatim, data_dir, clock, capsys):
    unlocate(data_dir, "panfilov-street")
    nominatim.script(Reply(body=[PANFILOV_WAYS[0]]))
    run(nominatim, data_dir, clock, capsys, place_ids=["panfilov-street"])
    row = place(data_dir, "panfilov-street")
    assert (row["lat"], row["lon"], row["precision"]) == ("43.2557", "76.9448", "street")
    assert row["line"] == "43.2497 76.9456|43.2557 76.9448|43.2618 76.9441"


def test_review_accepts_a_candidate_end_to_end(nominatim, data_dir, clock, capsys):
    unlocate(data_dir, "panfilov-street")
    nominatim.script(Reply(body=PANFILOV_WAYS))
    run(nominatim, data_dir, clock, capsys, place_ids=["panfilov-street"])

    assert cli.main(["geocode", "review", "--data", str(data_dir)]) == 0
    listing = capsys.readouterr().out.splitlines()
    assert listing[0] == (
        "panfilov-street (Panfilov Street (pedestrian section), street): held: ambiguous: 4 "
        "different OSM objects answer equally well; a person must choose"
    )
    assert listing[3] == (
        "  3. улица Панфилова, Алматы, Казахстан at 43.2557, 76.9448; OSM way 122617563 "
        "(highway=pedestrian); 1930 m from candidate 1; query 'улица Панфилова, Almaty'"
    )

    code = cli.main(
        [
            "geocode",
            "review",
            "panfilov-street",
            "--data",
            str(data_dir),
            "--accept",
            "3",
            "--by",
            "A. Editor",
        ]
    )
    assert code == 0
    assert capsys.readouterr().out == (
        "panfilov-street: accepted candidate 3 (OSM way 122617563) by A. Editor; written to "
        "places.csv, verified\n"
    )
    row = place(data_dir, "panfilov-street")
    today = dt.datetime.now(dt.UTC).date().isoformat()
    assert {k: row[k] for k in ("lat", "lon", "line", "confidence", "verified")} == {
        "lat": "43.2557",
        "lon": "76.9448",
        "line": "43.2497 76.9456|43.2557 76.9448|43.2618 76.9441",
        "confidence": "medium",
        "verified": "yes",
    }
    assert row["coord_source"] == (
        f"Checked by A. Editor on {today}: accepted candidate 3 of 4: Nominatim "
        f'(http://{nominatim.domain}), retrieved 2026-02-03: query "улица Панфилова, Almaty" '
        "(ru); OSM way 122617563"
    )
    content = json.loads((data_dir / geocode.REVIEW_FILENAME).read_text(encoding="utf-8"))
    assert content["held"] == {}
    assert content["decisions"] == [
        {
            "place_id": "panfilov-street",
            "by": "A. Editor",
            "on": today,
            "decision": "accepted candidate 3 (OSM way 122617563)",
        }
    ]
    assert_valid(data_dir)
    # A verified place is left alone by the next run.
    assert select_places(PlacesFile.read(data_dir / "places.csv").rows, force=True) == [
        i
        for i, r in enumerate(PlacesFile.read(data_dir / "places.csv").rows)
        if r["place_id"] == "kazakhstan-press-club"
    ]


def test_review_types_a_coordinate_or_rejects(nominatim, data_dir, clock, capsys):
    unlocate(data_dir, "panfilov-street", "arbat")
    nominatim.script(Reply(body=PANFILOV_WAYS), Reply(body=[]), Reply(body=PANFILOV_WAYS))
    run(nominatim, data_dir, clock, capsys, place_ids=["panfilov-street", "arbat"])
    assert sorted(held(data_dir)) == ["arbat", "panfilov-street"]
    now = lambda: NOW  # noqa: E731
    done = geocode.review_place(
        data_dir,
        "arbat",
        by="B",
        coordinate=(43.2619, 76.9432),
        source="OSM-2013 way 23979406",
        now=now,
    )
    assert done == (
        "arbat: typed 43.2619, 76.9432 from OSM-2013 way 23979406 by B; written to places.csv, "
        "verified"
    )
    row = place(data_dir, "arbat")
    assert (row["lat"], row["coord_source"], row["verified"]) == (
        "43.2619",
        "Typed by B on 2026-02-03 from OSM-2013 way 23979406",
        "yes",
    )
    before = (data_dir / "places.csv").read_bytes()
    assert geocode.review_place(data_dir, "panfilov-street", by="B", reject=True, now=now) == (
        "panfilov-street: every candidate rejected by B; places.csv unchanged"
    )
    assert (data_dir / "places.csv").read_bytes() == before
    assert held(data_dir) == {}


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"by": "", "accept": 1}, "say who decides: --by NAME (it goes into coord_source)"),
        ({"by": "B"}, "choose one of --accept N, --coordinate LAT,LON or --reject"),
        ({"by": "B", "accept": 9}, "'panfilov-street' has candidates 1 to 4, not 9"),
        (
            {"by": "B", "coordinate": (43.2, 76.9)},
            "say where the typed coordinate comes from: --source TEXT",
        ),
    ],
)
def test_a_review_decision_must_be_complete(nominatim, data_dir, clock, capsys, kwargs, message):
    unlocate(data_dir, "panfilov-street")
    nominatim.script(Reply(body=PANFILOV_WAYS))
    run(nominatim, data_dir, clock, capsys, place_ids=["panfilov-street"])
    with pytest.raises(ConfigError) as caught:
        geocode.review_place(data_dir, "panfilov-street", **kwargs)
    assert str(caught.value) == message
    assert "panfilov-street" in held(data_dir)


def test_reviewing_a_place_not_held_names_the_held_ones(data_dir):
    with pytest.raises(ConfigError) as caught:
        geocode.review_place(data_dir, "arbat", by="B", reject=True)
    assert str(caught.value) == "'arbat' is not held for review (held: none)"


def test_an_unreachable_server_is_one_plain_line_per_failure(data_dir, clock, capsys):
    """No urllib3 text, no percent-encoded Cyrillic; the summary closes the run."""
    unlocate(data_dir, "opera-theatre")
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    backend = nominatim_backend(user_agent=USER_AGENT, domain=f"127.0.0.1:{port}", scheme="http")
    asker = Asker(
        backend,
        AnswerCache.load(data_dir / geocode.CACHE_FILENAME),
        limiter=RateLimiter(clock=clock.time, sleep=clock.sleep),
        sleep=clock.sleep,
        max_attempts=2,
    )
    with pytest.raises(GeocodingFailed) as caught:
        geocode_places(data_dir, asker, place_ids=["opera-theatre"])
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [
        f"  nominatim at http://127.0.0.1:{port}: 'ГАТОБ им. Абая, Almaty': connection refused "
        "(is the server running?); waiting 2 s before attempt 2 of 2"
    ]
    assert str(caught.value) == (
        f"nominatim at http://127.0.0.1:{port} did not answer 'ГАТОБ им. Абая, Almaty' after 2 "
        "attempts (last: connection refused (is the server running?)); stopping, what was "
        "written stays written; try again later"
    )
    assert captured.out.splitlines() == [
        "1 place(s) asked: 0 written, 0 not found, 0 held for review"
    ]


def with_imported_places(data_dir: Path) -> None:
    """Two places as ``import`` writes a plain table's: one named but not located (precision
    city, no coordinate), one for events whose place was not given."""
    path = data_dir / "places.csv"
    text = path.read_text(encoding="utf-8")
    header = text.splitlines()[0].split(",")
    rows = [
        {
            "place_id": "upload:place-1",
            "name_en": "кинотеатр «Сары-Арка»",
            "precision": "city",
            "verified": "no",
            "notes": "from an uploaded file: no coordinates, not in the gazetteer",
        },
        {"place_id": "upload:no-place", "name_en": "place not given", "precision": "city"},
    ]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, restval="", lineterminator="\n")
    writer.writerows(rows)
    path.write_text(text + buffer.getvalue(), encoding="utf-8")


def test_an_imported_place_is_geocoded_with_the_same_cleaning_and_guards(
    nominatim, data_dir, clock, capsys
):
    with_imported_places(data_dir)
    cinema = {
        **node(0, "Сары-Арка", 43.2284, 76.85782, "amenity", "cinema"),
        "osm_type": "way",
        "osm_id": 147682440,
    }
    nominatim.script(Reply(body=[]), Reply(body=[]), Reply(body=[]), Reply(body=[cinema]))
    summary, out, _ = run(nominatim, data_dir, clock, capsys)
    assert asked(nominatim) == [
        "Kazakhstan Press Club, Almaty",
        "кинотеатр «Сары-Арка», Almaty",
        "кинотеатр Сары-Арка, Almaty",
        "Сары-Арка, Almaty",
    ]  # never "place not given"
    row = place(data_dir, "upload:place-1")
    assert (row["lat"], row["lon"], row["precision"], row["verified"]) == (
        "43.2284",
        "76.85782",
        "venue",
        "no",
    )
    assert out[-1] == "2 place(s) asked: 1 written, 1 not found, 0 held for review"
    assert_valid(data_dir)


def test_an_imported_place_answered_by_a_street_becomes_a_street_with_its_line(
    nominatim, data_dir, clock, capsys
):
    with_imported_places(data_dir)
    nominatim.script(Reply(body=[]), Reply(body=[]), Reply(body=[]), Reply(body=[PANFILOV_WAYS[0]]))
    run(nominatim, data_dir, clock, capsys)
    row = place(data_dir, "upload:place-1")
    assert (row["precision"], row["line"]) == (
        "street",
        "43.2497 76.9456|43.2557 76.9448|43.2618 76.9441",
    )


def test_distances_in_the_review_are_from_the_best_candidate(nominatim, data_dir, clock, capsys):
    """The street the first name found is candidate 1, but the best of the held answers is
    candidate 2: distances are measured from it, and the listing says so."""
    unlocate(data_dir, "zhibek-zholy-metro")
    street = way(23979406, "улица Жибек Жолы", [(43.2617, 76.9406), (43.2621, 76.9458)])
    one = node(55, "Жібек жолы", 43.26083, 76.94583, "railway", "station")
    two = node(56, "Жібек жолы", 43.26083, 76.94683, "railway", "station")
    nominatim.script(Reply(body=[street]), Reply(body=[two, one]))
    run(nominatim, data_dir, clock, capsys, place_ids=["zhibek-zholy-metro"])
    entry = held(data_dir)["zhibek-zholy-metro"]
    assert entry["best"] == 2
    assert [(c["osm"], c["metres_from_best"]) for c in entry["candidates"]] == [
        ("OSM way 23979406", 141),
        ("OSM node 55", 0),
        ("OSM node 56", 81),
    ]
    listing = geocode.review_lines(geocode.ReviewFile.load(data_dir / geocode.REVIEW_FILENAME))
    assert listing[1].endswith(
        "OSM way 23979406 (highway=pedestrian); 141 m from candidate 2; query 'Жибек Жолы, Almaty'"
    )


def test_a_typed_point_for_an_imported_place_says_what_it_stands_for(
    nominatim, data_dir, clock, capsys
):
    """An imported place is known only as the city: a typed point for it must say its
    precision, or it would stay a city (listed, never drawn)."""
    with_imported_places(data_dir)
    one = node(61, "Сары-Арка", 43.2284, 76.8578, "amenity", "cinema")
    two = node(62, "Сары-Арка", 43.2484, 76.9278, "amenity", "cinema")
    nominatim.script(*[Reply(body=[])] * 3, Reply(body=[one, two]))
    run(nominatim, data_dir, clock, capsys)
    assert "upload:place-1" in held(data_dir)
    with pytest.raises(ConfigError) as caught:
        geocode.review_place(
            data_dir, "upload:place-1", by="B", coordinate=(43.2284, 76.8578), source="a visit"
        )
    assert str(caught.value) == (
        "'upload:place-1' is known only as the city: say what the typed point stands for: "
        "--precision venue|street|area"
    )
    assert place(data_dir, "upload:place-1")["lat"] == ""
    geocode.review_place(
        data_dir,
        "upload:place-1",
        by="B",
        coordinate=(43.2284, 76.8578),
        source="a visit",
        precision="venue",
        now=lambda: NOW,
    )
    row = place(data_dir, "upload:place-1")
    assert (row["lat"], row["lon"], row["precision"], row["verified"]) == (
        "43.2284",
        "76.8578",
        "venue",
        "yes",
    )
    assert_valid(data_dir)
