"""The intervention dataset the atlas shows: validated rows plus metadata."""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from dashboard.analysis.metrics import CodeIndex
from dashboard.core.cache import Cache
from dashboard.core.codelists import CodeLists
from dashboard.core.dataset_identity import DatasetMeta, coding_statement
from dashboard.ingest.validation import Localities, ValidationReport, validate_file

INDEXED_FIELDS = ("locality_code", "types", "determinants", "populations", "provider_type",
                  "delivery_mode", "evaluation_level", "coding_status")  # counted and filtered


@dataclass(frozen=True, eq=False)
class InterventionDataset:
    """Accepted intervention rows (normalised) with metadata and the validation report.

    ``codes`` is the code index built once for these rows; ``cache`` keeps filtered selections
    of them. Build it with :func:`make_dataset` (or :func:`load_dataset`). ``token`` identifies this
    loaded copy in the cache: a version loaded again gets a new token, so no entry of another
    copy can ever answer for it.
    """

    meta: DatasetMeta
    interventions: pd.DataFrame
    report: ValidationReport = field(repr=False)
    codes: CodeIndex = field(repr=False)
    cache: Cache = field(repr=False)
    token: str = field(default_factory=lambda: uuid.uuid4().hex)

    def select(self, filters: Mapping[str, Sequence[str]], locality: str | None = None,
               ) -> pd.DataFrame:
        """Rows holding a selected code of every field in ``filters`` (and in ``locality``).

        The same selection is asked for several times per view (each figure of a callback), so
        recent ones are kept in the cache; the frames are read-only, like ``interventions``.
        """
        key = tuple(sorted((field, tuple(codes)) for field, codes in filters.items() if codes))
        if not key and locality is None:
            return self.interventions
        index, table = self.codes, self.interventions  # the entry holds no reference to self

        def select() -> pd.DataFrame:
            mask = index.matches(dict(key))
            if locality is not None:
                mask &= index.matches({"locality_code": [locality]})
            return table[mask]

        return self.cache.get("selections", (self.token, key, locality), select)

    def counts_by_locality(self) -> pd.Series:
        """Number of interventions per LAD24CD."""
        return self.interventions["locality_code"].value_counts()


def read_meta(path: Path) -> DatasetMeta:
    """What the ``<name>.meta.json`` beside a dataset file says (else the file's name)."""
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
    path: Path, codelists: CodeLists, localities: Localities, stale_after_days: int = 730,
    cache: Cache | None = None,
) -> InterventionDataset:
    """Validate the file at ``path`` and keep its accepted rows; metadata from ``*.meta.json``."""
    report = validate_file(path, codelists, localities, stale_after_days=stale_after_days)
    return make_dataset(read_meta(path), report.accepted, report, cache)


def make_dataset(meta: DatasetMeta, rows: pd.DataFrame, report: ValidationReport,
                 cache: Cache | None = None) -> InterventionDataset:
    """A dataset of validated rows with its code index built (selections kept in ``cache``).

    Rows without a ``coding_status`` (files coded outside the atlas, older saved versions) get
    ``unknown`` so the atlas can filter on it; ``meta.coding`` says who coded the rows.
    """
    if "coding_status" not in rows.columns:
        rows = rows.assign(coding_status="unknown")
    meta = replace(meta, coding=coding_statement(rows["coding_status"].tolist()))
    return InterventionDataset(meta=meta, interventions=rows, report=report,
                               codes=CodeIndex(rows, INDEXED_FIELDS),
                               cache=Cache() if cache is None else cache)


def dataset_from_rows(meta: DatasetMeta, rows: pd.DataFrame,
                      cache: Cache | None = None) -> InterventionDataset:
    """A dataset from rows that were validated before (for example a stored version).

    The report says every row was accepted and records no issues: those were shown when the rows
    were first validated.
    """
    report = ValidationReport(
        rows_total=len(rows), rows_accepted=len(rows), errors=(), warnings=(), accepted=rows,
        source={"encoding": None, "delimiter": None, "sheet": None},
    )
    return make_dataset(meta, rows, report, cache)
