from dataclasses import replace

import numpy as np
import pytest
from dash import Patch, no_update

from app import create_app
from callbacks.locality import PAGE_OUTPUTS, update_locality, update_locality_map
from callbacks.national import recolour_map, update_national_map, update_provision
from callbacks.pages import page_registry
from callbacks.state_sync import SHELL_CONTROLS, resolve
from dashboard.core.view_state import DEFAULT, FILTER_FIELDS, ViewState, control_values, state_to_dict
from layouts.ids import Id, graph_slot
from layouts.page import section
from server.static_files import geometry_url


def walk(component, skip: str | None = None):
    """Every component of a tree (without the children of the one whose id is ``skip``)."""
    yield component
    children = None if skip and getattr(component, "id", None) == skip else \
        getattr(component, "children", None)
    if children is None:
        return
    if not isinstance(children, list | tuple):
        children = [children]
    for child in children:
        if hasattr(child, "to_plotly_json"):
            yield from walk(child, skip)


def operations(patch: Patch) -> dict[tuple, object]:
    return {tuple(op["location"]): op["params"].get("value")
            for op in patch.to_plotly_json()["operations"]}


def key(component_id) -> str:
    """A dependency's id as ``/_dash-dependencies`` and ``callback_map`` write it."""
    if isinstance(component_id, dict):
        import json
        return json.dumps(component_id, sort_keys=True, separators=(",", ":"))
    return str(component_id)


PAGE_STATES = {"national": DEFAULT, "locality": ViewState(locality="E06000009"),
               "gaps": replace(DEFAULT, page="gaps"),
               "compare": replace(DEFAULT, page="compare", compare=("E06000009", "E08000025")),
               "methods": replace(DEFAULT, page="methods"), "data": replace(DEFAULT, page="data"),
               "workshop": replace(DEFAULT, page="workshop"), "code": replace(DEFAULT, page="code"),
               "present": replace(DEFAULT, page="present")}


@pytest.fixture(scope="module")
def shell(settings, atlas_context):
    """The app, the ids of its shell, and the ids of each page's section as the shell builds it."""
    app = create_app(settings)
    atlas_pages = page_registry(atlas_context)
    with app.server.test_request_context("/"):
        sections = {name: section(name, state_to_dict(state),
                                  atlas_pages[name].render(atlas_context, state))
                    for name, state in PAGE_STATES.items()}
    # The shell's own placeholder page (replaced at once) is left out.
    ids = {"shell": [key(c.id) for c in walk(app.layout, Id.PAGE_CONTENT)
                     if getattr(c, "id", None)]}
    ids |= {name: [key(c.id) for c in walk(tree) if getattr(c, "id", None)]
            for name, tree in sections.items()}
    return app, ids


def dependencies(callback: dict, states: bool = True) -> tuple[set, set]:
    """Ids of a callback's outputs, and of its inputs (and states), pattern ids with ALL left out.

    ``callback``: an entry of the list the browser gets (``/_dash-dependencies``).
    """
    outputs = set() if callback.get("no_output") else {
        part.rsplit(".", 1)[0].split("@")[0] for part in callback["output"].strip(".").split("...")}
    reads = {key(dep["id"]) for dep in callback["inputs"] + (callback["state"] if states else [])}
    return ({o for o in outputs if "ALL" not in o}, {r for r in reads if "ALL" not in r})


def test_every_page_has_unique_ids_and_every_callback_id_exists(shell):
    app, ids = shell
    for name, page in ids.items():
        assert len(page) == len(set(page)), name
        if name != "shell":
            assert not set(page) & set(ids["shell"]), name
    everywhere = set().union(*ids.values())
    filled = {str(value) for value in Id if key(graph_slot(value)) in everywhere}  # by callbacks
    assert {str(value) for value in Id} <= everywhere | filled
    for callback in app._callback_list:
        outputs, reads = dependencies(callback)
        assert outputs | reads <= everywhere, callback["output"]


