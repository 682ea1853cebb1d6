"""The URL is the single source of the view state: it chooses the page, and the controls follow it.

One callback (``resolve``) answers the URL (a link opened, back or forward, a navigation link)
and every control of the shell: from the URL and the control that changed it builds the view
state, writes the URL when a control changed it, builds the page's section when the page (or
its locality or dataset) changes, and otherwise hands the new state to the section's callbacks
through its store. It also sets the navigation links, the control groups the page shows, the
browser tab's title, the footer's citation and download links, and the dataset lines when the
dataset changes: one request per change.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

import flask
from dash import Dash, Input, Output, State, no_update
from dash import ctx as dash_ctx

from callbacks.citation import OUTPUTS as CITATION_OUTPUTS
from callbacks.citation import citation_outputs
from callbacks.common import unchanged
from callbacks.pages import Page, page_registry
from callbacks.switcher import OUTPUTS as DATASET_OUTPUTS
from callbacks.switcher import dataset_key, dataset_outputs
from dashboard.context import AtlasContext, check_state, scoped, view_of_url
from dashboard.core.context_state import CONTEXT_CONTROLS
from dashboard.core.view_state import (
    FILTER_FIELDS,
    THRESHOLD_PARAMS,
    ViewState,
    control_values,
    state_from_controls,
    state_to_dict,
    state_to_url,
)
from dashboard.views.page import navigation, rebuild_section, section_key
from dashboard.views.presenter import presenter_mode
from layouts.controls import filters_label
from layouts.ids import CONTROL_GROUPS, CONTROL_IDS, Id
from layouts.page import NAV_PAGES, navigation_values, notes_alert, section

# Controls in a page's section, sent through ``Id.PAGE_CONTROLS`` (``focus``: a map click).
PAGE_OWN = (*THRESHOLD_PARAMS, "compare", *CONTEXT_CONTROLS, "focus")
SHELL_CONTROLS = {name: control for name, control in CONTROL_IDS.items() if name not in PAGE_OWN}
CONTROL_NAMES = {control: name for name, control in SHELL_CONTROLS.items()}
ROOT_CLASSES = {"building": "presenter-building", "presenting": "presenter-presenting"}

OUTPUTS = {
    "pathname": Output(Id.URL, "pathname"), "search": Output(Id.URL, "search"),
    "controls": {name: Output(control, "value") for name, control in SHELL_CONTROLS.items()},
    "state": Output(Id.STATE, "data"), "notes": Output(Id.NOTES, "children"),
    "content": Output(Id.PAGE_CONTENT, "children"), "section": Output(Id.SECTION_SHOWN, "data"),
    "links": {page: {"href": Output(link, "href"), "className": Output(link, "className")}
              for page, link in NAV_PAGES.items()},
    "groups": {group: Output(wrapper, "style") for group, wrapper in CONTROL_GROUPS.items()},
    "bar": Output(Id.CONTROL_BAR, "style"), "filters": Output(Id.FILTERS_BUTTON, "children"),
    "root": Output(Id.PAGE_ROOT, "className"), "title": Output(Id.TITLE, "data"),
    "dataset": DATASET_OUTPUTS, "citation": CITATION_OUTPUTS,
}
INPUTS = {
    "pathname": Input(Id.URL, "pathname"), "search": Input(Id.URL, "search"),
    "controls": {name: Input(control, "value") for name, control in SHELL_CONTROLS.items()},
    "page_controls": Input(Id.PAGE_CONTROLS, "data"), "clear": Input(Id.CLEAR_FILTERS, "n_clicks"),
    "dataset": Input(Id.DATASET_PICKER, "value"),
}
STATES = {"shown": State(Id.SECTION_SHOWN, "data"), "dataset_shown": State(Id.DATASET_SHOWN, "data")}


def changed_state(url_state: ViewState, trigger: str | None, controls: Mapping[str, object],
                  page_controls: Mapping[str, object] | None, dataset: str | None) -> ViewState:
    """The view after one control changed the one the URL shows (the URL's, for no control)."""
    if trigger == Id.DATASET_PICKER:
        return url_state if not dataset or dataset == url_state.dataset else \
            replace(url_state, dataset=dataset, revision=None)
    changed: dict[str, object] = {}
    if trigger == Id.CLEAR_FILTERS:
        changed = {param: [] for param in FILTER_FIELDS}
    elif trigger == Id.PAGE_CONTROLS:
        changed = {name: value for name, value in (page_controls or {}).items() if name in PAGE_OWN}
    elif trigger in CONTROL_NAMES:
        changed = {CONTROL_NAMES[trigger]: controls.get(CONTROL_NAMES[trigger])}
    if not changed:
        return url_state
    return state_from_controls({**control_values(url_state), **changed}, page=url_state.page,
                               dataset=url_state.dataset, kept=url_state)


def resolve(atlas: AtlasContext, pages: Mapping[str, Page], trigger: str | None, pathname: str,
            search: str, controls: Mapping[str, object], page_controls: Mapping | None = None,
            dataset: str | None = None, shown: list | None = None,
            dataset_shown: list | None = None, host: str = "") -> dict:
    """Values of the URL callback (keys of ``OUTPUTS``) for one trigger.

    The URL (``trigger`` ``None`` or ``Id.URL``) sets the controls; a control, the page's own
    controls, *Clear filters* or the dataset switcher set the URL. Only values that differ from
    what is shown are written back.
    """
    url_changed = trigger in (None, Id.URL)
    state, notes = view_of_url(atlas, pathname, search)
    if not url_changed:
        state, notes = changed_state(state, trigger, controls, page_controls, dataset), []
    state, dataset_notes = check_state(atlas, state)
    page = pages.get(state.current_page, pages["national"])
    key = section_key(state)
    rebuild = rebuild_section(shown, key, url_changed)
    path, query = state_to_url(state)
    data = state_to_dict(state)
    return {
        "pathname": no_update if url_changed or path == pathname else path,
        "search": no_update if url_changed or query == (search or "") else query,
        "controls": {name: value if value != controls.get(name) else no_update
                     for name, value in control_values(state).items() if name in SHELL_CONTROLS},
        "state": no_update if rebuild else data,
        "content": section(page.name, data, page.render(scoped(atlas, state), state))
        if rebuild else no_update,
        "section": key, "notes": notes_alert([*notes, *dataset_notes]),
        **navigation_values(navigation(atlas, state), page.controls,
                            ROOT_CLASSES.get(presenter_mode(pathname, search), "")),
        "filters": filters_label(len(state.active_filters)),
        "dataset": unchanged(DATASET_OUTPUTS) if dataset_shown == dataset_key(state)
        else dataset_outputs(atlas, data),
        "citation": citation_outputs(atlas, state, host),
    }


def register(app: Dash, atlas: AtlasContext) -> None:
    """Wire the URL callback, and the shell's clientside parts (title, menus, the view's link)."""
    pages = page_registry(atlas)

    @app.callback(output=OUTPUTS, inputs=INPUTS, state=STATES)
    def sync(pathname, search, controls, page_controls, clear, dataset, shown, dataset_shown):
        return resolve(atlas, pages, dash_ctx.triggered_id, pathname, search, controls,
                       page_controls, dataset, shown, dataset_shown, flask.request.host_url)

    app.clientside_callback("function(title) { if (title) { document.title = title; } }",
                            Input(Id.TITLE, "data"))

    app.clientside_callback(
        """function(n, path, open) {
            const toggled = window.dash_clientside.callback_context.triggered_id === arguments[3];
            const next = toggled ? !open : false;
            return [next, next ? "true" : "false"];
        }""".replace("arguments[3]", repr(str(Id.NAV_TOGGLE))),
        Output(Id.NAV_MENU, "is_open"), Output(Id.NAV_TOGGLE, "aria-expanded"),
        Input(Id.NAV_TOGGLE, "n_clicks"), Input(Id.URL, "pathname"), State(Id.NAV_MENU, "is_open"),
        prevent_initial_call=True)
    app.clientside_callback(
        "function(n) { return n ? true : window.dash_clientside.no_update; }",
        Output(Id.FILTERS_PANEL, "is_open"), Input(Id.FILTERS_BUTTON, "n_clicks"),
        prevent_initial_call=True)
    app.clientside_callback(
        "function(path, search) { return window.location.href; }",
        Output(Id.LINK_TEXT, "value"),
        Input(Id.URL, "pathname"), Input(Id.URL, "search"),
    )
    app.clientside_callback(
        """async function(n) {
            const link = window.location.href;
            try { await navigator.clipboard.writeText(link); return ["Link copied.", true]; }
            catch (e) { return ["Select the link above and copy it (Ctrl+C).", true]; }
        }""",
        Output(Id.LINK_STATUS, "children"), Output(Id.LINK_PANEL, "is_open"),
        Input(Id.COPY_LINK, "n_clicks"),
        prevent_initial_call=True,
    )
