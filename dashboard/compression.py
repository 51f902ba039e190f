"""Compressed, revalidated responses: what the app serves over HTTP, as an ASGI middleware.

Streamlit (1.67) gzips only its dynamic answers: its own JavaScript bundles, the map
component's files and ``static/`` (Leaflet, our map code) go out as they are, about 5 MB on a
first visit where gzip makes them about 1 MB. This middleware, given to ``st.App`` in
``app.py``, gzips every text answer the app serves (JavaScript, CSS, HTML, JSON, SVG) and
keeps each compressed body in memory, keyed by a digest of the raw bytes, so a file is
compressed once per server process, not once per request. It also gives every answer an
``ETag`` (the digest) and answers a browser that already holds it with ``304 Not Modified``:
a repeat visit then loads only what changed. Files under ``static/`` are not content-hashed,
so they are sent ``no-cache`` (always revalidated, never stale after an update), unless the
URL names the content: ``?v=`` with the start of the body's digest (:func:`content_digest`,
written by :mod:`dashboard.assets`). Such an answer is kept by the browser for a year without
asking again; a URL whose ``v`` no longer matches the file gets ``no-cache``.

Requests it leaves alone: the websocket (compressed by ``server.enableWebsocketCompression``),
``Range`` requests (the basemap archive: its tiles are gzipped inside), answers already
encoded, and anything but a complete ``200`` to a ``GET`` or ``HEAD``.
"""

from __future__ import annotations

import gzip
import hashlib
from collections import OrderedDict
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from typing import Any

import anyio

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

COMPRESSIBLE_TYPES = (
    "text/",
    "application/javascript",
    "application/x-javascript",
    "application/json",
    "application/geo+json",
    "application/manifest+json",
    "application/xml",
    "image/svg+xml",
)
"""Content types worth compressing (fonts, images and the tile archive are compressed already)."""
MINIMUM_SIZE = 500
"""Bodies smaller than this are sent as they are (gzip would save less than its overhead)."""
MAXIMUM_SIZE = 32 * 1024 * 1024
"""Bodies larger than this are passed through unbuffered."""
LEVEL = 9
"""gzip level: each body is compressed once per process, so the smallest output is worth it."""
CACHE_BYTES = 64 * 1024 * 1024
"""Most compressed bytes kept in memory (least recently used dropped first)."""
REVALIDATE_PREFIXES = ("/app/static/",)
"""Paths of files whose names carry no hash: always revalidated (``no-cache``)."""
IMMUTABLE_PREFIXES = ("/static/",)
"""Paths of Streamlit's own frontend: files named by their content's hash, which change only
with the installed package. Their finished answers are kept in memory and served from there,
without asking the app again: a page open makes about 130 requests, most of them here, and the
server's one event loop answers them all. (Component files are not: their answers carry CORS
headers made for each request's origin.)"""
IMMUTABLE = b"public, max-age=31536000, immutable"
"""The caching of an answer whose URL names its content."""
VERSION_MINIMUM = 8
"""The fewest digest characters a ``v`` must carry to count as naming the content."""
UNTOUCHED_PREFIXES = ("/_stcore/",)
"""Paths of the server's own endpoints (health, upload, websocket): left as they are."""


def accepts_gzip(headers: list[tuple[bytes, bytes]]) -> bool:
    """True when the request's ``Accept-Encoding`` allows gzip (and does not refuse it)."""
    for name, value in headers:
        if name.lower() != b"accept-encoding":
            continue
        for part in value.decode("latin-1").lower().split(","):
            coding, _, params = part.strip().partition(";")
            if coding.strip() in ("gzip", "*"):
                q = params.strip()
                return not (q.startswith("q=") and float(q[2:] or 0) == 0)
    return False


def is_compressible(content_type: str) -> bool:
    return content_type.lower().startswith(COMPRESSIBLE_TYPES)


def content_digest(raw: bytes) -> str:
    """The digest that names a body: its ETag, and what a versioned URL's ``v`` starts with."""
    return hashlib.blake2b(raw, digest_size=12).hexdigest()


def names_content(query_string: bytes, digest: str) -> bool:
    """True when the query's ``v`` is the start of ``digest`` (at least :data:`VERSION_MINIMUM`
    characters)."""
    for part in query_string.decode("latin-1").split("&"):
        name, _, value = part.partition("=")
        if name == "v":
            return len(value) >= VERSION_MINIMUM and digest.startswith(value)
    return False


def etag_matches(if_none_match: str, etag: str) -> bool:
    """True when an ``If-None-Match`` value names ``etag`` (weak or strong) or is ``*``."""
    tags = [t.strip() for t in if_none_match.split(",")]
    return "*" in tags or etag in tags or f"W/{etag}" in tags


class CompressedCache:
    """gzip bodies by digest of the raw body, least recently used dropped beyond a byte budget."""

    def __init__(self, budget: int = CACHE_BYTES, level: int = LEVEL) -> None:
        self.budget = budget
        self.level = level
        self.size = 0
        self.compressions = 0
        self._bodies: OrderedDict[str, bytes] = OrderedDict()

    async def get(self, digest: str, raw: bytes) -> bytes:
        body = self._bodies.get(digest)
        if body is not None:
            self._bodies.move_to_end(digest)
            return body
        body = await anyio.to_thread.run_sync(gzip.compress, raw, self.level)
        self.compressions += 1
        if digest not in self._bodies and len(body) <= self.budget:
            self._bodies[digest] = body
            self.size += len(body)
            while self.size > self.budget:
                _, dropped = self._bodies.popitem(last=False)
                self.size -= len(dropped)
        return body


