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

from callbacks.common import state_key
from callbacks.exports import export_tools
from dashboard.context import AtlasContext, scoped
from dashboard.core.view_state import ViewState, state_from_dict
from dashboard.figures.caption import footer_text, title_text
from dashboard.figures.maps import area_customdata, outline_style
from dashboard.views.atlas import national_areas, national_caption, national_chart, national_summary
from dashboard.views.common import filtered
from dashboard.views.provision import national_provision
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
# What the provision figures depend on (fields of the state store): a key of them is computed in
# the page, and the provision callback runs only when it changes.
PROVISION_FIELDS = ("filters", "shares", "dataset", "revision")


def render(atlas: AtlasContext, state: ViewState) -> list:
    """The national page for a state: its map drawn, placeholders for the provision figures."""
    chart = national_chart(atlas, state, geometry_url=geometry_url(atlas, state.map_mode))
    return [national_section(chart, state.map_mode), *export_tools(state)]


def recolour_map(atlas: AtlasContext, state: ViewState, shown_mode: str) -> tuple[Patch, str]:
    """Patch colours, hover data, outlines and title; geometry only when the map mode changes."""
    areas = national_areas(atlas, filtered(atlas, state), state.domain, state.measure)
    caption = national_caption(atlas, state)
    patch = Patch()
    patch["data"][0]["z"] = areas["decile"].tolist()
    patch["data"][0]["customdata"] = area_customdata(areas)
    patch["data"][0]["marker"]["line"] = outline_style(areas)
    patch["layout"]["title"]["text"] = title_text(caption)
    patch["layout"]["annotations"][0]["text"] = footer_text(caption)
    if state.map_mode != shown_mode:
        patch["data"][0]["geojson"] = geometry_url(atlas, state.map_mode)
    return patch, national_summary(areas, state)


def update_national_map(atlas: AtlasContext, state: ViewState, shown_mode: str) -> tuple:
    """Outputs of the national map callback: the patch, the text alternative, the mode shown."""
    patch, summary = recolour_map(atlas, state, shown_mode)
    return patch, summary, state.map_mode


def update_provision(atlas: AtlasContext, state: ViewState) -> dict:
    """Values of the national provision callback (keys of ``PROVISION_OUTPUTS``)."""
    charts = national_provision(atlas, state)
    return {kind: {"figure": graph(PROVISION_GRAPHS[kind][0], chart.figure),
                   "summary": chart.summary}
            for kind, chart in charts.items()}


def register(app: Dash, atlas: AtlasContext) -> None:
    """Wire the national-view callbacks: the map, and the provision figures beside it."""

    @app.callback(
        Output(Id.MAP, "figure"), Output(Id.MAP_SUMMARY, "children"),
        Output(Id.MAP_MODE_SHOWN, "data"),
        Input(Id.STATE, "data"),
        State(Id.MAP_MODE_SHOWN, "data"),
        prevent_initial_call=True,  # the page arrives with its map
    )
    def on_state(data, shown_mode):
        state = state_from_dict(data)
        return update_national_map(scoped(atlas, state), state, shown_mode or "map")

    app.clientside_callback(state_key(PROVISION_FIELDS), Output(Id.PROVISION_SHOWN, "data"),
                            Input(Id.STATE, "data"), State(Id.PROVISION_SHOWN, "data"))

    @app.callback(output=PROVISION_OUTPUTS, inputs={"key": Input(Id.PROVISION_SHOWN, "data")},
                  state={"data": State(Id.STATE, "data")}, prevent_initial_call=True)
    def on_provision(key, data):
        state = state_from_dict(data)
        return update_provision(scoped(atlas, state), state)

    # A click on a district opens it: the place search takes its code, and the URL follows.
    app.clientside_callback(
        "function(click) { const point = click && click.points && click.points[0];"
        " return point && point.location ? point.location : window.dash_clientside.no_update; }",
        Output(Id.LOCALITY_PICKER, "value", allow_duplicate=True),
        Input(Id.MAP, "clickData"), prevent_initial_call=True)

