"""The participant page's address: ``/join?dataset=NAME`` opens the page's own app at ``/join/``.

The page is a second, small Dash app on this server (``app.create_join_app``), so it loads
none of the atlas's controls; the short address without the slash is what a QR code and a
slide show.
"""

from __future__ import annotations

import flask
from dash import Dash

from dashboard.context import AtlasContext

JOIN_PREFIX = "/join/"


def register(app: Dash, atlas: AtlasContext) -> None:
    """Send ``/join?...`` to the participant app at ``/join/?...``, keeping the query."""

    @app.server.route("/join")
    def join_page():
        query = flask.request.query_string.decode("latin-1")
        return flask.redirect(JOIN_PREFIX + (f"?{query}" if query else ""), code=302)


def public_origin() -> str:
    """Scheme and host this request reached (``https://atlas.example``), for links to show."""
    return flask.request.host_url.rstrip("/")
