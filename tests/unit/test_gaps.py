"""Need against provision (dashboard.analysis.gaps): hand-computed cases on tiny tables, then real data."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from dashboard.analysis.gaps import (
    GAP_CLASSES,
    GROUP_INDICATORS,
    NEED_INDICATORS,
    Thresholds,
    coverage_note,
    evaluation_gap,
    gap_table,
    group_need_vs_provision,
    need_percentiles,
    need_ranks,
    priority_gaps,
)
from dashboard.core.formatting import ordinal

DOMAINS = ("imd", "income", "employment", "education", "health", "crime", "barriers", "living")
CODES = ["E00000001", "E00000002", "E00000003", "E00000004", "E00000005"]
LABELS = {
    "financial_stress": "Financial stress and debt",
    "food_insecurity": "Food insecurity",
    "unemployment": "Unemployment and work",
    "education_skills": "Education and skills",
    "physical_health": "Physical health and disability",
    "community_safety": "Community safety and crime",
    "housing": "Housing and homelessness",
    "living_environment": "Living environment and green space",
    "caring": "Caring responsibilities",
}
HIGH_NEED_GAPS = ["high_need_no_provision", "high_need_low_provision"]


def make_lads(codes, ranks, carers, adults, groups=None) -> pd.DataFrame:
    """A national LAD table: the same IoD rank on every domain unless ``ranks`` is a dict."""
    frame = pd.DataFrame({"LAD24NM": [f"Area {c[-2:]}" for c in codes],
                          "c21_adults_16plus": adults, "c21_pct_unpaid_carers": carers},
                         index=pd.Index(codes, name="LAD24CD"))
    for domain in DOMAINS:
        values = ranks[domain] if isinstance(ranks, dict) else ranks
        frame[f"iod25_{domain}_rank_avg_score"] = pd.array(values, dtype="Int64")
    for group, column in GROUP_INDICATORS.items():
        if column != "c21_pct_unpaid_carers":
            frame[column] = (groups or {}).get(group, [10.0] * len(codes))
    return frame


def tiny_lads() -> pd.DataFrame:
    """Five districts ranked 1-5 on every domain (percentiles 100, 75, 50, 25, 0).

    Carers: the first two districts tie on the highest share.
    """
    return make_lads(CODES, [1, 2, 3, 4, 5], [12.0, 12.0, 10.0, 8.0, 6.0],
                     [10_000, 0, 20_000, 40_000, 10_000],
                     groups={"older_adults": [20.0, 15.0, 10.0, 5.0, 1.0],
                             "minority_ethnic": [10.0, 30.0, 50.0, 5.0, 2.0],
                             "lgbtq": [3.0, 4.0, 5.0, 2.0, 1.0],
                             "disabled": [20.0, 18.0, 16.0, 14.0, 12.0]})


def intervention(locality: str, determinants=(), populations=("all_adults",), types=("other",),
                 outcomes="unknown", level="unknown", reach=math.nan, cost=math.nan) -> dict:
    return {"intervention_id": f"{locality}-{len(determinants)}-{'-'.join(determinants)}",
            "locality_code": locality, "determinants": list(determinants),
            "populations": list(populations), "types": list(types), "delivery_mode": ["online"],
            "outcomes_measured": outcomes, "evaluation_level": level, "annual_reach": reach,
            "annual_cost_gbp": cost}


def tiny_interventions() -> pd.DataFrame:
    return pd.DataFrame([
        # E00000001 (10,000 adults): 4 interventions
        intervention("E00000001", ["financial_stress", "housing"], ["older_adults"]),
        intervention("E00000001", ["financial_stress"], ["older_adults", "minority_ethnic"]),
        intervention("E00000001", ["social_isolation"], ["all_adults"]),
        intervention("E00000001", ["social_isolation"], ["carers"]),
        # E00000002 (0 adults): 2 interventions
        intervention("E00000002", ["housing"]),
        intervention("E00000002", ["social_isolation"]),
        # E00000003: none. E00000004 (40,000 adults): one, on housing.
        intervention("E00000004", ["housing"]),
    ])


def cell(table: pd.DataFrame, locality: str, determinant: str) -> pd.Series:
    match = table[(table["locality"] == locality) & (table["determinant"] == determinant)]
    assert len(match) == 1
    return match.iloc[0]


# Need percentiles --------------------------------------------------------------------------------

def test_need_percentiles_formula_at_rank_one_middle_and_last():
    percentiles = need_percentiles(tiny_lads())
    assert list(percentiles.columns) == list(NEED_INDICATORS)
    assert percentiles["housing"].tolist() == [100.0, 75.0, 50.0, 25.0, 0.0]
    assert percentiles.loc["E00000001", "financial_stress"] == 100.0  # rank 1: 100 * 4 / 4
    assert percentiles.loc["E00000003", "unemployment"] == 50.0  # rank 3 of 5: 100 * 2 / 4
    assert percentiles.loc["E00000005", "living_environment"] == 0.0  # rank n: 100 * 0 / 4


def test_need_percentiles_census_ties_take_the_average_rank():
    # shares 12, 12, 10, 8, 6 -> ranks 1.5, 1.5, 3, 4, 5 -> 100 * (5 - r) / 4
    assert need_ranks(tiny_lads())["caring"].tolist() == [1.5, 1.5, 3.0, 4.0, 5.0]
    assert need_percentiles(tiny_lads())["caring"].tolist() == [87.5, 87.5, 50.0, 25.0, 0.0]


def test_need_percentiles_real_data_blackpool_worked_example(atlas_context):
    percentiles = need_percentiles(atlas_context.geography.lads)
    blackpool = percentiles.loc["E06000009"]
    assert blackpool["unemployment"] == 100.0  # Employment rank 1 of 296
    assert blackpool["financial_stress"] == pytest.approx(100 * (296 - 7) / 295)  # Income rank 7
    assert blackpool["housing"] == pytest.approx(100 * (296 - 251) / 295)  # Barriers rank 251
    assert percentiles.min().min() == 0.0 and percentiles.max().max() == 100.0


# Gap table ---------------------------------------------------------------------------------------

def test_gap_table_counts_rates_shares_and_default_classes():
    table = gap_table(tiny_lads(), tiny_interventions(), ["E00000001"], Thresholds())
    assert table["determinant"].tolist() == list(NEED_INDICATORS)
    financial = cell(table, "E00000001", "financial_stress")
    assert (financial["interventions"], financial["per_10k"], financial["share"]) == (2, 2.0, 50.0)
    assert (financial["need_percentile"], financial["need_rank"]) == (100.0, 1.0)
    assert financial["gap_class"] == "in_line"
    # one intervention targeting two determinants counts once for each
    housing = cell(table, "E00000001", "housing")
    assert (housing["interventions"], housing["per_10k"], housing["share"]) == (1, 1.0, 25.0)
    assert housing["gap_class"] == "in_line"  # exactly at the rate threshold is not low
    assert cell(table, "E00000001", "unemployment")["gap_class"] == "high_need_no_provision"
    assert cell(table, "E00000001", "caring")["gap_class"] == "high_need_no_provision"  # 87.5


def test_gap_table_rate_below_threshold_is_low_provision():
    table = gap_table(tiny_lads(), tiny_interventions(), ["E00000001"], Thresholds(low_rate=1.5))
    assert cell(table, "E00000001", "housing")["gap_class"] == "high_need_low_provision"  # 1.0
    assert cell(table, "E00000001", "financial_stress")["gap_class"] == "in_line"  # 2.0


def test_gap_table_zero_adults_gives_no_rate_and_class_from_share():
    lads, interventions = tiny_lads(), tiny_interventions()
    table = gap_table(lads, interventions, ["E00000002"], Thresholds(high_need=75, low_share=60))
    housing = cell(table, "E00000002", "housing")
    assert housing["need_percentile"] == 75.0
    assert math.isnan(housing["per_10k"]) and housing["share"] == 50.0
    assert housing["gap_class"] == "high_need_low_provision"  # 50% < 60%
    table = gap_table(lads, interventions, ["E00000002"], Thresholds(high_need=75, low_share=50))
    assert cell(table, "E00000002", "housing")["gap_class"] == "in_line"  # at the share threshold


def test_gap_table_threshold_edge_exactly_at_high_need_is_high():
    lads, interventions = tiny_lads(), tiny_interventions()
    at_edge = gap_table(lads, interventions, ["E00000002"], Thresholds(high_need=75))
    above = gap_table(lads, interventions, ["E00000002"], Thresholds(high_need=75.01))
    assert cell(at_edge, "E00000002", "unemployment")["gap_class"] == "high_need_no_provision"
    assert cell(above, "E00000002", "unemployment")["gap_class"] == "lower_need"


def test_gap_table_locality_without_interventions_has_no_share_and_shows_no_provision():
    table = gap_table(tiny_lads(), tiny_interventions(), ["E00000003"], Thresholds(high_need=50))
    assert (table["interventions"] == 0).all()
    assert table["share"].isna().all()
    assert (table["per_10k"] == 0.0).all()
    assert (table["gap_class"] == "high_need_no_provision").all()  # every percentile is 50


def test_gap_table_no_provision_stands_out_whatever_the_provision_thresholds():
    for thresholds in (Thresholds(low_rate=0, low_share=0), Thresholds(low_rate=1e4, low_share=100)):
        table = gap_table(tiny_lads(), tiny_interventions(), ["E00000001"], thresholds)
        assert cell(table, "E00000001", "unemployment")["gap_class"] == "high_need_no_provision"


def test_gap_table_lower_need_regardless_of_provision():
    table = gap_table(tiny_lads(), tiny_interventions(), ["E00000004"], Thresholds())
    housing = cell(table, "E00000004", "housing")
    assert (housing["interventions"], housing["per_10k"], housing["share"]) == (1, 0.25, 100.0)
    assert housing["gap_class"] == "lower_need"
    assert cell(table, "E00000004", "unemployment")["gap_class"] == "lower_need"
    assert list(GAP_CLASSES) == ["high_need_no_provision", "high_need_low_provision", "in_line",
                                 "lower_need", "no_indicator"]


# Thresholds ------------------------------------------------------------------------------------

def test_thresholds_from_params_reads_valid_values_without_notes():
    thresholds, notes = Thresholds.from_params({"need": "90", "rate": "0.5", "share": "10"})
    assert thresholds == Thresholds(high_need=90.0, low_rate=0.5, low_share=10.0)
    assert notes == []
    assert Thresholds.from_params({}) == (Thresholds(), [])
    edges, notes = Thresholds.from_params({"need": "100", "rate": "0", "share": "0"})
    assert edges == Thresholds(100.0, 0.0, 0.0) and notes == []


@pytest.mark.parametrize("params", [
    {"need": "120", "rate": "-0.1", "share": "100.5"},  # out of range
    {"need": "high", "rate": "nan", "share": "inf"},  # not numbers
])
def test_thresholds_from_params_ignores_invalid_values_with_a_note_each(params):
    thresholds, notes = Thresholds.from_params(params)
    assert thresholds == Thresholds()
    assert len(notes) == 3
    for note, (name, value) in zip(notes, params.items(), strict=True):
        assert note.startswith(f"Ignored {name}={value!r}")


def test_thresholds_from_params_keeps_valid_values_beside_invalid_ones():
    thresholds, notes = Thresholds.from_params({"need": "90", "share": "many"})
    assert thresholds == Thresholds(high_need=90.0)
    assert len(notes) == 1 and "share" in notes[0]


def test_thresholds_to_params_round_trips():
    thresholds = Thresholds(high_need=90.0, low_rate=2.5, low_share=10.0)
    assert thresholds.to_params() == {"need": "90", "rate": "2.5", "share": "10"}
    assert Thresholds.from_params(thresholds.to_params()) == (thresholds, [])


# Sentences ---------------------------------------------------------------------------------------

def test_ordinal_suffixes():
    got = [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111, 112)]
    assert got == ["1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "23rd",
                   "101st", "111th", "112th"]


# 25 districts; E00000101 is ranked as below on each domain, the others fill the other ranks.
PLACE = {"income": 1, "employment": 2, "education": 3, "health": 11, "crime": 12, "barriers": 13,
         "living": 21, "imd": 1}
BIG = [f"E00000{i:03d}" for i in range(101, 126)]


def big_lads() -> pd.DataFrame:
    ranks = {}
    for domain, place in PLACE.items():
        others = [r for r in range(1, 26) if r != place]
        ranks[domain] = [place, *others]
    # carers: E00000101 has the 4th highest share (11.2%) of 25
    carers = [11.2, 20.0, 15.0, 12.0, *[10.0 - 0.1 * i for i in range(21)]]
    return make_lads(BIG, ranks, carers, [100_000] * 25)


def big_interventions() -> pd.DataFrame:
    codes = (["financial_stress"] * 3 + ["unemployment"] + ["physical_health"] * 2
             + ["living_environment"] + ["caring"])
    return pd.DataFrame([intervention("E00000101", [code]) for code in codes])


def test_priority_gaps_ranked_sentences_with_ordinals_and_singular():
    lads = big_lads()
    table = gap_table(lads, big_interventions(), ["E00000101"], Thresholds(high_need=10))
    names = lads["LAD24NM"].to_dict()
    sentences = priority_gaps(table, names, LABELS, limit=10, lads=lads)

    def iod(code: str, place: str, provision: str) -> str:
        return (f"{LABELS[code]}: {place} most deprived of 25 on {NEED_INDICATORS[code].label}; "
                f"{provision}.")

    caring = NEED_INDICATORS["caring"].label
    assert len(sentences) == 9
    # no provision first, from the highest need down; food insecurity is an Income proxy
    assert sentences[0].startswith("Food insecurity: 1st most deprived of 25 on Income")
    assert sentences[0].endswith("; 0 interventions.")
    assert sentences[1:4] == [
        iod("education_skills", "3rd", "0 interventions"),
        iod("community_safety", "12th", "0 interventions"),
        iod("housing", "13th", "0 interventions"),
    ]
    # then low provision (fewer than 1 per 10,000 adults), from the highest need down
    assert sentences[4:] == [
        iod("financial_stress", "1st", "3 interventions (0.3 per 10,000 adults)"),
        iod("unemployment", "2nd", "1 intervention (0.1 per 10,000 adults)"),
        f"Caring responsibilities: 4th highest {caring[0].lower()}{caring[1:]} of 25 (11.2%); "
        "1 intervention (0.1 per 10,000 adults).",
        iod("physical_health", "11th", "2 interventions (0.2 per 10,000 adults)"),
        iod("living_environment", "21st", "1 intervention (0.1 per 10,000 adults)"),
    ]


def test_priority_gaps_limit_keeps_the_most_severe_and_nothing_when_no_gap():
    lads = big_lads()
    table = gap_table(lads, big_interventions(), ["E00000101"], Thresholds(high_need=10))
    names = lads["LAD24NM"].to_dict()
    five = priority_gaps(table, names, LABELS, lads=lads)
    assert five == priority_gaps(table, names, LABELS, limit=10, lads=lads)[:5]
    calm = gap_table(lads, big_interventions(), ["E00000101"], Thresholds(high_need=100.0))
    assert (calm["gap_class"] == "lower_need").sum() == len(NEED_INDICATORS) - 2  # ranked 1st
    assert priority_gaps(calm[~calm["gap_class"].isin(HIGH_NEED_GAPS)], names, LABELS) == []


# Coverage ----------------------------------------------------------------------------------------

def test_coverage_note_thin_and_empty_coding():
    frame = pd.concat([tiny_interventions()] * 2, ignore_index=True)
    assert coverage_note(len(frame.iloc[:0])) == (
        "No interventions are coded for this locality: a gap in the evidence is not a gap in "
        "provision.")
    assert coverage_note(len(frame.iloc[:1])) == (
        "Only 1 intervention is coded for this locality: a gap in the evidence is not a gap in "
        "provision.")
    assert coverage_note(len(frame.iloc[:9])) == (
        "Only 9 interventions are coded for this locality: a gap in the evidence is not a gap in "
        "provision.")
    assert coverage_note(len(frame.iloc[:10])) is None


# Population groups -----------------------------------------------------------------------------

def test_group_need_vs_provision_parity_numbers():
    table = group_need_vs_provision(tiny_lads(), tiny_interventions(), ["E00000001", "E00000003"])
    assert len(table) == 2 * len(GROUP_INDICATORS)
    first = table[table["locality"] == "E00000001"].set_index("group")
    assert list(first.index) == list(GROUP_INDICATORS)
    assert first["need_share"].to_dict() == {"older_adults": 20.0, "minority_ethnic": 10.0,
                                             "carers": 12.0, "lgbtq": 3.0, "disabled": 20.0}
    assert first["provision_share"].to_dict() == {"older_adults": 50.0, "minority_ethnic": 25.0,
                                                  "carers": 25.0, "lgbtq": 0.0, "disabled": 0.0}
    empty = table[table["locality"] == "E00000003"]
    assert empty["provision_share"].isna().all()
    assert empty["need_share"].tolist() == [10.0, 50.0, 10.0, 5.0, 16.0]


# Evaluation --------------------------------------------------------------------------------------

def test_evaluation_gap_shares_counts_and_blind_spots(codelists):
    frame = pd.DataFrame([
        intervention("E00000001", ["social_isolation"], types=["befriending"], outcomes="yes",
                     level="independent", reach=100.0),
        intervention("E00000001", ["food_insecurity"], types=["befriending", "food_security"],
                     outcomes="no", level="monitoring", cost=500.0),
        intervention("E00000001", ["food_insecurity", "housing"], types=["food_security"]),
        intervention("E00000002", ["social_isolation"], types=["arts_creative"], outcomes="yes",
                     level="published", reach=20.0),
    ])
    gap = evaluation_gap(frame, codelists)
    assert gap["n"] == 4
    assert gap["outcomes_measured"] == {"count": 2, "percent": 50.0}
    assert gap["evaluated"] == {"count": 2, "percent": 50.0}  # monitoring does not count
    assert gap["reach_known"] == {"count": 2, "percent": 50.0}
    assert gap["cost_known"] == {"count": 1, "percent": 25.0}
    assert gap["evaluation_levels"] == {"none": 0, "monitoring": 1, "internal": 0,
                                        "independent": 1, "published": 1, "unknown": 1}
    assert gap["types_without_evaluation"] == ["food_security"]
    assert gap["determinants_without_evaluation"] == ["housing", "food_insecurity"]  # list order


def test_evaluation_gap_empty_frame_is_nan_safe(codelists):
    gap = evaluation_gap(tiny_interventions().iloc[:0], codelists)
    assert gap["n"] == 0
    assert gap["evaluated"]["count"] == 0 and math.isnan(gap["evaluated"]["percent"])
    assert set(gap["evaluation_levels"].values()) == {0}
    assert gap["types_without_evaluation"] == [] and gap["determinants_without_evaluation"] == []


# Bundled (illustrative) data ---------------------------------------------------------------------

def test_gap_table_bundled_data_housing_row_for_every_locality_and_a_housing_gap(atlas_context):
    interventions = atlas_context.dataset.interventions
    localities = sorted(interventions["locality_code"].unique())
    assert len(localities) == 5
    table = gap_table(atlas_context.geography.lads, interventions, localities, Thresholds())
    assert len(table) == 5 * len(NEED_INDICATORS)
    housing = table[table["determinant"] == "housing"].set_index("locality")
    assert sorted(housing.index) == localities
    assert housing["need_percentile"].notna().all()
    # the bundled data shows it: Hastings (Barriers rank 2) has none, Tower Hamlets (18th) little
    assert housing["gap_class"].isin(HIGH_NEED_GAPS).any()
    for locality, row in housing.iterrows():
        mine = interventions[interventions["locality_code"] == locality]
        assert row["interventions"] == sum("housing" in v for v in mine["determinants"])


def test_evaluation_gap_bundled_data_is_consistent(atlas_context):
    interventions = atlas_context.dataset.interventions
    gap = evaluation_gap(interventions, atlas_context.codelists)
    assert gap["n"] == len(interventions)
    assert sum(gap["evaluation_levels"].values()) == gap["n"]
    evaluated = sum(gap["evaluation_levels"][c] for c in ("internal", "independent", "published"))
    assert gap["evaluated"]["count"] == evaluated
