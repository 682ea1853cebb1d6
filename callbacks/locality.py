"""Locality page: its LSOA map arrives with the page; the rest follows in one more request.

The page is built for one locality (``render``), with its map, so the figure a drill-down waits
for comes with the page's first response. The rest (cards, heatmaps, the need/provision
quadrant, priorities, the evaluation gap and the table) is filled by ``update_locality`` when
the page opens and again when what it depends on changes (a key computed in the page: filters,
counts or shares, thresholds, dataset). A later change of the view patches the map
(``update_locality_map``), without its geometry.
"""

from __future__ import annotations

from dash import Dash, Input, Output, Patch, State, no_update

from callbacks.common import state_key, unchanged
from callbacks.exports import export_tools
from dashboard.context import AtlasContext, scoped
from dashboard.core.view_state import ViewState, state_from_dict
from dashboard.views.common import filtered
from dashboard.views.locality import locality_map, locality_page, locality_title
from layouts.ids import Id, graph_slot
from layouts.locality import detail_panel, locality_section, locality_values
from layouts.locality_context import context_section

MAP_OUTPUTS = ((Id.LOCALITY_MAP, "figure"), (Id.LOCALITY_MAP_SUMMARY, "children"),
               (Id.LOCALITY_MAP_SHOWN, "data"))
PAGE_OUTPUTS = {
    "empty": Output(Id.LOCALITY_EMPTY, "children"),
    "cards": Output(Id.LOCALITY_CARDS, "children"), "table": Output(Id.LOCALITY_TABLE, "rowData"),
    "provision_row": Output(Id.LOCALITY_PROVISION, "style"),
    "provision_column": Output(Id.LOCALITY_HEATMAP_COLUMN, "style"),
    "columns": Output(Id.LOCALITY_TABLE, "columnDefs"),
    "selected": Output(Id.LOCALITY_TABLE, "selectedRows"),
    "heatmap_0": Output(graph_slot(Id.LOCALITY_HEATMAP), "children"),
    "heatmap_0_summary": Output(Id.LOCALITY_HEATMAP_SUMMARY, "children"),
    "heatmap_1": Output(graph_slot(Id.LOCALITY_POP_HEATMAP), "children"),
    "heatmap_1_summary": Output(Id.LOCALITY_POP_HEATMAP_SUMMARY, "children"),
    "heatmap_2": Output(graph_slot(Id.LOCALITY_LOC_HEATMAP), "children"),
    "heatmap_2_summary": Output(Id.LOCALITY_LOC_HEATMAP_SUMMARY, "children"),
    "need": Output(graph_slot(Id.LOCALITY_QUADRANT), "children"),
    "need_summary": Output(Id.LOCALITY_QUADRANT_SUMMARY, "children"),
    "priorities": Output(Id.LOCALITY_PRIORITIES, "children"),
    "evaluation": Output(Id.LOCALITY_EVALUATION, "children"),
}
# What the rest of the page depends on (fields of the state store; the locality is the page's).
REST_FIELDS = ("filters", "shares", "thresholds", "dataset", "revision", "service")
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


def render(atlas: AtlasContext, state: ViewState) -> list:
    """A locality's page for a state: its title and map; placeholders for the rest."""
    code = state.locality
    chart = locality_map(atlas, code, state, filtered(atlas, state, code))
    return [locality_section(code, locality_title(atlas, code), chart),
            context_section(state.similar), *export_tools(state)]


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


# On a narrow screen the interventions show as a list of cards, built here in the page from the
# table's rows (the grid, and its library, are not loaded there); 20 more at each press.
INTERVENTION_LIST = """
function(rows, more) {
    const none = window.dash_clientside.no_update;
    if (!rows || window.matchMedia("(min-width: 768px)").matches) { return [none, {display: "none"}]; }
    const shown = rows.slice(0, 20 * ((more || 0) + 1));
    const el = (type, props) => ({namespace: "dash_html_components", type: type, props: props});
    const fields = [["provider", "Provider"], ["types", "Types"], ["determinants", "Determinants"],
                    ["populations", "Population groups"], ["delivery_mode", "Delivery"],
                    ["evaluation_level", "Evaluation"]];
    const cards = shown.map((row) => el("Article", {className: "intervention-card", children: [
        el("H4", {children: row.name || "", className: "h6 mb-1"}),
        el("Dl", {className: "dataset-facts mb-0", children: fields.filter(([key]) => row[key])
            .flatMap(([key, label]) => [el("Dt", {children: label}),
                                        el("Dd", {children: String(row[key])})])})
    ]}));
    const note = el("P", {className: "small text-muted mb-2", role: "status", children:
        `Showing ${shown.length} of ${rows.length} interventions.`});
    return [[note, ...cards], shown.length < rows.length ? {} : {display: "none"}];
}
"""


def register(app: Dash, atlas: AtlasContext) -> None:
    """Wire the locality page callbacks."""

    @app.callback(*[Output(i, p) for i, p in MAP_OUTPUTS], Input(Id.STATE, "data"),
                  State(Id.LOCALITY_MAP_SHOWN, "data"),
                  prevent_initial_call=True)  # the page arrives with its map
    def on_state_map(data, shown):
        state = state_from_dict(data)
        return update_locality_map(scoped(atlas, state), state, shown)

    app.clientside_callback(state_key(REST_FIELDS), Output(Id.LOCALITY_KEY, "data"),
                            Input(Id.STATE, "data"), State(Id.LOCALITY_KEY, "data"))

    @app.callback(output=PAGE_OUTPUTS, inputs={"key": Input(Id.LOCALITY_KEY, "data")},
                  state={"data": State(Id.STATE, "data")}, prevent_initial_call=True)
    def on_state(key, data):
        state = state_from_dict(data)
        return update_locality(scoped(atlas, state), state)

    # The way back keeps the view's domain, filters and dataset: the Atlas link's own href.
    app.clientside_callback("function(href) { return href || '/'; }",
                            Output(Id.LOCALITY_BACK, "href"), Input(Id.NAV_ATLAS, "href"))
    app.clientside_callback(INTERVENTION_LIST, Output(Id.LOCALITY_LIST, "children"),
                            Output(Id.LOCALITY_LIST_MORE, "style"),
                            Input(Id.LOCALITY_TABLE, "rowData"),
                            Input(Id.LOCALITY_LIST_MORE, "n_clicks"))

    @app.callback(Output(Id.LOCALITY_DETAIL, "children"), Input(Id.LOCALITY_TABLE, "selectedRows"),
                  prevent_initial_call=True)
    def on_select(rows):
        if not rows or not isinstance(rows, list):  # {"ids": [...]}: set by the page, not yet shown
            return no_update
        return detail_panel([(label, rows[0][key]) for key, label in DETAIL_FIELDS
                             if key in rows[0]])
