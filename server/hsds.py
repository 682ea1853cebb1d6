"""The read-only HSDS 3.0 endpoints under /api/hsds (Open Referral UK style), on the Flask server."""

from __future__ import annotations

from dash import Dash
from flask import Blueprint, jsonify

from dashboard.api import hsds_payloads as hsds
from dashboard.api.hsds import HSDS_PREFIX, taxonomies, taxonomy_terms
from dashboard.context import AtlasContext
from server.api import respond, scoped_to_request


def register(app: Dash, atlas: AtlasContext) -> None:
    """Add the HSDS blueprint to the Dash app's Flask server."""
    blueprint = Blueprint("api_hsds", __name__, url_prefix=HSDS_PREFIX)

    def scoped():
        return scoped_to_request(atlas)

    blueprint.add_url_rule("/", "details", lambda: jsonify(hsds.details()))
    blueprint.add_url_rule("/services", "services", lambda: respond(lambda: hsds.services(*scoped())))
    blueprint.add_url_rule("/services/<sid>", "service", lambda sid: respond(
        lambda: hsds.service(scoped()[0], sid)))
    blueprint.add_url_rule("/taxonomies", "taxonomies", lambda: respond(
        lambda: hsds.taxonomy_list(*scoped())))
    blueprint.add_url_rule("/taxonomies/<tid>", "taxonomy", lambda tid: respond(
        lambda: hsds.one_of(taxonomies(atlas.codelists), tid, "taxonomy")))
    blueprint.add_url_rule("/taxonomy_terms", "taxonomy_terms", lambda: respond(
        lambda: hsds.taxonomy_term_list(*scoped())))
    blueprint.add_url_rule("/taxonomy_terms/<tid>", "taxonomy_term", lambda tid: respond(
        lambda: hsds.one_of(taxonomy_terms(atlas.codelists), tid, "taxonomy term")))
    app.server.register_blueprint(blueprint)
