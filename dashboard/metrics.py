"""Counts of provision: pure functions over the accepted intervention table."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
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
        if _is_list_field(frame[column]):
            frame = frame.explode(column)
    n_rows, n_cols = len(row_codes), len(col_codes)
    rows = pd.Index(list(row_codes)).get_indexer(frame[row_field]).astype("int64")  # -1: other
    cols = pd.Index(list(col_codes)).get_indexer(frame[col_field]).astype("int64")
    ids = pd.factorize(frame["intervention_id"])[0].astype("int64")
    keep = (rows >= 0) & (cols >= 0)
    cells = rows[keep] * n_cols + cols[keep]
    # An intervention counts once per cell, however many rows or repeated codes it has.
    cells = np.unique(ids[keep] * (n_rows * n_cols) + cells) % (n_rows * n_cols)
    table = np.bincount(cells, minlength=n_rows * n_cols).reshape(n_rows, n_cols)
    return pd.DataFrame(table, index=pd.Index(list(row_codes), name=row_field),
                        columns=pd.Index(list(col_codes), name=col_field))


def _is_list_field(column: pd.Series) -> bool:
    """Whether a column holds lists of codes (checked on its first non-missing value)."""
    if column.dtype != object:
        return False
    values = column.dropna()
    return bool(len(values)) and isinstance(values.iloc[0], list)


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
