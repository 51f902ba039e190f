"""The compressing middleware (dashboard/compression.py), driven as an ASGI app."""

from __future__ import annotations

import asyncio
import concurrent.futures
import gzip

import pytest

from dashboard import compression
from dashboard.compression import CompressedCache, CompressMiddleware

SCRIPT = b"function f(){return 1}\n" * 200
"""A compressible body well over the minimum size."""


def run(coroutine):
    """Run ``coroutine`` to its end on a loop of its own, in a thread of its own: in the whole
    suite the browser tests' Playwright keeps an event loop running in the main thread, where
    ``asyncio.run`` refuses to start."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def make_app(body: bytes, content_type: str, *, status: int = 200, chunks: int = 1, extra=()):
    """An ASGI app answering every request with ``body``, in ``chunks`` parts; it records the
    requests it got."""
    seen: list[dict] = []

    async def app(scope, receive, send):
        seen.append(scope)
        headers = [(b"content-type", content_type.encode()), *extra]
        headers.append((b"content-length", str(len(body)).encode()))
        await send({"type": "http.response.start", "status": status, "headers": headers})
        step = max(1, len(body) // chunks)
        parts = [body[i : i + step] for i in range(0, len(body), step)] or [b""]
        for i, part in enumerate(parts):
            await send(
                {"type": "http.response.body", "body": part, "more_body": i < len(parts) - 1}
            )

    app.seen = seen
    return app


def request(app, path="/static/js/x.js", method="GET", headers=(), query=""):
    """Send one request; returns (status, headers as a dict, body)."""
    scope = {
        "type": "http",
        "method": method,
        "path": path,
        "headers": [(n.encode(), v.encode()) for n, v in headers],
        "query_string": query.encode(),
    }
    messages: list[dict] = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        messages.append(message)

    run(app(scope, receive, send))
    start = messages[0]
    body = b"".join(m.get("body", b"") for m in messages[1:])
    heads = {n.decode().lower(): v.decode() for n, v in start["headers"]}
    return start["status"], heads, body


GZIP = (("accept-encoding", "gzip, deflate"),)


def test_javascript_is_sent_gzipped_with_its_length():
    app = CompressMiddleware(make_app(SCRIPT, "application/javascript", chunks=3))
    status, heads, body = request(app, headers=GZIP)
    assert status == 200
    assert heads["content-encoding"] == "gzip"
    assert heads["vary"] == "Accept-Encoding"
    assert int(heads["content-length"]) == len(body) < len(SCRIPT) / 10
    assert gzip.decompress(body) == SCRIPT


def test_a_browser_without_gzip_gets_the_body_as_it_is():
    app = CompressMiddleware(make_app(SCRIPT, "application/javascript"))
    status, heads, body = request(app)
    assert (status, body) == (200, SCRIPT)
    assert "content-encoding" not in heads
    assert heads["etag"].startswith('"') and not heads["etag"].endswith('-gz"')


@pytest.mark.parametrize("value", ["gzip;q=0", "identity", "br"])
def test_gzip_refused_or_not_offered(value):
    app = CompressMiddleware(make_app(SCRIPT, "text/css"))
    _, heads, body = request(app, headers=(("accept-encoding", value),))
    assert body == SCRIPT and "content-encoding" not in heads


def test_each_body_is_compressed_once():
    cache = CompressedCache()
    app = CompressMiddleware(make_app(SCRIPT, "application/javascript"), cache=cache)
    bodies = {request(app, headers=GZIP)[2] for _ in range(3)}
    assert len(bodies) == 1
    assert cache.compressions == 1


def test_a_repeat_visit_gets_304_for_what_it_holds():
    inner = make_app(SCRIPT, "application/javascript")
    app = CompressMiddleware(inner)
    _, heads, _ = request(app, headers=GZIP)
    etag = heads["etag"]
    status, again, body = request(app, headers=(*GZIP, ("if-none-match", etag)))
    assert (status, body) == (304, b"")
    assert again["etag"] == etag
    # The app below answered in full: it never saw the browser's validators.
    assert all(n != b"if-none-match" for n, _ in inner.seen[-1]["headers"])


def test_a_changed_file_is_sent_again():
    app_v1 = CompressMiddleware(make_app(SCRIPT, "application/javascript"))
    app_v2 = CompressMiddleware(make_app(SCRIPT + b"//v2", "application/javascript"))
    _, heads, _ = request(app_v1, headers=GZIP)
    status, _, body = request(app_v2, headers=(*GZIP, ("if-none-match", heads["etag"])))
    assert status == 200
    assert gzip.decompress(body).endswith(b"//v2")


def test_head_says_what_get_sends():
    app = CompressMiddleware(make_app(SCRIPT, "application/javascript"))
    _, get_heads, get_body = request(app, headers=GZIP)
    status, head_heads, head_body = request(app, method="HEAD", headers=GZIP)
    assert (status, head_body) == (200, b"")
    assert head_heads["content-encoding"] == "gzip"
    assert head_heads["content-length"] == str(len(get_body))
    assert head_heads["etag"] == get_heads["etag"]


def test_our_static_files_are_always_revalidated():
    extra = ((b"cache-control", b"public, max-age=3600"),)
    app = CompressMiddleware(make_app(SCRIPT, "application/javascript", extra=extra))
    _, heads, _ = request(app, path="/app/static/js/protestmap.js", headers=GZIP)
    assert heads["cache-control"] == "no-cache"
    _, hashed, _ = request(app, path="/static/js/index.Dormv.js", headers=GZIP)
    assert hashed["cache-control"] == "public, max-age=3600"


def test_a_url_that_names_the_content_is_kept_for_a_year():
    app = CompressMiddleware(make_app(SCRIPT, "application/javascript"))
    digest = compression.content_digest(SCRIPT)
    path = "/app/static/js/protestmap.js"
    _, named, _ = request(app, path=path, headers=GZIP, query=f"v={digest[:16]}")
    assert named["cache-control"] == "public, max-age=31536000, immutable"
    # an old page's URL (the file has changed since), a short or an empty v: asked again
    for query in ("v=0123456789abcdef", f"v={digest[:4]}", "v=", "x=1"):
        _, heads, _ = request(app, path=path, headers=GZIP, query=query)
        assert heads["cache-control"] == "no-cache", query


@pytest.mark.parametrize(
    ("path", "headers", "content_type", "status"),
    [
        ("/static/media/font.woff2", GZIP, "font/woff2", 200),  # compressed already
        ("/app/static/basemap/a.pmtiles", (*GZIP, ("range", "bytes=0-99")), "x/y", 206),
        ("/_stcore/host-config", GZIP, "application/json", 200),  # the server's own
        ("/static/js/missing.js", GZIP, "text/plain", 404),
    ],
)
def test_left_as_they_are(path, headers, content_type, status):
    app = CompressMiddleware(make_app(SCRIPT, content_type, status=status))
    got, heads, body = request(app, path=path, headers=headers)
    assert (got, body) == (status, SCRIPT)
    assert "content-encoding" not in heads


def test_already_encoded_answers_pass():
    encoded = gzip.compress(SCRIPT)
    extra = ((b"content-encoding", b"gzip"),)
    app = CompressMiddleware(make_app(encoded, "application/json", extra=extra))
    _, heads, body = request(app, path="/x", headers=GZIP)
    assert body == encoded and heads["content-encoding"] == "gzip"


def test_small_bodies_are_not_compressed():
    app = CompressMiddleware(make_app(b"{}", "application/json"))
    _, heads, body = request(app, path="/x", headers=GZIP)
    assert body == b"{}" and "content-encoding" not in heads


def test_the_cache_keeps_to_its_budget():
    cache = CompressedCache(budget=200)
    bodies = [bytes([i]) * 5000 + SCRIPT for i in range(10)]
    for i, body in enumerate(bodies):
        run(cache.get(str(i), body))
    assert cache.size <= 200
    assert cache.compressions == 10


@pytest.mark.parametrize(
    ("header", "expected"),
    [("gzip, deflate, br", True), ("*", True), ("gzip;q=0", False), ("br", False), ("", False)],
)
def test_accepts_gzip(header, expected):
    assert compression.accepts_gzip([(b"Accept-Encoding", header.encode())]) is expected


def test_streamlits_hashed_files_are_answered_from_memory():
    inner = make_app(SCRIPT, "application/javascript")
    app = CompressMiddleware(inner)
    first = request(app, path="/static/js/index.Dormv.js", headers=GZIP)
    again = request(app, path="/static/js/index.Dormv.js", headers=GZIP)
    plain = request(app, path="/static/js/index.Dormv.js")
    assert first == again
    assert plain[2] == SCRIPT and "content-encoding" not in plain[1]
    assert len(inner.seen) == 2  # once gzipped, once plain; the repeat never reached the app
    status, _, body = request(
        app, path="/static/js/index.Dormv.js", headers=(*GZIP, ("if-none-match", first[1]["etag"]))
    )
    assert (status, body) == (304, b"")
    assert len(inner.seen) == 2


def test_our_files_are_asked_for_every_time():
    """static/ may change while the server runs (no hash in the names): never memorised."""
    inner = make_app(SCRIPT, "application/javascript")
    app = CompressMiddleware(inner)
    for _ in range(3):
        request(app, path="/app/static/js/protestmap.js", headers=GZIP)
    assert len(inner.seen) == 3
