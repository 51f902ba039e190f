"""The map frame's one script: dashboard.assets' bundle and dashboard/bundle.py's middleware."""

from __future__ import annotations

import gzip
import re
import subprocess

from dashboard import assets, compression
from dashboard.bundle import BUNDLE_PATH, MapBundleMiddleware
from dashboard.compression import CompressMiddleware
from tests.test_compression import GZIP, make_app, request


def test_the_bundle_holds_every_map_script_in_its_order():
    bundle = assets.bundle_bytes()
    starts = [bundle.index(f"/* static/{a.path} */".encode()) for a in assets.MAP_JS]
    assert starts == sorted(starts)
    for asset in assets.MAP_JS:
        body = asset.file.read_bytes()
        code = re.sub(rb"//# sourceMappingURL=.*", b"", body).rstrip()
        assert code in bundle, asset.path
    assert b"sourceMappingURL" not in bundle  # it would point beside the bundle, at nothing


def test_the_bundle_follows_a_changed_file(tmp_path, monkeypatch):
    files = []
    for name in ("a.js", "b.js"):
        (tmp_path / name).write_text(f"window.{name[0]} = 1;\n")
        files.append(assets.Asset(name, name))
    monkeypatch.setattr(assets, "STATIC_DIR", tmp_path)
    monkeypatch.setattr(assets, "MAP_JS", tuple(files))
    first = assets.bundle_bytes()
    (tmp_path / "b.js").write_text("window.b = 22;\n")
    second = assets.bundle_bytes()
    assert b"window.b = 1;" in first and b"window.b = 22;" in second
    assert assets.map_js()[0][1].endswith(compression.content_digest(second)[:16])


def test_the_bundle_parses_as_one_script(node, tmp_path):
    """Joined, the files still make one valid script (each keeps its own closure)."""
    path = tmp_path / "map-bundle.js"
    path.write_bytes(assets.bundle_bytes())
    result = subprocess.run(
        [node, "--check", str(path)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr


def test_the_middleware_answers_the_bundle_and_only_it():
    inner = make_app(b"streamlit's answer", "text/plain")
    app = CompressMiddleware(MapBundleMiddleware(inner))
    url = assets.map_js()[0][1]
    query = url.split("?", 1)[1]
    status, heads, body = request(app, path=BUNDLE_PATH, headers=GZIP, query=query)
    assert status == 200
    assert heads["content-type"].startswith("application/javascript")
    assert gzip.decompress(body) == assets.bundle_bytes()
    assert heads["cache-control"] == "public, max-age=31536000, immutable"
    assert inner.seen == []
    # behind a baseUrlPath too
    status, _, _ = request(app, path="/maps" + BUNDLE_PATH, headers=GZIP, query=query)
    assert status == 200 and inner.seen == []
    # anything else is the app's
    request(app, path="/app/static/js/protestmap.js", headers=GZIP)
    assert [s["path"] for s in inner.seen] == ["/app/static/js/protestmap.js"]


def test_head_gets_no_body():
    app = MapBundleMiddleware(make_app(b"x", "text/plain"))
    status, heads, body = request(app, path=BUNDLE_PATH, method="HEAD")
    assert status == 200 and body == b""
    assert int(heads["content-length"]) == len(assets.bundle_bytes())
