"""A data directory whose every text field holds a script-injection payload.

Built from the bundled data: same ids, dates, places and coordinates (so the same markers
show), but names, aliases, organisations, place names in every language, location texts,
descriptions, disputes, source titles and publishers, notes and URLs carry payloads. A payload
that runs sets ``__pwned`` on the top window (and calls ``alert``, so a dialog listener sees
it too); a test then asserts the flag stays unset while the text shows as typed.

The data still passes validation: ids, dates, numbers and enums are untouched, and the ``url``
column only takes http(s) URLs, so its payloads are http URLs that try to break out of an
attribute. ``javascript:`` and ``data:`` links go in as text (titles, descriptions), where a
careless renderer could still turn them into links.

Run ``python -m tests.payloads DIR`` (from the project root) to write one for a manual look.
"""

from __future__ import annotations

import csv
import io
import shutil
import sys
from pathlib import Path

from dashboard import schema
from dashboard.settings import BUNDLED_DATA

FLAG = "__pwned"
"""Set to 1 on the top window by any payload that runs."""

RUN = f"top.{FLAG}=1;parent.{FLAG}=1;alert(1)"

PAYLOADS: tuple[str, ...] = (
    f"<script>{RUN}</script>",
    f'<img src=x onerror="{RUN}">',
    f"<svg onload={RUN}>",
    f"`${{{RUN}}}` backticks and a template literal",
    f"${{{RUN}}}",
    f"</script><script>{RUN}</script>",
    f'"><img src=x onerror={RUN}>',
    f"'><img src=x onerror={RUN}>",
    f"javascript:{RUN}",
    f"data:text/html,<script>{RUN}</script>",
    f'<a href="javascript:{RUN}">a javascript: link</a>',
    f'<iframe srcdoc="<script>{RUN}</script>"></iframe>',
    f"{{{{constructor.constructor('{RUN}')()}}}}",
    "\u202eright-to-left override\u202c and \u200bzero\u200dwidth\u200c characters",
    "emoji ✊🏽 🇰🇿 👩‍👩‍👧 and Kazakh: Тәуелсіздік, Russian: Площадь",
    f'<b onmouseover="{RUN}">' + "long " * 2000,  # 10,000+ characters
)
"""Every payload text, as typed."""

MARKDOWN_PAYLOADS: tuple[str, ...] = (
    "![x](http://evil.invalid/p.png)",
    "[x](http://evil.invalid/link)",
    "<http://evil.invalid/angle>",
    "http://evil.invalid/bare",
    "www.evil.invalid",
    "mail@evil.invalid",
    ":red[x]",
    "$x$",
    "**x**",
    "\u202eoverride\u202c",
    "\u2066lri \u2067rli \u2068fsi \u2069pdi \u2069",
)
"""Markdown, links and bidirectional controls: Streamlit would render the first three as an
image (a request to a foreign host) or links, turn bare URLs and addresses into links, colour,
typeset or bolden the next four; the last two reverse or reorder the text after them."""

MARKDOWN_SUFFIX = " ".join(MARKDOWN_PAYLOADS)
"""Added to every poisoned value, so that each text field carries every Markdown payload."""
EVIL_HOST = "evil.invalid"

URL_PAYLOADS: tuple[str, ...] = (
    f'https://example.org/"><script>{RUN}</script>',
    f"https://example.org/'onmouseover='{RUN}'",
    f"https://example.org/?q=javascript:{RUN}",
    f"https://example.org/`${{{RUN}}}`",
)
"""http(s) URLs (the only kind the schema accepts) that try to break out of an attribute."""

TEXT_KINDS = ("str", "list")
SKIP_COLUMNS = {
    ("places", "lat"),
    ("places", "lon"),
    ("places", "line"),
}


def text_columns(t: schema.Table) -> list[schema.Column]:
    """Columns of ``t`` that hold free text (no ids, references, numbers or enums)."""
    return [
        c
        for c in t.columns
        if c.kind in TEXT_KINDS and not c.ref and (t.name, c.name) not in SKIP_COLUMNS
    ]


def poison(column: schema.Column, key: str, n: int) -> str:
    """The n-th payload, followed by a marker naming the column and the row's key, so that
        every value is different and a test can tell which one it sees. Every value also carries
    every Markdown payload (``MARKDOWN_SUFFIX``)."""
    payload = f"{PAYLOADS[n % len(PAYLOADS)]} {MARKDOWN_SUFFIX}"
    marker = f"[{column.name} of {key}]"
    if column.kind == "list":
        payload = payload.replace(schema.LIST_SEPARATOR, "/")
        return f"{payload} {marker}{schema.LIST_SEPARATOR}second {column.name} <i>item</i>"
    return f"{payload} {marker}"


def write_payload_data(target: Path) -> Path:
    """Write the payload data directory to ``target`` (created) and return it."""
    target.mkdir(parents=True, exist_ok=True)
    n = 0
    for t in schema.TABLES:
        text = (BUNDLED_DATA / t.filename).read_text("utf-8")
        rows = list(csv.DictReader(io.StringIO(text, newline="")))
        columns = text_columns(t)
        for i, row in enumerate(rows):
            for c in columns:
                row[c.name] = poison(c, row[t.key], n)
                n += 1
            if t is schema.SOURCES:
                row["url"] = URL_PAYLOADS[i % len(URL_PAYLOADS)]
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=t.column_names, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        (target / t.filename).write_text(buffer.getvalue(), encoding="utf-8")
    for extra in BUNDLED_DATA.iterdir():  # anything else the app reads (e.g. a tile cache)
        if extra.name not in {t.filename for t in schema.TABLES} and extra.is_file():
            shutil.copy2(extra, target / extra.name)
    return target


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python -m tests.payloads DIR")
    print(write_payload_data(Path(sys.argv[1])))
