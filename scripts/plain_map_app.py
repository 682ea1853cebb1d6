"""A plain ``px.choropleth_map`` Dash app of the atlas's map views: the browser baseline of the benchmarks.

What the simplest Dash app drawing the same maps would be: one ``dcc.Location``, one callback that
builds the figure with plotly.express for the path, and the full plotly.js bundle that
``dcc.Graph`` loads by itself. It reads the same prepared artefacts as the atlas:

* ``/``: the 296 districts (LAD 2024) coloured by the decile of their IoD2025 rank of average IMD
  score, centred on England at the atlas's zoom;
* ``/locality/<LAD24CD>``: that district's LSOAs (2021) coloured by their IoD2025 IMD decile,
  centred on the district.

Serve it like the atlas (``scripts/bench.py`` does): ``gunicorn -w 2 --chdir scripts plain_map_app:server``.
"""

from __future__ import annotations

import json
import math
import sys
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import pandas as pd
import plotly.express as px
from dash import Dash, Input, Output, dcc, html

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dashboard.core.iod import rank_decile  # noqa: E402
from dashboard.core.settings import Settings  # noqa: E402

PREPARED = Settings.from_env().prepared_dir
MAP_ID = "plain-map"


@lru_cache(maxsize=1)
def _districts() -> tuple[pd.DataFrame, dict]:
    lads = pd.read_parquet(PREPARED / "lad24.parquet")
    rank = lads["iod25_imd_rank_avg_score"].astype(int)
    frame = pd.DataFrame({"code": lads["LAD24CD"], "name": lads["LAD24NM"],
                          "decile": rank.map(rank_decile)})
    return frame, json.loads((PREPARED / "lad24.geojson").read_text(encoding="utf-8"))


def national_figure():
    """The districts coloured by decile of the IoD2025 rank of average IMD score."""
    frame, geojson = _districts()
    return px.choropleth_map(frame, geojson=geojson, locations="code", color="decile",
                             hover_name="name", color_continuous_scale="RdBu",
                             map_style="white-bg", zoom=5.1, center={"lat": 52.75, "lon": -1.9},
                             height=680, title="Index of Multiple Deprivation, 2025: districts")


def locality_figure(code: str):
    """One district's LSOAs coloured by their IoD2025 IMD decile."""
    lsoas = pd.read_parquet(PREPARED / "lsoa21.parquet", filters=[("LAD24CD", "==", code)])
    polygons = gpd.read_parquet(PREPARED / "lsoa21_geometry.parquet",
                                filters=[("LAD24CD", "==", code)])
    west, south, east, north = polygons.total_bounds
    zoom = min(math.log2(430 * 360 / (256 * max(east - west, 0.01))),
               math.log2(430 * 360 / (256 * max(north - south, 0.01)
                                      / math.cos(math.radians((north + south) / 2)))))
    return px.choropleth_map(lsoas, geojson=json.loads(polygons.to_json()), locations="LSOA21CD",
                             featureidkey="properties.LSOA21CD", color="iod25_imd_decile",
                             hover_name="LSOA21NM", color_continuous_scale="RdBu",
                             map_style="white-bg", zoom=zoom - 0.3,
                             center={"lat": (north + south) / 2, "lon": (east + west) / 2},
                             height=600, title=f"{code}: Index of Multiple Deprivation, 2025")


app = Dash(__name__, serve_locally=True, compress=True, title="Plain map")
app.layout = html.Div([dcc.Location(id="plain-url"), html.Div(id="plain-page")])


@app.callback(Output("plain-page", "children"), Input("plain-url", "pathname"))
def page(pathname):
    """The map of the path: a district's LSOAs, or England's districts."""
    path = (pathname or "/").rstrip("/")
    figure = locality_figure(path.rsplit("/", 1)[1]) if path.startswith("/locality/") \
        else national_figure()
    return dcc.Graph(id=MAP_ID, figure=figure)


server = app.server

if __name__ == "__main__":
    app.run(port=8060)
