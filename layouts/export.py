"""The export panel: figure, size preset, format buttons, progress and alt text."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.exports.stamp import CREDIT_MAX
from layouts.citation import citation_field
from layouts.components import HIDDEN, radio_group
from layouts.ids import EXPORT_BUTTONS, Id

BUTTON_LABELS = {"png": "PNG image", "svg": "SVG image", "pdf": "PDF", "csv": "Data (CSV)",
                 "xlsx": "Data (XLSX)", "profile": "Locality profile (one-page PDF)"}


def export_panel(presets: Mapping[str, str], parts: Sequence[dict[str, str]],
                 profile: bool = False) -> html.Section:
    """Export the current view's figures as captioned images or as the numbers behind them.

    ``parts``: the figures offered (options of the figure picker, headline first); ``profile``:
    offer the one-page locality profile.
    """
    buttons = [
        dbc.Button(BUTTON_LABELS[fmt], id=button_id, color="primary" if fmt == "png" else
                   "secondary", outline=fmt != "png", className="me-2 mb-2 bar-button",
                   n_clicks=0, style=HIDDEN if fmt == "profile" and not profile else None)
        for fmt, button_id in EXPORT_BUTTONS.items()
    ]
    return html.Section(
        dbc.Card(dbc.CardBody([
            html.H2("Export this view", className="h5"),
            html.P("Images carry the title, filters, sources and licences, the dataset and "
                   "version, the date, this view's link and your credit line.",
                   className="small mb-2"),
            dbc.Row([
                dbc.Col([html.Label("Figure", htmlFor=Id.EXPORT_PART, className="form-label mb-1"),
                         dcc.Dropdown(id=Id.EXPORT_PART, options=list(parts),
                                      value=parts[0]["value"] if parts else None,
                                      clearable=False, searchable=False)],
                        md=5),
                dbc.Col(radio_group(Id.EXPORT_PRESET, presets, "social", "Size"),
                        md=7),
            ], className="mb-2"),
            html.Label("Credit line (optional), printed with the sources",
                       htmlFor=Id.EXPORT_CREDIT, className="form-label small mb-1"),
            dbc.Input(id=Id.EXPORT_CREDIT, type="text", maxLength=CREDIT_MAX, size="sm",
                      placeholder="Made by Blackpool Mind", className="mb-2", debounce=True),
            html.Div(buttons),
            html.P([dbc.Spinner(size="sm", spinner_class_name="me-2"),
                    "Preparing your file: images take a few seconds…"],
                   id=Id.EXPORT_PROGRESS, className="small mb-2", role="status",
                   style=HIDDEN),
            html.P(id=Id.EXPORT_STATUS, className="small mb-2", role="status",
                   **{"aria-live": "polite"}),
            html.Label("Alt text for the image (copy it with the picture)", htmlFor=Id.EXPORT_ALT,
                       className="form-label small mb-1"),
            dcc.Textarea(id=Id.EXPORT_ALT, readOnly=True, className="form-control small",
                         placeholder="Export an image to get the alt text that goes with it.",
                         style={"width": "100%", "height": "6em"}),
            citation_field(Id.CITE_EXPORT_TEXT),
            dcc.Download(id=Id.EXPORT_DOWNLOAD),
        ])),
        id=Id.EXPORT_PANEL, className="my-3", style=None if parts else HIDDEN,
        **{"aria-label": "Export this view"},
    )