def test_callbacks_never_straddle_pages(shell):
    """The rule the page shell relies on (Dash fails a callback whose inputs or outputs are
    partly in the page): wherever a callback can run (an input of it is shown) and any of its
    outputs is shown, all its outputs, inputs and states are; and a callback that waits for a
    click in a page has all its outputs in that page, else opening the page would run it and
    send a request."""
    app, ids = shell
    for callback in app._callback_list:
        output_key = callback["output"]
        outputs, reads = dependencies(callback)
        _, inputs = dependencies(callback, states=False)
        for name, page in ids.items():
            if name == "shell":
                continue  # never alone: the shell always holds a page
            shown = set(page) | set(ids["shell"])
            if inputs & shown and outputs & shown:
                assert outputs <= shown and reads <= shown, (output_key, name)
            if callback["prevent_initial_call"] and not callback["clientside_function"] \
                    and inputs & set(page) and outputs & shown:
                assert outputs <= set(page), (output_key, name)


def test_recolour_map_patches_colours_not_geometry(atlas_context):
    patch, summary = recolour_map(atlas_context, ViewState(domain="barriers"), "map")
    ops = operations(patch)
    z = ops[("data", 0, "z")]
    assert len(z) == 296 and set(z) == set(range(1, 11))
    assert not any("geojson" in loc for loc in ops)
    assert summary.startswith("Barriers to Housing and Services")


def test_recolour_map_sends_geometry_only_when_the_mode_changes(atlas_context):
    ops = operations(recolour_map(atlas_context, ViewState(map_mode="hex"), "map")[0])
    assert ops[("data", 0, "geojson")] == geometry_url(atlas_context, "hex")
    assert ops[("data", 0, "geojson")].startswith("/_atlas/lad24_hex.")
    ops = operations(recolour_map(atlas_context, ViewState(map_mode="hex"), "hex")[0])
    assert ("data", 0, "geojson") not in ops


def test_recolour_map_filter_changes_outlined_districts(atlas_context):
    def outlined(state):
        line = operations(recolour_map(atlas_context, state, "map")[0])[
            ("data", 0, "marker", "line")]
        return sum(width > 1 for width in line["width"])

    assert outlined(DEFAULT) == 5
    assert 0 < outlined(DEFAULT.with_filters(determinants=["housing"])) < 5


def test_provision_follows_filters_and_counts_or_shares(atlas_context):
    def counts(state):
        return update_provision(atlas_context, state)["determinant_type"]["figure"].figure

    before = counts(DEFAULT)
    after = counts(DEFAULT.with_filters(populations=["older_adults"]))
    assert before.data[0].customdata.sum() > after.data[0].customdata.sum() > 0
    assert np.nanmax(counts(replace(DEFAULT, shares=True)).data[0].z) <= 100
    out = update_national_map(atlas_context, replace(DEFAULT, domain="income"), "map")
    assert out["shown"] == "map" and isinstance(out["figure"], Patch)
    assert out["areas"]["style"] == {}  # the areas panel follows in the same answer


@pytest.fixture(scope="module")
def pages(atlas_context):
    return page_registry(atlas_context)


def controls(**values) -> dict:
    return {name: value for name, value in {**control_values(DEFAULT), **values}.items()
            if name in SHELL_CONTROLS}


def test_resolve_url_trigger_sets_controls_and_notes(atlas_context, pages):
    out = resolve(atlas_context, pages, Id.URL, "/locality/E08000025",
                  "?domain=income&measure=nonsense&types=befriending,zzz", {})
    assert out["pathname"] is no_update and out["search"] is no_update
    values = out["controls"]
    assert set(values) == set(SHELL_CONTROLS)
    assert values["domain"] == "income" and values["measure"] == "rank"
    assert values["locality"] == "E08000025"
    assert values["types"] == ["befriending"]
    notes = str(out["notes"])
    assert "nonsense" in notes and "zzz" in notes


