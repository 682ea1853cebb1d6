"""Figures.

Pure factories (tables in, ``go.Figure`` out), one theme, captions as data and the frames they
are drawn in (page, slide), export layouts (``publication``, with ``heatmap_fit`` and
``typesetting``), point labels that never collide (``labels``), presenter restyling.

May import ``dashboard.core`` and ``dashboard.ingest``; never the analysis or anything above.
"""
