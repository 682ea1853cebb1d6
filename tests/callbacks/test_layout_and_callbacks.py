from dash import Patch

from app import create_app
from callbacks.national import recolour_map
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
    patch, summary = recolour_map(atlas_context, "barriers")
    assert isinstance(patch, Patch)
    operations = patch.to_plotly_json()["operations"]
    locations = [op["location"] for op in operations]
    assert ["data", 0, "z"] in locations
    assert not any("geojson" in loc for loc in locations)
    z = next(op["params"]["value"] for op in operations if op["location"] == ["data", 0, "z"])
    assert len(z) == 296 and set(z) == set(range(1, 11))
    assert summary.startswith("Barriers to Housing and Services")


def test_template_download_routes(settings):
    client = create_app(settings).server.test_client()
    xlsx = client.get("/download/template.xlsx")
    assert xlsx.status_code == 200 and xlsx.data.startswith(b"PK")
    csv = client.get("/download/template.csv")
    assert csv.status_code == 200 and b"intervention_id" in csv.data
