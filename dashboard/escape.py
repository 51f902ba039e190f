"""Putting data text into the page, one function per context.

Everything that comes from a data file (names, descriptions, places, source titles, URLs) may
hold HTML or script. It reaches the page only through these functions:

- :func:`html_text`: HTML body text;
- :func:`html_attr`: a quoted HTML attribute value;
- :func:`js_string` / :func:`js_json`: a JavaScript string or JSON value inside ``<script>``
  (also safe inside a template literal and an HTML attribute handler);
- :func:`markdown_text`: text inside Streamlit Markdown (which also knows ``$math$``,
  ``:emoji:`` and ``:color[...]``, and turns bare ``http://``, ``www.`` and e-mail addresses
  into links);
- :func:`isolate`: a string that cannot reorder the text around it (right-to-left marks and
  overrides stay inside it); :func:`markdown_text` and :func:`dashboard.errors.show_value`
  apply it;
- :func:`safe_url`: a link target, only ``http``/``https``, else ``None`` (show plain text).
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from typing import Any
from urllib.parse import quote, urlsplit

JS_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "'": "\\u0027",
    "`": "\\u0060",
    "$": "\\u0024",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
JS_UNSAFE = re.compile("[<>&'`$\u2028\u2029]")
TEMPLATE_OPENER = re.compile(r"\{(?=[{%#])")
"""Jinja's ``{{``, ``{%`` and ``{#``: branca compiles a rendered element script as a new
template, so data text holding them would be evaluated on the server (or crash the page).
JSON never makes them outside strings, so breaking them up leaves the structure alone."""

MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=\"'^&])")
WORD_JOINER = "\u2060"
AUTOLINK_START = re.compile(r"(?i)(https?(?=:)|www(?=\.)|(?<=[-.\w+])(?=@))")
"""Where Streamlit's Markdown (remark-gfm) would start a link in plain text: ``http:`` and
``https:``, ``www.``, and the ``@`` of an e-mail address. GFM finds these in the parsed text,
after backslash escapes are gone, so escaping cannot stop it; an invisible word joiner (U+2060)
there does, and the text still reads as typed."""

FSI, PDI = "\u2068", "\u2069"
ISOLATE_OPENERS = frozenset("\u2066\u2067\u2068")  # LRI, RLI, FSI
RTL_OR_CONTROL = frozenset(("R", "AL", "LRE", "RLE", "LRO", "RLO", "PDF"))
"""Bidirectional classes that can move the text after a string (with the isolates)."""
URL_SCHEMES = ("http", "https")


def html_text(text: object) -> str:
    """``text`` as HTML body text: ``&``, ``<``, ``>`` and quotes become entities."""
    return html.escape(str(text), quote=True)


def html_attr(text: object) -> str:
    """``text`` for a quoted attribute value (``"..."`` or ``'...'``)."""
    return html.escape(str(text), quote=True).replace("`", "&#96;")


def js_json(value: Any) -> str:
    """``value`` as JSON that is safe to put anywhere in a ``<script>`` block.

    ``</script>``, ``<!--``, HTML entities, line separators, quotes, backticks and ``${``
    cannot end or change the surrounding code, whether it is a plain script, a string or a
    template literal; Jinja's ``{{``, ``{%`` and ``{#`` are broken up too (see
    ``TEMPLATE_OPENER``).
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    text = JS_UNSAFE.sub(lambda m: JS_ESCAPES[m.group()], text)
    return TEMPLATE_OPENER.sub(lambda m: "\\u007b", text)


def js_string(text: object) -> str:
    """``text`` as a quoted JavaScript string literal (see :func:`js_json`)."""
    return js_json(str(text))


def isolate(text: object) -> str:
    """``text`` wrapped in a Unicode isolate (FSI ... PDI) when it holds right-to-left letters
    or bidirectional controls, so that it cannot reorder the words around it.

    An override (U+202E) inside still turns the string itself, as typed; stray isolate ends
    (PDI) are dropped and open isolates closed, so the string cannot close ours early or leave
    one open. Left-to-right text comes back unchanged.
    """
    text = str(text)
    if not any(
        ch in "\u2066\u2067\u2068\u2069" or unicodedata.bidirectional(ch) in RTL_OR_CONTROL
        for ch in text
    ):
        return text
    out, depth = [], 0
    for ch in text:
        if ch in ISOLATE_OPENERS:
            depth += 1
        elif ch == PDI:
            if depth == 0:
                continue
            depth -= 1
        out.append(ch)
    return FSI + "".join(out) + PDI * depth + PDI


def markdown_text(text: object) -> str:
    """``text`` shown literally in Streamlit Markdown: no markup, links, HTML or math, and
    isolated (:func:`isolate`) so that it cannot reorder the text around it.

    Newlines become spaces so that data cannot start a heading, list or table.
    """
    flat = " ".join(str(text).split())
    unlinked = AUTOLINK_START.sub(lambda m: m.group() + WORD_JOINER, flat)
    return isolate(MARKDOWN_SPECIAL.sub(r"\\\1", unlinked))


def safe_url(url: object) -> str | None:
    """``url`` if it is an absolute ``http``/``https`` address with a host, else ``None``.

    Characters that could end a Markdown link or an attribute are percent-encoded.
    """
    if not isinstance(url, str):
        return None
    text = url.strip()
    if not text or any(unicodedata.category(ch)[0] in "CZ" for ch in text):
        return None
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme.lower() not in URL_SCHEMES or not parts.hostname:
        return None
    return quote(text, safe="/:?#[]@!$&'*+,;=%~-._")
