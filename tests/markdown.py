"""What a viewer reads of the Markdown the page sends: escapes resolved, invisible marks gone."""

from __future__ import annotations

import re

from dashboard.escape import FSI, PDI, WORD_JOINER

ESCAPE = re.compile(r"\\(.)")


def visible(markdown: str) -> str:
    """``markdown`` as the text a viewer sees: backslash escapes resolved, and the word joiners
    and isolates that :func:`dashboard.escape.markdown_text` adds removed (they show nothing)."""
    text = ESCAPE.sub(r"\1", markdown)
    return text.replace(WORD_JOINER, "").replace(FSI, "").replace(PDI, "")
