"""Counts of provision: pure functions over the accepted intervention table."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

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
    frame = interventions[[row_field, col_field]].reset_index(drop=True)  # index: row position
    for column in (row_field, col_field):
        if _is_list_field(frame[column]):
            frame = frame.explode(column)
    n_rows, n_cols = len(row_codes), len(col_codes)
    rows = pd.Index(list(row_codes)).get_indexer(frame[row_field]).astype("int64")  # -1: other
    cols = pd.Index(list(col_codes)).get_indexer(frame[col_field]).astype("int64")
    ids = frame.index.to_numpy(dtype="int64")
    keep = (rows >= 0) & (cols >= 0)
    cells = rows[keep] * n_cols + cols[keep]
    # An intervention (a row) counts once per cell, however often a code is repeated in it.
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
    exploded = interventions[[field]].reset_index(drop=True).explode(field).dropna()
    counts = exploded.reset_index().drop_duplicates()[field].value_counts()
    return counts.reindex(list(codes), fill_value=0).astype(int)


def code_combinations(interventions: pd.DataFrame, field: str, codes: Sequence[str],
                      at_least: int = 2) -> Counter:
    """Interventions per combination (in ``codes`` order) of ``at_least`` of ``codes``."""
    order = {c: i for i, c in enumerate(codes)}
    combos = interventions[field].map(
        lambda v: tuple(sorted((c for c in set(v) if c in order), key=order.get)))
    return Counter(c for c in combos if len(c) >= at_least)


def per_10k(count: float, adults: float) -> float | None:
    """Rate per 10,000 adults; None when the adult population is unknown or zero."""
    if adults is None or pd.isna(adults) or adults <= 0:
        return None
    return float(count) * 10_000 / float(adults)


class CodeIndex:
    """Which codes every intervention of one table holds, field by field, as 0/1 matrices.

    Built once per dataset version (the table is read-only while served), so a filter or a count
    over 100,000 interventions reads small numeric arrays instead of exploding lists of strings
    on every request. Results equal those of the plain functions above (``pair_counts``,
    ``code_counts``, ``apply_filters``); tests compare them.

    The methods take a *row subset* of the indexed table (as ``views.filtered`` returns: same
    index labels, which are positions 0..n-1). A frame that is not such a subset (checked by
    its ``intervention_id`` values) is counted the plain way. A frame with the same ids but other
    codes (an edited copy, another version) would be miscounted: pair an index only with frames
    selected from its own dataset, as ``views.filtered`` and ``InterventionDataset.select`` do.
    """

    def __init__(self, interventions: pd.DataFrame, fields: Sequence[str]) -> None:
        self._ids = interventions["intervention_id"].array
        self._positional = isinstance(interventions.index, pd.RangeIndex) and \
            interventions.index.start == 0 and interventions.index.step == 1
        self._codes: dict[str, pd.Index] = {}
        self._matrices: dict[str, np.ndarray] = {}  # list fields: rows x codes, True if held
        self._single: dict[str, np.ndarray] = {}  # single-code fields: code position, -1 if none
        for name in fields:
            column = interventions[name]
            if _is_list_field(column):
                exploded = column.explode()
                rows = np.repeat(np.arange(len(column)), column.map(
                    lambda v: len(v) if isinstance(v, list) and v else 1).to_numpy())
            else:
                exploded, rows = column, np.arange(len(column))
            present = exploded.notna().to_numpy()
            values = exploded[present].astype(object)
            codes = self._codes[name] = pd.Index(pd.unique(values))
            if exploded is column:
                self._single[name] = np.full(len(column), -1, dtype=np.int64)
                self._single[name][present] = codes.get_indexer(values)
            else:
                matrix = self._matrices[name] = np.zeros((len(column), len(codes)), dtype=bool)
                matrix[rows[present], codes.get_indexer(values)] = True

    def covers(self, interventions: pd.DataFrame) -> np.ndarray | slice | None:
        """Positions of ``interventions`` in the indexed table, or None if it is not a subset."""
        if not self._positional:
            return None
        index = interventions.index
        if index.equals(pd.RangeIndex(len(self._ids))) and \
                interventions["intervention_id"].array is self._ids:
            return slice(None)  # the table itself
        if not pd.api.types.is_integer_dtype(index.dtype):
            return None
        positions = index.to_numpy()
        if len(positions) and (positions.min() < 0 or positions.max() >= len(self._ids)):
            return None
        ids = interventions["intervention_id"].array
        if ids.dtype != self._ids.dtype or not bool((self._ids.take(positions) == ids).all()):
            return None
        return positions

    def matrix(self, positions: np.ndarray | slice, field: str,
               codes: Sequence[str]) -> np.ndarray:
        """0/1 matrix (rows: ``positions``, columns: ``codes`` in order) of who holds what."""
        columns = self._codes[field].get_indexer(list(codes))
        if field in self._single:
            held = self._position_in(positions, field, columns)
            out = np.zeros((len(held), len(columns)), dtype=bool)
            out[np.flatnonzero(held >= 0), held[held >= 0]] = True
            return out
        known = columns >= 0
        rows = self._matrices[field][positions]
        out = np.zeros((len(rows), len(columns)), dtype=bool)
        out[:, known] = rows[:, columns[known]]
        return out

    def _position_in(self, positions: np.ndarray | slice, field: str,
                     columns: np.ndarray) -> np.ndarray:
        """For a single-code field: each row's position among ``columns`` (-1: none of them)."""
        lookup = np.full(len(self._codes[field]) + 1, -1, dtype=np.int64)  # [-1]: no code
        lookup[columns[columns >= 0]] = np.flatnonzero(columns >= 0)
        return lookup[self._single[field][positions]]

    def matches(self, filters: Mapping[str, Sequence[str]]) -> np.ndarray:
        """Boolean mask of the rows holding any selected code of every field in ``filters``."""
        mask = np.ones(len(self._ids), dtype=bool)
        for field, codes in filters.items():
            if codes:
                mask &= self.matrix(slice(None), field, codes).any(axis=1)
        return mask

    def pair_counts(self, interventions: pd.DataFrame, row_field: str, col_field: str,
                    row_codes: Sequence[str], col_codes: Sequence[str]) -> pd.DataFrame:
        """As ``pair_counts``: interventions per (row code, column code), zeros kept."""
        positions = self.covers(interventions)
        if positions is None or row_field not in self._codes or col_field not in self._codes \
                or len(set(row_codes)) < len(row_codes) or len(set(col_codes)) < len(col_codes):
            return pair_counts(interventions, row_field, col_field, row_codes, col_codes)
        if row_field in self._single:  # one code per row: count cells by position
            rows = self._position_in(positions, row_field,
                                     self._codes[row_field].get_indexer(list(row_codes)))
            held = rows >= 0
            hit_rows, hit_cols = np.nonzero(self.matrix(positions, col_field, col_codes)[held])
            cells = rows[held][hit_rows] * len(col_codes) + hit_cols
            table = np.bincount(cells, minlength=len(row_codes) * len(col_codes)).reshape(
                len(row_codes), len(col_codes))
        else:
            left = self.matrix(positions, row_field, row_codes).astype(np.float32)
            right = self.matrix(positions, col_field, col_codes).astype(np.float32)
            table = np.rint(left.T @ right).astype(np.int64)
        return pd.DataFrame(table, index=pd.Index(list(row_codes), name=row_field),
                            columns=pd.Index(list(col_codes), name=col_field))

    def code_counts(self, interventions: pd.DataFrame, field: str,
                    codes: Sequence[str]) -> pd.Series:
        """As ``code_counts``: interventions holding each code (zeros kept, codes in order)."""
        positions = self.covers(interventions)
        if positions is None or field not in self._codes:
            return code_counts(interventions, field, codes)
        counts = self.matrix(positions, field, codes).sum(axis=0)
        return pd.Series(counts, index=pd.Index(list(codes), name=field), name="count").astype(int)

    def combinations(self, interventions: pd.DataFrame, field: str, codes: Sequence[str],
                     at_least: int = 2) -> Counter:
        """Interventions per combination (in ``codes`` order) of ``at_least`` of ``codes``."""
        positions = self.covers(interventions)
        if positions is None or field not in self._codes:
            return code_combinations(interventions, field, codes, at_least)
        held = self.matrix(positions, field, codes)
        held = held[held.sum(axis=1) >= at_least]
        patterns, counts = np.unique(held @ (1 << np.arange(len(codes), dtype=np.int64)),
                                     return_counts=True)
        return Counter({tuple(c for j, c in enumerate(codes) if int(p) >> j & 1): int(n)
                        for p, n in zip(patterns, counts, strict=True)})
