"""What users see of the figures in a real browser: maps frame their area, texts never collide,
colours pass axe's contrast check.

The map checks read MapLibre's own viewport (``getBounds()`` of the graph's map subplot) and
compare it with the bounds of the area in the figure, which come from the prepared geometry.
The viewport is set with Chromium's device metrics, so it is exactly the size named.
"""

from __future__ import annotations

import pytest

from app import create_app
from layouts.ids import Id
from tests.e2e.axe import format_violations, run_axe
from tests.e2e.helpers import wait_until

pytestmark = pytest.mark.e2e

VIEWPORT = """
const [selector] = arguments;
const gd = document.querySelector(selector + " .js-plotly-plot");
const layout = gd && gd._fullLayout;
const sub = layout && layout.map && layout.map._subplot;
if (!sub || !sub.map || !gd.offsetParent) return null;
const b = sub.map.getBounds(), box = sub.map.getContainer();
return {view: [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()],
        area: gd.layout.meta.bounds, size: [box.clientWidth, box.clientHeight]};
"""
# Latitudes of the areas as published (ONS boundaries): Birmingham runs 52.381-52.609.
KNOWN_LATITUDES = {"/locality/E08000025": (52.381, 52.609), "/": (49.88, 55.81)}
MAPS = {
    "/": Id.MAP,
    "/?map=hex": Id.MAP,
    "/locality/E08000025": Id.LOCALITY_MAP,   # Birmingham
    "/locality/E07000240": Id.LOCALITY_MAP,   # St Albans
    "/locality/E06000009": Id.LOCALITY_MAP,   # Blackpool
    "/present?slide=/locality/E08000025!map": Id.PRESENT_GRAPH,
}


def set_viewport(driver, width: int, height: int) -> None:
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600})


def viewport(dash_duo, graph_id: str):
    return dash_duo.driver.execute_script(VIEWPORT, f"#{graph_id}")


def holds(state, margin: float = 0.0) -> bool:
    """Whether the map's viewport holds the whole area."""
    if not state:
        return False
    (west, south, east, north), (a_west, a_south, a_east, a_north) = state["view"], state["area"]
    return west <= a_west and south <= a_south and east >= a_east and north >= a_north


def fills(state) -> float:
    """How much of the tighter side of the viewport the area spans (1 = edge to edge)."""
    (west, south, east, north), (a_west, a_south, a_east, a_north) = state["view"], state["area"]
    return max((a_east - a_west) / (east - west), (a_north - a_south) / (north - south))


def check_maps(dash_duo, paths) -> None:
    for path in paths:
        graph = MAPS[path]
        dash_duo.driver.get(dash_duo.server_url + path)
        wait_until(lambda graph=graph: holds(viewport(dash_duo, graph)), timeout=120,
                   message=f"the map of {path} to hold its area")
        state = viewport(dash_duo, graph)
        # a small margin, not a zoomed-out map: the area spans most of the tighter side
        assert 0.75 <= fills(state) <= 1.0, (path, state)
        if path in KNOWN_LATITUDES:
            south, north = KNOWN_LATITUDES[path]
            assert state["area"][1] == pytest.approx(south, abs=0.01)
            assert state["area"][3] == pytest.approx(north, abs=0.01)
            assert state["view"][1] <= south and state["view"][3] >= north


@pytest.mark.parametrize("size", [(1440, 900), (390, 844)], ids=["desktop", "phone"])
def test_every_map_holds_its_whole_area(dash_duo, settings, size):
    dash_duo.start_server(create_app(settings))
    set_viewport(dash_duo.driver, *size)
    check_maps(dash_duo, list(MAPS))
    assert dash_duo.get_logs() == []


def test_maps_refit_when_the_window_is_resized(dash_duo, settings):
    dash_duo.start_server(create_app(settings))
    set_viewport(dash_duo.driver, 1440, 900)
    check_maps(dash_duo, ["/locality/E08000025"])
    for width, height in ((360, 640), (2560, 1440), (1024, 768)):
        set_viewport(dash_duo.driver, width, height)
        # MapLibre keeps its zoom through a resize; the refit follows (debounced): wait for it
        wait_until(lambda: (viewport(dash_duo, Id.LOCALITY_MAP) or {}).get("size", [0])[0]
                   and holds(viewport(dash_duo, Id.LOCALITY_MAP))
                   and fills(viewport(dash_duo, Id.LOCALITY_MAP)) >= 0.75, timeout=30,
                   message=f"the map to refit at {width} px")
    assert dash_duo.get_logs() == []


# No text collisions -----------------------------------------------------------------------

