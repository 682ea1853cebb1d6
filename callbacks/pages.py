"""Which page is visible, and navigation links that keep the current view's filters."""

from __future__ import annotations

from dataclasses import replace

from dash import Dash, Input, Output

from dashboard.context import AtlasContext
from dashboard.core.view_state import ViewState, state_from_dict, state_to_url
from layouts.ids import Id

SECTIONS = {"national": Id.NATIONAL_PAGE, "locality": Id.LOCALITY_PAGE, "gaps": Id.GAPS_PAGE,
            "compare": Id.COMPARE_PAGE, "methods": Id.METHODS_PAGE, "data": Id.DATA_PAGE,
            "workshop": Id.WORKSHOP_PAGE}
LINKS = {"national": Id.NAV_ATLAS, "gaps": Id.NAV_GAPS, "compare": Id.NAV_COMPARE,
         "methods": Id.NAV_METHODS, "data": Id.NAV_DATA, "workshop": Id.NAV_WORKSHOP}
EDITOR_PAGES = ("data", "workshop")


def page_outputs(state: ViewState) -> tuple:
    """Section styles, then for each nav link its href and class, then the editor panel style."""
    current = state.current_page
    styles = [{} if name == current else {"display": "none"} for name in SECTIONS]
    links = []
    for page in LINKS:
        path, search = state_to_url(replace(state, page=page, locality=None))
        active = page == current or (page == "national" and current == "locality")
        links += [path + search, "nav-link active" if active else "nav-link"]
    return (*styles, *links, {} if current in EDITOR_PAGES else {"display": "none"})


def register(app: Dash, atlas: AtlasContext) -> None:
    """Wire the page-visibility callback."""

    @app.callback(
        *[Output(section, "style") for section in SECTIONS.values()],
        *[Output(link, prop) for link in LINKS.values() for prop in ("href", "className")],
        Output(Id.EDITOR_PANEL, "style"),
        Input(Id.STATE, "data"),
    )
    def on_state(data):
        return page_outputs(state_from_dict(data))
