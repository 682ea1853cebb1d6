"""“Cite this view” and the dataset download links follow the view."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from dash import Dash, Input, Output
from flask import request

from dashboard.api.hsds import HSDS_PREFIX
from dashboard.context import AtlasContext, scoped
from dashboard.core.view_state import state_from_dict
from dashboard.exports.dataset import DOWNLOAD_URL
from dashboard.views.citation import citation, pinned
from layouts.ids import Id


def download_links(dataset: str) -> tuple[str, str, str]:
    """The CSV, XLSX and HSDS 3.0 links of the whole dataset a view shows."""
    query = "" if dataset == "bundled" else "?" + urlencode({"dataset": dataset})
    return (DOWNLOAD_URL.format(fmt="csv") + query, DOWNLOAD_URL.format(fmt="xlsx") + query,
            f"{HSDS_PREFIX}/services{query}")


def register(app: Dash, atlas: AtlasContext) -> None:
    """Wire the citation (page and export panel), the download links and the copy button."""

    @app.callback(Output(Id.CITE_TEXT, "value"), Output(Id.CITE_EXPORT_TEXT, "value"),
                  Output(Id.DOWNLOAD_CSV, "href"), Output(Id.DOWNLOAD_XLSX, "href"),
                  Output(Id.DOWNLOAD_HSDS, "href"),
                  Input(Id.STATE, "data"), prevent_initial_call=True)
    def on_state(data):
        state = state_from_dict(data)
        text = citation(scoped(atlas, state), state, request.host_url, dt.date.today())
        return (text, text, *download_links(pinned(state).dataset))

    app.clientside_callback(
        """async function(n) {
            const text = document.getElementById("cite-text-textarea").value;
            try { await navigator.clipboard.writeText(text); return "Citation copied."; }
            catch (e) { return "Select the citation above and copy it (Ctrl+C)."; }
        }""",
        Output(Id.CITE_STATUS, "children"), Input(Id.CITE_COPY, "n_clicks"),
        prevent_initial_call=True,
    )
