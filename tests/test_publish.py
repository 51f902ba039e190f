"""The static edition's folder: what it holds, and that data text cannot break out of it."""

from __future__ import annotations

import base64
import html
import json
import re
import subprocess
from pathlib import Path

import pytest

from dashboard import assets, publish
from dashboard.cli import main
from dashboard.errors import ConfigError
from dashboard.i18n import lang
from dashboard.loader import load_dataset
from dashboard.settings import BUNDLED_DATA
from tests.payloads import PAYLOADS, URL_PAYLOADS, write_payload_data

SIZE_LIMIT = 500 * 1024
"""The edition without the basemap must stay under this (issue: fast on a slow phone)."""


def read_data(folder: Path) -> dict:
    text = (folder / publish.DATA_FILE).read_text("utf-8")
    prefix = f"window.{publish.DATA_GLOBAL}="
    assert text.startswith(prefix) and text.endswith(";\n")
    return json.loads(text[len(prefix) : -2])


@pytest.fixture(scope="module")
def bundled():
    return load_dataset(BUNDLED_DATA)


@pytest.fixture(scope="module")
def payload_dataset(tmp_path_factory):
    return load_dataset(write_payload_data(tmp_path_factory.mktemp("payloads")))


def test_edition_holds_its_files_and_links_nothing_outside(bundled, tmp_path):
    edition = publish.write_edition(bundled, tmp_path, basemap=False)
    assert sorted(edition.files) == sorted(
        ["index.html", "data.js", *(target for _, target in publish.COPIED)]
    )
    assert not (tmp_path / "basemap").exists()
    page = (tmp_path / "index.html").read_text("utf-8")
    linked = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert linked == [
        "vendor/leaflet.css",
        "css/protestmap.css",
        "css/static_edition.css",
        "vendor/leaflet.js",
        "js/protestmap.js",
        "data.js",
        "js/static_edition.js",
    ]
    assert all((tmp_path / path).is_file() for path in linked)
    policy = html.unescape(re.search(r'Content-Security-Policy" content="([^"]+)"', page)[1])
    assert policy == publish.CSP
    assert "connect-src 'none'" in policy and "script-src 'self';" in policy
    assert edition.size < SIZE_LIMIT, f"{edition.size} bytes"


def test_edition_data_matches_the_dataset(bundled, tmp_path):
    publish.write_edition(bundled, tmp_path, basemap=False, app_url="https://map.example.org/")
    data = read_data(tmp_path)
    assert len(data["events"]) == 25
    assert data["dates"] == {
        "first": "2017-03-08",
        "last": "2024-03-08",
        "start": "2024-02-01",
        "end": "2024-03-08",
        "wave": True,
    }
    assert data["appUrl"] == "https://map.example.org/"
    assert data["basemap"] is None
    assert set(data["cards"]) == {"kk", "ru", "en"}
    # Every event has a card in every language, and every link is http(s).
    for code, cards in data["cards"].items():
        assert len(cards) == 25, code
        for heading, lines, _dispute, sources in cards:
            assert heading and lines and sources
            for _label, url in sources:
                assert url is None or url.startswith(("https://", "http://"))
    located = {e[3] for e in data["events"] if e[4]}
    assert {p["id"] for p in data["places"]} == located
    assert data["text"]["ru"]["words"]["Open the live app"] == "Открыть онлайн-версию карты"


def test_cards_say_what_the_panel_says(bundled):
    data = publish.edition_data(bundled, languages=("en",))
    index = [e[0] for e in data["events"]].index("2024-02-02-picket-bergen")
    heading, lines, _dispute, sources = data["cards"]["en"][index]
    assert heading == "2 February 2024 · Single picket"
    labels = [label for label, _ in lines]
    assert labels[:3] == ["When", "Where", "Who"]
    assert labels[-1] == "Authorisation"
    assert all(isinstance(value, str) for _, value in lines)
    assert sources and all(url.startswith("https://") for _, url in sources)


@pytest.mark.parametrize(
    ("code", "counts"),
    [
        ("en", {1: 0, 2: 1, 5: 1, 21: 1, 101: 1, 1001: 1}),
        ("kk", {1: 0, 2: 1, 21: 1, 1001: 1}),
        ("ru", {1: 0, 2: 1, 5: 2, 11: 2, 21: 0, 22: 1, 111: 2, 1001: 0, 1012: 2, 2024: 1}),
    ],
)
def test_plural_table_gives_the_catalogue_form_for_any_count(code, counts):
    table = [publish.plural_index(lang(code), n) for n in range(publish.PLURAL_TABLE)]
    for n, form in counts.items():
        # What static_edition.js does with the table.
        index = table[n] if n < len(table) else table[100 + n % 100]
        assert index == form == publish.plural_index(lang(code), n), n


@pytest.mark.parametrize("code", ["kk", "ru"])
def test_every_word_of_the_page_is_translated(code):
    """The page's words are the app's msgids, listed in publish.py: each must still be in the
    catalogue (a msgid changed in the app would leave the edition in English)."""
    catalogue = lang(code).catalogue
    for msgid in (*publish.STRINGS, *publish.FORMATS):
        assert catalogue.gettext(msgid) != msgid, msgid
    for one, many in publish.PLURALS.values():
        assert catalogue.ngettext(one, many, 5) not in (one, many), one


