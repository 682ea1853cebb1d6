"""OpenAPI 3.1 description of the read-only open data API."""

from __future__ import annotations

from typing import Any

from dashboard.api.payloads import API_PREFIX, MAX_PER_PAGE
from dashboard.core.view_state import FILTER_FIELDS

_ERROR = {"$ref": "#/components/schemas/Error"}


def _json(description: str, schema: dict[str, Any] | None = None) -> dict[str, Any]:
    body = {"description": description}
    body["content"] = {"application/json": {"schema": schema or {"type": "object"}}}
    return body


def _parameters() -> tuple[list[dict], dict, list[dict], dict]:
    """Filter parameters, the locality code, the gap thresholds and the dataset parameter."""
    filter_params = [
        {"name": param, "in": "query", "required": False,
         "description": f"Comma-separated {field} codes; any of them matches (as in the atlas).",
         "schema": {"type": "string"}}
        for param, field in FILTER_FIELDS.items()
    ]
    code_param = {"name": "code", "in": "path", "required": True,
                  "description": "ONS LAD 2024 code, e.g. E08000025 (Birmingham).",
                  "schema": {"type": "string", "pattern": "^[A-Za-z0-9]+$"}}
    threshold_params = [
        {"name": "need", "in": "query", "required": False, "schema": {"type": "number"},
         "description": "High-need threshold: national need percentile 0-100 (default 80)."},
        {"name": "rate", "in": "query", "required": False, "schema": {"type": "number"},
         "description": "Low-provision threshold: interventions per 10,000 adults (default 1)."},
        {"name": "share", "in": "query", "required": False, "schema": {"type": "number"},
         "description": "Low-provision threshold: % of the locality's interventions (default 5)."},
    ]
    dataset_param = {
        "name": "dataset", "in": "query", "required": False, "schema": {"type": "string"},
        "description": "Dataset to answer from: omitted or 'bundled' (the dataset the server "
        "loaded), '<name>' (newest saved version), '<name>@<version>' or a session upload's "
        "'session-<token>'. 400 when malformed, 404 when unknown."}
    return filter_params, code_param, threshold_params, dataset_param


def _context_paths(code_param: dict[str, Any], dataset_param: dict[str, Any]) -> dict[str, Any]:
    """Paths of the context endpoints: ICBs and what changed between dataset versions."""
    return {
        f"{API_PREFIX}/icbs": {"get": {
            "summary": "The 42 Integrated Care Boards (April 2024)",
            "parameters": [dataset_param],
            "responses": {"200": _json("MHCLG's IoD2025 ICB figures, adults and provision")}}},
        f"{API_PREFIX}/icbs/{{code}}": {"get": {
            "summary": "One ICB: figures, Sub-ICB locations and districts with residents in it",
            "parameters": [{**code_param, "description": "ICB code (April 2024), e.g. "
                            "E54000048."}, dataset_param],
            "responses": {"200": _json("ICB detail"),
                          "404": _json("Unknown code", _ERROR)}}},
        f"{API_PREFIX}/datasets/{{name}}/changes": {"get": {
            "summary": "What changed between two versions of a saved dataset",
            "parameters": [
                {"name": "name", "in": "path", "required": True,
                 "schema": {"type": "string"}, "description": "Saved dataset name."},
                {"name": "from", "in": "query", "required": True,
                 "schema": {"type": "integer", "minimum": 1}},
                {"name": "to", "in": "query", "required": True,
                 "schema": {"type": "integer", "minimum": 1}},
                {"name": "locality", "in": "query", "required": False,
                 "schema": {"type": "string"}, "description": "LAD 2024 code."}],
            "responses": {"200": _json("Added, removed, recoded and edited interventions, "
                                       "and changes per locality and determinant"),
                          "400": _json("Bad parameter", _ERROR),
                          "404": _json("Unknown dataset or version", _ERROR)}}},
    }


def openapi_document(version: str) -> dict[str, Any]:
    """The API's OpenAPI document; ``version`` is the product version."""
    filter_params, code_param, threshold_params, dataset_param = _parameters()
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Community mental-health provision atlas: open data API",
            "version": version,
            "description": "Read-only JSON. Numbers are those the atlas shows. When the loaded "
            "dataset is illustrative every response says so in dataset.illustrative.",
            "license": {"name": "Open Government Licence v3.0 (data); MIT (software)"},
        },
        "paths": {
            f"{API_PREFIX}/localities": {"get": {
                "summary": "Every English local authority district (LAD 2024)",
                "parameters": [dataset_param],
                "responses": {"200": _json("IoD2025 summary, adults and provision per LAD")}}},
            f"{API_PREFIX}/localities/{{code}}": {"get": {
                "summary": "IoD2025 summary, need, provision, gap classes, evaluation gap, nearest "
                           "neighbours, change since 2019 and Health Index need of one district",
                "parameters": [code_param, *threshold_params, dataset_param],
                "responses": {
                    "200": _json("Locality detail"),
                    "301": _json("Retired (or lower-case) code: points to the current code", _ERROR),
                    "400": _json("Bad parameter", _ERROR),
                    "404": _json("Unknown code", _ERROR)}}},
            f"{API_PREFIX}/interventions": {"get": {
                "summary": "Interventions, filtered as in the atlas, paginated",
                "parameters": [
                    *filter_params, dataset_param,
                    {"name": "locality", "in": "query", "required": False,
                     "schema": {"type": "string"}, "description": "LAD 2024 code."},
                    {"name": "page", "in": "query", "required": False,
                     "schema": {"type": "integer", "minimum": 1}},
                    {"name": "per_page", "in": "query", "required": False,
                     "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE}},
                ],
                "responses": {"200": _json("A page of interventions"),
                              "400": _json("Bad parameter", _ERROR),
                              "404": _json("Unknown locality", _ERROR)}}},
            **_context_paths(code_param, dataset_param),
            f"{API_PREFIX}/codelists": {"get": {
                "summary": "The versioned code lists",
                "responses": {"200": _json("Code lists")}}},
        },
        "components": {"schemas": {"Error": {
            "type": "object", "required": ["error"],
            "properties": {"error": {"type": "string"}, "current_code": {"type": "string"},
                           "url": {"type": "string"}, "allowed": {"type": "array"}}}}},
    }