@dataclass(frozen=True)
class Answer:
    """A finished ``200``: its headers (without the length), body and ETag."""

    headers: tuple[tuple[bytes, bytes], ...]
    body: bytes
    etag: str


class CompressMiddleware:
    """Gzip and revalidate what an ASGI app answers (see the module's docstring)."""

    def __init__(self, app: ASGIApp, *, cache: CompressedCache | None = None) -> None:
        self.app = app
        self.cache = cache or CompressedCache()
        self.answers: OrderedDict[tuple[str, bool], Answer] = OrderedDict()
        self.answers_size = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not self._handles(scope):
            await self.app(scope, receive, send)
            return
        request_headers = scope["headers"]
        if_none_match = ""
        kept = []
        for name, value in request_headers:
            lowered = name.lower()
            if lowered == b"if-none-match":
                if_none_match = value.decode("latin-1")
            elif lowered not in (b"if-modified-since", b"accept-encoding"):
                kept.append((name, value))
        gzip_ok = accepts_gzip(request_headers)
        head = scope["method"] == "HEAD"
        memo_key = (scope["path"], gzip_ok)
        known = self.answers.get(memo_key)
        if known is not None:
            self.answers.move_to_end(memo_key)
            await send_answer(known, if_none_match, head, send)
            return
        # The app always answers in full (200): this middleware decides about 304 and gzip.
        inner = dict(scope, headers=kept, method="GET")
        start: Message | None = None
        chunks: list[bytes] = []
        size = 0
        passing = False

        async def relay(message: Message) -> None:
            nonlocal start, size, passing
            if passing:
                if not (head and message["type"] == "http.response.body"):
                    await send(message)
                elif not message.get("more_body"):
                    await send({"type": "http.response.body", "body": b""})
                return
            if message["type"] == "http.response.start":
                headers = dict_headers(message["headers"])
                if message["status"] != 200 or "content-encoding" in headers:
                    passing = True
                    await send(message)
                    return
                start = message
                return
            if message["type"] != "http.response.body" or start is None:
                await send(message)
                return
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            if size > MAXIMUM_SIZE:
                passing = True
                await send(start)
                await relay(
                    {"type": "http.response.body", "body": b"".join(chunks), **more(message)}
                )
                return
            if message.get("more_body"):
                return
            await self._finish(start, b"".join(chunks), scope, gzip_ok, if_none_match, head, send)

        await self.app(inner, receive, relay)

    @staticmethod
    def _handles(scope: Scope) -> bool:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            return False
        if scope["path"].startswith(UNTOUCHED_PREFIXES):
            return False
        return not any(name.lower() == b"range" for name, _ in scope["headers"])

    async def _finish(
        self,
        start: Message,
        raw: bytes,
        scope: Scope,
        gzip_ok: bool,
        if_none_match: str,
        head: bool,
        send: Send,
    ) -> None:
        headers = [
            (n, v)
            for n, v in start["headers"]
            if n.lower() not in (b"content-length", b"etag", b"last-modified", b"vary")
        ]
        content_type = dict_headers(start["headers"]).get("content-type", "")
        digest = content_digest(raw)
        compress = gzip_ok and is_compressible(content_type) and len(raw) >= MINIMUM_SIZE
        etag = f'"{digest}-gz"' if compress else f'"{digest}"'
        headers.append((b"etag", etag.encode()))
        if is_compressible(content_type):
            headers.append((b"vary", b"Accept-Encoding"))
        if scope["path"].startswith(REVALIDATE_PREFIXES):
            versioned = names_content(scope.get("query_string", b""), digest)
            headers = [(n, v) for n, v in headers if n.lower() != b"cache-control"]
            headers.append((b"cache-control", IMMUTABLE if versioned else b"no-cache"))
        body = await self.cache.get(digest, raw) if compress else raw
        if compress:
            headers.append((b"content-encoding", b"gzip"))
        answer = Answer(tuple(headers), body, etag)
        if scope["path"].startswith(IMMUTABLE_PREFIXES):
            self._keep((scope["path"], gzip_ok), answer)
        await send_answer(answer, if_none_match, head, send)

    def _keep(self, key: tuple[str, bool], answer: Answer) -> None:
        if key in self.answers or len(answer.body) > self.cache.budget:
            return
        self.answers[key] = answer
        self.answers_size += len(answer.body)
        while self.answers_size > self.cache.budget:
            _, dropped = self.answers.popitem(last=False)
            self.answers_size -= len(dropped.body)


async def send_answer(answer: Answer, if_none_match: str, head: bool, send: Send) -> None:
    """Send ``answer``, or ``304`` when the browser holds it already; no body for ``HEAD``."""
    if if_none_match and etag_matches(if_none_match, answer.etag):
        headers = [(n, v) for n, v in answer.headers if n.lower() != b"content-type"]
        await send({"type": "http.response.start", "status": 304, "headers": headers})
        await send({"type": "http.response.body", "body": b""})
        return
    headers = [*answer.headers, (b"content-length", str(len(answer.body)).encode())]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": b"" if head else answer.body})


def dict_headers(raw: list[tuple[bytes, bytes]]) -> dict[str, str]:
    return {n.decode("latin-1").lower(): v.decode("latin-1") for n, v in raw}


def more(message: Message) -> dict[str, bool]:
    return {"more_body": bool(message.get("more_body"))}
