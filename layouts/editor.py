"""Editor sign-in: who may save datasets and decide on workshop entries."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from layouts.components import field
from layouts.ids import Id


def editor_section(writes_enabled: bool, status: str) -> html.Section:
    """Editor sign-in: a display name and the editor secret (``status``: who is signed in)."""
    off = None if writes_enabled else html.P(
        "Editing is off: set ATLAS_EDITOR_SECRET_HASH on the server to allow saving datasets "
        "and approving entries.", className="alert alert-secondary mb-2")
    return html.Section(
        dbc.Card(dbc.CardBody([
            html.H2("Editor", className="h5"),
            off,
            html.P(status, id=Id.EDITOR_STATUS, className="mb-2", role="status"),
            dbc.Row([
                dbc.Col(field("Your display name", Id.EDITOR_NAME,
                               dbc.Input(id=Id.EDITOR_NAME, type="text", maxLength=100,
                                         autocomplete="nickname", disabled=not writes_enabled)),
                        md=4),
                dbc.Col(field("Editor secret", Id.EDITOR_SECRET,
                               dbc.Input(id=Id.EDITOR_SECRET, type="password",
                                         autocomplete="current-password",
                                         disabled=not writes_enabled)), md=4),
                dbc.Col([dbc.Button("Sign in", id=Id.EDITOR_LOGIN, color="primary",
                                    className="mt-4 me-2", disabled=not writes_enabled),
                         dbc.Button("Sign out", id=Id.EDITOR_LOGOUT, color="secondary",
                                    outline=True, className="mt-4")], md=4),
            ]),
            html.Div(id=Id.EDITOR_MESSAGE, role="status", **{"aria-live": "polite"}),
            dcc.Store(id=Id.EDITOR_STATE),
        ]), className="mb-3"),
        id=Id.EDITOR_PANEL, **{"aria-label": "Editor sign-in"},
    )
