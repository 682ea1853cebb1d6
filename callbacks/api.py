"""The read-only open data API under /api/v1, routed onto the Flask server."""

from __future__ import annotations

from collections.abc import Callable

from dash import Dash
from flask import Blueprint, jsonify, request

from dashboard import __version__, api
from dashboard.context import AtlasContext
from dashboard.openapi import openapi_document


def respond(build: Callable[[], dict]):
    """JSON response of a payload builder; ApiError becomes its status and message."""
    try:
        return jsonify(build())
    except api.ApiError as error:
        response = jsonify(error.body)
        response.status_code = error.status
        if "url" in error.body:
            response.headers["Location"] = error.body["url"]
        return response


def register(app: Dash, atlas: AtlasContext) -> None:
    """Add the API blueprint to the Dash app's Flask server."""
    blueprint = Blueprint("api_v1", __name__, url_prefix=api.API_PREFIX)
    document = openapi_document(__version__)
    args = lambda: request.args.to_dict()  # noqa: E731

    blueprint.add_url_rule("/openapi.json", "openapi", lambda: jsonify(document))
    blueprint.add_url_rule("/localities", "localities", lambda: respond(
        lambda: api.localities(atlas)))
    blueprint.add_url_rule("/localities/<code>", "locality", lambda code: respond(
        lambda: api.locality(atlas, code, args())))
    blueprint.add_url_rule("/interventions", "interventions", lambda: respond(
        lambda: api.interventions(atlas, args())))
    blueprint.add_url_rule("/codelists", "codelists", lambda: respond(
        lambda: api.codelists(atlas)))
    blueprint.add_url_rule("/<path:unknown>", "unknown", lambda unknown: respond(
        lambda: api.no_endpoint(unknown)))
    app.server.register_blueprint(blueprint)
