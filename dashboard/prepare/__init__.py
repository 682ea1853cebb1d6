"""Build-time data preparation.

``python -m dashboard.prepare`` turns ``data/raw`` into the compact artefacts in
``data/prepared`` (geopandas, run once, never by the server).

May import ``dashboard.core``; nothing at run time imports this package.
"""
