"""The pages of the atlas, as the shell shows them: register a page here.

A page is a section that the URL callback (``callbacks/state_sync.py``) builds into the shell
when the URL opens it; only the current page is in the browser. See docs/architecture.md, "Add
a page", for the steps.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from callbacks.code import render as code_page
from callbacks.compare import render as compare_page
from callbacks.gaps import render as gaps_page
from callbacks.locality import render as locality_page
from callbacks.national import render as national_page
from callbacks.presenter import render as presenter_page
from callbacks.upload import render as upload_page
from callbacks.workshop import render as workshop_page
from dashboard.context import AtlasContext
from dashboard.core.view_state import ViewState
from dashboard.views.page import methods_markdown
from layouts.compare import methods_section
from layouts.ids import CONTROL_GROUPS

Render = Callable[[AtlasContext, ViewState], Any]


@dataclass(frozen=True)
class Page:
    """How the shell shows one page.

    Attributes:
        name: the page, as ``ViewState.current_page`` names it (a key of
            ``dashboard.core.view_state.PAGES``, or ``locality``).
        render: the page's section for a view, built when the page opens. Put the figure the
            page leads with in it, so it arrives with the page; leave the rest to the page's
            callbacks, which run when the section appears (no ``prevent_initial_call``) and read
            the view from ``Id.STATE``.
        controls: groups of the control bar and the filters panel the page uses
            (``layouts.ids.CONTROL_GROUPS``); none hides the bar.
    """

    name: str
    render: Render
    controls: frozenset[str] = frozenset()


ALL_CONTROLS = frozenset(CONTROL_GROUPS)


def page_registry(atlas: AtlasContext) -> dict[str, Page]:
    """Every page of the atlas by name."""
    methods = methods_section(methods_markdown())  # read once, shown as it is
    pages = (
        Page("national", national_page, ALL_CONTROLS),
        Page("locality", locality_page, frozenset({"place", "domain", "filters", "dataset"})),
        Page("gaps", gaps_page, frozenset({"place", "filters", "dataset"})),
        Page("compare", compare_page, frozenset({"place", "filters", "dataset"})),
        Page("methods", lambda atlas, state: methods),
        Page("data", upload_page),
        Page("workshop", workshop_page, frozenset({"dataset"})),
        Page("code", code_page),
        Page("present", presenter_page),
    )
    return {page.name: page for page in pages}
