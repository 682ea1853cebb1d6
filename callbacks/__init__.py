"""Dash callbacks only.

Thin handlers that unpack inputs, call ``dashboard.views`` and ``layouts``, and return;
``register_all`` wires every module to an app.

May import ``dashboard``, ``layouts`` and ``server`` (the editor session).
"""

from __future__ import annotations

from dash import Dash

from callbacks import (
    citation,
    code,
    compare,
    editor,
    exports,
    gaps,
    locality,
    locality_context,
    national,
    presenter,
    search,
    state_sync,
    switcher,
    upload,
    workshop,
)
from callbacks.request_checks import request_checks
from dashboard.context import AtlasContext
from dashboard.exports.renderer import Renderer
from server import callback_requests


def register_all(app: Dash, atlas: AtlasContext, renderer: Renderer) -> None:
    """Register every callback module's handlers (Flask routes: ``server.register_server``).

    ``renderer`` draws image exports; ``create_app`` makes one per process and keeps it warm.
    """
    for module in (state_sync, national, locality, gaps, compare, presenter, switcher, editor,
                   upload, workshop, locality_context, search, citation, code):
        module.register(app, atlas)
    exports.register(app, atlas, renderer)
    callback_requests.register(app, request_checks(atlas))
