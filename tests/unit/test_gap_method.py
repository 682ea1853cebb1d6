"""Hand-computed cases of the need-against-provision method (docs/methods.md)."""

import math

import pandas as pd
import pytest

from dashboard.analysis.gaps import (
    Thresholds,
    classify,
    coverage_note,
    evaluation_gap,
    gap_table,
    group_need_vs_provision,
    need_percentiles,
    need_ranks,
    priority_gaps,
)
from dashboard.core.formatting import ordinal

DOMAINS = ("income", "employment", "education", "health", "crime", "barriers", "living")


def lads(ranks: dict[str, int], carers: dict[str, float], adults: dict[str, float]) -> pd.DataFrame:
    frame = pd.DataFrame(index=list(ranks))
    for domain in DOMAINS:
        frame[f"iod25_{domain}_rank_avg_score"] = pd.Series(ranks)
    frame["c21_pct_unpaid_carers"] = pd.Series(carers)
    frame["c21_adults_16plus"] = pd.Series(adults)
    for column in ("c21_pct_older_65plus", "c21_pct_minority_ethnic", "c21_pct_lgb_plus",
                   "c21_pct_disabled"):
        frame[column] = 10.0
    frame["LAD24NM"] = [f"Area {c}" for c in frame.index]
    return frame


# Five districts: A most deprived (rank 1) ... E least (rank 5); B and C tie on carers.
LADS = lads({"A": 1, "B": 2, "C": 3, "D": 4, "E": 5},
            {"A": 12.0, "B": 10.0, "C": 10.0, "D": 8.0, "E": 6.0},
            {"A": 20_000, "B": 0, "C": 10_000, "D": 10_000, "E": 10_000})


def interventions(rows):
    return pd.DataFrame(rows, columns=["intervention_id", "locality_code", "determinants",
                                       "populations"])


def test_need_percentile_formula_at_the_ends_and_middle():
    pct = need_percentiles(LADS)["housing"]
    assert pct["A"] == 100 and pct["E"] == 0
    assert pct["C"] == pytest.approx(100 * (5 - 3) / (5 - 1))   # 50


def test_need_percentile_census_ties_share_the_average_rank():
    ranks = need_ranks(LADS)["caring"]
    assert ranks["A"] == 1 and ranks["B"] == ranks["C"] == 2.5 and ranks["E"] == 5
    assert need_percentiles(LADS)["caring"]["B"] == pytest.approx(100 * (5 - 2.5) / 4)


def test_gap_table_zero_interventions_is_no_provision_and_share_unknown():
    table = gap_table(LADS, interventions([]), ["A"], Thresholds())
    housing = table.set_index("determinant").loc["housing"]
    assert housing["interventions"] == 0 and math.isnan(housing["share"])
    assert housing["gap_class"] == "high_need_no_provision"


def test_gap_table_rates_and_shares_hand_computed():
    rows = interventions([
        ("1", "A", ["housing", "financial_stress"], ["all_adults"]),
        ("2", "A", ["financial_stress"], ["older_adults"]),
        ("3", "A", ["social_isolation"], ["older_adults"]),
        ("4", "A", ["social_isolation"], ["carers"]),
    ])
    table = gap_table(LADS, rows, ["A"], Thresholds()).set_index("determinant")
    # 1 housing intervention for 20,000 adults = 0.5 per 10,000; 1 of 4 = 25%.
    assert table.loc["housing", "per_10k"] == 0.5 and table.loc["housing", "share"] == 25.0
    assert table.loc["housing", "gap_class"] == "high_need_low_provision"     # rate < 1
    # 2 financial-stress interventions: 1.0 per 10,000 (not < 1) and 50% (not < 5%).
    assert table.loc["financial_stress", "per_10k"] == 1.0
    assert table.loc["financial_stress", "gap_class"] == "in_line"


def test_gap_table_zero_adults_uses_the_share_only():
    rows = interventions([("1", "B", ["housing"], ["all_adults"])])
    housing = gap_table(LADS, rows, ["B"], Thresholds(high_need=70)).set_index(
        "determinant").loc["housing"]
    assert math.isnan(housing["per_10k"]) and housing["share"] == 100.0
    assert housing["need_percentile"] == 75.0
    assert housing["gap_class"] == "in_line"


def test_classify_threshold_edges():
    t = Thresholds(high_need=75, low_rate=1, low_share=5)
    assert classify(75.0, 0, 0.0, math.nan, t) == "high_need_no_provision"   # at the threshold
    assert classify(74.9, 0, 0.0, math.nan, t) == "lower_need"
    assert classify(80.0, 3, 1.0, 5.0, t) == "in_line"                       # at both limits
    assert classify(80.0, 3, 0.99, 50.0, t) == "high_need_low_provision"
    assert classify(math.nan, 3, 1.0, 5.0, t) == "no_indicator"


