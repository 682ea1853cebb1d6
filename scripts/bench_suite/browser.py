"""The browser section: the atlas in headless Chromium against a plain ``px.choropleth_map`` app.

Each page is loaded cold (HTTP cache off) from a blank tab, alternating the atlas and the plain
app (``scripts/plain_map_app.py``, served the same way), and the clock stops when the page's own
map is on screen (``chromium.PROBE``). Beside it: main-thread busy time (to the map, and until
the page settles), DOM elements, callback requests and bytes of the first load. Then control
changes on the atlas: the callback requests each sends and the time until the page has redrawn.
"""

from __future__ import annotations

import statistics

from layouts.ids import Id

from .chromium import Chromium, Load
from .interactions import BIRMINGHAM
from .serving import Gunicorn
from .table import check, kb, ms, row

BLACKPOOL = "E06000009"
PAGES = (  # path, what it is, the atlas's map, the plain app's map
    ("/", "national map", f"#{Id.MAP}"),
    (f"/locality/{BLACKPOOL}", "Blackpool map", f"#{Id.LOCALITY_MAP}"),
    (f"/locality/{BIRMINGHAM}", "Birmingham map", f"#{Id.LOCALITY_MAP}"),
)
PLAIN_MAP = "#plain-map"
FIRST_LOAD_BUDGET = 1_200_000  # bytes


def set_props(component: str, value) -> str:
    """JavaScript that changes a control's value as a user's choice would (callbacks fire)."""
    import json

    return f"window.dash_clientside.set_props({json.dumps(str(component))}, {{value: {json.dumps(value)}}})"


def changes(filter_code: str) -> tuple[tuple[str, str, str], ...]:
    """The measured control changes: page, what, script."""
    return (
        ("/", "national: change domain (IMD -> Income)", set_props(Id.DOMAIN, "income")),
        ("/", "national: change a filter (determinant)",
         set_props(Id.FILTER_DETERMINANTS, [filter_code])),
        ("/", "national: map -> hex cartogram", set_props(Id.MAP_MODE, "hex")),
        ("/", "national: drill down to Birmingham (place search)",
         set_props(Id.LOCALITY_PICKER, BIRMINGHAM)),
        (f"/locality/{BIRMINGHAM}", "Birmingham: change domain (IMD -> Income)",
         set_props(Id.DOMAIN, "income")),
    )


def browser(atlas: Gunicorn, plain: Gunicorn, runs: int, filter_code: str,
            quiet: float = 1.0) -> None:
    """First map against the plain app, then the control changes (``runs`` each)."""
    chromium = Chromium()
    try:
        for path, label, selector in PAGES:
            ours: list[Load] = []
            theirs: list[Load] = []
            for _ in range(runs):  # alternating, so both see the same background load
                ours.append(chromium.load(atlas.base + path, selector, quiet))
                theirs.append(chromium.load(plain.base + path, PLAIN_MAP, quiet))
            first_map_rows(path, label, ours, theirs)
        for path, label, script in changes(filter_code):
            measured = []
            for _ in range(runs):
                chromium.load(atlas.base + path, dict((p, s) for p, _, s in PAGES)[path], quiet)
                measured.append(chromium.change(script, quiet))
            requests = max(m[0] for m in measured)
            redraw = statistics.median(m[1] for m in measured)
            received = statistics.median(m[2] for m in measured)
            row("browser: control change", f"{label}: callback requests (most of {runs}) / "
                f"time to redrawn (median) / bytes", f"{requests} / {ms(redraw)} / {kb(received)}",
                "", "", "<= 3 requests", check(requests <= 3))
    finally:
        chromium.quit()


def first_map_rows(path: str, label: str, ours: list[Load], theirs: list[Load]) -> None:
    """The rows of one page: time to map against the plain app, then what the load cost."""
    def median(loads: list[Load], name: str) -> float:
        return statistics.median(getattr(load, name) for load in loads)

    n = len(ours)
    ratio = median(ours, "map_drawn") / median(theirs, "map_drawn")
    row("browser: first map", f"{path} {label}, cold cache: time to the map drawn (median of {n})",
        ms(median(ours, "map_drawn")), f"plain px.choropleth_map app {ms(median(theirs, 'map_drawn'))}",
        f"{ratio:.2f}x", "<= 1.0x (aim 0.7x)", check(ratio <= 1.0))
    row("browser: first map", f"{path}: main-thread busy to the map / until settled",
        f"{ms(median(ours, 'busy_to_map'))} / {ms(median(ours, 'busy'))}",
        f"plain {ms(median(theirs, 'busy_to_map'))} / {ms(median(theirs, 'busy'))}",
        f"{median(ours, 'busy') / median(theirs, 'busy'):.2f}x")
    row("browser: first map", f"{path}: DOM elements when settled", f"{median(ours, 'dom'):,.0f}",
        f"plain {median(theirs, 'dom'):,.0f}", f"{median(ours, 'dom') / median(theirs, 'dom'):.1f}x")
    requests = max(load.callbacks for load in ours)
    row("browser: first map", f"{path}: callback requests on page load (most of {n})",
        str(requests), f"plain {max(load.callbacks for load in theirs)}", "", "<= 3",
        check(requests <= 3))
    transferred = median(ours, "bytes_all")
    row("browser: first map", f"{path}: first load, bytes transferred (layout and callbacks)",
        f"{kb(transferred)} ({kb(median(ours, 'bytes_data'))})",
        f"plain {kb(median(theirs, 'bytes_all'))} ({kb(median(theirs, 'bytes_data'))})",
        f"{transferred / median(theirs, 'bytes_all'):.2f}x", "<= 1,171.9 KB (1.2 MB)",
        check(transferred <= FIRST_LOAD_BUDGET))
