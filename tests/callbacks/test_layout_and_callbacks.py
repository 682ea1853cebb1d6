from dataclasses import replace

from dash import Patch, no_update

from app import create_app
from callbacks.locality import PAGE_OUTPUTS, update_locality, update_locality_map
from callbacks.national import recolour_map, update_national_map, update_provision
from callbacks.state_sync import CONTROL_IDS, resolve
from dashboard.core.view_state import DEFAULT, ViewState
from layouts.ids import Id


def walk(component):
    yield component
    children = getattr(component, "children", None)
    if children is None:
        return
    if not isinstance(children, list | tuple):
        children = [children]
    for child in children:
        if hasattr(child, "to_plotly_json"):
            yield from walk(child)


def operations(patch: Patch) -> dict[tuple, object]:
    return {tuple(op["location"]): op["params"].get("value")
            for op in patch.to_plotly_json()["operations"]}


def test_layout_ids_are_unique_and_callbacks_reference_them(settings):
    app = create_app(settings)
    ids = [c.id for c in walk(app.layout) if getattr(c, "id", None)]
    assert len(ids) == len(set(ids))
    for value in Id:
        assert value in ids, f"{value} not in layout"
    referenced = set()
    for key, callback in app.callback_map.items():
        for dep in callback["inputs"] + callback["state"]:
            referenced.add(dep["id"])
        for out in key.strip(".").split("..."):
            referenced.add(out.rsplit(".", 1)[0])
    assert referenced <= set(ids)


def test_recolour_map_patches_colours_not_geometry(atlas_context):
    patch, summary = recolour_map(atlas_context, ViewState(domain="barriers"), "map")
    ops = operations(patch)
    z = ops[("data", 0, "z")]
    assert len(z) == 296 and set(z) == set(range(1, 11))
    assert not any("geojson" in loc for loc in ops)
    assert summary.startswith("Barriers to Housing and Services")


def test_recolour_map_sends_geometry_only_when_the_mode_changes(atlas_context):
    ops = operations(recolour_map(atlas_context, ViewState(map_mode="hex"), "map")[0])
    assert ops[("data", 0, "geojson")] == atlas_context.geography.hex_geojson
    ops = operations(recolour_map(atlas_context, ViewState(map_mode="hex"), "hex")[0])
    assert ("data", 0, "geojson") not in ops


def test_recolour_map_filter_changes_outlined_districts(atlas_context):
    def outlined(state):
        line = operations(recolour_map(atlas_context, state, "map")[0])[
            ("data", 0, "marker", "line")]
        return sum(width > 1 for width in line["width"])

    assert outlined(DEFAULT) == 5
    assert 0 < outlined(DEFAULT.with_filters(determinants=["housing"])) < 5


def test_national_callbacks_wait_while_another_page_is_shown(atlas_context):
    for state in (ViewState(locality="E08000025"), ViewState(page="gaps")):
        assert all(o is no_update for o in update_national_map(atlas_context, state, "map"))
        assert all(o is no_update for o in update_provision(atlas_context, state, None))


def test_provision_follows_filters_and_is_not_resent_for_a_domain_change(atlas_context):
    first = update_provision(atlas_context, DEFAULT, None)
    before, key = first[0], first[-1]
    after = update_provision(atlas_context, DEFAULT.with_filters(populations=["older_adults"]),
                             key)[0]
    assert before.data[0].customdata.sum() > after.data[0].customdata.sum() > 0
    for unchanged in (replace(DEFAULT, domain="income"), replace(DEFAULT, measure="share"),
                      replace(DEFAULT, map_mode="hex")):
        assert all(o is no_update for o in update_provision(atlas_context, unchanged, key))
    shares = update_provision(atlas_context, replace(DEFAULT, shares=True), key)
    assert shares[-1] != key and shares[0] is not no_update
    patch, _, mode = update_national_map(atlas_context, replace(DEFAULT, domain="income"), "map")
    assert mode == "map" and patch is not no_update


def test_resolve_url_trigger_sets_controls_and_notes(atlas_context):
    out = resolve(atlas_context, Id.URL, "/locality/E08000025",
                  "?domain=income&measure=nonsense&types=befriending,zzz", [], None)
    assert out[0] is no_update and out[1] is no_update
    controls = dict(zip(CONTROL_IDS, out[2:2 + len(CONTROL_IDS)], strict=True))
    assert controls[Id.DOMAIN] == "income" and controls[Id.MEASURE] == "rank"
    assert controls[Id.LOCALITY_PICKER] == "E08000025"
    assert controls[Id.FILTER_TYPES] == ["befriending"]
    notes = str(out[-1])
    assert "nonsense" in notes and "zzz" in notes


def test_resolve_control_change_writes_the_url(atlas_context):
    values = ["crime", "share", "hex", "share", None, ["peer_support"], [], [], [], [], [],
              80.0, 1.0, 5.0, []]
    out = resolve(atlas_context, Id.DOMAIN, "/", "", values, None)
    assert out[0] == "/"
    assert out[1] == "?domain=crime&measure=share&map=hex&values=share&types=peer_support"
    assert out[-2]["domain"] == "crime" and out[-1] is None


def test_resolve_map_click_drills_down(atlas_context):
    values = ["imd", "rank", "map", "count", None, [], [], [], [], [], [], 80.0, 1.0, 5.0, []]
    out = resolve(atlas_context, Id.MAP, "/", "", values, "E06000009")
    assert out[0] == "/locality/E06000009"
    controls = dict(zip(CONTROL_IDS, out[2:2 + len(CONTROL_IDS)], strict=True))
    assert controls[Id.LOCALITY_PICKER] == "E06000009"


def test_resolve_clear_filters_empties_every_filter(atlas_context):
    values = ["imd", "rank", "map", "count", None, ["peer_support"], ["housing"], [], [], [], [],
              80.0, 1.0, 5.0, []]
    out = resolve(atlas_context, Id.CLEAR_FILTERS, "/", "?types=peer_support", values, None)
    assert out[1] == ""
    assert out[2 + 5:2 + 11] == ([],) * 6


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
    outputs = update_locality(atlas_context, ViewState(locality="E08000025"))
    assert len(outputs) == len(PAGE_OUTPUTS)
    values = dict(zip(PAGE_OUTPUTS, outputs, strict=True))
    assert values[(Id.LOCALITY_TITLE, "children")] == "Birmingham (E08000025)"
    assert values[(Id.LOCALITY_TABLE, "rowData")]
    assert values[(Id.LOCALITY_HEATMAP, "figure")].data[0].type == "heatmap"
    assert not any(i == Id.LOCALITY_MAP or i == Id.LOCALITY_MAP_SHOWN for i, _ in PAGE_OUTPUTS)
    assert not has_geojson(outputs)


def test_locality_callbacks_do_nothing_without_a_locality(atlas_context):
    assert update_locality_map(atlas_context, DEFAULT, None) == (no_update,) * 3
    assert update_locality(atlas_context, DEFAULT) == (no_update,) * len(PAGE_OUTPUTS)


def test_update_locality_without_interventions_shows_empty_state(atlas_context):
    outputs = update_locality(atlas_context, ViewState(locality="E09000001"))
    message = str(outputs[1])
    assert "No interventions for City of London" in message and "template" in message
    assert outputs[3] == []


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
