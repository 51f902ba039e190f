"""Moving the map to a place picked outside it (a row of the table), without remounting it.

The base map stays the same (:func:`dashboard.mapview.build_base_map`); the move travels with
the changing layer, as a tiny Leaflet layer whose only work is to set the view when it is
added. Each pick has its number: the map moves once for it, not again on the reruns that
redraw the layer, so the viewer can pan away.
"""

from __future__ import annotations

from branca.element import MacroElement
from jinja2 import Template

from dashboard.escape import js_json

FOCUS_ZOOM = 15
"""How close the map comes to a picked place (closer when the viewer already is)."""


class FocusPlace(MacroElement):
    """Add to the places layer (a FeatureGroup): the map moves to (lat, lon), once per
    ``pick``."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (group, spec) {
            var Focus = L.Layer.extend({
                onAdd: function (map) {
                    if (map._protestFocusPick === spec.pick) { return; }
                    map._protestFocusPick = spec.pick;
                    map.setView(spec.latlng, Math.max(map.getZoom(), spec.zoom),
                        {animate: false});
                },
                onRemove: function () {}
            });
            new Focus().addTo(group);
        })({{ this._parent.get_name() }}, {{ this.spec_json }});
        {% endmacro %}
        """
    )

    def __init__(self, lat: float, lon: float, pick: int, zoom: int = FOCUS_ZOOM):
        super().__init__()
        self._name = "FocusPlace"
        self.spec_json = js_json(
            {"latlng": [float(lat), float(lon)], "pick": int(pick), "zoom": int(zoom)}
        )
