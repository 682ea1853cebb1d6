"""The measured interactions as the callback requests a browser sends, and how to send them."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Callable
from dataclasses import replace

from dashboard.core.settings import Settings
from dashboard.core.view_state import DEFAULT, ViewState, state_to_dict
from layouts.ids import Id, graph_slot

BIRMINGHAM = "E08000025"


def slot_output(graph_id: Id) -> str:
    """The output string of a chart's placeholder (``ids.graph_slot``) as Dash writes it."""
    return json.dumps(graph_slot(graph_id), sort_keys=True, separators=(",", ":")) + ".children"


def _component_id(text: str):
    """A component id as a request names it: a pattern id (JSON) as its dict."""
    return json.loads(text) if text.startswith("{") else text


class Requests:
    """Bodies of the POSTs to ``/_dash-update-component`` a browser sends when the state changes."""

    # Each page callback is known by one of its outputs (the national and locality pages have
    # two each: the map, and the rest). The map callbacks read the view from ``Id.STATE``; the
    # rest of each page from a key the page computes from it, with the view as State.
    MARKERS = {"national": f"{Id.MAP}.figure",
               "provision": slot_output(Id.HEATMAP),
               "locality_map": f"{Id.LOCALITY_MAP}.figure",
               "locality_rest": slot_output(Id.LOCALITY_HEATMAP),
               "gaps": slot_output(Id.GAP_HEATMAP)}

    def __init__(self, dependencies: list[dict]) -> None:
        self.callbacks: dict[str, dict] = {}
        for callback in dependencies:
            for name, marker in self.MARKERS.items():
                if marker in self.outputs(callback["output"]):
                    self.callbacks[name] = callback
        missing = set(self.MARKERS) - set(self.callbacks)
        if missing:
            raise RuntimeError(f"callbacks not found in /_dash-dependencies: {missing}")

    @staticmethod
    def outputs(output: str) -> list[str]:
        """``id.property`` of each output of a callback's ``output`` string."""
        return output[2:-2].split("...") if output.startswith("..") else [output]

    def body(self, name: str, state: ViewState, shown: str | None = None) -> bytes:
        """JSON body of one callback request for this state (``shown``: another State's value).

        The view goes wherever the callback reads ``Id.STATE``; a key input gets a key of the
        view (the page computes one that changes when the view does).
        """
        callback = self.callbacks[name]
        output = callback["output"]
        outputs = [{"id": _component_id(i), "property": p}
                   for i, p in (part.rsplit(".", 1) for part in self.outputs(output))]
        view = state_to_dict(state)

        def value(dependency: dict, other):
            return view if dependency["id"] == str(Id.STATE) else other

        inputs = [{"id": i["id"], "property": i["property"], "value": value(i, json.dumps(view))}
                  for i in callback["inputs"]]
        return json.dumps({
            "output": output,
            "outputs": outputs if len(outputs) > 1 else outputs[0],
            "inputs": inputs,
            "state": [{"id": s["id"], "property": s["property"], "value": value(s, shown)}
                      for s in callback["state"]],
            "changedPropIds": [f"{inputs[0]['id']}.{inputs[0]['property']}"],
        }).encode()


def first_filter_code(settings: Settings) -> str:
    """The first determinant code: the filter the filter-change scenarios select."""
    from dashboard.core.codelists import load_codelists

    return load_codelists(settings.codelists_dir)["determinants"].codes[0]


def scenarios(filter_code: str) -> dict[str, tuple[ViewState, list[tuple[str, str | None]]]]:
    """The measured interactions: the new state, and the page callbacks it sends with the State
    value each finds on the page (the national view was showing ``DEFAULT``).

    A drill-down opens the locality page: its map comes with the page (``render``, timed as the
    map callback builds it on entry) and the rest in one callback, timed apart. A domain change
    on the national page sends the map patch alone (the provision figures' key is unchanged); a
    filter change sends the map patch and the provision figures, timed together. The URL
    callback that each change also sends is not timed here.
    """
    return {
        "drill-down to Birmingham": (ViewState(locality=BIRMINGHAM), [("locality_map", None)]),
        "drill-down to Birmingham, rest of page": (
            ViewState(locality=BIRMINGHAM), [("locality_rest", None)]),
        "change domain (IMD -> Income)": (replace(DEFAULT, domain="income"),
                                          [("national", "map")]),
        "change a filter (determinant)": (DEFAULT.with_filters(determinants=[filter_code]),
                                          [("national", "map"), ("provision", None)]),
        "gap view": (replace(DEFAULT, page="gaps"), [("gaps", None)]),
    }


MEASURES = {  # what the drill-down rows time: each of the two callbacks a drill-down sends
    "drill-down to Birmingham": "drill-down to Birmingham, locality map callback",
    "drill-down to Birmingham, rest of page": "drill-down to Birmingham, rest-of-page callback "
    "(cards, table, 3 heatmaps, quadrant, priorities, evaluation)",
}


SAME_ORIGIN = {"Origin": "http://localhost"}  # the Flask test client's host


def caller(client, bodies: list[bytes]) -> Callable[[], None]:
    """One interaction through a Flask test client: its callback POSTs in turn."""
    def call() -> None:
        for body in bodies:
            response = client.post("/_dash-update-component", data=body,
                                   content_type="application/json", headers=SAME_ORIGIN)
            assert response.status_code in (200, 204), response.status_code  # 204: no update
    return call


def post(base: str, body: bytes, timeout: float = 120) -> tuple[int, int]:
    """Status and encoded bytes of one callback POST (gzip accepted, as browsers do)."""
    request = urllib.request.Request(
        base + "/_dash-update-component", data=body, method="POST",
        headers={"Content-Type": "application/json", "Accept-Encoding": "gzip",
                 "Origin": base})  # the same-origin check refuses POSTs without it, as for CSRF
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return response.status, len(response.read())
