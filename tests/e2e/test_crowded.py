"""A crowded map in a real browser: where markers would cover each other, the smaller places
become dots under the bigger ones, every place stays drawn, and zooming in brings them back."""

from __future__ import annotations

from urllib.parse import urlsplit

import harness
import pytest

from dashboard import synth
from dashboard.aggregate import summarise
from dashboard.loader import load_dataset

MARKERS_JS = """
() => {
    const out = [];
    window.map.eachLayer(l => {
        if (l instanceof window.protestMap.CountMarker) {
            const p = window.map.latLngToContainerPoint(l.getLatLng());
            out.push({id: l.feature.properties.place_id, count: l.feature.properties.count,
                      dot: Boolean(l.options.dot), r: l.getRadius(), full: l.options.fullRadius,
                      x: p.x, y: p.y});
        }
    });
    return out;
}
"""


@pytest.fixture(scope="module")
def crowded(tmp_path_factory):
    """2,000 synthetic events (``python -m dashboard synth``): dozens of places in the centre."""
    target = tmp_path_factory.mktemp("synth") / "data"
    return synth.write_tables(synth.synth_tables(2000, seed=1), target)


@pytest.fixture(scope="module")
def crowded_url(playwright_browser, crowded, tmp_path_factory):
    log = tmp_path_factory.mktemp("crowded-app") / "streamlit.log"
    with harness.running_app(log, env={"DASHBOARD_DATA": str(crowded)}) as url:
        yield url


@pytest.fixture
def traffic(crowded_url, tile_hosts):
    """The page fixture's routing, for this app: requests to it pass, third parties fail."""
    return harness.Traffic(app_host=urlsplit(crowded_url).netloc, tile_hosts=tile_hosts)


def test_covered_places_are_dots_until_zoomed_in(page, crowded_url, crowded):
    dataset = load_dataset(crowded)
    places = summarise(dataset.events, dataset.places).places
    first, last = dataset.events["date"].min(), dataset.events["date"].max()
    harness.open_app(page, f"{crowded_url}?dates={first:%Y-%m-%d}&dates={last:%Y-%m-%d}")
    frame = harness.map_frame(page)
    markers = frame.evaluate(MARKERS_JS)

    # Every place with events is still on the map, dot or not.
    assert sorted(m["id"] for m in markers) == sorted(places["place_id"])
    dots = [m for m in markers if m["dot"]]
    full = [m for m in markers if not m["dot"]]
    assert dots, "the synthetic centre is crowded at the first zoom: some places must be dots"
    # The place with the most events keeps its marker; no two full markers cover each other.
    assert max(markers, key=lambda m: m["count"])["dot"] is False
    for i, a in enumerate(full):
        for b in full[i + 1 :]:
            distance = ((a["x"] - b["x"]) ** 2 + (a["y"] - b["y"]) ** 2) ** 0.5
            assert distance >= 0.75 * (a["r"] + b["r"]) - 0.5, (a["id"], b["id"])
    # Each dot is covered by a bigger marker (or one with as many events placed first).
    for d in dots:
        assert any(
            ((d["x"] - f["x"]) ** 2 + (d["y"] - f["y"]) ** 2) ** 0.5 < 0.75 * (d["full"] + f["r"])
            and f["count"] >= d["count"]
            for f in full
        ), d["id"]

    # Zoomed in on a dot, it is a full marker with its number again.
    dot = dots[0]["id"]
    frame.evaluate(
        """(id) => { window.map.eachLayer(l => {
            if (l instanceof window.protestMap.CountMarker && l.feature.properties.place_id === id)
                window.map.setView(l.getLatLng(), 19, {animate: false}); }); }""",
        dot,
    )
    harness.wait_map_settled(page)
    again = {m["id"]: m for m in frame.evaluate(MARKERS_JS)}
    assert again[dot]["dot"] is False
    assert again[dot]["r"] == again[dot]["full"] > 3.5
