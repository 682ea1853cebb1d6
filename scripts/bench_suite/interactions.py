"""The measured interactions as the callback requests a browser sends, and how to send them."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Callable
from dataclasses import replace

from callbacks.national import provision_key
from dashboard.core.settings import Settings
from dashboard.core.view_state import DEFAULT, ViewState, state_to_dict
from layouts.ids import Id

BIRMINGHAM = "E08000025"


class Requests:
    """Bodies of the POSTs to ``/_dash-update-component`` a browser sends when the state changes."""

    # Each state callback is known by one of its outputs (the national and locality pages have
    # two each: the map, and the rest).
    MARKERS = {"national": f"{Id.MAP}.figure", "provision": f"{Id.HEATMAP}.figure",
               "locality_map": f"{Id.LOCALITY_MAP}.figure",
               "locality_rest": f"{Id.LOCALITY_HEATMAP}.figure",
               "gaps": f"{Id.GAP_HEATMAP}.figure"}

    def __init__(self, dependencies: list[dict]) -> None:
        self.callbacks: dict[str, dict] = {}
        markers = self.MARKERS
        for callback in dependencies:
            inputs = callback["inputs"]
            if [(i["id"], i["property"]) for i in inputs] != [(str(Id.STATE), "data")]:
                continue
            for name, marker in markers.items():
                if marker in self.outputs(callback["output"]):
                    self.callbacks[name] = callback
        missing = set(markers) - set(self.callbacks)
        if missing:
            raise RuntimeError(f"callbacks not found in /_dash-dependencies: {missing}")

    @staticmethod
    def outputs(output: str) -> list[str]:
        """``id.property`` of each output of a callback's ``output`` string."""
        return output[2:-2].split("...") if output.startswith("..") else [output]

    def body(self, name: str, state: ViewState, shown: str | None = None) -> bytes:
        """JSON body of one callback request for this state (``shown``: the State value)."""
        callback = self.callbacks[name]
        output = callback["output"]
        parts = self.outputs(output)
        outputs = [dict(zip(("id", "property"), p.rsplit(".", 1), strict=True)) for p in parts]
        states = [{"id": s["id"], "property": s["property"], "value": shown}
                  for s in callback["state"]]
        return json.dumps({
            "output": output,
            "outputs": outputs if len(outputs) > 1 else outputs[0],
            "inputs": [{"id": str(Id.STATE), "property": "data", "value": state_to_dict(state)}],
            "state": states,
            "changedPropIds": [f"{Id.STATE}.data"],
        }).encode()


def first_filter_code(settings: Settings) -> str:
    """The first determinant code: the filter the filter-change scenarios select."""
    from dashboard.core.codelists import load_codelists

    return load_codelists(settings.codelists_dir)["determinants"].codes[0]


def scenarios(filter_code: str) -> dict[str, tuple[ViewState, list[tuple[str, str | None]]]]:
    """The measured interactions: the new state, and the callbacks it sends with the State value
    each finds on the page (the national view was showing ``DEFAULT``).

    A drill-down sends two callbacks (the LSOA map, the rest of the locality page), timed apart;
    a domain or filter change sends the national map and the provision callback, timed together
    (after a domain change the provision callback finds its figures current and sends nothing).
    """
    shown = provision_key(DEFAULT)
    national = [("national", "map"), ("provision", shown)]
    return {
        "drill-down to Birmingham": (ViewState(locality=BIRMINGHAM), [("locality_map", None)]),
        "drill-down to Birmingham, rest of page": (
            ViewState(locality=BIRMINGHAM), [("locality_rest", None)]),
        "change domain (IMD -> Income)": (replace(DEFAULT, domain="income"), national),
        "change a filter (determinant)": (DEFAULT.with_filters(determinants=[filter_code]),
                                          national),
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
