"""Exports of the current view: captioned images, the numbers behind them, locality profiles."""

from __future__ import annotations

import datetime as dt

from dash import Dash, Input, Output, State, dcc, no_update
from dash import ctx as dash_ctx

from dashboard.context import AtlasContext, scoped
from dashboard.core.view_state import ViewState, state_from_dict
from dashboard.exports.files import ExportError, export_file
from dashboard.exports.renderer import Renderer
from dashboard.views.page import export_presets
from dashboard.views.parts import PART_LABELS, parts_of
from layouts.components import HIDDEN
from layouts.export import export_panel
from layouts.ids import EXPORT_BUTTONS, Id
from layouts.presenter import playlist_bar


def export_choices(state: ViewState, chosen: str | None) -> tuple:
    """Figure options and value, panel style and profile-button style for a view."""
    keys = parts_of(state)
    options = [{"label": PART_LABELS[k], "value": k} for k in keys]
    value = chosen if chosen in keys else (keys[0] if keys else None)
    profile = {} if state.current_page == "locality" else HIDDEN
    return options, value, {} if keys else HIDDEN, profile


def export_tools(state: ViewState, panel: bool = True) -> list:
    """What a page with figures ends with: the playlist bar and its figures' export panel.

    ``panel=False``: the page's own callback shows the panel with what it draws.
    """
    return [playlist_bar(), *([export_tools_panel(state)] if panel else [])]


def export_tools_panel(state: ViewState):
    """The export panel of a view's figures (hidden when it has none)."""
    options, _, _, _ = export_choices(state, None)
    return export_panel(export_presets(), options, profile=state.current_page == "locality")


def export_download(atlas: AtlasContext, renderer: Renderer, state: ViewState, key: str | None,
                    preset: str, fmt: str, permalink: str, today: dt.date,
                    credit: str = "") -> tuple:
    """A download, its status line and, for an image, its alt text; or a readable message."""
    try:
        export = export_file(atlas, renderer, state, key, preset, fmt, permalink, today, credit)
    except ExportError as error:
        return no_update, str(error), no_update
    return (dcc.send_bytes(export.content, export.name), f"Downloaded {export.name}.",
            export.alt_text or no_update)


def register(app: Dash, atlas: AtlasContext, renderer: Renderer) -> None:
    """Wire the export panel to the process's renderer (made in ``create_app``, kept warm).

    The panel is built with its page (``export_tools``), its figures those of the page.
    """

    @app.callback(Output(Id.EXPORT_DOWNLOAD, "data"), Output(Id.EXPORT_STATUS, "children"),
                  Output(Id.EXPORT_ALT, "value"),
                  inputs={"clicks": {fmt: Input(button, "n_clicks")
                                     for fmt, button in EXPORT_BUTTONS.items()}},
                  state={"key": State(Id.EXPORT_PART, "value"),
                         "preset": State(Id.EXPORT_PRESET, "value"),
                         "data": State(Id.STATE, "data"), "href": State(Id.URL, "href"),
                         "credit": State(Id.EXPORT_CREDIT, "value")},
                  prevent_initial_call=True,
                  running=[(Output(Id.EXPORT_PROGRESS, "style"), {}, HIDDEN),
                           *[(Output(b, "disabled"), True, False) for b in EXPORT_BUTTONS.values()]])
    def on_export(clicks, key, preset, data, href, credit):
        fmt = next(f for f, b in EXPORT_BUTTONS.items() if b == dash_ctx.triggered_id)
        state = state_from_dict(data)
        return export_download(scoped(atlas, state), renderer, state, key, preset, fmt,
                               href or "", dt.date.today(), credit or "")
