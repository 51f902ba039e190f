"""Each context data text can reach the page in, with the payloads that break it."""

from __future__ import annotations

import html
import json
import re
import subprocess
from html.parser import HTMLParser

import pytest

from dashboard.escape import (
    html_attr,
    html_text,
    isolate,
    js_json,
    js_string,
    markdown_text,
    safe_url,
)
from tests.markdown import visible

PAYLOADS = [
    "<script>window.pwned=1</script>",
    "<img src=x onerror=window.pwned=1>",
    "<svg onload=window.pwned=1>",
    "</script><script>window.pwned=1</script>",
    "<!--<script>",
    "`${window.pwned=1}`",
    "${window.pwned=1}",
    '" onmouseover="window.pwned=1',
    "' onmouseover='window.pwned=1",
    "a\u2028b\u2029c",
    "&lt;b&gt; &amp; &#x3c;",
    "[click](javascript:window.pwned=1)",
    "$x^2$ :red[red] :material/home: **bold** # heading",
    "\u202eRTL\u200b zero-width 🙂 Алматы",
    "back\\slash\nnew line\ttab",
]


class Collect(HTMLParser):
    """Text, tags and attributes a browser's parser would see."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_data(self, data):
        self.text.append(data)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_html_text_is_text_for_the_parser(payload):
    parser = Collect()
    parser.feed(f"<p>{html_text(payload)}</p>")
    parser.close()
    assert parser.tags == [("p", [])]
    assert "".join(parser.text) == payload


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize("quote", ['"', "'"])
def test_html_attr_stays_one_attribute(payload, quote):
    parser = Collect()
    parser.feed(f"<span title={quote}{html_attr(payload)}{quote}>x</span>")
    parser.close()
    assert parser.tags == [("span", [("title", payload)])]
    assert "`" not in html_attr(payload)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_js_string_is_json_and_cannot_end_the_script(payload):
    literal = js_string(payload)
    assert json.loads(literal) == payload
    for forbidden in ("<", ">", "&", "`", "$", "'", "\u2028", "\u2029"):
        assert forbidden not in literal


def test_js_json_escapes_nested_values():
    value = {"name": "</script><b>", "list": ["`${x}`", 1, None, True]}
    text = js_json(value)
    assert json.loads(text) == value
    assert "</script" not in text and "`" not in text and "${" not in text


def test_js_json_refuses_nan():
    with pytest.raises(ValueError):
        js_json(float("nan"))


@pytest.mark.parametrize("payload", PAYLOADS)
def test_js_string_in_script_string_and_template_literal(payload, node):
    """A JavaScript engine reads back exactly the text, as a string and in a template literal."""
    literal = js_string(payload)
    body = literal[1:-1]  # the same escapes are valid inside `...`
    program = (
        "var pwned = 0; var window = {set pwned(v) { pwned = 1; }};"
        f"var a = {literal}; var b = `{body}`; var c = `${{{literal}}}`;"
        "process.stdout.write(JSON.stringify([a, b, c, pwned]));"
    )
    out = subprocess.run(
        [node, "-e", program], capture_output=True, text=True, check=True, timeout=30
    ).stdout
    assert json.loads(out) == [payload, payload, payload, 0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain words", "plain words"),
        ("[click](javascript:x)", r"\[click\]\(javascript\:x\)"),
        ("<b>bold</b>", r"\<b\>bold\</b\>"),
        ("$x$ and :red[y]", r"\$x\$ and \:red\[y\]"),
        ("**a** _b_ `c`", r"\*\*a\*\* \_b\_ \`c\`"),
        ("# title\n- item", r"\# title \- item"),
        ("a\\b", r"a\\b"),
        ("Oyan, Qazaqstan!", r"Oyan, Qazaqstan\!"),
    ],
)
def test_markdown_text(text, expected):
    assert markdown_text(text) == expected


@pytest.mark.parametrize("payload", PAYLOADS)
def test_markdown_text_leaves_no_markup(payload):
    """Every Markdown-special character comes out backslash-escaped, on one line."""
    escaped = markdown_text(payload)
    assert "\n" not in escaped
    i = 0
    while i < len(escaped):
        if escaped[i] == "\\":
            i += 2
            continue
        assert escaped[i] not in "\\`*_{}[]()#+-.!|<>~$:", (escaped, i)
        i += 1


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://caspianpost.com/en/post/x", "https://caspianpost.com/en/post/x"),
        ("http://example.org/a?b=1&c=2#d", "http://example.org/a?b=1&c=2#d"),
        ("  https://example.org/  ", "https://example.org/"),
        ("HTTPS://EXAMPLE.ORG/", "HTTPS://EXAMPLE.ORG/"),
        ("https://en.wikipedia.org/wiki/A_(B)", "https://en.wikipedia.org/wiki/A_%28B%29"),
        ('https://x.org/"><script>', "https://x.org/%22%3E%3Cscript%3E"),
        (
            "https://kk.wikipedia.org/wiki/Алматы",
            "https://kk.wikipedia.org/wiki/%D0%90%D0%BB%D0%BC%D0%B0%D1%82%D1%8B",
        ),
        ("javascript:alert(1)", None),
        ("JaVaScRiPt:alert(1)", None),
        (" javascript:alert(1)", None),
        ("java\tscript:alert(1)", None),
        ("data:text/html,<script>alert(1)</script>", None),
        ("vbscript:msgbox(1)", None),
        ("//evil.example/x", None),
        ("/relative/path", None),
        ("https://", None),
        ("http:///no-host", None),
        ("https://exa mple.org/", None),
        ("https://example.org/a\u2028b", None),
        ("https://[::1", None),
        ("", None),
        (None, None),
        (42, None),
    ],
)
def test_safe_url(url, expected):
    assert safe_url(url) == expected


def test_safe_url_result_is_safe_in_an_attribute():
    url = safe_url("https://x.org/'onmouseover='a")
    parser = Collect()
    parser.feed(f'<a href="{html.escape(url)}">x</a>')
    assert parser.tags == [("a", [("href", url)])]


AUTOLINK_PAYLOADS = [
    "http://evil.invalid/x",
    "HTTPS://EVIL.invalid/y",
    "see www.evil.invalid now",
    "WWW.evil.invalid",
    "write to a.b+c@evil.invalid.kz",
    "mailto:someone@evil.invalid",
    "<http://evil.invalid>",
    "![x](http://evil.invalid/p.png)",
    "[x](http://evil.invalid)",
]
GFM_LINK_LITERAL = re.compile(r"(?i)(https?://|www\.)|[-.\w+]@[-\w]")
"""What remark-gfm turns into a link in the parsed text (after escapes are resolved)."""


@pytest.mark.parametrize("payload", AUTOLINK_PAYLOADS)
def test_markdown_text_breaks_every_autolink(payload):
    escaped = markdown_text(payload)
    shown = visible(escaped)
    assert shown == payload  # the viewer reads it as typed
    parsed = re.sub(r"\\(.)", r"\1", escaped)  # the text GFM searches for links
    assert not GFM_LINK_LITERAL.search(parsed), parsed


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Republic Square", "Republic Square"),
        ("Алматы, Тәуелсіздік", "Алматы, Тәуелсіздік"),
        ("\u202eabc", "\u2068\u202eabc\u2069"),
        ("שלום", "\u2068שלום\u2069"),
        ("a\u2069\u202eb", "\u2068a\u202eb\u2069"),  # a stray PDI cannot close our isolate
        ("\u2067open", "\u2068\u2067open\u2069\u2069"),  # an open isolate is closed
        ("\u2066x\u2069 y", "\u2068\u2066x\u2069 y\u2069"),
    ],
)
def test_isolate(text, expected):
    assert isolate(text) == expected


def test_markdown_text_isolates_right_to_left_text():
    assert markdown_text("\u202ename") == "\u2068\u202ename\u2069"


def test_show_value_isolates_values():
    from dashboard.errors import show_value

    assert show_value("שלום") == "\u2068'שלום'\u2069"
    assert show_value("\u202ex") == repr("\u202ex")  # repr shows the control as \u202e
