"""The context parts of the view state and their round trip through the URL.

``areas`` (``lad``, ``sicbl``, ``icb``): the areas of the national and gaps pages; ``focus``: the
Sub-ICB location or ICB whose districts the national page is limited to (the drill from an ICB
to its districts); ``similar`` (``global``, ``economic``, ``demographic``): which ONS neighbours
a locality is set against; ``ward``: a ward whose LSOAs the locality map picks out; ``service``:
an intervention the locality page opens; ``from`` and ``to``: two versions of a saved dataset
to compare. ``dashboard.core.view_state`` calls these functions, so the URL stays the one source
of the view; :func:`check_context` checks codes against the geography.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from dashboard.core.areas import LEVELS, NEIGHBOUR_KINDS
from dashboard.core.geography import Geography
from dashboard.core.numbers import parse_int

CONTEXT_PARAMS = ("areas", "focus", "similar", "ward", "service", "from", "to")
CONTEXT_CONTROLS = ("areas", "similar")
NHS_CODE = re.compile(r"E(38|54)\d{6}")
WARD_CODE = re.compile(r"E05\d{6}")
SERVICE_ID = re.compile(r"[^\x00-\x1f]{1,200}")
DISTRICT_CODE = re.compile(r"E0[6-9]\d{6}")
LEVEL_PAGES = ("national", "gaps")  # pages that show other levels of geography


def context_fields(params: Mapping[str, str], notes: list[str]) -> dict[str, Any]:
    """The context fields of a state from URL parameters; what is ignored goes to ``notes``."""
    fields: dict[str, Any] = {}
    areas = params.get("areas")
    if areas is not None:
        if areas in LEVELS:
            fields["area_level"] = areas
        else:
            notes.append(f"Ignored areas={areas!r}: use lad, sicbl or icb; showing local "
                         "authorities.")
    similar = params.get("similar")
    if similar is not None:
        if similar in NEIGHBOUR_KINDS:
            fields["similar"] = similar
        else:
            notes.append(f"Ignored similar={similar!r}: use global, economic or demographic.")
    for param, pattern, what in (("focus", NHS_CODE, "a Sub-ICB location or ICB code"),
                                 ("ward", WARD_CODE, "a ward code (E05…)"),
                                 ("service", SERVICE_ID, "an intervention id")):
        value = (params.get(param) or "").strip()
        if not value:
            continue
        if pattern.fullmatch(value):
            fields[param] = value
        else:
            notes.append(f"Ignored {param}={value[:40]!r}: not {what}.")
    versions = _versions(params.get("from"), params.get("to"), notes)
    if versions:
        fields["versions"] = versions
    return fields


def _versions(low: str | None, high: str | None, notes: list[str]) -> tuple[int, int] | None:
    if low is None and high is None:
        return None
    first, second = parse_int(low, minimum=1), parse_int(high, minimum=1)
    if first is None or second is None or first == second:
        notes.append("Ignored from/to: give two different version numbers, e.g. from=1&to=3.")
        return None
    return min(first, second), max(first, second)


def context_query(state: Any) -> list[tuple[str, str]]:
    """URL parameters of the state's context fields (defaults omitted), in a fixed order."""
    query = []
    if state.area_level != "lad":
        query.append(("areas", state.area_level))
    for param in ("focus", "ward", "service"):
        if getattr(state, param):
            query.append((param, getattr(state, param)))
    if state.similar != "global":
        query.append(("similar", state.similar))
    if state.versions:
        query += [("from", str(state.versions[0])), ("to", str(state.versions[1]))]
    return query


def context_control_values(state: Any) -> dict[str, object]:
    """The values the context controls (``CONTEXT_CONTROLS``) show."""
    return {"areas": state.area_level, "similar": state.similar}


