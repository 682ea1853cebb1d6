"""Callback requests are checked where they enter, before any handler runs.

A ``before_request`` hook on ``/_dash-update-component`` answers a request that names no
registered callback, sends other inputs or state than the callback declares, or carries a value
of the wrong shape (``dashboard.security.requests``) with 400 and one short sentence. Hand-made
requests therefore never reach a handler with values the page could not have sent.
"""

from __future__ import annotations

from collections.abc import Mapping

import flask
from dash import Dash

from dashboard.security.requests import Check, request_problem

CALLBACK_PATH = "/_dash-update-component"


def register(app: Dash, checks: Mapping[str, Check]) -> None:
    """Check every callback request against ``app.callback_map`` and ``checks`` (by id.property)."""

    @app.server.before_request
    def check_callback_request():
        request = flask.request
        if request.method != "POST" or not request.path.endswith(CALLBACK_PATH):
            return None
        body = request.get_json(silent=True)
        problem = request_problem(body, app.callback_map, checks)
        if problem is None:
            return None
        return flask.Response(f"Bad callback request: {problem}", status=400,
                              mimetype="text/plain")
