"""Files a browser fetches once and keeps: the partial plotly.js bundle and the district boundaries.

Each is served at ``/_atlas/<name>`` under a name that carries a digest of its content, with a
one-year ``immutable`` cache lifetime: a browser fetches it once and reuses it on every page and
visit, and a changed file gets a new name. Bodies are sent compressed: the plotly bundle as the
brotli file built beside it (``make plotly-bundle``), the boundaries compressed on first use and
kept in the context's cache; anything else Flask-Compress compresses as it goes.

The bundle (``assets/vendor/plotly-atlas.min.js``, excluded from Dash's automatic asset scripts)
holds only the trace types the atlas draws; ``assets/01-plotly-loader.js`` starts loading it as
soon as the page's scripts run and hands it to ``dcc.Graph``, which then never loads Dash's full
plotly.js. The ag-grid library is left out of the page's scripts too (``defer_libraries``):
``assets/02-lazy-grid.js`` loads it when a table first comes into view.
"""

from __future__ import annotations

import hashlib
import importlib
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import brotli
import flask
from dash import Dash
from dash.fingerprint import build_fingerprint

from dashboard.context import AtlasContext
from dashboard.core.geography import EMPTY_FEATURE_COLLECTION_JSON
from dashboard.core.settings import PROJECT_ROOT

PREFIX = "/_atlas/"
PLOTLY_BUNDLE = PROJECT_ROOT / "assets" / "vendor" / "plotly-atlas.min.js"
GEOMETRY_FILES = {"map": "lad24.geojson", "hex": "lad24_hex.geojson"}
STEMS = {"plotly-atlas": "plotly", "lad24": "map", "lad24_hex": "hex"}  # name before the digest
IMMUTABLE = "public, max-age=31536000, immutable"
BROTLI_QUALITY = 9  # of the boundaries, compressed once per process (about 0.1 s each)


@dataclass(frozen=True)
class StaticFile:
    """One file as served: its name with digest, content type, body and brotli body."""

    name: str
    mimetype: str
    body: bytes
    brotli: bytes | None


def _digested(stem: str, suffix: str, body: bytes) -> str:
    return f"{stem}.{hashlib.sha256(body).hexdigest()[:12]}{suffix}"


def _geometry(atlas: AtlasContext, mode: str) -> StaticFile:
    path = atlas.geography.prepared_dir / GEOMETRY_FILES[mode]
    body = path.read_bytes() if path.exists() else EMPTY_FEATURE_COLLECTION_JSON.encode()
    return StaticFile(_digested(Path(GEOMETRY_FILES[mode]).stem, ".geojson", body),
                      "application/json", body, brotli.compress(body, quality=BROTLI_QUALITY))


def _plotly() -> StaticFile:
    body = PLOTLY_BUNDLE.read_bytes()
    packed = PLOTLY_BUNDLE.with_name(PLOTLY_BUNDLE.name + ".br")
    return StaticFile(_digested("plotly-atlas", ".min.js", body), "text/javascript", body,
                      packed.read_bytes() if packed.exists() else None)


def static_file(atlas: AtlasContext, key: str) -> StaticFile:
    """The file ``key`` (``plotly``, or a map mode: ``map``, ``hex``), read once per process."""
    return atlas.cache.get("static_files", key,
                           _plotly if key == "plotly" else lambda: _geometry(atlas, key))


def geometry_url(atlas: AtlasContext, map_mode: str) -> str:
    """Where a browser fetches the national boundaries of a map mode (``map`` or ``hex``)."""
    return PREFIX + static_file(atlas, map_mode).name


def plotly_url(atlas: AtlasContext) -> str:
    """Where a browser fetches the atlas's plotly.js bundle."""
    return PREFIX + static_file(atlas, "plotly").name


def grid_library_url(app: Dash) -> str:
    """The fingerprinted URL Dash serves the ag-grid library at (as Dash itself builds it)."""
    import dash_ag_grid

    relative = dash_ag_grid._js_dist[0]["relative_package_path"]
    modified = int(os.stat(os.path.join(os.path.dirname(dash_ag_grid.__file__), relative)).st_mtime)
    version = importlib.import_module("dash_ag_grid").__version__
    return (f"{app.config.requests_pathname_prefix}_dash-component-suites/dash_ag_grid/"
            f"{build_fingerprint(relative, version, modified)}")


def defer_libraries() -> None:
    """Take libraries a first page does not need out of every page's scripts (still served).

    Dash lists every script of every component package in every page. ``dash_ag_grid``'s is
    1.3 MB and shows only where a table does: ``assets/02-lazy-grid.js`` loads it when a grid
    first comes into view. ``dash_table``'s is never used by the atlas.
    """
    import dash

    grid = sys.modules.get("dash_ag_grid") or importlib.import_module("dash_ag_grid")
    for module, script in ((grid, "dash_ag_grid.min.js"), (dash.dash_table, "dash_table/bundle.js")):
        for resource in module._js_dist:
            if resource.get("relative_package_path") == script:
                resource["dynamic"] = True


def flask_server(name: str) -> flask.Flask:
    """The Flask server under the atlas, set to compress what it sends with brotli.

    Flask-Compress (Dash's ``compress=True``) reads its settings when Dash starts it. Brotli at
    quality 5 sends the page's scripts and styles about a tenth smaller than its default
    (zstd, level 3) for a few milliseconds more per file.
    """
    server = flask.Flask(name)
    server.config.update(COMPRESS_ALGORITHM=["br", "zstd", "gzip", "deflate"],
                         COMPRESS_ALGORITHM_STREAMING=["br", "zstd", "deflate"],
                         COMPRESS_BR_LEVEL=5)
    return server


def register(app: Dash, atlas: AtlasContext) -> None:
    """Serve ``/_atlas/<name>``: the current file of that name, compressed when the browser can."""

    @app.server.route(PREFIX + "<name>")
    def atlas_static(name: str):
        key = STEMS.get(name.split(".", 1)[0])
        if key is None:
            flask.abort(404)
        served = static_file(atlas, key)
        current = name == served.name  # an old name gets today's file, not kept for a year
        accepts_br = "br" in flask.request.headers.get("Accept-Encoding", "")
        body = served.brotli if accepts_br and served.brotli else served.body
        response = flask.Response(body, mimetype=served.mimetype)
        if body is served.brotli:
            response.headers["Content-Encoding"] = "br"
        response.headers["Vary"] = "Accept-Encoding"
        response.headers["Cache-Control"] = IMMUTABLE if current else "no-cache"
        response.set_etag(served.name + (":br" if body is served.brotli else ""))
        return response.make_conditional(flask.request)
