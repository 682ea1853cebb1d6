"""The read-only open data API under /api/v1, routed onto the Flask server."""

from __future__ import annotations

from collections.abc import Callable

from dash import Dash
from flask import Blueprint, jsonify, request

from dashboard import __version__
from dashboard.api import context_payloads as context_api
from dashboard.api import payloads as api
from dashboard.api.openapi import openapi_document
from dashboard.context import AtlasContext


def scoped_to_request(atlas: AtlasContext) -> tuple[AtlasContext, dict[str, str]]:
    """The context of the request's ``?dataset=`` and the other query parameters."""
    args = request.args.to_dict()
    return api.with_dataset(atlas, args.pop("dataset", None)), args


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

    def one_locality(code: str) -> dict:
        scoped, args = scoped_to_request(atlas)
        return context_api.locality_with_context(scoped, code, args)

    blueprint.add_url_rule("/openapi.json", "openapi", lambda: jsonify(document))
    blueprint.add_url_rule("/localities", "localities", lambda: respond(
        lambda: api.localities(scoped_to_request(atlas)[0])))
    blueprint.add_url_rule("/localities/<code>", "locality", lambda code: respond(
        lambda: one_locality(code)))
    blueprint.add_url_rule("/interventions", "interventions", lambda: respond(
        lambda: api.interventions(*scoped_to_request(atlas))))
    blueprint.add_url_rule("/codelists", "codelists", lambda: respond(
        lambda: api.codelists(atlas)))
    blueprint.add_url_rule("/icbs", "icbs", lambda: respond(
        lambda: context_api.icbs(scoped_to_request(atlas)[0])))
    blueprint.add_url_rule("/icbs/<code>", "icb", lambda code: respond(
        lambda: context_api.icb(scoped_to_request(atlas)[0], code)))
    blueprint.add_url_rule("/datasets/<name>/changes", "dataset_changes", lambda name: respond(
        lambda: context_api.dataset_changes(atlas, name, request.args.to_dict())))
    blueprint.add_url_rule("/<path:unknown>", "unknown", lambda unknown: respond(
        lambda: api.no_endpoint(unknown)))
    app.server.register_blueprint(blueprint)
