"""The protest map: ``streamlit run app.py`` (settings: see the README)."""

import streamlit as st

from dashboard import page

st.set_page_config(page_title="Protest map: Almaty", page_icon="🗺️", layout="wide")
page.main()
