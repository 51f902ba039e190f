"""A page over a slow phone link: bytes, requests and time to the first markers.

    python bench/throttled.py [--apps ours,naive] [--data DIR] [--json FILE]

The profile (``PHONE_3G``): Chromium at 390 x 844 px (a phone), its network throttled by the
DevTools protocol (``Network.emulateNetworkConditions``) to 1.6 Mbit/s down, 0.75 Mbit/s up and
150 ms latency. Each app is opened twice in one browser profile: a first visit with an empty
HTTP cache, then a repeat visit with the cache the first one left. No request is intercepted
(interception turns Chromium's HTTP cache off): ``--host-resolver-rules`` sends every other
host to a local HTTPS stand-in (:class:`StandIn`) instead. It answers the naive map's CDN
scripts from local copies, so the naive peer can draw its markers, and tiles with 404, so both
maps draw without them (ours falls back to its bundled basemap).

Bytes are counted on the wire: the page talks to the app through a counting TCP relay
(:class:`ByteCounter`), so the figure is what crossed the link, compressed or not, headers,
HTTP and websocket alike. Requests are counted from the DevTools protocol (a request answered
from the cache is not a request over the network; a 304 is).

:func:`measure_url` measures any URL under the profile (it is what ``main`` calls for each app):
a static edition of the map, served by any web server, can be measured the same way with
``python bench/throttled.py --url http://127.0.0.1:PORT/``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "e2e"))
sys.path.insert(0, str(ROOT / "bench"))

import harness  # noqa: E402  (the browser tests' app runner and Chromium settings)


@dataclass(frozen=True)
class Profile:
    """A device and its link."""

    name: str
    width: int
    height: int
    down_kbit: float
    up_kbit: float
    latency_ms: float


PHONE_3G = Profile("phone, 3G-like", 390, 844, 1600, 750, 150)
"""The issue's slow phone: 390 px wide, 1.6 Mbit/s down, 150 ms latency."""
UNTHROTTLED = Profile("phone, no throttling", 390, 844, 0, 0, 0)


@dataclass
class Visit:
    """One page open: what crossed the wire until the page was quiet, and when markers came."""

    markers_s: float | None
    bytes_down: int
    bytes_up: int
    bytes_other: int
    bytes_before_markers: int
    """Bytes of the requests finished before the first markers (DevTools; HTTP only)."""
    """Bytes from other hosts (the naive map's CDN stand-in), as DevTools counts them."""
    requests: int
    cached: int
    failed: int = 0
    ws_frames: int = 0
    ws_payload: int = 0
    """Websocket messages received and their size before compression (base64 for binary)."""
    biggest: list[tuple[str, int]] = field(default_factory=list)
    """Every request over the network, biggest first: (path, bytes on the wire)."""
    waterfall: list[tuple[str, float, float, int]] = field(default_factory=list)
    """Every request over the network in the order sent: (path, sent at, finished at, bytes),
    seconds from ``goto``; the JSON has it, to see what the first markers waited for."""
    error: str | None = None


# ------------------------------------------------------------------------ the counting relay


