"""Putting data text into the page, one function per context.

Everything that comes from a data file (names, descriptions, places, source titles, URLs) may
hold HTML or script. It reaches the page only through these functions:

- :func:`html_text`: HTML body text;
- :func:`html_attr`: a quoted HTML attribute value;
- :func:`js_string` / :func:`js_json`: a JavaScript string or JSON value inside ``<script>``
  (also safe inside a template literal and an HTML attribute handler);
- :func:`markdown_text`: text inside Streamlit Markdown (which also knows ``$math$``,
  ``:emoji:`` and ``:color[...]``);
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

MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=\"'^&])")
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
    template literal.
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return JS_UNSAFE.sub(lambda m: JS_ESCAPES[m.group()], text)


def js_string(text: object) -> str:
    """``text`` as a quoted JavaScript string literal (see :func:`js_json`)."""
    return js_json(str(text))


def markdown_text(text: object) -> str:
    """``text`` shown literally in Streamlit Markdown: no markup, links, HTML or math.

    Newlines become spaces so that data cannot start a heading, list or table.
    """
    flat = " ".join(str(text).split())
    return MARKDOWN_SPECIAL.sub(r"\\\1", flat)


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
