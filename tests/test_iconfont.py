"""Streamlit's icon font cut to the icons it draws (dashboard/iconfont.py), made from the
installed Streamlit's own files."""

from __future__ import annotations

import io

import pytest
from fontTools.ttLib import TTFont
from test_compression import make_app, request

from dashboard import iconfont
from dashboard.compression import CompressMiddleware
from dashboard.iconfont import IconFontMiddleware

STATIC = iconfont.streamlit_static()
FULL = next((STATIC / "media").glob("MaterialSymbols-Rounded.*.woff2"))
NAMES = iconfont.icon_names((STATIC / "js").glob("*.js"))


def test_the_icons_streamlit_draws_are_found_in_its_bundles():
    # the sidebar's toggle at phone width, the expanders' arrows, the uploader's button
    assert {"keyboard_double_arrow_right", "expand_more", "expand_less", "upload"} <= NAMES


def test_the_subset_keeps_every_icon_the_full_font_has_and_little_else():
    subset = iconfont.streamlit_icon_font()
    assert subset is not None and subset[0] == FULL.name
    full_words = iconfont.ligatures(TTFont(FULL))
    kept = iconfont.ligatures(TTFont(io.BytesIO(subset[1])))
    wanted = NAMES & set(full_words)
    assert len(wanted) >= 70
    assert wanted <= set(kept)  # every icon Streamlit names
    assert len(kept) < 2 * len(wanted)  # and little else (an icon's other spellings stay)
    assert len(subset[1]) < 40_000 < FULL.stat().st_size
    # the same kind of font, only smaller
    assert sorted(TTFont(io.BytesIO(subset[1])).keys()) == sorted(TTFont(FULL).keys())


def test_a_font_without_those_icons_is_refused():
    with pytest.raises(ValueError, match="none of the icons"):
        iconfont.subset_font(FULL.read_bytes(), ["no_such_icon_name"])


def test_the_middleware_answers_the_font_request_with_the_subset():
    inner = make_app(b"the whole font", "font/woff2")
    app = CompressMiddleware(IconFontMiddleware(inner))
    status, headers, body = request(app, "/static/media/" + FULL.name)
    assert status == 200 and inner.seen == []
    assert body == iconfont.streamlit_icon_font()[1]
    assert headers["content-type"] == "font/woff2"
    assert headers["cache-control"] == "no-cache"
    # revalidated by its ETag on a repeat visit
    status, _, body = request(
        app, "/static/media/" + FULL.name, headers=[("If-None-Match", headers["etag"])]
    )
    assert (status, body) == (304, b"")


@pytest.mark.parametrize(
    "path",
    [
        "/static/media/MaterialSymbols-Rounded.otherHash.woff2",  # not the installed font
        "/static/media/SourceSansVF-Upright.ttf.BsWL4Kly.woff2",
        "/static/js/index.js",
    ],
)
def test_other_requests_go_to_streamlit(path):
    inner = make_app(b"x" * 10, "font/woff2")
    status, _, body = request(IconFontMiddleware(inner), path)
    assert (status, body) == (200, b"x" * 10) and len(inner.seen) == 1
