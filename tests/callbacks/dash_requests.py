"""Hand-made Dash callback requests, built from the app's own callback map."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

ORIGIN = {"Origin": "http://localhost"}


def callback_for(app, trigger: str, output: str | None = None) -> tuple[str, dict]:
    """The callback map entry (key, spec) that ``trigger`` ("id.property") fires."""
    for key, spec in app.callback_map.items():
        names = [f"{d['id']}.{d['property']}" for d in spec["inputs"]]
        if trigger in names and (output is None or output in key):
            return key, spec
    raise KeyError(trigger)


def request(key: str, spec: dict, values: Mapping[str, Any], trigger: str) -> dict:
    """The request the renderer sends for callback ``key``: values by "id.property"."""
    declared = spec["output"]
    outputs = [{"id": str(o.component_id), "property": o.component_property} for o in
               (declared if isinstance(declared, list) else [declared])]

    def items(kind: str) -> list[dict]:
        return [{"id": str(d["id"]), "property": d["property"],
                 "value": values.get(f"{d['id']}.{d['property']}")} for d in spec[kind]]

    return {"output": key, "outputs": outputs if isinstance(declared, list) else outputs[0],
            "inputs": items("inputs"), "state": items("state"), "changedPropIds": [trigger]}


def body(app, trigger: str, values: Mapping[str, Any] | None = None,
         output: str | None = None) -> dict:
    """The request of the callback that ``trigger`` fires (the one writing ``output``)."""
    key, spec = callback_for(app, trigger, output)
    return request(key, spec, values or {}, trigger)


def post(client, payload: dict, headers: Mapping[str, str] | None = None, **options):
    """POST a callback request from a page of the site (``options``: ``base_url``...)."""
    return client.post("/_dash-update-component", json=payload, headers={**ORIGIN, **(headers or {})},
                       **options)


def said(response) -> str:
    """Every text a callback answer carries, as one string."""
    return str(response.get_json())
