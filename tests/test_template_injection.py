"""Data text never reaches Jinja as a template.

branca compiles the script a folium element renders as a new Jinja template
(``Element(script(...))``) and renders it again with the whole map: data text that holds
``{{ ... }}`` was evaluated on the server (Python code, with the server's rights), and
``{{ "`` or ``{#`` crashed the page for every viewer. An uploaded file is data text.
"""

from __future__ import annotations

import os

import pytest
from streamlit_folium import _get_feature_group_string

from dashboard import mapview
from dashboard.aggregate import summarise
from dashboard.escape import js_json
from dashboard.settings import dashboard_settings
from dashboard.upload import read_upload

PID_PAYLOAD = (
    "{{ this.__init__.__globals__.__builtins__.__import__(dict(os=1)|first).getpid() "
    "* 1000 + 7*7 }}"
)


@pytest.mark.parametrize(
    "name",
    [
        "{{ 7*7 }}",
        PID_PAYLOAD,
        '{{ "',  # was a TemplateSyntaxError: the whole page failed
        "{% for x in range(3) %}x{% endfor %}",
        "{# the rest of the script becomes a comment",
        "{{{{ nested }}}}",
    ],
)
def test_place_names_render_literally_in_the_map(dataset, name: str) -> None:
    quoted = '"' + name.replace('"', '""') + '"'
    data = f"date,place,lat,lon\n2024-02-10,{quoted},43.25,76.95\n"
    upload = read_upload(data.encode(), "evil.csv", dataset)
    assert len(upload.events) == 1
    summary = summarise(upload.events, upload.dataset.places)
    base = mapview.build_base_map(dashboard_settings({}))
    _get_feature_group_string(mapview.place_layer(summary), base)  # as st_folium does
    page = base.get_root().render()  # the map's HTML, with the layer in it
    expected = js_json(name)[1:-1]
    assert expected in page
    assert str(os.getpid() * 1000 + 49) not in page
    assert "49" not in page.split(expected[:3], 1)[1][:40]


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("{{ x }}", '"\\u007b{ x }}"'),
        ("{% x %}", '"\\u007b% x %}"'),
        ("{# x #}", '"\\u007b# x #}"'),
        ("{{{", '"\\u007b\\u007b{"'),
        ("{ x }", '"{ x }"'),
    ],
)
def test_js_json_breaks_template_openers(text: str, escaped: str) -> None:
    assert js_json(text) == escaped
    assert js_json({"a": {"b": [text]}}) == '{"a":{"b":[' + escaped + "]}}"
