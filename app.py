"""The protest map: ``streamlit run app.py`` (settings: see the README).

Streamlit runs this file twice over. Started by ``streamlit run``, it is imported as a module
(``__name__ == "app"``) and gives Streamlit the ``st.App`` below: the server, with every text
it sends gzipped and revalidated (:mod:`dashboard.compression`; Streamlit itself sends its
JavaScript uncompressed), Streamlit's 375 KB icon font cut to the icons it draws
(:mod:`dashboard.iconfont`), and the map frame's four scripts as one file
(:mod:`dashboard.bundle`). Then, for each viewer, Streamlit runs it as the page's script
(``__name__ == "__main__"``), as it does in ``AppTest``.
"""

import streamlit as st

if __name__ == "__main__":
    from dashboard import page

    st.set_page_config(page_title="Protest map: Almaty", page_icon="🗺️", layout="wide")
    page.main()
else:
    from starlette.middleware import Middleware

    from dashboard.bundle import MapBundleMiddleware
    from dashboard.compression import CompressMiddleware
    from dashboard.iconfont import IconFontMiddleware

    # Outermost first: the icon font's subset (dashboard/iconfont.py) and the map's script
    # bundle (dashboard/bundle.py) are gzipped and given their ETag like every other answer.
    app = st.App(
        __file__,
        middleware=[
            Middleware(CompressMiddleware),
            Middleware(IconFontMiddleware),
            Middleware(MapBundleMiddleware),
        ],
    )
