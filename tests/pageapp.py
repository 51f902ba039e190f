"""The page in AppTest, as a reader sees it once the map has drawn its markers.

A browser session's first run draws the first view only (``page.first_view``); the map's frame
then asks for the rest. AppTest has no frame: its sessions start past the first view, and
``tests/test_page_first_view.py`` follows the first view itself.
"""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from dashboard import page

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def page_app(timeout: float = 60) -> AppTest:
    """``app.py`` in AppTest, its session past the first view."""
    at = AppTest.from_file(APP, default_timeout=timeout)
    at.session_state[page.FIRST_VIEW_KEY] = page.WHOLE
    return at