class ByteCounter:
    """A TCP relay on a free local port to ``target`` (host, port) that counts the bytes each
    way. Runs its own event loop in a thread."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.down = 0
        self.up = 0
        self.port = harness.free_port()
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> ByteCounter:
        self._thread.start()
        self._ready.wait(10)
        return self

    def __exit__(self, *exc: object) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)

    def reset(self) -> tuple[int, int]:
        """The counts so far (down, up), then zero."""
        down, up = self.down, self.up
        self.down = self.up = 0
        return down, up

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        server = self._loop.run_until_complete(
            asyncio.start_server(self._serve, "127.0.0.1", self.port)
        )
        self._ready.set()
        try:
            self._loop.run_forever()
        finally:
            server.close()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            up_reader, up_writer = await asyncio.open_connection(*self.target)
        except OSError:
            writer.close()
            return

        async def pump(src: asyncio.StreamReader, dst: asyncio.StreamWriter, down: bool) -> None:
            try:
                while data := await src.read(65536):
                    if down:
                        self.down += len(data)
                    else:
                        self.up += len(data)
                    dst.write(data)
                    await dst.drain()
            except (ConnectionError, OSError):
                pass
            finally:
                with contextlib.suppress(Exception):
                    dst.close()

        await asyncio.gather(pump(reader, up_writer, False), pump(up_reader, writer, True))


# ----------------------------------------------------------------- other hosts: a stand-in


class StandIn:
    """An HTTPS server on a free local port that every host but the app's resolves to (with
    ``--host-resolver-rules`` and ``--ignore-certificate-errors``): it answers the naive map's
    CDN files from local copies (bench/run.py's ``local_cdn``: Leaflet from static/vendor,
    jQuery from Debian), other scripts and styles with an empty file, and anything else (tiles)
    with 404. The page's throttling applies to it as to the app. A throw-away self-signed
    certificate is made with ``openssl``."""

    def __init__(self) -> None:
        import run as bench

        self.files = bench.local_cdn()
        self.cdn_name = bench.cdn_name
        self.port = harness.free_port()
        self._tmp = tempfile.TemporaryDirectory()
        self._server: Any = None

    def __enter__(self) -> StandIn:
        import http.server
        import ssl
        import subprocess

        key, cert = Path(self._tmp.name) / "key.pem", Path(self._tmp.name) / "cert.pem"
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=stand-in"]
            + ["-keyout", str(key), "-out", str(cert), "-days", "1"],
            check=True,
            capture_output=True,
        )
        stand_in = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
                path = urlsplit(self.path).path
                name = stand_in.cdn_name(path)
                suffix = Path(path).suffix
                if name in stand_in.files:
                    body = stand_in.files[name].read_bytes()
                    kind = CONTENT_TYPES.get(stand_in.files[name].suffix, "text/plain")
                elif suffix in (".js", ".css"):
                    body, kind = b"", CONTENT_TYPES[suffix]
                else:
                    self.send_error(404)
                    return
                self.send_response(200)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Cache-Control", "public, max-age=31536000")
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(str(cert), str(key))
        self._server.socket = context.wrap_socket(self._server.socket, server_side=True)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._tmp.cleanup()

    def chromium_args(self) -> list[str]:
        rules = f"MAP * 127.0.0.1:{self.port}, EXCLUDE 127.0.0.1, EXCLUDE localhost"
        return [f"--host-resolver-rules={rules}", "--ignore-certificate-errors"]


CONTENT_TYPES = {".js": "application/javascript", ".css": "text/css", ".png": "image/png"}


# ------------------------------------------------------------------------------ a visit


BLOCK_OTHER_HOSTS = harness.BLOCK_OTHER_HOSTS


def throttle(page: Any, profile: Profile) -> Any:
    """Apply ``profile``'s link to ``page`` (DevTools); returns the session (keeps it alive)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    if profile.latency_ms or profile.down_kbit:
        cdp.send(
            "Network.emulateNetworkConditions",
            {
                "offline": False,
                "latency": profile.latency_ms,
                "downloadThroughput": profile.down_kbit * 1000 / 8,
                "uploadThroughput": profile.up_kbit * 1000 / 8,
            },
        )
    return cdp


