"""Every view is a link: the page's side of :mod:`dashboard.links` (a page module: streamlit).

- :func:`init_view`: on a session's first run, the filters, the search and the clicked place
  from the link, before the widgets are drawn.
- :func:`write_link` / :func:`write_place`: the URL follows what is shown, key by key; keys
  that are not the view's (``lang``, a playback position) are left alone. The widgets are not
  bound to the URL (``bind="query-params"``): Streamlit would refuse to let the page set or
  drop a bound key.
- :func:`share_box`: "Copy link", the link as text, and the snippet to embed the map.
- :func:`table_pick`: a row of the table picks its place: the map moves to it
  (:class:`dashboard.mapfocus.FocusPlace`) and the panel shows it.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

import pandas as pd
import streamlit as st

from dashboard import links
from dashboard.escape import html_attr, html_text, js_string, markdown_text
from dashboard.filters import Selection
from dashboard.i18n import N_, Lang
from dashboard.loader import Dataset

READ_KEY = "link_view_read"
"""Set once the link's view has been read in this session."""
NOTE_KEY = "link_view_note"
"""What the link said (its query) while the view it set is still shown, for its notes."""
FOCUS_KEY = "focus"
"""The place the map should move to, and a number that grows with each pick (the map moves
once per pick, not on every rerun)."""
TABLE_KEY = "table"
TABLE_HINT = N_("Pick a row to show its place on the map and its events in the panel.")
EMBED_TITLE = N_("Map of protest events")
"""The embedded map's name for screen readers (the iframe's title)."""


def query_values() -> dict[str, list[str]]:
    """The URL's query, every value of every key."""
    return {key: st.query_params.get_all(key) for key in st.query_params}


def map_only() -> bool:
    """``?view=map``: the map, its legend and the panel, nothing else."""
    return st.query_params.get(links.VIEW_KEY) == links.MAP_VIEW


MAP_VIEW_STYLE = (
    "<style>[data-testid='stMainBlockContainer'] { padding-top: 1rem; "
    "padding-bottom: 1rem; }</style>"
)
"""The map-only view starts at the top of its frame: no room kept for a title."""


def map_view_style() -> None:
    st.html(MAP_VIEW_STYLE)


def read_link(dataset: Dataset, lang: Lang) -> links.LinkView:
    """The view the URL asks for, within ``dataset``."""
    return links.read_view(
        query_values(),
        types=dataset.event_types,
        actors=dataset.actors,
        places=set(dataset.places["place_id"]),
        lang=lang,
    )


def init_view(dataset: Dataset, lang: Lang) -> None:
    """On a session's first run: the filters, the search and the place from the link."""
    if st.session_state.get(READ_KEY):
        return
    st.session_state[READ_KEY] = True
    view = read_link(dataset, lang)
    st.session_state["types"] = list(view.types)
    st.session_state["actors"] = list(view.actors)
    st.session_state["search"] = view.text
    st.session_state["selected_place"] = view.place
    st.session_state[NOTE_KEY] = query_values() if view.notes else None


def link_selection(dataset: Dataset, dates: links.DateRange, lang: Lang) -> Selection:
    """The selection of the map-only view: the link's, every run (it has no widgets)."""
    view = read_link(dataset, lang)
    return Selection(
        start=dates[0],
        end=dates[1],
        event_types=view.types,
        actors=view.actors,
        text=view.text,
    )


def show_notes(dataset: Dataset, selection: Selection, lang: Lang) -> None:
    """What the link asked for and could not be shown, in ``lang``, while the filters it set
    are still in use."""
    held = st.session_state.get(NOTE_KEY)
    if held is None:
        return
    view = links.read_view(
        held,
        types=dataset.event_types,
        actors=dataset.actors,
        places=set(dataset.places["place_id"]),
        lang=lang,
    )
    shown = (selection.event_types, selection.actors, selection.text)
    if shown != (view.types, view.actors, view.text):
        st.session_state[NOTE_KEY] = None
        return
    st.info(markdown_text(" ".join(view.notes)), icon="🔗")


def set_values(key: str, values: Sequence[str]) -> None:
    """The URL's ``key`` holds ``values`` (none: dropped); unchanged when it already does."""
    if st.query_params.get_all(key) == list(values):
        return
    if values:
        st.query_params[key] = list(values)
    else:
        st.query_params.pop(key, None)


def write_link(selection: Selection, *, map_view: bool) -> None:
    """The URL's filters and search are those in use (the dates: ``page.write_link_dates``)."""
    wanted = links.view_values(
        types=selection.event_types,
        actors=selection.actors,
        text=selection.text,
        map_only=map_view,
    )
    for key in (links.TYPE_KEY, links.ACTOR_KEY, links.SEARCH_KEY, links.VIEW_KEY):
        set_values(key, wanted[key])


def write_place(place: str | None) -> None:
    """The URL's place is the clicked one."""
    set_values(links.PLACE_KEY, links.view_values(place=place)[links.PLACE_KEY])


def pick_row(place_ids: tuple[str | None, ...]) -> None:
    """The table's selection changed: a row (or a cell of it) whose event has a place on the
    map selects that place and moves the map to it."""
    state = st.session_state.get(TABLE_KEY)
    selection = getattr(state, "selection", None) or (state or {}).get("selection", {})
    rows = list(selection.get("rows", ())) + [cell[0] for cell in selection.get("cells", ())]
    if not rows or not 0 <= rows[0] < len(place_ids):
        return
    place = place_ids[rows[0]]
    if place is None:
        return
    st.session_state["selected_place"] = place
    _, count = st.session_state.get(FOCUS_KEY) or (None, 0)
    st.session_state[FOCUS_KEY] = (place, count + 1)


