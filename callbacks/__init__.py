"""Callback modules; ``register_all`` wires every one of them to an app."""

from __future__ import annotations

from dash import Dash

from callbacks import (
    api,
    compare,
    downloads,
    exports,
    gaps,
    locality,
    national,
    pages,
    presenter,
    state_sync,
)
from dashboard.context import AtlasContext


def register_all(app: Dash, ctx: AtlasContext) -> None:
    """Register every callback module's handlers and routes."""
    for module in (state_sync, pages, national, locality, gaps, compare, downloads, exports, api,
                   presenter):
        module.register(app, ctx)
