"""National page: its map arrives with the page; colours and heatmaps follow the view state.

The map is built with the page (``render``), its boundaries a static file the browser fetches
once (``server.static_files``). A change of the view patches colours, hover data, outlines and
title; geometry is sent again only when the map mode changes. The provision figures (heatmaps,
intersections) have their own callback, which runs when the page opens and then only when the
filters, counts or shares, or the dataset change (a key computed in the page, so a domain or
measure change sends no request for them).
"""

from __future__ import annotations

from dash import Dash, Input, Output, Patch, State

from callbacks.common import page_controls, state_key
from callbacks.exports import export_tools
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
from dashboard.views.areas import area_panel
from dashboard.views.atlas import (
    map_classes,
    national_areas,
    national_bounds,
    national_caption,
    national_chart,
    national_summary,
)
from dashboard.views.common import Chart, selected
from dashboard.views.provision import national_provision
from layouts.areas import area_section, area_values
from layouts.components import graph
from layouts.ids import Id, graph_slot
from layouts.national import national_section
from server.static_files import geometry_url

# Provision figures of the national page (keys of ``views.provision.national_provision``).
PROVISION_GRAPHS = {"determinant_type": (Id.HEATMAP, Id.HEATMAP_SUMMARY),
                    "population_determinant": (Id.POP_HEATMAP, Id.POP_HEATMAP_SUMMARY),
                    "locality_determinant": (Id.LOC_HEATMAP, Id.LOC_HEATMAP_SUMMARY),
                    "intersection": (Id.INTERSECTION, Id.INTERSECTION_SUMMARY)}
PROVISION_OUTPUTS = {kind: {"figure": Output(graph_slot(graph_id), "children"),
                            "summary": Output(summary, "children")}
                     for kind, (graph_id, summary) in PROVISION_GRAPHS.items()}
MAP_OUTPUTS = {"figure": Output(Id.MAP, "figure"), "summary": Output(Id.MAP_SUMMARY, "children"),
               "shown": Output(Id.MAP_MODE_SHOWN, "data"),
               "areas": {"style": Output(Id.AREA_PANEL, "style"),
                         "focus": Output(Id.AREA_FOCUS, "children")}}
# What the provision figures depend on (fields of the state store): a key of them is computed in
# the page, and the provision callback runs only when it changes.
PROVISION_FIELDS = ("filters", "shares", "dataset", "revision", "area_level", "focus")


def render(atlas: AtlasContext, state: ViewState) -> list:
    """The national page for a state: its map drawn, placeholders for the provision figures."""
    chart = national_map(atlas, state)
    areas = area_section(state.area_level, area_values(area_panel(atlas, state)))
    return [national_section(chart, map_key(state), areas), *export_tools(state)]


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
        patch["data"][0]["geojson"] = geometry_url(atlas, state.map_mode)
        patch["layout"]["uirevision"] = map_revision(bounds)
    return patch, national_summary(areas, state, atlas.geography)


def map_key(state: ViewState) -> str:
    """What the map's geometry and colour scale depend on.

    The map mode alone for the default deprivation map of every district; with the level,
    focus and change measure otherwise.
    """
    if state.area_level == "lad" and not state.focus and state.measure != "change":
        return state.map_mode
    return "|".join((state.map_mode, state.area_level, state.focus or "",
                     "change" if state.measure == "change" else ""))


def national_map(atlas: AtlasContext, state: ViewState) -> Chart:
    """The national map of a state; the boundaries of every district as a static file."""
    default = map_key(state) == state.map_mode
    return national_chart(atlas, state,
                          geometry_url=geometry_url(atlas, state.map_mode) if default else None)


def update_national_map(atlas: AtlasContext, state: ViewState, shown_key: str) -> dict:
    """Values of the national map callback (keys of ``MAP_OUTPUTS``).

    The default map is patched (colours, hover, outlines); a map of other areas, of one NHS
    area's districts or of change since 2019 is sent whole. The areas panel follows.
    """
    key = map_key(state)
    if key != state.map_mode or shown_key not in MAP_MODES:
        chart = national_map(atlas, state)
        figure, summary = chart.figure, chart.summary
    else:
        figure, summary = recolour_map(atlas, state, shown_key)
    return {"figure": figure, "summary": summary, "shown": key,
            "areas": area_values(area_panel(atlas, state))}


def update_provision(atlas: AtlasContext, state: ViewState) -> dict:
    """Values of the national provision callback (keys of ``PROVISION_OUTPUTS``)."""
    charts = national_provision(atlas, state)
    return {kind: {"figure": graph(PROVISION_GRAPHS[kind][0], chart.figure),
                   "summary": chart.summary}
            for kind, chart in charts.items()}


def register(app: Dash, atlas: AtlasContext) -> None:
    """Wire the national-view callbacks: the map, and the provision figures beside it."""

    @app.callback(
        output=MAP_OUTPUTS, inputs={"data": Input(Id.STATE, "data")},
        state={"shown_key": State(Id.MAP_MODE_SHOWN, "data")},
        prevent_initial_call=True,  # the page arrives with its map and areas panel
    )
    def on_state(data, shown_key):
        state = state_from_dict(data)
        return update_national_map(scoped(atlas, state), state, shown_key or "map")

    app.clientside_callback(state_key(PROVISION_FIELDS), Output(Id.PROVISION_SHOWN, "data"),
                            Input(Id.STATE, "data"), State(Id.PROVISION_SHOWN, "data"))

    @app.callback(output=PROVISION_OUTPUTS, inputs={"key": Input(Id.PROVISION_SHOWN, "data")},
                  state={"data": State(Id.STATE, "data")}, prevent_initial_call=True)
    def on_provision(key, data):
        state = state_from_dict(data)
        return update_provision(scoped(atlas, state), state)

    # A click on a district opens it (the place search takes its code); a click on an NHS area
    # shows its districts (``dashboard.core.context_state.map_click``). The URL follows.
    app.clientside_callback(
        """function(click) {
            const none = window.dash_clientside.no_update;
            const point = click && click.points && click.points[0];
            const code = point && point.location;
            if (!code) { return [none, none]; }
            if (/^E(38|54)\\d{6}$/.test(code)) { return [none, {areas: "lad", focus: code}]; }
            return [code, none];
        }""",
        Output(Id.LOCALITY_PICKER, "value", allow_duplicate=True),
        Output(Id.PAGE_CONTROLS, "data", allow_duplicate=True),
        Input(Id.MAP, "clickData"), prevent_initial_call=True)
    app.clientside_callback(page_controls({"areas": "state.area_level"}),
                            Output(Id.PAGE_CONTROLS, "data", allow_duplicate=True),
                            Input(Id.AREA_LEVEL, "value"), State(Id.STATE, "data"),
                            prevent_initial_call=True)
