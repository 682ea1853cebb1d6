"""Counts of provision: pure functions over the accepted intervention table."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd


def pair_counts(
    interventions: pd.DataFrame,
    row_field: str,
    col_field: str,
    row_codes: Sequence[str],
    col_codes: Sequence[str],
) -> pd.DataFrame:
    """Interventions per (row code, column code), every code present, zeros kept.

    An intervention with several codes in a list field counts once in each pair it covers.
    Single-valued fields (e.g. ``locality_code``) may be used on either axis.
    """
    frame = interventions[["intervention_id", row_field, col_field]]
    for column in (row_field, col_field):
        if frame[column].map(lambda v: isinstance(v, list)).any():
            frame = frame.explode(column)
    frame = frame.dropna(subset=[row_field, col_field]).drop_duplicates()
    table = pd.crosstab(frame[row_field], frame[col_field])
    return table.reindex(index=list(row_codes), columns=list(col_codes), fill_value=0).astype(int)


def code_counts(interventions: pd.DataFrame, field: str, codes: Sequence[str]) -> pd.Series:
    """Interventions targeting each code of a list field (zeros kept, codes in order)."""
    exploded = interventions[["intervention_id", field]].explode(field).dropna()
    counts = exploded.drop_duplicates()[field].value_counts()
    return counts.reindex(list(codes), fill_value=0).astype(int)


def per_10k(count: float, adults: float) -> float | None:
    """Rate per 10,000 adults; None when the adult population is unknown or zero."""
    if adults is None or pd.isna(adults) or adults <= 0:
        return None
    return float(count) * 10_000 / float(adults)


def format_rate(rate: float | None) -> str:
    """A rate per 10,000 for display: one decimal, two when it is below 0.1 but not zero."""
    if rate is None or pd.isna(rate):
        return "not known"
    return f"{rate:.2f}" if 0 < rate < 0.1 else f"{rate:.1f}"
