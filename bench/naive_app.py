"""The naive baseline, for benchmark comparison only: the map as most tutorials write it.

One ``folium.Marker`` with a ``Popup`` per event, the whole map rebuilt on every rerun and handed
to ``st_folium`` without ``feature_group_to_add`` (so every date change re-sends and remounts the
map). Loading is cached as tutorials usually do, so the comparison is about the map. It reads the
same data directory as the app (``DASHBOARD_DATA``). Run: ``streamlit run bench/naive_app.py``.
Not part of the product: it loads Leaflet from public CDNs like any folium map.
"""

import datetime as dt
import html
import os
from pathlib import Path

import folium
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

DATA_DIR = Path(os.environ.get("DASHBOARD_DATA") or Path(__file__).resolve().parent.parent / "data")


@st.cache_data
def load(data_dir: str) -> pd.DataFrame:
    events = pd.read_csv(Path(data_dir) / "events.csv", keep_default_na=False)
    places = pd.read_csv(Path(data_dir) / "places.csv", keep_default_na=False)
    places = places[["place_id", "name_en", "lat", "lon"]]
    frame = events.merge(places, on="place_id", how="left")
    frame["date"] = pd.to_datetime(frame["date"]).dt.date
    frame["lat"] = pd.to_numeric(frame["lat"], errors="coerce")
    frame["lon"] = pd.to_numeric(frame["lon"], errors="coerce")
    return frame


st.title("Protest events (naive baseline)")
df = load(str(DATA_DIR))
first, last = df["date"].min(), df["date"].max()
default = (max(first, dt.date(2024, 2, 1)), min(last, dt.date(2024, 3, 8)))
start, end = st.slider("Dates", min_value=first, max_value=last, value=default, key="dates")
selected = df[(df["date"] >= start) & (df["date"] <= end)]
st.write(f"Showing {len(selected)} of {len(df)} events")

m = folium.Map(location=[43.2567, 76.9286], zoom_start=12)
for _, row in selected.iterrows():
    if pd.isna(row["lat"]) or row["place_id"] == "almaty":
        continue
    text = f"<b>{row['date']}</b> {row['event_type']} at {row['name_en']}<br>{row['description']}"
    folium.Marker(
        [row["lat"], row["lon"]],
        popup=folium.Popup(html.escape(text).replace("&lt;br&gt;", "<br>"), max_width=300),
        tooltip=html.escape(str(row["name_en"])),
    ).add_to(m)
st_folium(m, width=900, height=550)