def visit(
    context: Any,
    url: str,
    profile: Profile,
    counter: ByteCounter,
    *,
    markers_js: str,
    quiet_s: float = 2.0,
    timeout_s: float = 120.0,
) -> Visit:
    """Open ``url`` in a new page of ``context`` under ``profile``: the time from ``goto`` to
    ``markers_js`` being true, then the bytes and requests until nothing has crossed the wire
    for ``quiet_s``."""
    page = context.new_page()
    page.set_default_timeout(timeout_s * 1000)
    cdp = throttle(page, profile)
    requests: dict[str, dict[str, Any]] = {}

    def sent(event: dict[str, Any]) -> None:
        entry = requests.setdefault(
            event["requestId"], {"url": event["request"]["url"], "bytes": 0}
        )
        entry.setdefault("sent", time.perf_counter())

    def cached(event: dict[str, Any]) -> None:
        requests.setdefault(event["requestId"], {"url": "", "bytes": 0})["cache"] = True

    def received(event: dict[str, Any]) -> None:
        response = event["response"]
        entry = requests.setdefault(event["requestId"], {"url": response["url"], "bytes": 0})
        if response.get("fromDiskCache") or response.get("fromMemoryCache"):
            entry["cache"] = True

    def finished(event: dict[str, Any]) -> None:
        entry = requests.setdefault(event["requestId"], {"url": "", "bytes": 0})
        entry["bytes"] = int(event.get("encodedDataLength", 0))
        entry["done"] = time.perf_counter()

    cdp.on("Network.requestWillBeSent", sent)
    cdp.on("Network.requestServedFromCache", cached)
    cdp.on("Network.responseReceived", received)
    cdp.on("Network.loadingFinished", finished)
    ws_frames = [0, 0]

    def frame(event: dict[str, Any]) -> None:
        ws_frames[0] += 1
        ws_frames[1] += len(event["response"].get("payloadData", ""))

    cdp.on("Network.webSocketFrameReceived", frame)
    cdp.on(
        "Network.loadingFailed",
        lambda e: requests.setdefault(e["requestId"], {"url": "", "bytes": 0}).update(failed=True),
    )
    counter.reset()
    markers_s = None
    error = None
    t0 = time.perf_counter()
    try:
        page.goto(url, wait_until="commit")
        page.wait_for_function(markers_js, polling="raf")
        markers_s = time.perf_counter() - t0
    except Exception as exc:  # a timeout or a broken page: reported with the figures
        error = f"{type(exc).__name__}: {str(exc).splitlines()[0][:200]}"
    # quiet: nothing over the wire for quiet_s (lazy chunks, the map's own requests, reruns)
    last = -1
    while True:
        total = counter.down + counter.up
        if total == last:
            break
        last = total
        page.wait_for_timeout(quiet_s * 1000)
    down, up = counter.reset()
    page.close()
    failed = sum(1 for r in requests.values() if r.get("failed"))
    over_network = [
        r for r in requests.values() if not r.get("cache") and not r.get("failed") and r["url"]
    ]
    over_network = [r for r in over_network if urlsplit(r["url"]).scheme in ("http", "https", "ws")]
    app_host = urlsplit(url).netloc
    other = sum(r["bytes"] for r in over_network if urlsplit(r["url"]).netloc != app_host)
    before = [
        r for r in over_network if markers_s is not None and r.get("done", 1e18) - t0 <= markers_s
    ]
    biggest = sorted(((r["url"], r["bytes"]) for r in over_network), key=lambda x: -x[1])
    return Visit(
        markers_s=markers_s,
        bytes_down=down,
        bytes_up=up,
        bytes_other=other,
        bytes_before_markers=sum(r["bytes"] for r in before),
        requests=len(over_network),
        cached=sum(1 for r in requests.values() if r.get("cache")),
        failed=failed,
        ws_frames=ws_frames[0],
        ws_payload=ws_frames[1],
        biggest=[(short(u), b) for u, b in biggest],
        waterfall=[
            (
                short(r["url"]),
                round(r.get("sent", t0) - t0, 3),
                round(r.get("done", t0) - t0, 3),
                r["bytes"],
            )
            for r in sorted(over_network, key=lambda r: r.get("sent", t0))
        ],
        error=error,
    )


def short(url: str) -> str:
    parts = urlsplit(url)
    path = parts.path if len(parts.path) < 70 else "…" + parts.path[-60:]
    return path


