"""Keep the URL and the controls in step: the URL is the single source of the view state."""

from __future__ import annotations

from urllib.parse import parse_qs

from dash import Dash, Input, Output, no_update
from dash import ctx as dash_ctx

from dashboard.context import AtlasContext, check_state, view_of_url
from dashboard.core.view_state import (
    FILTER_FIELDS,
    PAGES,
    ViewState,
    state_from_controls,
    state_to_dict,
    state_to_url,
)
from layouts.ids import FILTER_IDS, Id
from layouts.page import notes_alert

CONTROL_IDS = (Id.DOMAIN, Id.MEASURE, Id.MAP_MODE, Id.VALUES, Id.LOCALITY_PICKER,
               *FILTER_IDS.values(), Id.GAP_NEED, Id.GAP_RATE, Id.GAP_SHARE, Id.COMPARE_PICKER)
FILTERS = slice(5, 5 + len(FILTER_IDS))


def control_values(state: ViewState) -> list:
    """Values of CONTROL_IDS that show ``state``."""
    return [state.domain, state.measure, state.map_mode, "share" if state.shares else "count",
            state.locality, *[state.filter_values(p) for p in FILTER_FIELDS], *state.thresholds,
            list(state.compare)]


def dataset_param(search: str | None) -> str | None:
    """The ``dataset=`` value of a query string (a control change keeps the view's dataset)."""
    return parse_qs((search or "").lstrip("?")).get("dataset", [None])[-1]


def resolve(atlas: AtlasContext, trigger: str | None, pathname: str, search: str,
            values: list, click_location: str | None) -> tuple:
    """Outputs of the sync callback for one trigger (see ``register`` for their order)."""
    if trigger in (None, Id.URL):
        state, notes = view_of_url(atlas, pathname, search)
        state, dataset_notes = check_state(atlas, state)
        notes = [*notes, *dataset_notes]
        return (no_update, no_update, *control_values(state), state_to_dict(state),
                notes_alert(notes))
    domain, measure, map_mode, shown, locality = values[:5]
    filters = values[FILTERS]
    *thresholds, compare = values[FILTERS.stop:]
    if trigger == Id.CLEAR_FILTERS:
        filters = [[] for _ in filters]
    if trigger == Id.MAP and click_location:
        locality = click_location
    path = (pathname or "/").rstrip("/") or "/"
    page = next((name for name, page_path in PAGES.items() if page_path == path), "national")
    state = state_from_controls(locality=locality, domain=domain, measure=measure,
                                map_mode=map_mode, values=shown,
                                filters=dict(zip(FILTER_FIELDS, filters, strict=True)),
                                page=page, thresholds=thresholds, compare=compare,
                                dataset=dataset_param(search))
    state, notes = check_state(atlas, state)
    controls = [no_update] * len(CONTROL_IDS)
    if trigger == Id.CLEAR_FILTERS:
        controls[FILTERS] = filters
    if trigger == Id.MAP:
        controls[4] = locality
    return (*state_to_url(state), *controls, state_to_dict(state), notes_alert(notes))


def register(app: Dash, atlas: AtlasContext) -> None:
    """Wire the URL <-> controls callback and the copy-link button."""

    @app.callback(
        Output(Id.URL, "pathname"), Output(Id.URL, "search"),
        *[Output(i, "value") for i in CONTROL_IDS],
        Output(Id.STATE, "data"), Output(Id.NOTES, "children"),
        Input(Id.URL, "pathname"), Input(Id.URL, "search"),
        *[Input(i, "value") for i in CONTROL_IDS],
        Input(Id.CLEAR_FILTERS, "n_clicks"), Input(Id.MAP, "clickData"),
    )
    def sync(pathname, search, *rest):
        values, click = list(rest[:len(CONTROL_IDS)]), rest[-1]
        location = click["points"][0].get("location") if click else None
        return resolve(atlas, dash_ctx.triggered_id, pathname, search, values, location)

    app.clientside_callback(
        "function(path, search) { return window.location.href; }",
        Output(Id.LINK_TEXT, "value"),
        Input(Id.URL, "pathname"), Input(Id.URL, "search"),
    )
    app.clientside_callback(
        """async function(n) {
            const link = window.location.href;
            try { await navigator.clipboard.writeText(link); return "Link copied."; }
            catch (e) { return "Select the link above and copy it (Ctrl+C)."; }
        }""",
        Output(Id.LINK_STATUS, "children"),
        Input(Id.COPY_LINK, "n_clicks"),
        prevent_initial_call=True,
    )
