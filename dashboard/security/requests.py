"""What a callback request may carry: checks of its shape and of single values.

A Dash callback request is JSON the browser builds, but anyone can hand-make one. Before a
callback runs, ``server/callback_requests.py`` checks that it names a registered callback, sends
exactly the inputs and state that callback declares, and that each value has the shape its
component property has (``PROPERTY_CHECKS``) or passes the check registered for that component
(view state, entry ids, the queue's rows...). Anything else is answered with 400 and one short
sentence, before any handler code runs.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from dashboard.core.numbers import parse_int

Check = Callable[[Any], str | None]
MAX_TEXT = 1_000_000  # a control's text: far above every field's own limit, which says why
MAX_ITEMS = 10_000


def _count(value: Any) -> str | None:
    return None if value is None or parse_int(value) is not None else "must be a count"


def _text(value: Any) -> str | None:
    if value is None or (isinstance(value, str) and len(value) <= MAX_TEXT):
        return None
    return "must be text"


def _plain(value: Any) -> bool:
    return value is None or isinstance(value, str | int | float | bool)


def _control_value(value: Any) -> str | None:
    """A dropdown, radio, checklist or text box: text, a number, true/false or a list of them."""
    if isinstance(value, str):
        return _text(value)
    if _plain(value):
        return None
    if isinstance(value, list) and len(value) <= MAX_ITEMS and all(_plain(v) for v in value):
        return None
    return "must be text, a number or a list of them"


def _rows(value: Any) -> str | None:
    if value is None or (isinstance(value, list) and len(value) <= MAX_ITEMS
                         and all(isinstance(r, dict) for r in value)):
        return None
    return "must be a list of rows"


def _object(value: Any) -> str | None:
    return None if value is None or isinstance(value, dict) else "must be an object"


# Shapes by component property; a property not named here takes any JSON value.
PROPERTY_CHECKS: dict[str, Check] = {
    "n_clicks": _count, "n_intervals": _count, "pathname": _text, "search": _text, "hash": _text,
    "href": _text, "filename": _text, "value": _control_value,
    "rowData": _rows, "selectedRows": _rows, "clickData": _object,
}


def client_id_problem(value: Any) -> str | None:
    """An entry's client id is ``None`` (a new one is made) or a UUID."""
    if value is None:
        return None
    try:
        uuid.UUID(value) if isinstance(value, str) and len(value) <= 64 else uuid.UUID("")
    except ValueError:
        return "The entry id must be a UUID."
    return None


def link_problem(value: Any) -> str | None:
    """A search result's value: ``None`` or a path on this site (``/...``)."""
    if value is None or (isinstance(value, str) and value.startswith("/")
                         and not value.startswith("//") and len(value) <= 4_000):
        return None
    return "A search result must be a link to a page of the atlas."


def entry_rows_problem(value: Any) -> str | None:
    """Rows of the entry queue: each names its entry by a whole-number ``id``."""
    shape = _rows(value)
    if shape:
        return f"The entry rows {shape}."
    if any(parse_int(row.get("id"), minimum=1) is None for row in value or ()):
        return "Every entry row needs a whole-number id."
    return None


def _issue_ok(issue: Any) -> bool:
    return (isinstance(issue, dict) and parse_int(issue.get("row")) is not None
            and all(isinstance(issue.get(k), str) for k in ("column", "value", "message"))
            and isinstance(issue.get("suggestion"), str | type(None)))


def report_problem(value: Any) -> str | None:
    """A validation report the page keeps for its download (``ValidationReport.to_dict()``)."""
    if value is None:
        return None
    if not isinstance(value, dict) or any(parse_int(value.get(k)) is None
                                          for k in ("rows_total", "rows_accepted")):
        return "The report must be a validation report."
    for key in ("errors", "warnings"):
        issues = value.get(key, [])
        if not isinstance(issues, list) or len(issues) > MAX_ITEMS or not all(map(_issue_ok, issues)):
            return f"The report's {key} must be a list of issues."
    if not isinstance(value.get("filename"), str | type(None)):
        return "The report's file name must be text."
    return None


def request_problem(body: Any, callbacks: Mapping[str, Mapping[str, Any]],
                    checks: Mapping[str, Check]) -> str | None:
    """Why a callback request cannot be run, in one short sentence; ``None`` when it can.

    Args:
        body: the request's JSON.
        callbacks: ``Dash.callback_map``: output key -> ``inputs``, ``state``, ``output``.
        checks: extra checks by ``"<component id>.<property>"``, run before the property's own.
    """
    if not isinstance(body, dict):
        return "A callback request is a JSON object."
    output = body.get("output")
    spec = callbacks.get(output) if isinstance(output, str) else None
    if spec is None or "callback" not in spec:  # clientside callbacks run in the browser only
        return "Unknown callback output."
    problem = _outputs_problem(body.get("outputs"), spec.get("output"))
    if problem:
        return problem
    sent_ids = set()
    for key in ("inputs", "state"):
        sent, declared = body.get(key, []), spec.get(key, [])
        if not isinstance(sent, list) or len(sent) != len(declared):
            return f"The callback expects {len(declared)} {key} value(s)."
        for item, dependency in zip(sent, declared, strict=True):
            problem = _dependency_problem(item, dependency, key, checks, sent_ids)
            if problem:
                return problem
    changed = body.get("changedPropIds", [])
    if not isinstance(changed, list) or not all(isinstance(c, str) for c in changed) \
            or any(_changed_name(c) not in sent_ids for c in changed):
        return "changedPropIds must name inputs of the callback."
    return None


