"""Callback modules; ``register_all`` wires every one of them to an app."""

from __future__ import annotations

from dash import Dash

from callbacks import (
    api,
    compare,
    data,
    datasets,
    downloads,
    exports,
    gaps,
    locality,
    national,
    pages,
    presenter,
    security,
    state_sync,
    workshop,
)
from dashboard.context import AtlasContext


def register_all(app: Dash, ctx: AtlasContext) -> None:
    """Register every callback module's handlers and routes.

    ``security`` comes last: its content security policy hashes every inline script registered
    before it.
    """
    for module in (state_sync, pages, national, locality, gaps, compare, downloads, exports, api,
                   presenter, datasets, data, workshop, security):
        module.register(app, ctx)