def table_pick(rows: pd.DataFrame) -> dict[str, Any]:
    """What ``st.dataframe`` needs so that picking a row of ``rows`` (the table's events, in
    its order) picks its place: pass it as keyword arguments, wherever the table is drawn."""
    located = rows["located"].to_numpy(dtype=bool)
    place_ids = tuple(
        str(pid) if here else None for pid, here in zip(rows["place_id"], located, strict=True)
    )
    return {
        "key": TABLE_KEY,
        "on_select": functools.partial(pick_row, place_ids),
        "selection_mode": ["single-row", "single-cell"],
    }


def focus(places: pd.DataFrame, selected: str | None) -> tuple[float, float, int] | None:
    """Where the map should move: (lat, lon, pick number) of the picked place, while it is the
    selected one and drawn; else None."""
    held = st.session_state.get(FOCUS_KEY)
    if not held or held[0] != selected:
        return None
    here = places[places["place_id"] == selected]
    if here.empty:
        return None
    return float(here["lat"].iloc[0]), float(here["lon"].iloc[0]), int(held[1])


COPY_SCRIPT = """
<div class="share-copy">
<button type="button" id="share-copy-button" data-link="{link}">{label}</button>
<span id="share-copy-status" role="status" aria-live="polite"></span>
<label for="share-link">{link_label}</label>
<input id="share-link" type="text" readonly value="{link}">
</div>
<script>
(function () {{
  var button = document.getElementById("share-copy-button");
  var status = document.getElementById("share-copy-status");
  var field = document.getElementById("share-link");
  if (!button || button.dataset.bound === "1") {{ return; }}
  button.dataset.bound = "1";
  field.addEventListener("focus", function () {{ field.select(); }});
  function said(text) {{ status.textContent = text; }}
  function fallback(link) {{
    var field = document.createElement("textarea");
    field.value = link;
    field.setAttribute("readonly", "");
    field.style.position = "fixed";
    field.style.opacity = "0";
    document.body.appendChild(field);
    field.select();
    var done = false;
    try {{ done = document.execCommand("copy"); }} catch (e) {{ done = false; }}
    document.body.removeChild(field);
    said(done ? {copied} : {failed});
  }}
  button.addEventListener("click", function () {{
    var link = button.getAttribute("data-link");
    if (navigator.clipboard && window.isSecureContext) {{
      navigator.clipboard.writeText(link).then(function () {{ said({copied}); }},
        function () {{ fallback(link); }});
    }} else {{
      fallback(link);
    }}
  }});
}})();
</script>
<style>
.share-copy button {{ font: inherit; padding: 0.35rem 0.8rem; border-radius: 0.5rem;
  border: 1px solid rgba(49, 51, 63, 0.3); background: #ffffff; color: #141414; cursor: pointer; }}
.share-copy button:focus-visible {{ outline: 3px solid #1c4fd8; outline-offset: 2px; }}
.share-copy span {{ margin-left: 0.6rem; }}
.share-copy label {{ display: block; margin: 0.8rem 0 0.25rem; font-size: 0.875rem;
  color: rgba(20, 20, 20, 0.7); }}
.share-copy input {{ box-sizing: border-box; width: 100%; font: 0.875rem monospace;
  padding: 0.5rem 0.6rem; border: 1px solid rgba(49, 51, 63, 0.2); border-radius: 0.5rem;
  background: #f7f7f9; color: #141414; }}
.share-copy input:focus-visible {{ outline: 3px solid #1c4fd8; outline-offset: 2px; }}
</style>
"""
"""The "Copy link" button and the link in a read-only field (selected whole when focused): a
script of ours, inline (nothing loaded from anywhere); the link and the words reach it escaped
(attributes, text, JavaScript strings). Not ``st.code``: its element brings Streamlit's syntax
highlighter (500 KB compressed) into the first view."""


def copy_html(link: str, lang: Lang) -> str:
    """The "Copy link" button for ``link``, its words in ``lang``."""
    return COPY_SCRIPT.format(
        link=html_attr(link),
        label=html_text(lang._("Copy link")),
        link_label=html_text(lang._("Link to this view")),
        copied=js_string(lang._("Copied")),
        failed=js_string(lang._("Could not copy: select the link below and copy it.")),
    )


def copy_button(link: str, lang: Lang) -> None:
    st.html(copy_html(link, lang), unsafe_allow_javascript=True)


EMBED_KEY = "embed_open"
"""The "Embed the map in a page" expander (open or not, in session state)."""


def share_box(lang: Lang) -> None:
    """The link to this very view, to copy, and the snippet that embeds its map. The snippet
    is drawn only when its section is opened (``st.code`` loads the syntax highlighter)."""
    query = query_values()
    link = links.link_url(st.context.url, query)
    if link is None:  # no browser address (a script run without a browser)
        return
    st.header(lang._("Share this view"), anchor=False)
    copy_button(link, lang)
    with st.expander(lang._("Embed the map in a page"), key=EMBED_KEY, on_change="rerun") as box:
        if not box.open:
            return
        embed = links.link_url(
            st.context.url, query, **{links.VIEW_KEY: [links.MAP_VIEW], "embed": ["true"]}
        )
        st.caption(
            lang._(
                "Paste this into the page's HTML: it shows the map, its legend and the panel, "
                "with the filters, the dates, the place and the language of this view."
            )
        )
        st.code(links.embed_snippet(embed or "", lang._(EMBED_TITLE)), language="html")
