"""Figures.

Pure factories (tables in, ``go.Figure`` out), one theme, captions as data and the frames they
are drawn in (page, slide, export sizes), presenter restyling.

May import ``dashboard.core`` and ``dashboard.ingest``; never the analysis or anything above.
"""
