"""Counts of provision: pure functions over the accepted intervention table.

Every counting function takes the rows either as a frame (counted the plain way: exploding
lists) or as a :class:`Selection` of a loaded dataset (counted by its :class:`CodeIndex`, same
numbers); tests compare the two.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
import pandas as pd

from dashboard.core.cache import Cache

T = TypeVar("T")


def pair_counts(
    interventions: pd.DataFrame | Selection,
    row_field: str,
    col_field: str,
    row_codes: Sequence[str],
    col_codes: Sequence[str],
) -> pd.DataFrame:
    """Interventions per (row code, column code), every code present, zeros kept.

    An intervention with several codes in a list field counts once in each pair it covers.
    Single-valued fields (e.g. ``locality_code``) may be used on either axis.
    """
    if isinstance(interventions, Selection):
        return interventions.index.pair_counts(interventions, row_field, col_field, row_codes,
                                               col_codes)
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


def code_counts(interventions: pd.DataFrame | Selection, field: str,
                codes: Sequence[str]) -> pd.Series:
    """Interventions holding each code of a field (zeros kept, codes in order)."""
    if isinstance(interventions, Selection):
        return interventions.index.code_counts(interventions, field, codes)
    exploded = interventions[[field]].reset_index(drop=True).explode(field).dropna()
    counts = exploded.reset_index().drop_duplicates()[field].value_counts()
    return counts.reindex(list(codes), fill_value=0).astype(int)


def code_combinations(interventions: pd.DataFrame | Selection, field: str, codes: Sequence[str],
                      at_least: int = 2) -> Counter:
    """Interventions per combination (in ``codes`` order) of ``at_least`` of ``codes``."""
    if isinstance(interventions, Selection):
        return interventions.index.combinations(interventions, field, codes, at_least)
    order = {c: i for i, c in enumerate(codes)}
    combos = interventions[field].map(
        lambda v: tuple(sorted((c for c in set(v) if c in order), key=order.get)))
    return Counter(c for c in combos if len(c) >= at_least)


def known_count(interventions: pd.DataFrame | Selection, column: str) -> int:
    """Interventions with a value in the numeric ``column`` (e.g. ``annual_reach``)."""
    if isinstance(interventions, Selection):
        return int(np.count_nonzero(~np.isnan(interventions.numbers(column))))
    return int(interventions[column].notna().sum())


def per_10k(count: float, adults: float) -> float | None:
    """Rate per 10,000 adults; None when the adult population is unknown or zero."""
    if adults is None or pd.isna(adults) or adults <= 0:
        return None
    return float(count) * 10_000 / float(adults)


JOINT_BINS = 1 << 22  # joint pattern pairs counted with one bincount; more (rare) are sorted


@dataclass(frozen=True, eq=False)
class FieldCodes:
    """One field's codes as a pattern per row: which codes each row holds, in its order.

    Rows repeat a few sets of codes (a row of a list field holds one to three of about twenty
    codes; a single-code field holds one), so counts over any rows are a ``bincount`` of their
    patterns times the small ``held`` matrix.

    Attributes:
        patterns: the value of each pattern: a list of codes (list fields), or a code with
            ``None`` (no code) first (single-code fields).
        codes: the distinct codes of the field, the columns of ``held``.
        held: patterns x codes, True where the pattern holds the code.
        rows: the pattern of each row (int32, read-only; may be a memory-mapped file's).
    """

    patterns: list
    codes: pd.Index
    held: np.ndarray
    rows: np.ndarray

    @classmethod
    def of(cls, column: pd.Series) -> FieldCodes:
        """The patterns of a column of lists of codes, or of one code (missing: no code)."""
        if _is_list_field(column):
            return cls.of_cells(*distinct_objects(column.to_numpy()))
        rows, uniques = pd.factorize(column, use_na_sentinel=True)
        return cls.from_patterns(np.asarray(rows + 1, dtype=np.int32), [None, *uniques])  # 0: none

    @classmethod
    def of_cells(cls, rows: np.ndarray, cells: np.ndarray) -> FieldCodes:
        """The patterns of a list field from ``distinct_objects`` of its column."""
        found: dict[tuple, int] = {}  # equal lists in different cells: one pattern
        same = np.array([found.setdefault(tuple(v) if isinstance(v, list) else (), len(found))
                         for v in cells], dtype=np.int32)
        rows = same[rows] if len(rows) else rows
        return cls.from_patterns(np.asarray(rows, dtype=np.int32), [list(p) for p in found])

    @classmethod
    def from_patterns(cls, rows: np.ndarray, patterns: list) -> FieldCodes:
        """The field whose row ``i`` holds ``patterns[rows[i]]`` (lists, or None and codes)."""
        listed = [p if isinstance(p, list) else [] if p is None else [p] for p in patterns]
        codes = pd.Index(pd.unique(np.array([c for p in listed for c in p], dtype=object)),
                         dtype=object)
        held = np.zeros((len(listed), len(codes)), dtype=bool)
        for position, pattern in enumerate(listed):
            held[position, codes.get_indexer(pattern)] = True
        return cls(patterns, codes, held, rows)

    def holding(self, codes: Sequence[str]) -> np.ndarray:
        """Patterns x ``codes`` (in order; a code not in the data holds nowhere)."""
        columns = self.codes.get_indexer(list(codes))
        out = np.zeros((len(self.held), len(columns)), dtype=bool)
        out[:, columns >= 0] = self.held[:, columns[columns >= 0]]
        return out


Rows = np.ndarray | slice  # sorted row positions (int32) in a table, or slice(None): every row


def _at(values: np.ndarray, rows: Rows) -> np.ndarray:
    """``values`` at ``rows`` (a view for every row; ``take`` is the fastest gather)."""
    return values if isinstance(rows, slice) else values.take(rows)


class CodeIndex:
    """Which codes every intervention of one table holds, field by field, as patterns.

    Built once per dataset version (the table is read-only while served), so a filter or a count
    over a million interventions is a ``bincount`` of small integer arrays instead of exploding
    lists of strings on every request. Results equal those of the plain functions above
    (``pair_counts``, ``code_counts``, ``apply_filters``); tests compare them.

    The methods take a :class:`Selection` of this index, or a *row subset* of the indexed table
    (same index labels, which are positions 0..n-1; checked by its ``intervention_id`` values).
    Any other frame is counted the plain way. A frame with the same ids but other codes (an
    edited copy, another version) would be miscounted: pair an index only with rows selected
    from its own dataset, as ``InterventionDataset.selection`` does.
    """

    def __init__(self, interventions: pd.DataFrame, fields: Sequence[str]) -> None:
        index = interventions.index
        self._positional = isinstance(index, pd.RangeIndex) and index.start == 0 and index.step == 1
        self._ids = interventions["intervention_id"].array
        self._fields = {name: FieldCodes.of(interventions[name]) for name in fields}
        self._groups: dict[str, tuple[np.ndarray, np.ndarray]] = {}

    @classmethod
    def from_fields(cls, interventions: pd.DataFrame, fields: Mapping[str, FieldCodes]) -> CodeIndex:
        """The index of ``interventions`` from patterns computed before (a stored copy's)."""
        index = cls(interventions.iloc[:0], ())
        index._positional = True
        index._ids = interventions["intervention_id"].array
        index._fields = dict(fields)
        return index

    @property
    def fields(self) -> dict[str, FieldCodes]:
        """The patterns of each indexed field."""
        return dict(self._fields)

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

    def _locate(self, interventions: pd.DataFrame | Selection) -> Rows | None:
        if isinstance(interventions, Selection):
            return interventions.rows if interventions.index is self else None
        return self.covers(interventions)

    def matches(self, filters: Mapping[str, Sequence[str]], rows: Rows = slice(None)) -> np.ndarray:
        """Boolean mask of ``rows`` (default: all) holding a selected code of every field."""
        mask = None
        for field, codes in filters.items():
            if codes:
                found = self._fields[field]
                hit = found.holding(codes).any(axis=1).take(_at(found.rows, rows))
                mask = hit if mask is None else mask & hit
        if mask is None:
            size = len(self._ids) if isinstance(rows, slice) else len(rows)
            return np.ones(size, dtype=bool)
        return mask

    def positions(self, field: str, code: str) -> np.ndarray:
        """Sorted positions (int32) of the rows whose single-code ``field`` is ``code``."""
        found = self._fields[field]
        if field not in self._groups:  # one stable sort per field, kept with the index
            order = np.argsort(found.rows, kind="stable").astype(np.int32)
            bounds = np.searchsorted(found.rows.take(order), np.arange(len(found.held) + 1))
            self._groups[field] = (order, bounds)
        order, bounds = self._groups[field]
        pattern = found.codes.get_indexer([code])[0] + 1
        return order[bounds[pattern]:bounds[pattern + 1]] if pattern > 0 else order[:0]

    def weights(self, rows: Rows, field: str) -> np.ndarray:
        """How many of ``rows`` hold each pattern of ``field``."""
        found = self._fields[field]
        return np.bincount(_at(found.rows, rows), minlength=len(found.held))

    def joint(self, rows: Rows, row_field: str, col_field: str) -> tuple[np.ndarray, np.ndarray]:
        """The (row pattern, column pattern) pairs ``rows`` hold, as cells and counts.

        A cell is ``row pattern * column patterns + column pattern``; only cells held appear.
        """
        left, right = self._fields[row_field], self._fields[col_field]
        width = len(right.held)
        keys = _at(left.rows, rows).astype(np.int64) * width + _at(right.rows, rows)
        if len(left.held) * width <= JOINT_BINS:
            joint = np.bincount(keys, minlength=len(left.held) * width)
            cells = np.flatnonzero(joint)
            return cells, joint[cells]
        return np.unique(keys, return_counts=True)

    def _counted(self, interventions: pd.DataFrame | Selection, fields: Sequence[str]):
        """The rows to count by this index, or None when they must be counted the plain way."""
        rows = self._locate(interventions)
        return None if rows is None or any(f not in self._fields for f in fields) else rows

    def pair_counts(self, interventions: pd.DataFrame | Selection, row_field: str, col_field: str,
                    row_codes: Sequence[str], col_codes: Sequence[str]) -> pd.DataFrame:
        """As ``pair_counts``: interventions per (row code, column code), zeros kept.

        From the held (row pattern, column pattern) cells: each cell's count goes to every
        code its row pattern holds (an expansion of at most a few codes per cell) times the
        column codes its column pattern holds (a small dense block), summed by one bincount.
        """
        rows = self._counted(interventions, (row_field, col_field))
        if rows is None or len(set(row_codes)) < len(row_codes) or \
                len(set(col_codes)) < len(col_codes):
            return pair_counts(_frame(interventions), row_field, col_field, row_codes, col_codes)
        cells, counts = _memo(interventions, ("joint", row_field, col_field),
                              lambda: self.joint(rows, row_field, col_field))
        width = len(self._fields[col_field].held)
        cell_of, code_of = _expand(self._fields[row_field].holding(row_codes), cells // width)
        block = self._fields[col_field].holding(col_codes)[cells % width][cell_of] * \
            counts[cell_of, None]
        n_cols = len(col_codes)
        flat = (code_of[:, None] * n_cols + np.arange(n_cols)).ravel()
        table = np.bincount(flat, weights=block.ravel(), minlength=len(row_codes) * n_cols)
        return pd.DataFrame(np.rint(table).astype(np.int64).reshape(len(row_codes), n_cols),
                            index=pd.Index(list(row_codes), name=row_field),
                            columns=pd.Index(list(col_codes), name=col_field))

    def code_counts(self, interventions: pd.DataFrame | Selection, field: str,
                    codes: Sequence[str]) -> pd.Series:
        """As ``code_counts``: interventions holding each code (zeros kept, codes in order)."""
        rows = self._counted(interventions, (field,))
        if rows is None:
            return code_counts(_frame(interventions), field, codes)
        weights = _memo(interventions, ("weights", field), lambda: self.weights(rows, field))
        counts = weights @ self._fields[field].holding(codes)
        return pd.Series(counts, index=pd.Index(list(codes), name=field), name="count").astype(int)

    def combinations(self, interventions: pd.DataFrame | Selection, field: str,
                     codes: Sequence[str], at_least: int = 2) -> Counter:
        """Interventions per combination (in ``codes`` order) of ``at_least`` of ``codes``."""
        rows = self._counted(interventions, (field,))
        if rows is None:
            return code_combinations(_frame(interventions), field, codes, at_least)
        weights = _memo(interventions, ("weights", field), lambda: self.weights(rows, field))
        held = self._fields[field].holding(codes)
        out: Counter = Counter()
        for pattern in np.flatnonzero((weights > 0) & (held.sum(axis=1) >= at_least)):
            out[tuple(c for c, h in zip(codes, held[pattern], strict=True) if h)] += int(
                weights[pattern])
        return out


@dataclass(frozen=True, eq=False)
class Selection:
    """Some rows of an indexed table: counted by its code index, read as a frame on demand.

    Views count over a selection without copying its rows (a million rows filtered are a few
    megabytes of positions); ``frame`` materialises the rows, for the few views that list them.
    With a ``cache``, the pattern counts of the selection are kept there under ``key``, so
    every view of the same selection (each figure of a page, the next request) counts once.

    Attributes:
        index: the code index of ``table``.
        table: the dataset's rows (read-only).
        rows: sorted positions (int32) in ``table``, or ``slice(None)`` (every row).
        size: how many rows are selected.
        cache: where counts are kept (region ``counts``), or None.
        key: what names this selection in ``cache`` (dataset token, filters, locality).
    """

    index: CodeIndex
    table: pd.DataFrame
    rows: Rows
    size: int
    cache: Cache | None = None
    key: Hashable = None

    @classmethod
    def of(cls, index: CodeIndex, table: pd.DataFrame, rows: Rows = slice(None),
           cache: Cache | None = None, key: Hashable = None) -> Selection:
        """The selection of ``rows`` (positions, or every row) of ``table``."""
        if not isinstance(rows, slice):
            rows = np.asarray(rows, dtype=np.int32)
            rows.flags.writeable = False
        return cls(index, table, rows, len(table) if isinstance(rows, slice) else len(rows),
                   cache, key)

    def __len__(self) -> int:
        return self.size

    @property
    def empty(self) -> bool:
        """True when no row is selected."""
        return self.size == 0

    @property
    def frame(self) -> pd.DataFrame:
        """The selected rows (index labels: their positions in ``table``)."""
        return self.table if isinstance(self.rows, slice) else self.table.take(self.rows)

    def page(self, start: int, stop: int) -> pd.DataFrame:
        """The selected rows ``start`` to ``stop`` (in table order) as a frame."""
        if isinstance(self.rows, slice):
            return self.table.iloc[start:stop]
        return self.table.take(self.rows[start:stop])

    def numbers(self, column: str) -> np.ndarray:
        """Values of a numeric column at the selected rows (no other column is copied)."""
        return _at(self.table[column].to_numpy(dtype="float64"), self.rows)


def _memo(interventions: pd.DataFrame | Selection, what: tuple, compute: Callable[[], T]) -> T:
    """``compute()``, kept with a cached selection (arrays made read-only), else just computed."""
    if not isinstance(interventions, Selection) or interventions.cache is None:
        return compute()

    def kept() -> T:
        value = compute()
        for array in value if isinstance(value, tuple) else (value,):
            array.flags.writeable = False
        return value

    return interventions.cache.get("counts", (interventions.key, *what), kept)


def _expand(held: np.ndarray, patterns: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(item, code) pairs: for each item of ``patterns``, every code its pattern holds.

    ``held`` is patterns x codes. A pattern holds a few codes, so the pairs are found from its
    nonzero entries (computed once) instead of scanning a row of every code per item.
    """
    pattern, code = np.nonzero(held)  # sorted by pattern
    starts = np.searchsorted(pattern, np.arange(len(held)))
    lengths = np.bincount(pattern, minlength=len(held))[patterns]
    item = np.repeat(np.arange(len(patterns)), lengths)
    offsets = np.arange(int(lengths.sum())) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    return item, code[np.repeat(starts[patterns], lengths) + offsets]


def distinct_objects(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each element's position among the distinct objects of an object array, and those objects.

    By identity, not value: validation gives rows with the same cell one shared list, so a
    million rows hold a few hundred objects, found without hashing a million lists.
    """
    codes, uniques = pd.factorize(np.fromiter(map(id, values), dtype=np.int64, count=len(values)))
    first = np.empty(len(uniques), dtype=np.int64)
    first[codes[::-1]] = np.arange(len(codes))[::-1]
    return codes, values[first]


def _frame(interventions: pd.DataFrame | Selection) -> pd.DataFrame:
    return interventions.frame if isinstance(interventions, Selection) else interventions
