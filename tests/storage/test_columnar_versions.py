"""Saved versions are decoded from the database once, then read from their columnar copy."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.analysis.dataset import dataset_from_rows
from dashboard.core.cache import Cache
from dashboard.core.dataset_identity import DatasetKey
from dashboard.store.columnar import ColumnarCopies
from dashboard.store.errors import NotFoundError
from dashboard.store.library import DatasetLibrary


def _library(store, bundled, folder) -> DatasetLibrary:
    return DatasetLibrary(bundled, store, cache=Cache(), copies=ColumnarCopies(folder))


def test_a_saved_version_is_decoded_once_and_read_from_its_copy(store, example_report, tmp_path,
                                                                monkeypatch):
    store.save_version("area", example_report.accepted, actor="Ann", illustrative=True)
    bundled = dataset_from_rows(store.load("area").meta, example_report.accepted)
    first = _library(store, bundled, tmp_path).dataset(DatasetKey("area", 1), None)
    stored = store.load("area", 1)
    decoded = dataset_from_rows(stored.meta, stored.rows)  # what is served without a copy
    pd.testing.assert_frame_equal(first.interventions, decoded.interventions)
    assert first.meta.coding == decoded.meta.coding
    assert first.meta.caption == "Illustrative data. Interventions: area, version 1."
    assert len(list(tmp_path.glob("*.arrow"))) == 1

    def refuse(*args, **kwargs):
        raise AssertionError("decoded from the database again")

    monkeypatch.setattr(type(store), "load", refuse)
    again = _library(store, bundled, tmp_path).dataset(DatasetKey("area", 1), None)  # new worker
    pd.testing.assert_frame_equal(again.interventions, first.interventions)
    assert again.meta == first.meta
    assert again.counts_by_locality().equals(first.counts_by_locality())


def test_a_new_version_gets_its_own_copy(store, example_report, tmp_path):
    store.save_version("area", example_report.accepted, actor="Ann")
    store.save_version("area", example_report.accepted.iloc[:10], actor="Ann")
    bundled = dataset_from_rows(store.load("area").meta, example_report.accepted)
    library = _library(store, bundled, tmp_path)
    assert len(library.dataset(DatasetKey("area", 1), None).interventions) == 404
    assert len(library.dataset(DatasetKey("area"), 2).interventions) == 10
    assert len(list(tmp_path.glob("*.arrow"))) == 2


def test_version_info_needs_no_rows_and_names_missing_versions(store, example_report):
    saved = store.save_version("area", example_report.accepted, actor="Ann")
    assert store.version_info("area") == saved == store.version_info("area", 1)
    with pytest.raises(NotFoundError):
        store.version_info("area", 2)
