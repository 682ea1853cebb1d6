"""Locality drill-down: shown when the state names a locality; LSOA geometry sent on entry only."""

from __future__ import annotations

from dataclasses import replace

from dash import Dash, Input, Output, Patch, State, no_update

from dashboard.context import AtlasContext
from dashboard.datasets import scoped
from dashboard.gap_views import evaluation_rows, priorities, quadrant, thresholds_of
from dashboard.gaps import gap_table
from dashboard.state import ViewState, state_from_dict, state_to_url
from dashboard.views import (
    HEATMAP_TITLES,
    filtered,
    lad_name,
    locality_cards,
    locality_empty_message,
    locality_figures,
    locality_rows,
)
from layouts.analysis import ranked_lists, simple_table
from layouts.ids import Id
from layouts.page import card_row, detail_panel, empty_state

FIGURE_IDS = (
    (Id.LOCALITY_MAP, Id.LOCALITY_MAP_SUMMARY),
    (Id.LOCALITY_HEATMAP, Id.LOCALITY_HEATMAP_SUMMARY),
    (Id.LOCALITY_POP_HEATMAP, Id.LOCALITY_POP_HEATMAP_SUMMARY),
    (Id.LOCALITY_LOC_HEATMAP, Id.LOCALITY_LOC_HEATMAP_SUMMARY),
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


def update_locality(atlas: AtlasContext, state: ViewState, shown: str | None) -> tuple:
    """Outputs of the locality callback (order as in ``register``)."""
    if not state.locality:
        return (no_update,) * (6 + 2 * len(FIGURE_IDS) + 4)
    code = state.locality
    figures = locality_figures(atlas, state)
    message = locality_empty_message(atlas, code, state)
    path, search = state_to_url(replace(state, locality=None))
    outputs = [map_update(figures["map"][0], shown, code), figures["map"][1]]
    for kind in HEATMAP_TITLES:
        outputs.extend(figures[kind])
    rows = filtered(atlas, state)
    quadrant_figure, quadrant_summary = quadrant(atlas, state, code)
    gaps = gap_table(atlas.geography.lads, rows, [code], thresholds_of(state))
    return (f"{lad_name(atlas, code)} ({code})",
            empty_state(message) if message else None,
            card_row(locality_cards(atlas, code, rows)),
            locality_rows(atlas, code, rows), path + search, code, *outputs,
            quadrant_figure, quadrant_summary,
            ranked_lists(priorities(atlas, state, gaps, [code])),
            simple_table(("Measure", "Value"),
                         evaluation_rows(atlas, rows[rows["locality_code"] == code])))


def register(app: Dash, atlas: AtlasContext) -> None:
    """Wire the locality page callbacks."""

    @app.callback(
        Output(Id.LOCALITY_TITLE, "children"), Output(Id.LOCALITY_EMPTY, "children"),
        Output(Id.LOCALITY_CARDS, "children"), Output(Id.LOCALITY_TABLE, "rowData"),
        Output(Id.LOCALITY_BACK, "href"), Output(Id.LOCALITY_MAP_SHOWN, "data"),
        *[Output(i, p) for pair in FIGURE_IDS for i, p in zip(pair, ("figure", "children"),
                                                                strict=True)],
        Output(Id.LOCALITY_QUADRANT, "figure"), Output(Id.LOCALITY_QUADRANT_SUMMARY, "children"),
        Output(Id.LOCALITY_PRIORITIES, "children"), Output(Id.LOCALITY_EVALUATION, "children"),
        Input(Id.STATE, "data"),
        State(Id.LOCALITY_MAP_SHOWN, "data"),
        prevent_initial_call=True,
    )
    def on_state(data, shown):
        state = state_from_dict(data)
        return update_locality(scoped(atlas, state), state, shown)

    @app.callback(Output(Id.LOCALITY_DETAIL, "children"), Input(Id.LOCALITY_TABLE, "selectedRows"),
                  prevent_initial_call=True)
    def on_select(rows):
        if not rows:
            return no_update
        return detail_panel([(label, rows[0].get(key, "")) for key, label in DETAIL_FIELDS])
