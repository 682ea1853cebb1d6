"""Locality drill-down: shown when the state names a locality; LSOA geometry sent on entry only.

Two callbacks answer a state change, so the map (the figure a drill-down waits for) is not held
back by the heatmaps, the need/provision quadrant and the tables: ``update_locality_map`` builds
only the LSOA map, ``update_locality`` the rest of the page.
"""

from __future__ import annotations

from dash import Dash, Input, Output, Patch, State, no_update

from callbacks.common import unchanged
from dashboard.context import AtlasContext, scoped
from dashboard.core.view_state import ViewState, state_from_dict
from dashboard.views.common import filtered
from dashboard.views.locality import locality_map, locality_page
from layouts.ids import Id
from layouts.locality import detail_panel, locality_values

MAP_OUTPUTS = ((Id.LOCALITY_MAP, "figure"), (Id.LOCALITY_MAP_SUMMARY, "children"),
               (Id.LOCALITY_MAP_SHOWN, "data"))
PAGE_OUTPUTS = {
    "title": Output(Id.LOCALITY_TITLE, "children"), "empty": Output(Id.LOCALITY_EMPTY, "children"),
    "cards": Output(Id.LOCALITY_CARDS, "children"), "table": Output(Id.LOCALITY_TABLE, "rowData"),
    "back": Output(Id.LOCALITY_BACK, "href"),
    "provision_row": Output(Id.LOCALITY_PROVISION, "style"),
    "provision_column": Output(Id.LOCALITY_HEATMAP_COLUMN, "style"),
    "columns": Output(Id.LOCALITY_TABLE, "columnDefs"),
    "selected": Output(Id.LOCALITY_TABLE, "selectedRows"),
    "heatmap_0": Output(Id.LOCALITY_HEATMAP, "figure"),
    "heatmap_0_summary": Output(Id.LOCALITY_HEATMAP_SUMMARY, "children"),
    "heatmap_1": Output(Id.LOCALITY_POP_HEATMAP, "figure"),
    "heatmap_1_summary": Output(Id.LOCALITY_POP_HEATMAP_SUMMARY, "children"),
    "heatmap_2": Output(Id.LOCALITY_LOC_HEATMAP, "figure"),
    "heatmap_2_summary": Output(Id.LOCALITY_LOC_HEATMAP_SUMMARY, "children"),
    "need": Output(Id.LOCALITY_QUADRANT, "figure"),
    "need_summary": Output(Id.LOCALITY_QUADRANT_SUMMARY, "children"),
    "priorities": Output(Id.LOCALITY_PRIORITIES, "children"),
    "evaluation": Output(Id.LOCALITY_EVALUATION, "children"),
}
DETAIL_FIELDS = (("name", "Name"), ("provider", "Provider"), ("types", "Types"),
                 ("determinants", "Determinants"), ("populations", "Population groups"),
                 ("provider_type", "Provider type"), ("delivery_mode", "Delivery"),
                 ("status", "Status"), ("outcomes_measured", "Outcomes measured"),
                 ("evaluation_level", "Evaluation"), ("last_verified", "Last verified"),
                 ("coding_status", "Coding status"), ("url", "Link"),
                 ("description", "Description"))


def map_update(figure, shown: str | None, code: str):
    """The full LSOA figure when entering a locality; a Patch without geometry otherwise."""
    if shown != code:
        return figure
    areas = figure.data[0]
    patch = Patch()
    patch["data"][0]["z"] = list(areas.z)
    patch["data"][0]["customdata"] = [list(row) for row in areas.customdata]
    patch["data"][0]["marker"]["line"] = areas.marker.line.to_plotly_json()  # a ward outlined
    for index, points in enumerate(figure.data[1:], start=1):  # halo, then dots
        for key in ("lat", "lon", "text"):
            patch["data"][index][key] = list(getattr(points, key))
    for key in ("title", "margin", "meta"):  # the caption follows the domain and filters
        patch["layout"][key] = figure.layout[key] if key == "meta" else \
            figure.layout[key].to_plotly_json()
    patch["layout"]["annotations"] = [a.to_plotly_json() for a in figure.layout.annotations]
    return patch


def update_locality_map(atlas: AtlasContext, state: ViewState, shown: str | None) -> tuple:
    """Outputs of the map callback (order as ``MAP_OUTPUTS``): figure or Patch, summary, shown."""
    if not state.locality:
        return (no_update,) * len(MAP_OUTPUTS)
    code = state.locality
    chart = locality_map(atlas, code, state, filtered(atlas, state, code))
    return map_update(chart.figure, shown, code), chart.summary, code


def update_locality(atlas: AtlasContext, state: ViewState) -> dict:
    """Values of the rest of the locality page (keys of ``PAGE_OUTPUTS``); no map."""
    if not state.locality:
        return unchanged(PAGE_OUTPUTS)
    return locality_values(locality_page(atlas, state))


def register(app: Dash, atlas: AtlasContext) -> None:
    """Wire the locality page callbacks."""

    @app.callback(*[Output(i, p) for i, p in MAP_OUTPUTS], Input(Id.STATE, "data"),
                  State(Id.LOCALITY_MAP_SHOWN, "data"), prevent_initial_call=True)
    def on_state_map(data, shown):
        state = state_from_dict(data)
        return update_locality_map(scoped(atlas, state), state, shown)

    @app.callback(output=PAGE_OUTPUTS, inputs={"data": Input(Id.STATE, "data")},
                  prevent_initial_call=True)
    def on_state(data):
        state = state_from_dict(data)
        return update_locality(scoped(atlas, state), state)

    @app.callback(Output(Id.LOCALITY_DETAIL, "children"), Input(Id.LOCALITY_TABLE, "selectedRows"),
                  prevent_initial_call=True)
    def on_select(rows):
        if not rows or not isinstance(rows, list):  # {"ids": [...]}: set by the page, not yet shown
            return no_update
        return detail_panel([(label, rows[0][key]) for key, label in DETAIL_FIELDS
                             if key in rows[0]])
