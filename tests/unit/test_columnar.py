"""The columnar copy of a dataset version gives back exactly the validated rows, shared."""

from __future__ import annotations

import logging
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from dashboard import context as context_module
from dashboard.analysis.dataset import load_dataset, make_dataset, read_meta
from dashboard.analysis.filters import apply_filters
from dashboard.analysis.metrics import pair_counts
from dashboard.context import load_context
from dashboard.core.cache import Cache
from dashboard.core.dataset_identity import coding_statement
from dashboard.core.view_state import FILTER_FIELDS
from dashboard.store.columnar import ColumnarCopies, read_copy, write_copy

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def validated(settings, codelists, localities):
    return load_dataset(settings.dataset_path, codelists, localities,
                        stale_after_days=settings.stale_after_days)


def test_copy_gives_back_the_validated_rows_report_and_counts(tmp_path, validated):
    path = tmp_path / "copy.arrow"
    write_copy(path, validated)
    copy = read_copy(path, validated.meta, Cache())
    pd.testing.assert_frame_equal(copy.interventions, validated.interventions)
    for name in ("rows_total", "rows_accepted", "errors", "warnings", "source"):
        assert getattr(copy.report, name) == getattr(validated.report, name), name
    assert copy.interventions["types"].map(type).eq(list).all()
    codes = validated.codes.fields["determinants"].codes.tolist()
    for filters in ({}, {"types": ("befriending",)}, {"populations": ("older_adults", "carers")}):
        fields = {FILTER_FIELDS[p]: c for p, c in filters.items()}
        plain = apply_filters(validated.interventions, filters)
        selection = copy.selection(fields)
        assert selection.frame["intervention_id"].tolist() == plain["intervention_id"].tolist()
        pd.testing.assert_frame_equal(
            pair_counts(selection, "locality_code", "determinants", ["E06000009"], codes),
            pair_counts(plain, "locality_code", "determinants", ["E06000009"], codes))


def test_who_coded_the_rows_is_counted_by_the_index_and_kept_in_the_copy(tmp_path, validated):
    n = len(validated.interventions)
    statuses = (["confirmed", "edited", "suggested", "unknown", "needs_review"] * n)[:n]
    dataset = make_dataset(validated.meta, validated.interventions.assign(coding_status=statuses),
                           validated.report)
    assert dataset.meta.coding == coding_statement(statuses)
    assert dataset.meta.coding == f"Codes confirmed by a person for {(n + 3) // 5 + (n + 2) // 5:,} " \
        f"of {n:,} services."
    write_copy(tmp_path / "copy.arrow", dataset)
    copy = read_copy(tmp_path / "copy.arrow", replace(dataset.meta, coding=""), Cache())
    assert copy.meta.coding == dataset.meta.coding
    unknown = make_dataset(validated.meta, validated.interventions, validated.report)
    assert unknown.meta.coding == "" and unknown.interventions["coding_status"].eq("unknown").all()


def test_numbers_and_text_are_read_from_the_mapped_file(tmp_path, validated):
    path = tmp_path / "copy.arrow"
    write_copy(path, validated)
    frame = read_copy(path, validated.meta, Cache()).interventions
    for column in ("source_row", "annual_reach", "latitude", "last_verified"):
        assert not frame[column].to_numpy().flags.writeable, column  # a view of the file
    assert frame["name"].dtype == validated.interventions["name"].dtype
    assert frame["provider_type"].dtype == object


def test_second_load_reads_the_copy_without_validating(tmp_path, settings, monkeypatch):
    settings = replace(settings, instance_dir=tmp_path)
    first = load_context(settings)
    (copy,) = (tmp_path / "columnar").glob("*.arrow")

    def refuse(*args, **kwargs):
        raise AssertionError("validated again")

    monkeypatch.setattr(context_module, "load_dataset", refuse)
    second = load_context(settings)
    pd.testing.assert_frame_equal(second.dataset.interventions, first.dataset.interventions)
    assert list((tmp_path / "columnar").glob("*.arrow")) == [copy]
    with pytest.raises(AssertionError, match="validated again"):  # other settings: another copy
        load_context(replace(settings, stale_after_days=settings.stale_after_days + 1))


def test_an_unwritable_folder_serves_the_dataset_from_memory(tmp_path, validated, caplog):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the folder should be")
    copies = ColumnarCopies(blocked / "columnar")
    with caplog.at_level(logging.WARNING):
        dataset = copies.dataset({"key": 1}, validated.meta, lambda: validated, Cache())
    assert dataset is validated and "from memory" in caplog.text


def test_rows_the_format_cannot_keep_exactly_are_served_from_memory(tmp_path, validated, caplog):
    frame = validated.interventions.copy()
    frame["format"] = frame["format"].astype(object)
    frame.loc[0, "format"] = 3.5  # neither a code nor a list of codes
    odd = replace(validated, interventions=frame)
    copies = ColumnarCopies(tmp_path)
    with caplog.at_level(logging.WARNING):
        dataset = copies.dataset({"key": 2}, validated.meta, lambda: odd, Cache())
    assert dataset is odd and "format" in caplog.text
    assert not list(tmp_path.glob("*.arrow"))


def test_two_processes_starting_at_once_write_one_copy(tmp_path, settings):
    script = ("import sys; from dataclasses import replace; from pathlib import Path; "
              "from dashboard.core.settings import Settings; from dashboard.context import load_context; "
              "atlas = load_context(replace(Settings.from_env(), instance_dir=Path(sys.argv[1]))); "
              "print(len(atlas.dataset.interventions))")
    runs = [subprocess.Popen([sys.executable, "-c", script, str(tmp_path)], cwd=ROOT,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(2)]
    outputs = [run.communicate(timeout=300) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    assert outputs[0][0] == outputs[1][0] and int(outputs[0][0]) > 0
    assert len(list((tmp_path / "columnar").glob("*.arrow"))) == 1
    assert not list((tmp_path / "columnar").glob(".*partial"))


def test_copies_beyond_the_limit_go_least_recently_used_first(tmp_path, validated):
    copies = ColumnarCopies(tmp_path, keep=2)
    for key in range(3):
        copies.dataset({"key": key}, validated.meta, lambda: validated, Cache())
    kept = {p.name for p in tmp_path.glob("*.arrow")}
    assert kept == {copies.path({"key": 1}).name, copies.path({"key": 2}).name}


def test_meta_is_read_beside_the_file(settings):
    assert read_meta(settings.dataset_path).illustrative
    assert read_meta(Path("nowhere.csv")).name == "nowhere"
