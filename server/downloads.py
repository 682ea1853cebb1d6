"""Downloads served as plain links: the blank exchange template, and the whole dataset shown."""

from __future__ import annotations

from dash import Dash
from flask import Response, request

from dashboard.api.payloads import ApiError, with_dataset
from dashboard.context import AtlasContext
from dashboard.exports.dataset import DOWNLOAD_URL, dataset_file
from dashboard.ingest.template import (
    TEMPLATE_CSV_URL,
    TEMPLATE_XLSX_URL,
    template_csv,
    template_xlsx,
)

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def register(app: Dash, atlas: AtlasContext) -> None:
    """Add the template download routes to the Flask server."""
    xlsx = template_xlsx(atlas.codelists)
    csv = template_csv()

    def attachment(content: bytes, mimetype: str, filename: str) -> Response:
        return Response(
            content,
            mimetype=mimetype,
            headers={"Content-Disposition": f'attachment; filename="{filename}"'},
        )

    app.server.add_url_rule(
        TEMPLATE_XLSX_URL, "template_xlsx",
        lambda: attachment(xlsx, XLSX_TYPE, "intervention_template.xlsx"),
    )
    app.server.add_url_rule(
        TEMPLATE_CSV_URL, "template_csv",
        lambda: attachment(csv, "text/csv", "intervention_template.csv"),
    )

    def whole_dataset(fmt: str) -> Response:
        try:
            scoped = with_dataset(atlas, request.args.get("dataset"))
        except ApiError as error:
            return Response(error.body["error"], status=error.status, mimetype="text/plain")
        content, name, mimetype = dataset_file(scoped.dataset, fmt)
        return attachment(content, mimetype, name)

    app.server.add_url_rule(DOWNLOAD_URL.format(fmt="csv"), "dataset_csv",
                            lambda: whole_dataset("csv"))
    app.server.add_url_rule(DOWNLOAD_URL.format(fmt="xlsx"), "dataset_xlsx",
                            lambda: whole_dataset("xlsx"))
