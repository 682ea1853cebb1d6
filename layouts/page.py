"""The page shell: header, navigation, the control bar, the current page's section, footer.

Only the shell is in the initial layout. The section of the page the URL names is built by the
URL callback (``callbacks/state_sync.py``) into ``Id.PAGE_CONTENT``, wrapped by :func:`section`
in a store of the view state (``Id.STATE``) that the section's own callbacks read.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.views.page import Navigation
from layouts.citation import footer_block
from layouts.components import HIDDEN
from layouts.controls import control_bar, filters_panel
from layouts.ids import CONTROL_GROUPS, Id
from layouts.search import search_box

NAV = ((Id.NAV_ATLAS, "Atlas", "/"), (Id.NAV_GAPS, "Need against provision", "/gaps"),
       (Id.NAV_COMPARE, "Compare localities", "/compare"),
       (Id.NAV_METHODS, "How is this calculated?", "/methods"),
       (Id.NAV_DATA, "Your data", "/data"), (Id.NAV_WORKSHOP, "Workshop", "/workshop"),
       (Id.NAV_CODE, "Code a directory", "/code"),
       (Id.NAV_PRESENT, "Present", "/present"))
NAV_PAGES = {"national": Id.NAV_ATLAS, "gaps": Id.NAV_GAPS, "compare": Id.NAV_COMPARE,
             "methods": Id.NAV_METHODS, "data": Id.NAV_DATA, "workshop": Id.NAV_WORKSHOP,
             "code": Id.NAV_CODE, "present": Id.NAV_PRESENT}


def navigation() -> html.Nav:
    """Links between the pages; their hrefs keep the current filters (set by a callback)."""
    return html.Nav(
        html.Ul([html.Li(dcc.Link(label, id=link_id, href=href, className="nav-link"),
                         className="nav-item") for link_id, label, href in NAV],
                className="nav atlas-nav"),
        **{"aria-label": "Pages"},
    )


def illustrative_banner(notice: str) -> html.Div:
    """Banner shown on every page when the loaded dataset is illustrative."""
    return html.Div(
        [html.Strong("Illustrative data. "), notice],
        id=Id.BANNER,
        className="alert alert-warning illustrative-banner",
        role="status",
    )


def coverage_banner(text: str) -> html.Div:
    """Banner shown on every page when the dataset is real: what it covers, who coded it."""
    return html.Div([html.Strong("About this data: "), text], id=Id.BANNER,
                    className="alert alert-info mb-3 coverage-banner", role="status")


def notes_alert(notes: Sequence[str]) -> html.Div | None:
    """What was ignored in the URL, or nothing."""
    if not notes:
        return None
    return html.Div([html.Strong("Some of this link was not understood: "),
                     html.Ul([html.Li(n) for n in notes], className="mb-0")],
                    className="alert alert-secondary", role="status")


def _header(title: str, dataset_label: str) -> html.Header:
    brand = html.Div([html.H1(title, className="atlas-title"),
                      html.P(dataset_label, id=Id.DATASET_LABEL, className="atlas-dataset")],
                     className="atlas-brand")
    toggle = html.Button("Pages", id=Id.NAV_TOGGLE, n_clicks=0, type="button",
                         className="btn nav-toggle d-lg-none",
                         **{"aria-controls": Id.NAV_MENU, "aria-expanded": "false"})
    return html.Header(
        dbc.Container([html.A("Skip to the page", href="#main", className="skip-link"),
                       brand, search_box(), toggle,
                       dbc.Collapse(navigation(), id=Id.NAV_MENU, is_open=False,
                                    className="atlas-menu")],
                      fluid=True, className="atlas-header-row"),
        className="atlas-header",
    )


def build_layout(
    *,
    title: str,
    dataset_label: str,
    notice: str | None,
    control_values: Mapping[str, Any],
    dataset_facts: Sequence[tuple[str, str]],
    sources: Sequence[str],
    dataset_caption: str = "",
    live_poll_ms: int = 3000,
) -> html.Div:
    """The shell: header, banner, notes, control bar, the page's section, footer and stores."""
    main = html.Main(dbc.Container([
        html.Div(illustrative_banner(notice) if notice is not None else None, id=Id.BANNER_SLOT),
        html.Div(id=Id.NOTES),
        control_bar(**control_values),
        html.Div(section("loading", None, html.P("Loading…", className="page-loading")),
                 id=Id.PAGE_CONTENT, className="page-content"),
    ], fluid=True), id="main", tabIndex="-1")
    footer = html.Footer(
        dbc.Container([*[html.P(s, className="small mb-1") for s in sources],
                       html.P(dataset_caption, id=Id.FOOTER_DATASET, className="small mb-1"),
                       footer_block()],
                      fluid=True),
        className="atlas-footer",
    )
    return html.Div([dcc.Location(id=Id.URL, refresh=False),
                     dcc.Store(id=Id.SECTION_SHOWN), dcc.Store(id=Id.DATASET_SHOWN),
                     dcc.Store(id=Id.TITLE), dcc.Store(id=Id.PAGE_CONTROLS),
                     dcc.Interval(id=Id.LIVE_INTERVAL, interval=live_poll_ms, disabled=True),
                     _header(title, dataset_label), main,
                     filters_panel(**control_values, dataset_facts=dataset_facts), footer],
                    id=Id.PAGE_ROOT)


def section(page: str, state: dict | None, content: Any) -> html.Div:
    """A page's section as the shell shows it: the view state its callbacks read, then content.

    ``content``: a component or a list of them.
    """
    parts = list(content) if isinstance(content, list | tuple) else [content]
    return html.Div([dcc.Store(id=Id.STATE, data=state), *parts],
                    className=f"page page-{page}", **{"data-page": page})


def navigation_values(nav: Navigation, groups: frozenset[str], root: str) -> dict[str, Any]:
    """Href and class of each navigation link, the control groups shown, the root's class."""
    return {
        "links": {page: {"href": nav.links.get(page, "/present"),
                         "className": "nav-link active" if page == nav.active else "nav-link"}
                  for page in NAV_PAGES},
        "groups": {group: {} if group in groups else HIDDEN for group in CONTROL_GROUPS},
        "bar": {} if groups else HIDDEN,
        "root": root,
        "title": nav.title,
    }