def measure_url(
    playwright: Any,
    url: str,
    *,
    profile: Profile = PHONE_3G,
    markers_js: str | None = None,
    warm_up: bool = True,
    visits: int = 2,
    other_hosts: list[str] | None = None,
) -> list[Visit]:
    """Open ``url`` ``visits`` times in one fresh browser profile under ``profile`` (the first
    with an empty HTTP cache, the next ones with what the earlier left), through a counting
    relay. ``other_hosts`` are Chromium flags for every other host (default: none resolves;
    :meth:`StandIn.chromium_args` sends them to a local stand-in). ``warm_up`` opens the URL
    once beforehand in another profile, unthrottled and uncounted (a running server has had
    visitors: its caches are filled)."""
    markers_js = markers_js or harness.map_waits(MAP_POINTS_JS)[0]
    parts = urlsplit(url)
    target = (parts.hostname or "127.0.0.1", parts.port or 80)
    with ByteCounter(target) as counter:
        relayed = urlunsplit(parts._replace(netloc=f"127.0.0.1:{counter.port}"))
        args = [*harness.CHROMIUM_ARGS, *(other_hosts or [BLOCK_OTHER_HOSTS])]
        if warm_up:
            browser = playwright.chromium.launch(executable_path=harness.CHROMIUM, args=args)
            context = browser.new_context(viewport={"width": profile.width, "height": 900})
            visit(context, relayed, UNTHROTTLED, counter, markers_js=markers_js, quiet_s=1.0)
            browser.close()
        with tempfile.TemporaryDirectory() as user_dir:
            context = playwright.chromium.launch_persistent_context(
                user_dir,
                executable_path=harness.CHROMIUM,
                args=args,
                viewport={"width": profile.width, "height": profile.height},
                device_scale_factor=2,
                is_mobile=True,
                has_touch=True,
            )
            try:
                return [
                    visit(context, relayed, profile, counter, markers_js=markers_js)
                    for _ in range(visits)
                ]
            finally:
                context.close()


MAP_POINTS_JS = """() => {
  const frames = document.querySelectorAll('iframe[title="streamlit_folium.st_folium"]');
  if (!frames.length) return null;
  const win = frames[frames.length - 1].contentWindow;
  const m = win && (win.map || win.map_div);
  if (!m || !m._loaded) return null;
  let n = 0;
  for (const k in m._layers) { if (m._layers[k]._latlng) n += 1; }
  return n + ":";
}"""
"""``"points:"`` of the map in the st_folium frame (null until it exists); the first markers
are there when points is not 0 (the same test as bench/run.py's, without the sums)."""


# ------------------------------------------------------------------------------------ main


APPS = {"ours": ROOT / "app.py", "naive": ROOT / "bench" / "naive_app.py"}


def fmt_kb(n: int) -> str:
    return f"{n / 1024:,.0f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:,.2f} MB"


def table(rows: list[tuple[str, list[Visit]]]) -> str:
    lines = [
        "| app | visit | bytes down (app) | bytes up (app) | bytes from other hosts | requests "
        "| from cache | failed | open → first markers |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name, visits in rows:
        for i, v in enumerate(visits):
            which = "first" if i == 0 else "repeat"
            when = f"{v.markers_s:.1f} s" if v.markers_s is not None else f"none ({v.error})"
            lines.append(
                f"| {name} | {which} | {fmt_kb(v.bytes_down)} | {fmt_kb(v.bytes_up)} | "
                f"{fmt_kb(v.bytes_other)} | {v.requests} | {v.cached} | {v.failed} | {when} |"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    import run as bench
    from playwright.sync_api import sync_playwright

    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--apps", default="ours,naive", help="which apps (ours,naive)")
    p.add_argument("--data", default=str(ROOT / "data"), help="data directory (default data/)")
    p.add_argument("--url", help="measure this URL instead of starting the apps")
    p.add_argument("--json", metavar="FILE", help="also write the raw results here")
    args = p.parse_args(argv)
    rows: list[tuple[str, list[Visit]]] = []
    with sync_playwright() as pw, StandIn() as stand_in:
        hosts = stand_in.chromium_args()
        if args.url:
            rows.append((args.url, measure_url(pw, args.url, other_hosts=hosts)))
        for name in [] if args.url else args.apps.split(","):
            print(f"[throttled] {name} ...", file=sys.stderr, flush=True)
            with bench.streamlit_server(APPS[name], Path(args.data)) as (url, _):
                rows.append((name, measure_url(pw, url, other_hosts=hosts)))
    for name, visits in rows:
        for i, v in enumerate(visits):
            print(f"[throttled] {name} visit {i + 1}: biggest {v.biggest[:8]}", file=sys.stderr)
    if args.json:
        raw = {name: [asdict(v) for v in visits] for name, visits in rows}
        Path(args.json).write_text(json.dumps(raw, indent=1), encoding="utf-8")
    print(f"\nProfile: {PHONE_3G}. Machine: {bench.machine()}\n")
    print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
