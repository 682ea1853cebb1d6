"""The page's HTML: its browser-tab title, and what the browser should start fetching at once.

Dash writes one index page for every path. Here it gets the title of the view its URL opens
(the URL callback keeps it current as the user moves), the address of the atlas's plotly.js
bundle and of the ag-grid library (``meta`` tags read by ``assets/01-plotly-loader.js`` and
``assets/02-lazy-grid.js``), and preload hints: the bundle on pages that draw charts, and the
national boundaries on the national page, so both download while the page's scripts start.
"""

from __future__ import annotations

import html

import flask
from dash import Dash

from dashboard.context import AtlasContext, view_of_url
from dashboard.views.page import FIGURE_PAGES, page_title
from server.static_files import defer_libraries, geometry_url, grid_library_url, plotly_url


def head_tags(atlas: AtlasContext, path: str, query: str, grid_url: str) -> tuple[str, str]:
    """The title and the extra head tags of the page at ``path`` with ``query``."""
    state, _ = view_of_url(atlas, path, f"?{query}" if query else "")
    plotly = html.escape(plotly_url(atlas), quote=True)
    tags = [f'<meta name="atlas:plotly" content="{plotly}">',
            f'<meta name="atlas:grid" content="{html.escape(grid_url, quote=True)}">']
    if state.current_page in FIGURE_PAGES:
        tags.append(f'<link rel="preload" as="script" href="{plotly}">')
    if state.current_page == "national":
        boundaries = html.escape(geometry_url(atlas, state.map_mode), quote=True)
        tags.append(f'<link rel="preload" as="fetch" crossorigin="anonymous" href="{boundaries}">')
    return html.escape(page_title(atlas, state)), "\n".join(tags)


def register(app: Dash, atlas: AtlasContext) -> None:
    """Give every page its title and head tags; take unneeded libraries out of its scripts."""
    defer_libraries()
    grid_url = grid_library_url(app)
    dash_index = app.interpolate_index

    def interpolate_index(**parts):
        request = flask.request
        title, tags = head_tags(atlas, request.path, request.query_string.decode(), grid_url)
        return dash_index(**{**parts, "title": title, "metas": f"{parts.get('metas', '')}\n{tags}"})

    app.interpolate_index = interpolate_index
