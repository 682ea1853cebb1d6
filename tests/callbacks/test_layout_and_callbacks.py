import json
from dataclasses import replace

from dash import Patch, no_update

from app import create_app
from callbacks.locality import PAGE_OUTPUTS, update_locality, update_locality_map
from callbacks.national import recolour_map, update_national_map, update_provision
from callbacks.state_sync import resolve
from dashboard.core.view_state import DEFAULT, FILTER_FIELDS, ViewState, control_values
from layouts.ids import CONTROL_IDS, PATTERN_TYPES, Id


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
    found = [c.id for c in walk(app.layout) if getattr(c, "id", None)]
    keys = [json.dumps(i, sort_keys=True) if isinstance(i, dict) else i for i in found]
    assert len(keys) == len(set(keys))
    ids = [i for i in found if not isinstance(i, dict)]
    for value in Id:
        assert value in ids, f"{value} not in layout"
    def named(dep_id) -> str:  # a pattern-matching id is referenced by its "type"
        dep_id = json.loads(dep_id) if isinstance(dep_id, str) and dep_id.startswith("{") else dep_id
        return dep_id["type"] if isinstance(dep_id, dict) else dep_id

    referenced = set()
    for key, callback in app.callback_map.items():
        for dep in callback["inputs"] + callback["state"]:
            referenced.add(named(dep["id"]))
        for out in key.strip(".").split("..."):
            referenced.add(named(out.rsplit(".", 1)[0]))
    assert referenced <= set(ids) | set(PATTERN_TYPES)


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
        assert not_sent(update_provision(atlas_context, state, None))


def not_sent(values: dict) -> bool:
    return all(not_sent(v) if isinstance(v, dict) else v is no_update for v in values.values())


def test_provision_follows_filters_and_is_not_resent_for_a_domain_change(atlas_context):
    first = update_provision(atlas_context, DEFAULT, None)
    before, key = first["determinant_type"]["figure"], first["shown"]
    after = update_provision(atlas_context, DEFAULT.with_filters(populations=["older_adults"]),
                             key)["determinant_type"]["figure"]
    assert before.data[0].customdata.sum() > after.data[0].customdata.sum() > 0
    for unchanged in (replace(DEFAULT, domain="income"), replace(DEFAULT, measure="share"),
                      replace(DEFAULT, map_mode="hex")):
        assert not_sent(update_provision(atlas_context, unchanged, key))
    shares = update_provision(atlas_context, replace(DEFAULT, shares=True), key)
    assert shares["shown"] != key and shares["determinant_type"]["figure"] is not no_update
    patch, _, mode = update_national_map(atlas_context, replace(DEFAULT, domain="income"), "map")
    assert mode == "map" and patch is not no_update


def test_resolve_url_trigger_sets_controls_and_notes(atlas_context):
    out = resolve(atlas_context, Id.URL, "/locality/E08000025",
                  "?domain=income&measure=nonsense&types=befriending,zzz", {}, None)
    assert out["pathname"] is no_update and out["search"] is no_update
    controls = out["controls"]
    assert set(controls) == set(CONTROL_IDS)
    assert controls["domain"] == "income" and controls["measure"] == "rank"
    assert controls["locality"] == "E08000025"
    assert controls["types"] == ["befriending"]
    notes = str(out["notes"])
    assert "nonsense" in notes and "zzz" in notes


def controls(**values) -> dict:
    return {**control_values(DEFAULT), **values}


def test_resolve_control_change_writes_the_url(atlas_context):
    values = controls(domain="crime", measure="share", map_mode="hex", values="share",
                      types=["peer_support"])
    out = resolve(atlas_context, Id.DOMAIN, "/", "", values, None)
    assert out["pathname"] == "/"
    assert out["search"] == "?domain=crime&measure=share&map=hex&values=share&types=peer_support"
    assert out["state"]["domain"] == "crime" and out["notes"] is None
    assert all(value is no_update for value in out["controls"].values())


def test_resolve_map_click_drills_down(atlas_context):
    out = resolve(atlas_context, Id.MAP, "/", "", controls(), "E06000009")
    assert out["pathname"] == "/locality/E06000009"
    assert out["controls"]["locality"] == "E06000009"


def test_resolve_clear_filters_empties_every_filter(atlas_context):
    values = controls(types=["peer_support"], determinants=["housing"])
    out = resolve(atlas_context, Id.CLEAR_FILTERS, "/", "?types=peer_support", values, None)
    assert out["search"] == ""
    assert [out["controls"][p] for p in FILTER_FIELDS] == [[]] * len(FILTER_FIELDS)
    assert out["controls"]["domain"] is no_update


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
    assert values["title"] == "Birmingham (E08000025)"
    assert values["table"]
    assert values["heatmap_0"].data[0].type == "heatmap"
    targets = {output.component_id for output in PAGE_OUTPUTS.values()}
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
