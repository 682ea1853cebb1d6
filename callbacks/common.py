"""Helpers every callback module shares."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dash import no_update


def unchanged(outputs: Mapping[str, Any]) -> dict[str, Any]:
    """``no_update`` for every output of a callback with dictionary outputs."""
    return {name: no_update for name in outputs}
