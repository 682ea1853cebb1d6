"""The context artefacts against values computed here, independently, from the raw files.

``test_prepared.py`` checks that the committed artefacts equal a fresh build; this file checks
that the build is right: every figure is recomputed from ``data/raw`` with plain pandas/numpy.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from dashboard.core.settings import Settings
from dashboard.prepare.aggregate import weighted_summaries

SETTINGS = Settings.from_env()
RAW = SETTINGS.raw_dir
PREPARED = SETTINGS.prepared_dir
WEST_NORTHANTS_LSOA = "E01027305"  # in Cherwell in the ONS lookup, West Northants in IoD2025
DOMAINS = {"imd": "IMD", "income": "Income", "employment": "Employment",
           "education": "Education", "health": "Health", "crime": "Crime",
           "barriers": "Housing_and_Services", "living": "Environment"}


@pytest.fixture(scope="module")
def raw_lsoas() -> pd.DataFrame:
    """Raw IoD2025 LSOA figures with district, Sub-ICB, ICB and Census 2021 residents."""
    iod = pd.read_csv(RAW / "imd" / "iod2025_domains_scores_ranks_deciles_lsoa21.csv")
    wards = pd.read_csv(RAW / "lookups" / "lsoa21_ward24_lad24_england_wales.csv")
    nhs = pd.read_csv(RAW / "lookups" / "lsoa21_sicbl24_icb24_england.csv")
    population = pd.read_csv(RAW / "census" / "census2021_ts007a_age6_lsoa21_ew.csv")
    table = (iod.merge(wards[["lsoa21_code", "lad24_code", "ward24_code"]], on="lsoa21_code")
             .merge(nhs[["lsoa21_code", "sicbl24_code", "icb24_code"]], on="lsoa21_code")
             .merge(population, on="lsoa21_code"))
    assert len(table) == 33_755
    return table


def ours_frame(table: pd.DataFrame) -> pd.DataFrame:
    """The raw table in the column names ``weighted_summaries`` reads."""
    out = pd.DataFrame({"w": table["total_residents"].astype(float),
                        "lad": table["lad24_code"], "icb": table["icb24_code"]})
    for key, prefix in DOMAINS.items():
        for measure in ("score", "rank", "decile"):
            out[f"iod25_{key}_{measure}"] = table[f"{prefix}_{measure}"]
    return out


def test_aggregation_reproduces_published_district_figures(raw_lsoas):
    """The population-weighted method, weighted by Census 2021, against MHCLG's 296 districts.

    MHCLG weights by the IoD population denominators (not in our raw files), so the figures
    agree to within the bounds measured here, and documented in docs/methods.md.
    """
    table = raw_lsoas.copy()
    table.loc[table["lsoa21_code"] == WEST_NORTHANTS_LSOA, "lad24_code"] = "E06000062"
    ours = weighted_summaries(ours_frame(table), "lad", "w", ["imd"])
    published = pd.read_csv(RAW / "imd" / "iod2025_lad24_summaries.csv").set_index("lad24_code")
    published = published.reindex(ours.index)
    score_gap = (ours["iod25_imd_avg_score"] - published["imd_average_score"]).abs()
    rank_gap = (ours["iod25_imd_rank_avg_score"] - published["imd_rank_of_average_score"]).abs()
    prop_gap = (ours["iod25_imd_prop_lsoa_top10"]
                - published["imd_proportion_of_lso_as_in_most_deprived_10_percent_nationally"])
    assert prop_gap.abs().max() <= 5e-5  # a count: exact to the published 4 decimals
    assert score_gap.median() < 0.035 and score_gap.max() < 0.35
    assert (rank_gap == 0).sum() >= 190 and (rank_gap <= 1).sum() >= 265 and rank_gap.max() <= 7
    avg_rank_gap = (ours["iod25_imd_avg_rank"] - published["imd_average_rank"]).abs()
    assert avg_rank_gap.median() < 25  # of ranks up to 33,755: the ranks are turned round


def test_aggregation_reproduces_every_published_icb_rank(raw_lsoas):
    ours = weighted_summaries(ours_frame(raw_lsoas), "icb", "w", list(DOMAINS))
    published = pd.read_csv(RAW / "imd" / "iod2025_icb24_summaries.csv").set_index("icb24_code")
    published = published.reindex(ours.index)
    assert (ours["iod25_imd_rank_avg_score"] == published["imd_rank_of_average_score"]).all()
    assert (ours["iod25_imd_avg_score"] - published["imd_average_score"]).abs().max() < 0.1


def test_nhs_areas_equal_independent_figures(raw_lsoas):
    nhs = pd.read_parquet(PREPARED / "nhs24.parquet")
    sicbl = nhs[nhs["level"] == "sicbl"].set_index("code")
    assert len(sicbl) == 106 and (sicbl["iod25_source"] == "computed").all()
    for code, group in raw_lsoas.groupby("sicbl24_code"):
        row = sicbl.loc[code]
        assert row["lsoa_count"] == len(group)
        assert row["c21_adults_16plus"] == (group["total_residents"] - group["age_0_15"]).sum()
        for key, prefix in DOMAINS.items():
            expected = np.average(group[f"{prefix}_score"], weights=group["total_residents"])
            assert row[f"iod25_{key}_avg_score"] == pytest.approx(expected, abs=5e-4)
            share = (group[f"{prefix}_decile"] == 1).mean()
            assert row[f"iod25_{key}_prop_lsoa_top10"] == pytest.approx(share, abs=5.01e-5)
    expected_rank = sicbl["iod25_imd_avg_score"].rank(ascending=False, method="min")
    assert (sicbl["iod25_imd_rank_avg_score"] == expected_rank).all()
    icb = nhs[nhs["level"] == "icb"].set_index("code")
    published = pd.read_csv(RAW / "imd" / "iod2025_icb24_summaries.csv").set_index("icb24_code")
    assert len(icb) == 42 and (icb["iod25_source"] == "published").all()
    np.testing.assert_array_equal(icb["iod25_imd_avg_score"],
                                  published["imd_average_score"].reindex(icb.index))
    np.testing.assert_array_equal(icb["iod25_health_rank_avg_score"].astype(float),
                                  published["health_deprivation_and_disability_rank_of_average_score"]
                                  .reindex(icb.index))
    assert icb["lsoa_count"].sum() == sicbl["lsoa_count"].sum() == 33_755
    assert icb.loc["E54000048", "short_name"] == "Lancashire and South Cumbria ICB"


def test_lsoa_areas_follow_the_lookups(raw_lsoas):
    areas = pd.read_parquet(PREPARED / "lsoa21_areas.parquet").set_index("LSOA21CD")
    raw = raw_lsoas.set_index("lsoa21_code").reindex(areas.index)
    assert (areas["SICBL24CD"] == raw["sicbl24_code"]).all()
    assert (areas["WD24CD"] == raw["ward24_code"]).all()
    assert (areas["c21_population"] == raw["total_residents"]).all()


def test_iod19_on_2024_districts(raw_lsoas):
    context = pd.read_parquet(PREPARED / "lad24_context.parquet").set_index("LAD24CD")
    file10 = pd.read_csv(RAW / "imd" / "iod2019_file10_lad19_summaries_all_sheets.csv")
    file10 = file10.set_index("Local Authority District code (2019)")
    unchanged = context.index[~context["iod19_merged"]]
    assert len(unchanged) == 289
    np.testing.assert_array_equal(context.loc[unchanged, "iod19_imd_avg_score"],
                                  file10.loc[unchanged, "IMD - Average score"])
    np.testing.assert_array_equal(context.loc[unchanged, "iod19_imd_published_rank"].astype(float),
                                  file10.loc[unchanged, "IMD - Rank of average score"])
    # humaniverse's own LSOA-level re-aggregation to 2023 districts agrees within rounding.
    humaniverse = pd.read_csv(RAW / "imd" / "iod2019_lad23_popweighted_summary.csv")
    humaniverse = humaniverse.set_index("lad23_code").reindex(context.index)
    assert (context["iod19_imd_avg_score"] - humaniverse["Score"]).abs().max() < 1e-3
    assert (context["iod19_health_avg_score"] - humaniverse["Health_Score"]).abs().max() < 1e-3
    merged = context[context["iod19_merged"]]
    assert sorted(merged.index) == [f"E0600006{i}" for i in range(7)]
    assert merged.loc["E06000063", "iod19_predecessors"] == "E07000026|E07000028|E07000029"
    ranks = context["iod19_imd_avg_score"].rank(ascending=False, method="min")
    assert (context["iod19_imd_rank_avg_score"] == ranks).all()
    assert context.loc["E06000009", "iod19_imd_rank_avg_score"] == 1
    deciles = context["iod19_imd_decile"].value_counts()
    assert deciles.sum() == 296 and deciles.min() >= 29


def test_neighbours_equal_raw_after_recoding():
    neighbours = pd.read_parquet(PREPARED / "lad24_neighbours.parquet")
    recode = {"E08000038": "E08000016", "E08000039": "E08000019"}
    for kind in ("global", "economic", "demographic"):
        raw = pd.read_csv(RAW / "lookups" / f"ons_{kind}_neighbours_2025.csv",
                          encoding="utf-8-sig", dtype=str)
        raw["AREACD"] = raw["AREACD"].replace(recode)
        raw = raw.set_index("AREACD")
        ours = neighbours[neighbours["kind"] == kind]
        assert ours["LAD24CD"].nunique() == 296
        for code, rows in ours.groupby("LAD24CD"):
            assert rows["neighbour_code"].tolist() == raw.loc[code, [str(i) for i in
                                                                     range(1, 21)]].tolist()
    blackpool = neighbours[(neighbours["LAD24CD"] == "E06000009")
                           & (neighbours["kind"] == "global")]
    assert blackpool["neighbour_lad24"].head(3).tolist() == ["E06000010", "E06000027",
                                                             "E06000018"]
    welsh = neighbours[neighbours["neighbour_code"].str.startswith("W")]
    assert welsh["neighbour_lad24"].isna().all() and welsh["neighbour_name"].notna().all()
    sheffield = neighbours[neighbours["neighbour_code"] == "E08000039"]
    assert len(sheffield) and (sheffield["neighbour_lad24"] == "E08000019").all()


def test_health_index_on_2024_districts():
    context = pd.read_parquet(PREPARED / "lad24_context.parquet").set_index("LAD24CD")
    raw = pd.read_csv(RAW / "health" / "ons_health_index_subdomains_lad21_england.csv")
    raw = raw[raw["year"] == 2021].set_index("lad21_code")
    assert context.loc["E06000009", "hi_mental_health"] == raw.loc["E06000009", "Mental health"]
    assert context.loc["E06000009", "hi_wellbeing"] == raw.loc["E06000009", "Personal well-being"]
    census = pd.read_csv(RAW / "census" / "census2021_lad22_england_summary_derived.csv")
    census = census.set_index("lad22_code")["total_population"]
    somerset = ["E07000187", "E07000188", "E07000189", "E07000246"]  # Mendip ... Somerset West
    expected = np.average(raw.loc[somerset, "Mental health"], weights=census[somerset])
    assert context.loc["E06000066", "hi_mental_health"] == pytest.approx(expected, abs=0.05)
    assert bool(context.loc["E06000066", "hi_merged"])
    assert np.isnan(context.loc["E09000001", "hi_mental_health"])
    unchanged = context.index.intersection(raw.index)
    np.testing.assert_allclose(context.loc[unchanged, "hi_wellbeing"],
                               raw.loc[unchanged, "Personal well-being"])


def test_clusters_equal_raw():
    context = pd.read_parquet(PREPARED / "lad24_context.parquet").set_index("LAD24CD")
    raw = pd.read_csv(RAW / "lookups" / "ons_cluster_allocation_2025.csv", encoding="utf-8-sig",
                      dtype=str).set_index("AREACD")
    assert context.loc["E06000001", "cluster_global"] == raw.loc["E06000001", "Global"] == "B"
    assert context.loc["E08000016", "cluster_economic"] == raw.loc["E08000038", "Economic"]
    descriptions = json.loads((PREPARED / "ons_clusters.json").read_text(encoding="utf-8"))
    assert set(descriptions) == {"global", "economic", "demographic"}
    assert descriptions["global"]["B"].startswith("Local authorities in this cluster have a high "
                                                  "percentage of children in relative poverty")


def test_cli_export_of_an_icb_view_holds_the_42_icbs(tmp_path):
    """A saved link at ICB level exports the ICB figures, not the districts'."""
    from dashboard.__main__ import main

    out = tmp_path / "icbs.csv"
    assert main(["export", "http://example.org/?areas=icb", "--format", "csv", "-o",
                 str(out)]) == 0
    table = pd.read_csv(out, comment="#")
    published = pd.read_csv(RAW / "imd" / "iod2025_icb24_summaries.csv").set_index("icb24_code")
    assert len(table) == 42 and list(table.columns[:2]) == ["ICB24CD", "ICB24NM"]
    row = table.set_index("ICB24CD").loc["E54000048"]
    assert row["rank_of_average_score"] == published.at["E54000048", "imd_rank_of_average_score"]
    assert row["average_score"] == pytest.approx(published.at["E54000048", "imd_average_score"])