def test_no_provision_stands_out_whatever_the_low_thresholds():
    for rate, share in ((0, 0), (1000, 100)):
        assert classify(90.0, 0, 0.0, math.nan, Thresholds(80, rate, share)) == \
            "high_need_no_provision"


@pytest.mark.parametrize(
    ("params", "expected", "notes"),
    [
        ({}, Thresholds(), 0),
        ({"need": "90", "rate": "0.5", "share": "10"}, Thresholds(90, 0.5, 10), 0),
        ({"need": "150"}, Thresholds(), 1),
        ({"rate": "-1", "share": "lots"}, Thresholds(), 2),
    ],
)
def test_thresholds_from_params(params, expected, notes):
    thresholds, messages = Thresholds.from_params(params)
    assert thresholds == expected and len(messages) == notes


@pytest.mark.parametrize(("n", "text"), [(1, "1st"), (2, "2nd"), (3, "3rd"), (4, "4th"),
                                         (11, "11th"), (12, "12th"), (13, "13th"), (21, "21st"),
                                         (22, "22nd"), (101, "101st"), (111, "111th")])
def test_ordinal(n, text):
    assert ordinal(n) == text


def test_priority_gaps_sentences_worst_first():
    rows = interventions([("1", "A", ["caring"], ["carers"])])
    table = gap_table(LADS, rows, ["A"], Thresholds())
    labels = {d: d.replace("_", " ").capitalize() for d in table["determinant"]}
    names = LADS["LAD24NM"].to_dict()
    sentences = priority_gaps(table, names, labels, limit=20, lads=LADS)
    assert sentences[0] == ("Financial stress: 1st most deprived of 5 on Income domain; "
                            "0 interventions.")
    caring = next(s for s in sentences if s.startswith("Caring"))
    assert caring == ("Caring: 1st highest share of residents providing unpaid care of 5 "
                      "(12.0%); 1 intervention (0.5 per 10,000 adults).")
    assert sentences.index(caring) == len(sentences) - 1      # low provision after none


def test_coverage_note_thin_and_empty():
    assert "No interventions" in coverage_note(len(interventions([])))
    assert coverage_note(len(interventions([("1", "A", [], [])]))).startswith("Only 1 intervention is")
    many = interventions([(str(i), "A", [], []) for i in range(10)])
    assert coverage_note(len(many)) is None


def test_group_need_vs_provision_parity_numbers():
    rows = interventions([("1", "A", [], ["older_adults"]), ("2", "A", [], ["all_adults"]),
                          ("3", "A", [], ["older_adults", "carers"]),
                          ("4", "A", [], ["all_adults"])])
    table = group_need_vs_provision(LADS, rows, ["A"]).set_index("group")
    assert table.loc["older_adults", "provision_share"] == 50.0
    assert table.loc["carers", "provision_share"] == 25.0
    assert table.loc["carers", "need_share"] == 12.0
    assert table.loc["lgbtq", "provision_share"] == 0.0


def test_evaluation_gap_hand_computed(codelists):
    rows = pd.DataFrame({
        "types": [["befriending"], ["befriending", "peer_support"], ["food_security"]],
        "determinants": [["social_isolation"], ["social_isolation"], ["food_insecurity"]],
        "outcomes_measured": ["yes", "unknown", "no"],
        "evaluation_level": ["published", "unknown", "monitoring"],
        "annual_reach": [100.0, float("nan"), float("nan")],
        "annual_cost_gbp": [float("nan")] * 3,
    })
    gap = evaluation_gap(rows, codelists)
    assert gap["n"] == 3
    assert gap["outcomes_measured"]["count"] == 1
    assert gap["evaluated"]["percent"] == pytest.approx(100 / 3)
    assert gap["reach_known"]["count"] == 1 and gap["cost_known"]["count"] == 0
    assert gap["types_without_evaluation"] == ["peer_support", "food_security"]
    assert gap["determinants_without_evaluation"] == ["food_insecurity"]
    assert gap["evaluation_levels"]["published"] == 1 and gap["evaluation_levels"]["none"] == 0


def test_evaluation_gap_of_nothing(codelists):
    empty = pd.DataFrame(columns=["types", "determinants", "outcomes_measured",
                                  "evaluation_level", "annual_reach", "annual_cost_gbp"])
    gap = evaluation_gap(empty, codelists)
    assert gap["n"] == 0 and math.isnan(gap["evaluated"]["percent"])


def test_gap_table_on_bundled_data_flags_housing(atlas_context):
    from dashboard.views.common import dataset_localities

    codes = dataset_localities(atlas_context)
    table = gap_table(atlas_context.geography.lads, atlas_context.dataset.interventions, codes,
                      Thresholds())
    housing = table[table["determinant"] == "housing"]
    assert set(housing["locality"]) == set(codes)
    assert housing["gap_class"].isin(["high_need_no_provision", "high_need_low_provision"]).any()
