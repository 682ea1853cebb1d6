"""Dash callbacks only.

Thin handlers that unpack inputs, call ``dashboard.views`` and ``layouts``, and return;
``register_all`` wires every module to an app.

May import ``dashboard``, ``layouts`` and ``server`` (the editor session).
"""

from __future__ import annotations

from dash import Dash

from callbacks import (
    compare,
    data,
    datasets,
    exports,
    gaps,
    locality,
    national,
    pages,
    presenter,
    state_sync,
    workshop,
)
from dashboard.context import AtlasContext


def register_all(app: Dash, atlas: AtlasContext) -> None:
    """Register every callback module's handlers (Flask routes: ``server.register_server``)."""
    for module in (state_sync, pages, national, locality, gaps, compare, exports, presenter,
                   datasets, data, workshop):
        module.register(app, atlas)
