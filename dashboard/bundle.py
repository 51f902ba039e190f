"""The map frame's one script (:data:`dashboard.assets.MAP_BUNDLE`), answered from memory: an
ASGI middleware, given to ``st.App`` in ``app.py`` inside the compressing one (which gzips the
answer and, since its URL names its content, lets the browser keep it)."""

from __future__ import annotations

import anyio

from dashboard import assets
from dashboard.compression import ASGIApp, Receive, Scope, Send

BUNDLE_PATH = "/app/static/" + assets.MAP_BUNDLE.path
"""Where the bundle is asked for (after the server's ``baseUrlPath``, if one is set)."""


class MapBundleMiddleware:
    """Answers ``GET``/``HEAD`` of :data:`BUNDLE_PATH` with :func:`dashboard.assets.bundle_bytes`;
    every other request goes on to the app."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or not scope["path"].endswith(BUNDLE_PATH)
            or scope["method"] not in ("GET", "HEAD")
        ):
            await self.app(scope, receive, send)
            return
        body = await anyio.to_thread.run_sync(assets.bundle_bytes)
        headers = [
            (b"content-type", b"application/javascript; charset=utf-8"),
            (b"cache-control", b"no-cache"),
            (b"content-length", str(len(body)).encode()),
        ]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        head = scope["method"] == "HEAD"
        await send({"type": "http.response.body", "body": b"" if head else body})
