"""Callback requests are checked where they enter, before any handler runs.

A ``before_request`` hook on each Dash app's ``_dash-update-component`` route (the atlas's and
the participant page's, each checked against its own callbacks) answers a request that names no
registered callback, sends other inputs or state than the callback declares, or carries a value
of the wrong shape (``dashboard.security.requests``) with 400 and one short sentence. Hand-made
requests therefore never reach a handler with values the page could not have sent.
"""

from __future__ import annotations

from collections.abc import Mapping

import flask
from dash import Dash

from dashboard.security.requests import Check, request_problem

CALLBACK_ROUTE = "_dash-update-component"


def register(app: Dash, checks: Mapping[str, Check]) -> None:
    """Check every callback request of ``app`` against its ``callback_map`` and ``checks``.

    ``checks`` are keyed by ``"<component id>.<property>"``. Several Dash apps may share one
    server: each hook looks only at its own app's route.
    """
    path = app.config.routes_pathname_prefix + CALLBACK_ROUTE

    @app.server.before_request
    def check_callback_request():
        request = flask.request
        if request.method != "POST" or request.path != path:
            return None
        body = request.get_json(silent=True)
        problem = request_problem(body, app.callback_map, checks)
        if problem is None:
            return None
        return flask.Response(f"Bad callback request: {problem}", status=400,
                              mimetype="text/plain")