def test_resolve_builds_only_the_page_the_url_opens(atlas_context, pages):
    out = resolve(atlas_context, pages, None, "/locality/E08000025", "", {})
    shown = {key(c.id) for c in walk(out["content"]) if getattr(c, "id", None)}
    assert {Id.LOCALITY_MAP, Id.LOCALITY_TABLE, Id.STATE} <= shown
    assert not shown & {Id.MAP, Id.COMPARE_PICKER, Id.DATA_UPLOAD, key(graph_slot(Id.GAP_HEATMAP))}
    assert out["state"] is no_update  # the new section carries the view
    assert out["title"] == "Birmingham (E08000025) – Community mental-health provision atlas"
    assert out["section"] == ["locality", "E08000025", "bundled", "global"]
    assert out["groups"]["measure"] == {"display": "none"} and out["groups"]["domain"] == {}
    assert out["links"]["national"]["className"] == "nav-link active"


def test_resolve_same_page_hands_the_view_to_the_section(atlas_context, pages):
    shown = ["national", None, "bundled", "lad"]
    out = resolve(atlas_context, pages, Id.DOMAIN, "/", "", controls(domain="crime"), shown=shown)
    assert out["content"] is no_update and out["state"]["domain"] == "crime"
    assert out["search"] == "?domain=crime"
    back = resolve(atlas_context, pages, Id.URL, "/", "?domain=crime", controls(), shown=shown)
    assert back["content"] is no_update and back["state"]["domain"] == "crime"


def test_resolve_control_change_writes_the_url(atlas_context, pages):
    values = controls(domain="crime", measure="share", map_mode="hex", values="share",
                      types=["peer_support"])
    out = resolve(atlas_context, pages, Id.DOMAIN, "/", "?measure=share&map=hex&values=share"
                  "&types=peer_support", values)
    assert out["pathname"] is no_update
    assert out["search"] == "?domain=crime&measure=share&map=hex&values=share&types=peer_support"
    assert out["notes"] is None
    assert all(value is no_update for value in out["controls"].values())


def test_resolve_place_search_drills_down(atlas_context, pages):
    out = resolve(atlas_context, pages, Id.LOCALITY_PICKER, "/", "",
                  controls(locality="E06000009"))
    assert out["pathname"] == "/locality/E06000009"
    assert out["controls"]["locality"] is no_update
    assert Id.LOCALITY_MAP in {key(c.id) for c in walk(out["content"]) if getattr(c, "id", None)}


def test_resolve_clear_filters_empties_every_filter(atlas_context, pages):
    values = controls(types=["peer_support"], determinants=["housing"])
    out = resolve(atlas_context, pages, Id.CLEAR_FILTERS, "/", "?types=peer_support"
                  "&determinants=housing", values)
    assert out["search"] == ""
    assert out["controls"]["types"] == out["controls"]["determinants"] == []
    assert all(out["controls"][p] is no_update for p in FILTER_FIELDS
               if p not in ("types", "determinants"))  # already empty: left alone
    assert out["controls"]["domain"] is no_update


def test_resolve_page_controls_keep_the_rest_of_the_view(atlas_context, pages):
    shown = ["gaps", None, "bundled", [80.0, 1.0, 5.0]]
    out = resolve(atlas_context, pages, Id.PAGE_CONTROLS, "/gaps", "?domain=income",
                  controls(domain="income"), page_controls={"need": 95}, shown=shown)
    assert out["search"] == "?domain=income&need=95"
    assert out["content"] is no_update and out["state"]["thresholds"] == [95.0, 1.0, 5.0]
    # The same values arriving by the URL (back, forward) rebuild the thresholds shown.
    again = resolve(atlas_context, pages, Id.URL, "/gaps", "?need=50", controls(), shown=shown)
    assert again["content"] is not no_update


def has_geojson(value) -> bool:
    """True when any figure, Patch or component in ``value`` carries a geojson."""
    if isinstance(value, Patch):
        return any("geojson" in location for location in operations(value))
    if hasattr(value, "to_plotly_json"):
        value = value.to_plotly_json()
    if isinstance(value, dict):
        return "geojson" in value or any(has_geojson(v) for v in value.values())
    if isinstance(value, list | tuple):
        return any(has_geojson(v) for v in value)
    return False


