"""Filtering the intervention table by codes, the same way for every view, API and export."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from dashboard.core.codelists import CodeLists
from dashboard.core.view_state import FILTER_FIELDS

FILTER_LABELS: dict[str, str] = {
    "types": "Intervention type",
    "determinants": "Determinant",
    "populations": "Population group",
    "provider": "Provider type",
    "delivery": "Delivery mode",
    "evaluation": "Evaluation level",
    "coding": "Coding status",
}


def apply_filters(interventions: pd.DataFrame, filters: Mapping[str, tuple[str, ...]]) -> pd.DataFrame:
    """Rows matching every active filter; within one filter any selected code matches.

    List fields (types, determinants, populations, delivery mode) match when they hold any of
    the selected codes; single-code fields match when their code is selected.
    """
    if not any(filters.values()):
        return interventions  # read-only by convention: no need to copy every row
    mask = pd.Series(True, index=interventions.index)
    for param, codes in filters.items():
        if not codes:
            continue
        column = interventions[FILTER_FIELDS[param]]
        wanted = set(codes)
        mask &= column.map(
            lambda v, wanted=wanted: bool(wanted.intersection(v))
            if isinstance(v, list) else v in wanted
        )
    return interventions.loc[mask]


def describe_filters(filters: Mapping[str, tuple[str, ...]], codelists: CodeLists) -> str:
    """Plain-English subtitle of the active filters, e.g. 'Determinant: Housing or Caring'."""
    parts = []
    for param, codes in filters.items():
        if codes:
            labels = codelists[FILTER_FIELDS[param]].labels
            parts.append(f"{FILTER_LABELS[param]}: " + " or ".join(labels[c] for c in codes))
    return "; ".join(parts) if parts else "All interventions (no filters)"