def test_payload_text_cannot_end_the_script(payload_dataset, tmp_path):
    publish.write_edition(payload_dataset, tmp_path, basemap=False)
    raw = (tmp_path / publish.DATA_FILE).read_text("utf-8")
    for unsafe in ("<", ">", "&", "\u2028", "\u2029", "`"):
        assert unsafe not in raw
    data = read_data(tmp_path)
    # The text comes back as typed (the escaping is JSON's, undone by the parser).
    texts = json.dumps(data["cards"], ensure_ascii=False)
    assert any(json.dumps(p, ensure_ascii=False)[1:-1] in texts for p in PAYLOADS)
    urls = [url for card in data["cards"]["en"] for _, url in card[3] if url]
    assert urls and all(u.startswith("https://example.org/") for u in urls)
    assert not any(ch in u for u in urls for ch in '"<> `')
    assert set(URL_PAYLOADS)  # the payloads tried to break out of the attribute


def test_page_words_follow_the_language(bundled, tmp_path):
    publish.write_edition(bundled, tmp_path, basemap=False, default_language="ru")
    page = (tmp_path / "index.html").read_text("utf-8")
    assert '<html lang="ru">' in page
    assert "<noscript>Для этой карты нужен JavaScript.</noscript>" in page
    assert read_data(tmp_path)["language"] == "ru"


def test_payload_directory_name_is_text_in_the_title(payload_dataset, tmp_path):
    publish.write_edition(payload_dataset, tmp_path, basemap=False)
    page = (tmp_path / "index.html").read_text("utf-8")
    assert "<title>Protest map</title>" in page


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "data:text/html,x", "//evil.invalid/", "ftp://x.org/", "map"],
)
def test_app_url_must_be_http(bundled, tmp_path, url):
    with pytest.raises(ConfigError, match="--app-url .* is not an http"):
        publish.write_edition(bundled, tmp_path, app_url=url, basemap=False)


def test_app_url_is_encoded(bundled, tmp_path):
    publish.write_edition(
        bundled, tmp_path, app_url='https://map.example.org/"><script>x</script>', basemap=False
    )
    assert read_data(tmp_path)["appUrl"] == (
        "https://map.example.org/%22%3E%3Cscript%3Ex%3C/script%3E"
    )


def test_publish_command_writes_the_basemap_as_scripts_per_zoom(tmp_path, capsys):
    assert main(["publish", "-o", str(tmp_path / "site")]) == 0
    err = capsys.readouterr().err
    assert "wrote the static edition of 25 events" in err
    spec = read_data(tmp_path / "site")["basemap"]
    assert spec["zooms"] == [10, 11, 12, 13, 14]
    archive = publish.tiles_by_zoom(publish.assets.BASEMAP_TILES.file)
    for zoom in spec["zooms"]:
        text = (tmp_path / "site" / f"{spec['tilesPrefix']}{zoom}.js").read_text("ascii")
        prefix = f'window.{publish.TILES_GLOBAL}["{zoom}"]='
        tiles = json.loads(text[text.index(prefix) + len(prefix) : -2])
        # Every tile of the archive, byte for byte (gzip, as stored).
        assert {k: base64.b64decode(v) for k, v in tiles.items()} == archive[zoom]

    assert main(["publish", "-o", str(tmp_path / "site"), "--no-basemap"]) == 0
    assert not (tmp_path / "site" / "basemap").exists()
    assert read_data(tmp_path / "site")["basemap"] is None


def test_data_elsewhere_is_published_without_the_basemap(tmp_path, capsys):
    events = (BUNDLED_DATA / "events.csv").read_text("utf-8")
    places = (BUNDLED_DATA / "places.csv").read_text("utf-8")
    data = tmp_path / "data"
    data.mkdir()
    for name in ("people.csv", "sources.csv"):
        (data / name).write_text((BUNDLED_DATA / name).read_text("utf-8"), "utf-8")
    (data / "events.csv").write_text(events, "utf-8")
    # The same places 10 degrees further north (no longer Almaty's).
    moved = re.sub(r"\b43\.(\d+)", r"53.\1", places)
    (data / "places.csv").write_text(moved, "utf-8")
    assert main(["publish", "--data", str(data), "-o", str(tmp_path / "site")]) == 0
    assert "covers Almaty only" in capsys.readouterr().err
    assert not (tmp_path / "site" / "basemap").exists()
    assert read_data(tmp_path / "site")["basemap"] is None
    assert read_data(tmp_path / "site")["almaty"] is False


def test_publish_command_refuses_a_bad_app_url(tmp_path, capsys):
    assert main(["publish", "-o", str(tmp_path), "--app-url", "javascript:alert(1)"]) == 2
    assert "is not an http(s) address" in capsys.readouterr().err


def test_our_scripts_are_written_without_comments_and_still_parse(bundled, tmp_path, node):
    """Our own scripts go into the edition minified (the 500 KB budget), and still parse."""
    publish.write_edition(bundled, tmp_path, basemap=False)
    for source in sorted(publish.MINIFIED - {"js/basemap.js"}):
        original = (assets.STATIC_DIR / source).read_text("utf-8")
        written = tmp_path / source
        text = written.read_text("utf-8")
        assert "/*" in original and "/*" not in text, source
        assert len(text) < 0.8 * len(original), source
        checked = subprocess.run(
            [node, "--check", str(written)], capture_output=True, text=True, timeout=60
        )
        assert checked.returncode == 0, checked.stderr
