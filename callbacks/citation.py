"""“Cite this view” and the dataset download links follow the view."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from dash import Dash, Input, Output

from dashboard.api.hsds import HSDS_PREFIX
from dashboard.context import AtlasContext, scoped
from dashboard.core.view_state import ViewState
from dashboard.exports.dataset import DOWNLOAD_URL
from dashboard.views.citation import citation, pinned
from layouts.ids import Id


def download_links(dataset: str) -> tuple[str, str, str]:
    """The CSV, XLSX and HSDS 3.0 links of the whole dataset a view shows."""
    query = "" if dataset == "bundled" else "?" + urlencode({"dataset": dataset})
    return (DOWNLOAD_URL.format(fmt="csv") + query, DOWNLOAD_URL.format(fmt="xlsx") + query,
            f"{HSDS_PREFIX}/services{query}")


OUTPUTS = {"text": Output(Id.CITE_TEXT, "value"), "csv": Output(Id.DOWNLOAD_CSV, "href"),
           "xlsx": Output(Id.DOWNLOAD_XLSX, "href"), "hsds": Output(Id.DOWNLOAD_HSDS, "href")}


def citation_outputs(atlas: AtlasContext, state: ViewState, host: str) -> dict:
    """The footer's citation and download links of a view (keys of ``OUTPUTS``).

    Part of the URL callback's answer (``callbacks/state_sync.py``): no request of their own.
    """
    csv, xlsx, hsds = download_links(pinned(state).dataset)
    return {"text": citation(scoped(atlas, state), state, host, dt.date.today()),
            "csv": csv, "xlsx": xlsx, "hsds": hsds}


def register(app: Dash, atlas: AtlasContext) -> None:
    """Wire the export panel's copy of the citation and the copy button."""
    app.clientside_callback("function(text) { return text || ''; }",
                            Output(Id.CITE_EXPORT_TEXT, "value"), Input(Id.CITE_TEXT, "value"))

    app.clientside_callback(
        """async function(n) {
            const text = document.getElementById("cite-text-textarea").value;
            try { await navigator.clipboard.writeText(text); return "Citation copied."; }
            catch (e) { return "Select the citation above and copy it (Ctrl+C)."; }
        }""",
        Output(Id.CITE_STATUS, "children"), Input(Id.CITE_COPY, "n_clicks"),
        prevent_initial_call=True,
    )
