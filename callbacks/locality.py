"""Locality drill-down: shown when the state names a locality; LSOA geometry sent on entry only.

Two callbacks answer a state change, so the map (the figure a drill-down waits for) is not held
back by the heatmaps, the need/provision quadrant and the tables: ``update_locality_map`` builds
only the LSOA map, ``update_locality`` the rest of the page.
"""

from __future__ import annotations

from dataclasses import replace

from dash import Dash, Input, Output, Patch, State, no_update

from dashboard.analysis.gaps import gap_table
from dashboard.context import AtlasContext, scoped
from dashboard.core.view_state import ViewState, state_from_dict, state_to_url
from dashboard.views.common import filtered, lad_name
from dashboard.views.gaps import evaluation_rows, priorities, quadrant, thresholds_of
from dashboard.views.locality import (
    locality_cards,
    locality_empty_message,
    locality_heatmaps,
    locality_map,
    locality_rows,
)
from layouts.analysis import ranked_lists, simple_table
from layouts.ids import Id
from layouts.page import card_row, detail_panel, empty_state

MAP_OUTPUTS = ((Id.LOCALITY_MAP, "figure"), (Id.LOCALITY_MAP_SUMMARY, "children"),
               (Id.LOCALITY_MAP_SHOWN, "data"))
HEATMAP_IDS = (
    (Id.LOCALITY_HEATMAP, Id.LOCALITY_HEATMAP_SUMMARY),
    (Id.LOCALITY_POP_HEATMAP, Id.LOCALITY_POP_HEATMAP_SUMMARY),
    (Id.LOCALITY_LOC_HEATMAP, Id.LOCALITY_LOC_HEATMAP_SUMMARY),
)
PAGE_OUTPUTS = (
    (Id.LOCALITY_TITLE, "children"), (Id.LOCALITY_EMPTY, "children"),
    (Id.LOCALITY_CARDS, "children"), (Id.LOCALITY_TABLE, "rowData"), (Id.LOCALITY_BACK, "href"),
    *[(i, p) for pair in HEATMAP_IDS for i, p in zip(pair, ("figure", "children"), strict=True)],
    (Id.LOCALITY_QUADRANT, "figure"), (Id.LOCALITY_QUADRANT_SUMMARY, "children"),
    (Id.LOCALITY_PRIORITIES, "children"), (Id.LOCALITY_EVALUATION, "children"),
)
DETAIL_FIELDS = (("name", "Name"), ("provider", "Provider"), ("types", "Types"),
                 ("determinants", "Determinants"), ("populations", "Population groups"),
                 ("provider_type", "Provider type"), ("delivery_mode", "Delivery"),
                 ("status", "Status"), ("outcomes_measured", "Outcomes measured"),
                 ("evaluation_level", "Evaluation"), ("description", "Description"))


def map_update(figure, shown: str | None, code: str):
    """The full LSOA figure when entering a locality; a Patch without geometry otherwise."""
    if shown != code:
        return figure
    areas, points = figure.data[0], figure.data[1]
    patch = Patch()
    patch["data"][0]["z"] = list(areas.z)
    patch["data"][0]["customdata"] = [list(row) for row in areas.customdata]
    for key in ("lat", "lon", "text"):
        patch["data"][1][key] = list(getattr(points, key))
    patch["layout"]["title"]["text"] = figure.layout.title.text
    return patch


def update_locality_map(atlas: AtlasContext, state: ViewState, shown: str | None) -> tuple:
    """Outputs of the map callback (order as ``MAP_OUTPUTS``): figure or Patch, summary, shown."""
    if not state.locality:
        return (no_update,) * len(MAP_OUTPUTS)
    code = state.locality
    chart = locality_map(atlas, code, state, filtered(atlas, state, code))
    return map_update(chart.figure, shown, code), chart.summary, code


def update_locality(atlas: AtlasContext, state: ViewState) -> tuple:
    """Outputs of the rest of the locality page (order as ``PAGE_OUTPUTS``); no map."""
    if not state.locality:
        return (no_update,) * len(PAGE_OUTPUTS)
    code = state.locality
    name = lad_name(atlas, code)
    message = locality_empty_message(atlas, code, state)
    path, search = state_to_url(replace(state, locality=None))
    heatmaps = [item for chart in locality_heatmaps(atlas, state)
                for item in (chart.figure, chart.summary)]
    rows = filtered(atlas, state)
    need_chart = quadrant(atlas, state, code)
    gaps = gap_table(atlas.geography.lads, rows, [code], thresholds_of(state),
                     atlas.dataset.codes.pair_counts)
    return (f"{name} ({code})", empty_state(message) if message else None,
            card_row(locality_cards(atlas, code, rows)),
            locality_rows(atlas, code, rows), path + search, *heatmaps,
            need_chart.figure, need_chart.summary,
            ranked_lists(priorities(atlas, state, gaps, [code])),
            simple_table(("Measure", "Value"),
                         evaluation_rows(atlas, rows[rows["locality_code"] == code])))


def register(app: Dash, atlas: AtlasContext) -> None:
    """Wire the locality page callbacks."""

    @app.callback(*[Output(i, p) for i, p in MAP_OUTPUTS], Input(Id.STATE, "data"),
                  State(Id.LOCALITY_MAP_SHOWN, "data"), prevent_initial_call=True)
    def on_state_map(data, shown):
        state = state_from_dict(data)
        return update_locality_map(scoped(atlas, state), state, shown)

    @app.callback(*[Output(i, p) for i, p in PAGE_OUTPUTS], Input(Id.STATE, "data"),
                  prevent_initial_call=True)
    def on_state(data):
        state = state_from_dict(data)
        return update_locality(scoped(atlas, state), state)

    @app.callback(Output(Id.LOCALITY_DETAIL, "children"), Input(Id.LOCALITY_TABLE, "selectedRows"),
                  prevent_initial_call=True)
    def on_select(rows):
        if not rows:
            return no_update
        return detail_panel([(label, rows[0].get(key, "")) for key, label in DETAIL_FIELDS])
