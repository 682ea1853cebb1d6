"""National view: colours, highlights and heatmaps follow the state; geometry is sent once."""

from __future__ import annotations

import json

from dash import Dash, Input, Output, Patch, State, no_update

from callbacks.common import unchanged
from dashboard.context import AtlasContext, scoped
from dashboard.core.view_state import MAP_MODES, ViewState, state_from_dict
from dashboard.figures.maps import (
    NATIONAL_HEIGHT,
    area_customdata,
    colour_bar_bottom,
    map_caption_layout,
    map_revision,
    outline_style,
)
from dashboard.views.atlas import (
    map_classes,
    national_areas,
    national_bounds,
    national_caption,
    national_chart,
    national_summary,
)
from dashboard.views.common import selected
from dashboard.views.provision import national_provision
from layouts.ids import Id

# Provision figures of the national page (keys of ``views.provision.national_provision``).
PROVISION_OUTPUTS = {
    **{kind: {"figure": Output(graph, "figure"), "summary": Output(summary, "children")}
       for kind, (graph, summary) in {
           "determinant_type": (Id.HEATMAP, Id.HEATMAP_SUMMARY),
           "population_determinant": (Id.POP_HEATMAP, Id.POP_HEATMAP_SUMMARY),
           "locality_determinant": (Id.LOC_HEATMAP, Id.LOC_HEATMAP_SUMMARY),
           "intersection": (Id.INTERSECTION, Id.INTERSECTION_SUMMARY),
       }.items()},
    "shown": Output(Id.PROVISION_SHOWN, "data"),
}


def recolour_map(atlas: AtlasContext, state: ViewState, shown_mode: str) -> tuple[Patch, str]:
    """Patch classes, colours, hover lines, outlines and caption; geometry only on a mode change."""
    areas = national_areas(atlas, selected(atlas, state), state.domain, state.measure)
    patch = Patch()
    patch["data"][0]["z"] = areas["colour_class"].tolist()
    patch["data"][0]["customdata"] = area_customdata(areas)
    patch["data"][0]["marker"]["line"] = outline_style(areas)
    bounds = national_bounds(atlas, state.map_mode)
    caption = map_caption_layout(national_caption(atlas, state, areas), bounds)
    patch["layout"].update(caption)
    patch["data"][0].update(map_classes(state.measure).trace_style(
        colour_bar_bottom(caption["margin"]["t"], NATIONAL_HEIGHT)))
    if state.map_mode != shown_mode:
        geometry = atlas.geography.hex_geojson if state.map_mode == "hex" else \
            atlas.geography.lad_geojson
        patch["data"][0]["geojson"] = geometry
        patch["layout"]["uirevision"] = map_revision(bounds)
    return patch, national_summary(areas, state, atlas.geography)


def provision_key(state: ViewState) -> str:
    """What the provision figures depend on: filters, counts or shares, dataset and version.

    Changing the domain, measure or map mode leaves it alone, so the heatmaps are neither
    recomputed nor resent then.
    """
    return json.dumps([sorted(state.active_filters.items()), state.shares, state.dataset,
                       state.revision, state.area_level, state.focus])


def map_key(state: ViewState) -> str:
    """What the map's geometry and colour scale depend on.

    The map mode alone for the default deprivation map of every district; with the level,
    focus and change measure otherwise.
    """
    if state.area_level == "lad" and not state.focus and state.measure != "change":
        return state.map_mode
    return "|".join((state.map_mode, state.area_level, state.focus or "",
                     "change" if state.measure == "change" else ""))


def update_national_map(atlas: AtlasContext, state: ViewState, shown_mode: str) -> tuple:
    """Outputs of the national map callback; nothing changes while another page is shown.

    The default map is patched (colours, hover, outlines); a map of other areas, of one NHS
    area's districts or of change since 2019 is sent whole.
    """
    if state.current_page != "national":
        return (no_update,) * 3
    key = map_key(state)
    if key != state.map_mode or shown_mode not in MAP_MODES:
        chart = national_chart(atlas, state)
        return chart.figure, chart.summary, key
    patch, summary = recolour_map(atlas, state, shown_mode)
    return patch, summary, key


def update_provision(atlas: AtlasContext, state: ViewState, shown_key: str | None) -> dict:
    """Values of the national provision callback (keys of ``PROVISION_OUTPUTS``).

    Nothing is computed while another page is shown, nor sent when the figures already show
    this key (a page left and reopened with the same filters keeps its figures).
    """
    key = provision_key(state)
    if state.current_page != "national" or key == shown_key:
        return {name: unchanged(output) if isinstance(output, dict) else no_update
                for name, output in PROVISION_OUTPUTS.items()}
    charts = national_provision(atlas, state)
    return {**{kind: {"figure": chart.figure, "summary": chart.summary}
               for kind, chart in charts.items()}, "shown": key}


def register(app: Dash, atlas: AtlasContext) -> None:
    """Wire the national-view callbacks: the map, and the provision figures beside it."""

    @app.callback(
        Output(Id.MAP, "figure"), Output(Id.MAP_SUMMARY, "children"),
        Output(Id.MAP_MODE_SHOWN, "data"),
        Input(Id.STATE, "data"),
        State(Id.MAP_MODE_SHOWN, "data"),
        prevent_initial_call=True,
    )
    def on_state(data, shown_mode):
        state = state_from_dict(data)
        return update_national_map(scoped(atlas, state), state, shown_mode or "map")

    @app.callback(output=PROVISION_OUTPUTS,
                  inputs={"data": Input(Id.STATE, "data")},
                  state={"shown_key": State(Id.PROVISION_SHOWN, "data")},
                  prevent_initial_call=True)
    def on_state_provision(data, shown_key):
        state = state_from_dict(data)
        return update_provision(scoped(atlas, state), state, shown_key)
