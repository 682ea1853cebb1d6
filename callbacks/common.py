"""Helpers every callback module shares."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dash import no_update


def unchanged(outputs: Mapping[str, Any]) -> dict[str, Any]:
    """``no_update`` for every output of a callback with dictionary outputs."""
    return {name: no_update for name in outputs}


def state_key(fields: tuple[str, ...]) -> str:
    """A clientside function: a key of some fields of the view state, sent on only when it changes.

    The first key of a page waits until the page's headline chart is drawn
    (``assets/03-atlas.js``), so the figures this key brings do not hold it back.
    """
    parts = ", ".join(f"state[{field!r}]" for field in fields)
    return ("function(state, shown) { const none = window.dash_clientside.no_update; "
            "if (!state) { return none; } "
            f"const key = JSON.stringify([{parts}]); "
            "if (key === shown) { return none; } "
            "return shown ? key : window.dash_clientside.atlas.afterFirstChart().then(() => key); }")


def page_controls(current: dict[str, str]) -> str:
    """A clientside function: a page's own controls (URL parameter -> value) when they differ.

    ``current`` maps each parameter to the JavaScript expression of its value in the view state
    (``state``). The function takes the controls' values in that order, then the state; it
    returns the values that differ from the state, for the URL callback (``Id.PAGE_CONTROLS``),
    or nothing, so a page opening with its controls as the URL set them sends no request.
    """
    names = list(current)
    reads = ", ".join(f"{name!r}: {expression}" for name, expression in current.items())
    return ("function(...args) { const state = args[args.length - 1]; "
            "if (!state) { return window.dash_clientside.no_update; } "
            f"const now = {{{reads}}}; const names = {names!r}; const changed = {{}}; "
            "names.forEach((name, i) => { if (JSON.stringify(args[i]) !== JSON.stringify(now[name])) "
            "{ changed[name] = args[i]; } }); "
            "return Object.keys(changed).length ? changed : window.dash_clientside.no_update; }")
