"""The intervention dataset the atlas shows: validated rows plus metadata."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

import pandas as pd

from dashboard.analysis.metrics import CodeIndex
from dashboard.core.codelists import CodeLists
from dashboard.core.dataset_identity import DatasetMeta
from dashboard.ingest.validation import Localities, ValidationReport, validate_file

INDEXED_FIELDS = ("locality_code", "types", "determinants", "populations", "provider_type",
                  "delivery_mode", "evaluation_level")  # counted and filtered on every view
SELECTIONS_KEPT = 8  # filtered frames kept per dataset version (each up to ~40 MB at 100,000 rows)


@dataclass(frozen=True)
class InterventionDataset:
    """Accepted intervention rows (normalised) with metadata and the validation report."""

    meta: DatasetMeta
    interventions: pd.DataFrame
    report: ValidationReport = field(repr=False)

    @cached_property
    def codes(self) -> CodeIndex:
        """Who holds which code, built on first use and kept with this (immutable) version."""
        return CodeIndex(self.interventions, INDEXED_FIELDS)

    def select(self, filters: Mapping[str, Sequence[str]], locality: str | None = None,
               ) -> pd.DataFrame:
        """Rows holding a selected code of every field in ``filters`` (and in ``locality``).

        The same selection is asked for several times per view (each figure of a callback), so
        the last few are kept; the frames are read-only, like ``interventions``.
        """
        key = tuple(sorted((field, tuple(codes)) for field, codes in filters.items() if codes))
        if not key and locality is None:
            return self.interventions
        return self._selections(key, locality)

    @cached_property
    def _selections(self) -> Callable[[tuple, str | None], pd.DataFrame]:
        index, table = self.codes, self.interventions  # not ``self``: no reference cycle, so a
        # version the library drops is freed at once with its kept selections

        def select(key: tuple, locality: str | None) -> pd.DataFrame:
            mask = index.matches(dict(key))
            if locality is not None:
                mask &= index.matches({"locality_code": [locality]})
            return table[mask]

        return lru_cache(maxsize=SELECTIONS_KEPT)(select)

    def counts_by_locality(self) -> pd.Series:
        """Number of interventions per LAD24CD."""
        return self.interventions["locality_code"].value_counts()


def _read_meta(path: Path) -> DatasetMeta:
    meta_path = path.with_name(path.stem + ".meta.json")
    if not meta_path.exists():
        return DatasetMeta(name=path.stem, version="unversioned", illustrative=False)
    raw = json.loads(meta_path.read_text(encoding="utf-8"))
    return DatasetMeta(
        name=str(raw.get("name", path.stem)),
        version=str(raw.get("version", "unversioned")),
        illustrative=bool(raw.get("illustrative", False)),
        notice=str(raw.get("notice", "")),
    )


def load_dataset(
    path: Path, codelists: CodeLists, localities: Localities, stale_after_days: int = 730
) -> InterventionDataset:
    """Validate the file at ``path`` and keep its accepted rows; metadata from ``*.meta.json``."""
    report = validate_file(path, codelists, localities, stale_after_days=stale_after_days)
    return InterventionDataset(meta=_read_meta(path), interventions=report.accepted, report=report)


def dataset_from_rows(meta: DatasetMeta, rows: pd.DataFrame) -> InterventionDataset:
    """A dataset from rows that were validated before (for example a stored version).

    The report says every row was accepted and records no issues: those were shown when the rows
    were first validated.
    """
    report = ValidationReport(
        rows_total=len(rows), rows_accepted=len(rows), errors=(), warnings=(), accepted=rows,
        source={"encoding": None, "delimiter": None, "sheet": None},
    )
    return InterventionDataset(meta=meta, interventions=rows, report=report)
