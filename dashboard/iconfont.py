"""Streamlit's icon font cut down to the icons Streamlit draws: an ASGI middleware.

Streamlit (1.67) loads its icon font, Material Symbols Rounded (375 KB, woff2), on every first
visit, as soon as its script runs: the sidebar's toggle and the expanders' arrows are glyphs of
it, drawn from ligatures (the text ``expand_more`` in that font is the arrow). On a slow phone
link those 375 KB compete with the page's own code before the first markers. The icons that
Streamlit's frontend can draw are named in its bundles as ``:material/NAME:`` (78 in 1.67), and
the app asks for none of its own, so this middleware answers the font's request with a subset of
the installed font that keeps exactly those ligatures (about 9 KB), made once per process from
the installed Streamlit's own files with fontTools.

If the subset cannot be made (a Streamlit whose files are laid out otherwise, a font without
ligatures), the request goes on to Streamlit and the whole font is sent, as before.
"""

from __future__ import annotations

import functools
import io
import logging
import re
import threading
from collections.abc import Iterable
from pathlib import Path

from dashboard.compression import ASGIApp, Receive, Scope, Send

log = logging.getLogger(__name__)

FONT_PREFIX = "/static/media/MaterialSymbols-Rounded."
"""The path of Streamlit's icon font (its name carries a hash of its content)."""
ICON_PATTERN = re.compile(r":material/([a-z0-9_]+):")
"""How Streamlit's frontend names an icon it draws from the font."""
LIGATURE_LETTERS = "abcdefghijklmnopqrstuvwxyz0123456789_"
"""The characters an icon's name is spelled with (the ligatures' components)."""


def streamlit_static() -> Path:
    """The installed Streamlit's frontend files (``static/js``, ``static/media``)."""
    import streamlit

    return Path(streamlit.__file__).parent / "static" / "static"


def icon_names(js_files: Iterable[Path]) -> set[str]:
    """Every icon named ``:material/NAME:`` in ``js_files``."""
    names: set[str] = set()
    for path in js_files:
        names.update(ICON_PATTERN.findall(path.read_text(encoding="utf-8", errors="replace")))
    return names


def ligatures(font) -> dict[str, str]:
    """The font's ligatures: the word spelled (``expand_more``) -> the glyph it becomes."""
    reverse = {glyph: chr(code) for code, glyph in font.getBestCmap().items()}
    words: dict[str, str] = {}
    for lookup in font["GSUB"].table.LookupList.Lookup:
        for table in lookup.SubTable:
            if getattr(table, "ExtSubTable", None) is not None:  # an extension lookup (type 7)
                table = table.ExtSubTable
            for first, sequences in getattr(table, "ligatures", {}).items():
                for sequence in sequences:
                    spelled = [reverse.get(g) for g in (first, *sequence.Component)]
                    if None not in spelled:
                        words["".join(spelled)] = sequence.LigGlyph  # type: ignore[arg-type]
    return words


def subset_font(data: bytes, names: Iterable[str]) -> bytes:
    """The woff2 font ``data`` with only the letters and the ligatures of ``names`` (and the
    other spellings of the same icons). Raises ``ValueError`` when the font has none of them."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(data))
    words = ligatures(font)
    glyphs = sorted({words[n] for n in names if n in words})
    if not glyphs:
        raise ValueError("the font has a ligature for none of the icons")
    options = subset.Options()
    options.layout_closure = False  # the letters alone would keep every ligature
    options.layout_features = ["*"]
    options.flavor = "woff2"
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(c) for c in LIGATURE_LETTERS], glyphs=glyphs)
    subsetter.subset(font)
    out = io.BytesIO()
    font.flavor = "woff2"
    font.save(out)
    return out.getvalue()


_lock = threading.Lock()


@functools.cache
def _streamlit_icon_font() -> tuple[str, bytes] | None:
    static = streamlit_static()
    fonts = sorted((static / "media").glob("MaterialSymbols-Rounded.*.woff2"))
    if len(fonts) != 1:
        log.warning("icon font: %d fonts in %s; the whole font is sent", len(fonts), static)
        return None
    try:
        names = icon_names(sorted((static / "js").glob("*.js")))
        return fonts[0].name, subset_font(fonts[0].read_bytes(), names)
    except Exception:  # noqa: BLE001 (any failure: the full font is sent, as Streamlit would)
        log.warning("icon font: no subset of %s; the whole font is sent", fonts[0], exc_info=True)
        return None


def streamlit_icon_font() -> tuple[str, bytes] | None:
    """(file name, subset) of the installed Streamlit's icon font, made once per process; None
    when it cannot be made."""
    with _lock:
        return _streamlit_icon_font()


class IconFontMiddleware:
    """Answers the request for Streamlit's icon font with :func:`streamlit_icon_font`. The
    answer is ``no-cache`` (revalidated by its ETag, see :mod:`dashboard.compression`): its
    content is not what the hash in its name stands for."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        # Made in the background from the start: the first visitor does not wait for it.
        threading.Thread(target=streamlit_icon_font, daemon=True).start()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "") if scope["type"] == "http" else ""
        if not path.startswith(FONT_PREFIX) or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        import anyio

        made = await anyio.to_thread.run_sync(streamlit_icon_font)
        if made is None or path.rsplit("/", 1)[-1] != made[0]:
            await self.app(scope, receive, send)
            return
        body = made[1]
        headers = [
            (b"content-type", b"font/woff2"),
            (b"cache-control", b"no-cache"),
            (b"content-length", str(len(body)).encode()),
        ]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send(
            {"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else body}
        )
