"""The per-dataset code index gives exactly the counts and filters of the plain functions."""

import itertools

import numpy as np
import pandas as pd
import pytest

from dashboard.analysis.dataset import INDEXED_FIELDS
from dashboard.analysis.filters import apply_filters
from dashboard.analysis.metrics import CodeIndex, code_counts, pair_counts
from dashboard.core.view_state import FILTER_FIELDS, ViewState
from dashboard.views.common import filtered


@pytest.fixture(scope="module")
def table(atlas_context):
    return atlas_context.dataset.interventions


@pytest.fixture(scope="module")
def index(table):
    return CodeIndex(table, INDEXED_FIELDS)


def _filter_cases(codelists):
    yield {}
    for param in FILTER_FIELDS:
        codes = codelists[FILTER_FIELDS[param]].codes
        yield {param: (codes[0],)}
        yield {param: tuple(codes[1:4])}
    yield {"types": ("befriending",), "determinants": ("housing", "social_isolation")}
    yield {"populations": ("martians",)}  # a code nobody holds matches nothing


def test_filters_match_apply_filters_for_every_field(atlas_context, table, index):
    for filters in _filter_cases(atlas_context.codelists):
        plain = apply_filters(table, filters)
        fast = table[index.matches({FILTER_FIELDS[p]: c for p, c in filters.items()})]
        assert fast["intervention_id"].tolist() == plain["intervention_id"].tolist(), filters
        via_view = filtered(atlas_context, ViewState(filters=filters))
        assert via_view["intervention_id"].tolist() == plain["intervention_id"].tolist()


def test_pair_and_code_counts_equal_the_plain_functions_on_subsets(atlas_context, table, index):
    codes = {f: atlas_context.codelists[f].codes for f in ("types", "determinants", "populations")}
    codes["locality_code"] = [*sorted(table["locality_code"].unique()), "E09000001"]  # + no data
    subsets = [table, table.iloc[::3], table[table["locality_code"] == "E06000009"], table.iloc[:0],
               apply_filters(table, {"determinants": ("housing",)})]
    for rows, (a, b) in itertools.product(subsets, itertools.permutations(codes, 2)):
        expected = pair_counts(rows, a, b, codes[a], codes[b])
        pd.testing.assert_frame_equal(index.pair_counts(rows, a, b, codes[a], codes[b]), expected,
                                      check_dtype=False)
    for rows, field in itertools.product(subsets, ("types", "determinants", "populations")):
        pd.testing.assert_series_equal(index.code_counts(rows, field, codes[field]),
                                       code_counts(rows, field, codes[field]),
                                       check_dtype=False, check_names=False)
    assert index.pair_counts(table, "determinants", "types", codes["determinants"],
                             codes["types"]).to_numpy().sum() > 0  # not all zeros


def test_a_frame_that_is_not_a_subset_is_counted_the_plain_way(table, index):
    other = table.iloc[:40].copy()
    other["intervention_id"] = [f"X-{i}" for i in range(40)]  # same positions, other rows
    other.loc[0, "determinants"] = ["housing"]
    assert index.covers(other) is None
    counts = index.pair_counts(other, "determinants", "types", ["housing"], ["befriending"])
    expected = pair_counts(other, "determinants", "types", ["housing"], ["befriending"])
    pd.testing.assert_frame_equal(counts, expected, check_dtype=False)
    shuffled = table.iloc[:40].set_axis(np.arange(40)[::-1])
    assert index.covers(shuffled) is None


def test_combinations_equal_the_plain_count(atlas_context, table, index):
    from dashboard.analysis.metrics import code_combinations

    populations = atlas_context.codelists["populations"]
    identity = [c for c in populations.codes if populations.groups[c] == "identity"]
    for rows in (table, table.iloc[1::2], table.iloc[:0]):
        for at_least in (1, 2, 3):
            assert index.combinations(rows, "populations", identity, at_least) == \
                code_combinations(rows, "populations", identity, at_least)
    assert sum(index.combinations(table, "populations", identity).values()) > 0


def _plain_selection(table, filters, locality=None):
    rows = apply_filters(table, filters)
    return rows if locality is None else rows[rows["locality_code"] == locality]


@pytest.mark.parametrize("joint_bins", [1 << 22, 1])  # one bincount, or sorted pattern pairs
def test_selections_count_like_the_plain_functions(atlas_context, table, monkeypatch, joint_bins):
    from dashboard.analysis import metrics
    from dashboard.analysis.gaps import evaluation_gap

    monkeypatch.setattr(metrics, "JOINT_BINS", joint_bins)
    codelists = atlas_context.codelists
    codes = {f: codelists[f].codes for f in ("types", "determinants", "populations")}
    codes["locality_code"] = [*sorted(table["locality_code"].unique()), "E09000001"]
    for filters, locality in itertools.product(list(_filter_cases(codelists))[:8],
                                               (None, "E06000009", "E09000001")):
        fields = {FILTER_FIELDS[p]: c for p, c in filters.items()}
        selection = atlas_context.dataset.selection(fields, locality)
        plain = _plain_selection(table, filters, locality)
        assert len(selection) == len(plain) and selection.empty == plain.empty
        assert selection.frame["intervention_id"].tolist() == plain["intervention_id"].tolist()
        for a, b in (("determinants", "types"), ("locality_code", "determinants"),
                     ("populations", "determinants")):
            pd.testing.assert_frame_equal(metrics.pair_counts(selection, a, b, codes[a], codes[b]),
                                          pair_counts(plain, a, b, codes[a], codes[b]),
                                          check_dtype=False)
        pd.testing.assert_series_equal(
            metrics.code_counts(selection, "locality_code", codes["locality_code"]),
            code_counts(plain, "locality_code", codes["locality_code"]), check_dtype=False,
            check_names=False)
        # repr: NaN percentages of an empty selection compare equal as text
        assert repr(evaluation_gap(selection, codelists)) == repr(evaluation_gap(plain, codelists))


def test_selection_pages_are_the_rows_in_table_order(atlas_context, table):
    selection = atlas_context.dataset.selection({"determinants": ("social_isolation",)})
    plain = apply_filters(table, {"determinants": ("social_isolation",)})
    pd.testing.assert_frame_equal(selection.page(5, 15), plain.iloc[5:15])
    assert len(selection.page(len(plain), len(plain) + 10)) == 0


def test_patterns_of_shared_and_separate_lists_are_the_same(table):
    from dashboard.analysis.metrics import FieldCodes

    shared = FieldCodes.of(table["determinants"])
    separate = FieldCodes.of(table["determinants"].map(list))  # every row its own list object
    assert shared.patterns == separate.patterns and (shared.rows == separate.rows).all()
    assert [shared.patterns[p] for p in shared.rows[:20]] == table["determinants"].iloc[:20].tolist()