RECTS = """
const [selector] = arguments;
const gd = document.querySelector(selector + " .js-plotly-plot");
if (!gd || !gd._fullLayout || !gd.offsetParent) return null;
const rect = (el) => { const r = el.getBoundingClientRect();
  return r.width && r.height ? [r.left, r.top, r.right, r.bottom] : null; };
const all = (sel) => [...gd.querySelectorAll(sel)].map(rect).filter(Boolean);
const g = gd.getBoundingClientRect(), s = gd._fullLayout._size;
const bar = gd.querySelector(".colorbar"), legend = gd.querySelector(".legend");
const footer = [...gd.querySelectorAll(".annotation")].filter(
  (a) => (a.getAttribute("data-index") !== null)).map((a) => a.querySelector(".annotation-text"));
return {
  graph: [g.left, g.top, g.right, g.bottom],
  plot: [g.left + s.l, g.top + s.t, g.left + s.l + s.w, g.top + s.t + s.h],
  title: all(".gtitle"), titleLines: all(".gtitle tspan.line"),
  colorbar: bar ? all(".colorbar .cbfills, .colorbar .cbaxis text, .colorbar .cbtitle text") : [],
  legend: legend ? [rect(legend.querySelector(".bg") || legend)].filter(Boolean) : [],
  annotations: footer.map(rect).filter(Boolean),
  xticks: all(".xtick text"), yticks: all(".ytick text"),
  labels: all(".scatterlayer .textpoint text"),
  modebar: all(".modebar"),
};
"""


def overlaps(a, b, slack: float = 1.0) -> bool:
    return a[0] < b[2] - slack and b[0] < a[2] - slack and a[1] < b[3] - slack and b[1] < a[3] - slack


def collisions(rects) -> list[str]:
    """Pairs of texts (or a text and the plot) that overlap, named."""
    found = []
    title = rects["title"]
    for name in ("colorbar", "legend", "annotations", "xticks", "labels", "modebar"):
        found += [f"title/{name}" for t in title for r in rects[name] if overlaps(t, r)]
    found += ["title/plot" for t in rects["titleLines"] if overlaps(t, rects["plot"])]
    found += ["colorbar/plot" for r in rects["colorbar"] if overlaps(r, rects["plot"])]
    found += [f"footer/{name}" for f in rects["annotations"]
              for name in ("xticks", "yticks", "labels", "colorbar", "legend")
              for r in rects[name] if overlaps(f, r)]
    labels = rects["labels"]
    found += ["label/label" for i, a in enumerate(labels) for b in labels[i + 1:] if overlaps(a, b)]
    # nothing cut at the graph's edges: titles and footers stay inside it
    g = rects["graph"]
    found += [f"outside/{name}" for name in ("titleLines", "annotations")
              for r in rects[name] if r[0] < g[0] - 1 or r[2] > g[2] + 1]
    return found


PAGES = {
    "/": (Id.MAP, Id.HEATMAP, Id.POP_HEATMAP, Id.LOC_HEATMAP, Id.INTERSECTION),
    "/?measure=share": (Id.MAP,),
    "/locality/E06000009": (Id.LOCALITY_MAP, Id.LOCALITY_HEATMAP, Id.LOCALITY_QUADRANT),
    "/locality/E07000240": (Id.LOCALITY_MAP, Id.LOCALITY_QUADRANT),
    "/gaps": (Id.GAP_HEATMAP, Id.GAP_PARITY),
}


@pytest.mark.parametrize("size", [(1440, 900), (390, 844)], ids=["desktop", "phone"])
def test_figure_texts_never_collide(dash_duo, settings, size):
    dash_duo.start_server(create_app(settings))
    set_viewport(dash_duo.driver, *size)
    problems = {}
    for path, graphs in PAGES.items():
        dash_duo.driver.get(dash_duo.server_url + path)
        for graph in graphs:
            wait_until(lambda graph=graph: dash_duo.driver.execute_script(RECTS, f"#{graph}")
                       and dash_duo.driver.execute_script(RECTS, f"#{graph}")["title"],
                       timeout=40, message=f"{graph} on {path}")
            # plotly's toolbar is drawn (transparent) until the pointer is over the graph:
            # where it would show is where it must not meet the title
            wait_until(lambda graph=graph: dash_duo.driver.execute_script(
                RECTS, f"#{graph}")["modebar"], timeout=10, message="the toolbar")
            found = collisions(dash_duo.driver.execute_script(RECTS, f"#{graph}"))
            if found:
                problems[f"{path} {graph}"] = sorted(set(found))
    assert problems == {}
    assert dash_duo.get_logs() == []


# Colour contrast ----------------------------------------------------------------------------

LOADED = "return !document.querySelector('[data-dash-is-loading=true]');"
CONTRAST_PAGES = ["/", "/locality/E06000009", "/gaps", "/compare?codes=E06000009,E08000025",
                  "/methods", "/data", "/workshop", "/present"]


def test_colour_contrast_passes_on_every_page(dash_duo, settings):
    dash_duo.start_server(create_app(settings))
    found = {}
    for path in CONTRAST_PAGES:
        dash_duo.driver.get(dash_duo.server_url + path)
        dash_duo.wait_for_element("h1", timeout=20)
        wait_until(lambda: dash_duo.driver.execute_script(LOADED), timeout=30,
                   message=f"{path} to load")
        violations = run_axe(dash_duo.driver, rules=("color-contrast",),
                             impacts=("minor", "moderate", "serious", "critical"))
        if violations:
            found[path] = format_violations(violations)
    assert found == {}, "\n\n".join(f"{p}:\n{v}" for p, v in found.items())
    assert dash_duo.get_logs() == []