def test_update_locality_map_sends_only_that_localitys_lsoas_on_entry(atlas_context):
    figure, summary, shown = update_locality_map(atlas_context, ViewState(locality="E08000025"),
                                                 None)
    features = figure.data[0].geojson["features"]
    assert len(features) == 659
    assert {f["id"][:3] for f in features} == {"E01"}
    assert summary.startswith("Birmingham: 659 LSOAs.")
    assert shown == "E08000025"
    # Staying in Birmingham and changing the domain patches colours without geometry.
    patch, _, shown = update_locality_map(
        atlas_context, ViewState(locality="E08000025", domain="crime"), "E08000025")
    assert isinstance(patch, Patch)
    assert not has_geojson(patch)
    assert (0, "z") in {tuple(loc[1:]) for loc in operations(patch) if loc[0] == "data"}
    assert shown == "E08000025"
    # Moving to another locality sends that locality's geometry in full.
    figure = update_locality_map(atlas_context, ViewState(locality="E06000009"), "E08000025")[0]
    assert not isinstance(figure, Patch) and has_geojson(figure)


def test_update_locality_fills_the_rest_of_the_page_without_geometry(atlas_context):
    values = update_locality(atlas_context, ViewState(locality="E08000025"))
    assert set(values) == set(PAGE_OUTPUTS)
    assert values["table"]
    assert values["heatmap_0"].id == Id.LOCALITY_HEATMAP
    assert values["heatmap_0"].figure.data[0].type == "heatmap"
    targets = {str(output.component_id) for output in PAGE_OUTPUTS.values()}
    assert not targets & {Id.LOCALITY_MAP, Id.LOCALITY_MAP_SHOWN}
    assert not has_geojson(list(values.values()))


def test_locality_callbacks_do_nothing_without_a_locality(atlas_context):
    assert update_locality_map(atlas_context, DEFAULT, None) == (no_update,) * 3
    assert update_locality(atlas_context, DEFAULT) == dict.fromkeys(PAGE_OUTPUTS, no_update)


def test_update_locality_without_interventions_shows_empty_state(atlas_context):
    values = update_locality(atlas_context, ViewState(locality="E09000001"))
    message = str(values["empty"])
    assert "No interventions for City of London" in message and "template" in message
    assert values["table"] == []


def test_template_download_routes(settings):
    client = create_app(settings).server.test_client()
    xlsx = client.get("/download/template.xlsx")
    assert xlsx.status_code == 200 and xlsx.data.startswith(b"PK")
    csv = client.get("/download/template.csv")
    assert csv.status_code == 200 and b"intervention_id" in csv.data


def test_export_choices_follow_the_page(atlas_context):
    from dataclasses import replace

    from callbacks.exports import HIDDEN, export_choices

    options, value, panel, profile = export_choices(DEFAULT, None)
    assert value == "map" and panel == {} and profile == HIDDEN
    assert [o["value"] for o in options][:2] == ["map", "determinant_type"]
    locality = replace(DEFAULT, locality="E06000009")
    assert export_choices(locality, "quadrant")[1] == "quadrant"          # kept when offered
    assert export_choices(locality, None)[3] == {}                        # profile offered
    assert export_choices(replace(DEFAULT, page="gaps"), "quadrant")[1] == "gaps"
    assert export_choices(replace(DEFAULT, page="methods"), "map")[1:3] == (None, HIDDEN)


def test_export_download_failure_is_a_sentence_not_a_traceback(atlas_context):
    import datetime as dt

    from callbacks.exports import export_download
    from dashboard.exports.renderer import Renderer

    data, status, alt = export_download(atlas_context, Renderer(chromium="/nonexistent/chromium"),
                                        DEFAULT, "map", "social", "png", "http://x/",
                                        dt.date.today())
    assert data is no_update and alt is no_update
    assert status == "Image export needs Chromium, but '/nonexistent/chromium' does not exist."
