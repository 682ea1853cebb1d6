"""The Flask side of the atlas: routes and middleware beside the Dash callbacks.

Holds the open data API (``/api/v1``), the HSDS 3.0 endpoints (``/api/hsds``), file
downloads, the files a browser keeps (``/_atlas``), the page's HTML head, the editor session
and the security middleware (session signing, same-origin check, headers). May import
``dashboard`` only; Dash
callbacks (``callbacks/``) may import it (the editor session).
"""

from __future__ import annotations

from collections.abc import Sequence

from dash import Dash

from dashboard.context import AtlasContext
from server import api, downloads, hsds, index, join, security, static_files


def register_server(app: Dash, atlas: AtlasContext, also: Sequence[Dash] = ()) -> None:
    """Add the routes and the middleware to the app's Flask server.

    Call it after every Dash callback is registered: the security middleware's content
    security policy hashes the inline scripts registered before it, of ``app`` and of the
    other Dash apps on the same server (``also``: the participant page).
    """
    for module in (downloads, api, hsds, join, static_files, index):
        module.register(app, atlas)
    security.register(app, atlas, also)
