"""Which page is visible, and navigation links that keep the current view's filters."""

from __future__ import annotations

from dash import Dash, Input, Output

from dashboard.context import AtlasContext
from dashboard.core.view_state import state_from_dict
from dashboard.views.page import navigation
from layouts.ids import Id
from layouts.page import navigation_values

SECTIONS = {"national": Id.NATIONAL_PAGE, "locality": Id.LOCALITY_PAGE, "gaps": Id.GAPS_PAGE,
            "compare": Id.COMPARE_PAGE, "methods": Id.METHODS_PAGE, "data": Id.DATA_PAGE,
            "workshop": Id.WORKSHOP_PAGE, "code": Id.CODE_PAGE}
LINKS = {"national": Id.NAV_ATLAS, "gaps": Id.NAV_GAPS, "compare": Id.NAV_COMPARE,
         "methods": Id.NAV_METHODS, "data": Id.NAV_DATA, "workshop": Id.NAV_WORKSHOP,
         "code": Id.NAV_CODE}
OUTPUTS = {
    "sections": {page: Output(section, "style") for page, section in SECTIONS.items()},
    "links": {page: {"href": Output(link, "href"), "className": Output(link, "className")}
              for page, link in LINKS.items()},
    "editor": Output(Id.EDITOR_PANEL, "style"),
}


def register(app: Dash, atlas: AtlasContext) -> None:
    """Wire the page-visibility callback."""

    @app.callback(output=OUTPUTS, inputs={"data": Input(Id.STATE, "data")})
    def on_state(data):
        return navigation_values(navigation(state_from_dict(data)))