def context_from_controls(controls: Mapping[str, object], kept: Any) -> dict[str, Any]:
    """Context fields when a control changed: the controls' values, the rest kept from the URL.

    A ward or service belongs to one locality and goes when the locality changes; an NHS area
    drilled into goes when the level changes (a map click on an NHS area sets ``focus``).
    """
    level = controls.get("areas") or "lad"
    locality = controls.get("locality") or None
    same_place = locality == kept.locality
    focus = controls.get("focus", kept.focus if level == kept.area_level else None)
    return {"area_level": level, "focus": focus, "similar": controls.get("similar") or "global",
            "ward": kept.ward if same_place else None,
            "service": kept.service if same_place else None, "versions": kept.versions}


def context_to_dict(state: Any) -> dict[str, Any]:
    """JSON-ready context fields for a ``dcc.Store``."""
    return {"area_level": state.area_level, "focus": state.focus, "similar": state.similar,
            "ward": state.ward, "service": state.service,
            "versions": list(state.versions) if state.versions else None}


def context_from_dict(data: Mapping[str, Any]) -> dict[str, Any]:
    """Inverse of :func:`context_to_dict` (defaults for a dict written before they existed)."""
    versions = data.get("versions")
    return {"area_level": data.get("area_level") or "lad", "focus": data.get("focus"),
            "similar": data.get("similar") or "global", "ward": data.get("ward"),
            "service": data.get("service"),
            "versions": (int(versions[0]), int(versions[1])) if versions else None}


def context_problem(data: Mapping[str, Any]) -> str | None:
    """Why the context fields of a state dict cannot come from the page (``None``: they can)."""
    versions = data.get("versions")
    problems = (
        None if data.get("area_level") in LEVELS else "area_level must be lad, sicbl or icb.",
        None if data.get("similar") in NEIGHBOUR_KINDS
        else "similar must be global, economic or demographic.",
        *(None if data.get(name) is None or (isinstance(data[name], str)
                                             and pattern.fullmatch(data[name]))
          else f"{name} is not {what}." for name, pattern, what in (
              ("focus", NHS_CODE, "a Sub-ICB location or ICB code"),
              ("ward", WARD_CODE, "a ward code"), ("service", SERVICE_ID, "an intervention id"))),
        None if versions is None or (isinstance(versions, list) and len(versions) == 2 and all(
            parse_int(v, minimum=1) is not None for v in versions))
        else "versions must be two version numbers.",
    )
    return next(filter(None, problems), None)


def map_click(code: str) -> dict[str, object]:
    """What clicking an area of the national map changes.

    A district opens its page; an NHS area shows its districts.
    """
    if NHS_CODE.fullmatch(code or ""):
        return {"areas": "lad", "focus": code}
    return {"locality": code}


def check_context(geography: Geography, state: Any) -> tuple[Any, list[str]]:
    """The state with context codes the geography knows, and notes on what was dropped."""
    notes: list[str] = []
    nhs = geography.nhs
    if state.area_level != "lad" and nhs is None:
        state = replace(state, area_level="lad", focus=None)
        notes.append("NHS geography is not available on this server; showing local authorities.")
    if state.focus and (nhs is None or nhs.level_of(state.focus) is None):
        notes.append(f"{state.focus} is not a Sub-ICB location or ICB (April 2024); showing all "
                     "districts.")
        state = replace(state, focus=None)
    if state.focus and state.area_level != "lad":
        state = replace(state, focus=None)
    if state.area_level != "lad" and state.current_page in LEVEL_PAGES:
        if state.map_mode == "hex":
            notes.append("The hex cartogram shows local authorities only; showing the map.")
            state = replace(state, map_mode="map")
        if state.measure == "change":
            notes.append("Change since 2019 is shown for local authorities only; showing the "
                         "rank.")
            state = replace(state, measure="rank")
    if state.ward:
        ward_lad = _ward_district(geography, state.ward)
        if ward_lad is None or ward_lad != state.locality:
            notes.append(f"Ward {state.ward} is not in this locality; no ward is picked out.")
            state = replace(state, ward=None)
    return state, notes


def _ward_district(geography: Geography, ward: str) -> str | None:
    if geography.nhs is None:
        return None
    rows = geography.nhs.lsoas[geography.nhs.lsoas["WD24CD"] == ward]
    return str(rows["LAD24CD"].iloc[0]) if len(rows) else None
