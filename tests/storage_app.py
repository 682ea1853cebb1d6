"""A minimal WSGI app over ``Store`` for the multi-worker tests (gunicorn ``tests.storage_app:create_app()``).

POST /submit {dataset, client_id, actor, form} -> 201 stored, 200 already stored, 422 rejected;
POST /approve {ids, actor} -> 200 {version}, 409 conflict; GET /health -> {pid}.
The database comes from ATLAS_TEST_DATABASE_URL. Each worker opens (and migrates) the store itself.
"""

from __future__ import annotations

import os
from dataclasses import asdict

from flask import Flask, jsonify, request

from dashboard.core.codelists import load_codelists
from dashboard.core.settings import Settings
from dashboard.ingest.validation import Localities
from dashboard.store.errors import ConflictError, NotFoundError
from dashboard.store.records import SubmissionForm
from dashboard.store.store import Store


def create_app() -> Flask:
    settings = Settings.from_env({})
    store = Store.open(
        os.environ["ATLAS_TEST_DATABASE_URL"],
        codelists=load_codelists(settings.codelists_dir),
        localities=Localities.from_prepared(settings.prepared_dir),
    )
    app = Flask(__name__)

    @app.get("/health")
    def health():
        return jsonify(pid=os.getpid())

    @app.post("/submit")
    def submit():
        body = request.get_json()
        try:
            result = store.submit(body["dataset"], SubmissionForm.of(**body["form"]),
                                  client_id=body["client_id"], actor=body["actor"])
        except ConflictError as exc:
            return jsonify(error=str(exc)), 409
        except NotFoundError as exc:
            return jsonify(error=str(exc)), 404
        if not result.accepted:
            return jsonify(errors=[asdict(i) for i in result.errors]), 422
        return jsonify(id=result.submission.id, duplicate=result.duplicate), 200 if result.duplicate else 201

    @app.post("/approve")
    def approve():
        body = request.get_json()
        try:
            version = store.approve(body["ids"], actor=body["actor"])
        except ConflictError as exc:
            return jsonify(error=str(exc)), 409
        return jsonify(version=version.version, rows=version.row_count)

    return app