def _dependency_problem(item: Any, dependency: Mapping[str, Any], key: str,
                        checks: Mapping[str, Check], sent_ids: set[str]) -> str | None:
    """Why one sent input or state does not fit its declaration; its names join ``sent_ids``."""
    name = f"{dependency['id']}.{dependency['property']}"
    pattern = _pattern(dependency["id"])
    if pattern is None:
        if not isinstance(item, dict) or f"{item.get('id')}.{item.get('property')}" != name:
            return f"Expected {name} in {key}."
        sent_ids.add(name)
        return _value_problem(name, dependency["property"], item.get("value"), checks)
    # A pattern-matching dependency: one component (MATCH) or a list of them (ALL).
    items = item if isinstance(item, list) else [item]
    if len(items) > MAX_ITEMS or not all(isinstance(i, dict) and _fits(pattern, i.get("id"))
                                         and i.get("property") == dependency["property"] for i in items):
        return f"Expected {name} in {key}."
    for one in items:
        sent_ids.add(f"{_canonical(one['id'])}.{one['property']}")
        problem = _value_problem(name, dependency["property"], one.get("value"), checks)
        if problem:
            return problem
    return None


def _pattern(component_id: Any) -> dict[str, Any] | None:
    """The id of a pattern-matching dependency (Dash declares it as JSON text), else ``None``."""
    if isinstance(component_id, dict):
        return component_id
    if isinstance(component_id, str) and component_id.startswith("{"):
        try:
            parsed = json.loads(component_id)
        except ValueError:
            return None
        return parsed if isinstance(parsed, dict) else None
    return None


def _fits(pattern: Mapping[str, Any], component_id: Any) -> bool:
    """Whether a sent id has the pattern's keys and its fixed values (wildcards match anything)."""
    return (isinstance(component_id, dict) and set(component_id) == set(pattern)
            and all(_plain(v) for v in component_id.values())
            and all(_is_wildcard(v) or component_id[k] == v for k, v in pattern.items()))


def _is_wildcard(value: Any) -> bool:
    return isinstance(value, list) or type(value).__name__ == "Wildcard"


def _canonical(component_id: Mapping[str, Any]) -> str:
    return json.dumps(component_id, sort_keys=True, separators=(",", ":"))


def _changed_name(changed: str) -> str:
    """A changed property's name, a pattern-matching id written the way ``sent_ids`` holds it."""
    if not changed.startswith("{"):
        return changed
    component, _, prop = changed.rpartition(".")
    pattern = _pattern(component)
    return f"{_canonical(pattern)}.{prop}" if pattern is not None else changed


def _value_problem(name: str, prop: str, value: Any, checks: Mapping[str, Check]) -> str | None:
    """The component's own check (a sentence), else its property's shape (``name`` prefixed)."""
    shape = PROPERTY_CHECKS.get(prop)
    problem = shape(value) if shape else None
    if problem:
        return f"{name} {problem}."
    own = checks.get(name)
    return own(value) if own else None


def _outputs_problem(sent: Any, declared: Any) -> str | None:
    expected = declared if isinstance(declared, Sequence) else [declared]
    single_pattern = not isinstance(declared, Sequence) and isinstance(declared.component_id, dict)
    listed = [sent] if single_pattern or not isinstance(sent, list) else sent
    if len(listed) != len(expected) or (isinstance(sent, list) != isinstance(declared, Sequence)
                                        and not single_pattern):
        return "The outputs do not match the callback."
    for output, got in zip(expected, listed, strict=True):
        if not _output_fits(output, got):
            return "The outputs do not match the callback."
    return None


def _output_fits(output: Any, got: Any) -> bool:
    """Whether a sent output names the declared one (every match of a pattern-matching one)."""
    prop = str(output.component_property).split("@")[0]
    if isinstance(output.component_id, dict):
        items = got if isinstance(got, list) else [got]
        return len(items) <= MAX_ITEMS and all(
            isinstance(i, dict) and _fits(output.component_id, i.get("id"))
            and str(i.get("property")).split("@")[0] == prop for i in items)
    return isinstance(got, dict) and str(got.get("id")) == str(output.component_id) \
        and str(got.get("property")).split("@")[0] == prop
