"""“Cite this view” (on every page and in the export panel), dataset downloads and the API link."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.api.payloads import API_PREFIX
from dashboard.exports.dataset import DOWNLOAD_URL
from layouts.ids import Id


def citation_field(textarea_id: str, *, with_button: bool = False) -> html.Div:
    """A read-only citation to select and copy (and a copy button, once per page)."""
    button = [dbc.Button("Copy citation", id=Id.CITE_COPY, size="sm", color="dark",
                         outline=True, className="me-2"),
              html.Span(id=Id.CITE_STATUS, className="small", role="status")] if with_button else []
    return html.Div([
        html.Label("Cite this view", htmlFor=textarea_id, className="form-label small mb-1"),
        dcc.Textarea(id=textarea_id, readOnly=True, value="", className="form-control small mb-1",
                     style={"width": "100%", "height": "4.5em"}),
        html.Div(button, className="d-flex align-items-center"),
    ], className="mb-2 citation")


def data_links() -> html.Div:
    """The whole dataset as CSV or XLSX (hrefs follow the view's dataset) and the API."""
    return html.Div([
        html.Span("The data: ", className="small"),
        html.A("this dataset (CSV)", id=Id.DOWNLOAD_CSV, href=DOWNLOAD_URL.format(fmt="csv"),
               className="small me-2"),
        html.A("this dataset (XLSX, exchange template)", id=Id.DOWNLOAD_XLSX,
               href=DOWNLOAD_URL.format(fmt="xlsx"), className="small me-2"),
        html.A("open data API (OpenAPI)", id=Id.FOOTER_API, href=f"{API_PREFIX}/openapi.json",
               className="small"),
    ], className="mb-2 data-links")


def footer_block() -> html.Div:
    """What the footer adds on every page: the citation and the data links."""
    return html.Div([citation_field(Id.CITE_TEXT, with_button=True), data_links()],
                    className="mt-2")
