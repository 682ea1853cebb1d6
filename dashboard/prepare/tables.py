"""The LAD 2024 and LSOA 2021 tables: published IoD figures, regions and Census 2021 counts.

Published summary measures are copied, never recomputed from LSOAs; Census counts are mapped
LAD 2022 -> LAD 2024 by summing and their percentages recomputed (0-100).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from dashboard.prepare.sources import (
    CENSUS,
    IOD19_LAD,
    IOD25_LAD,
    IOD25_LSOA,
    LAD22_LAD23,
    LSOA_LOOKUP,
    REGION_LOOKUP,
    RawDataError,
    check_same_codes,
    read_raw_csv,
)

# Domain key -> (prefix in the LAD summaries, prefix in the LSOA file).
RAW_DOMAIN_COLUMNS: dict[str, tuple[str, str]] = {
    "imd": ("imd", "IMD"),
    "income": ("income", "Income"),
    "employment": ("employment", "Employment"),
    "education": ("education_skills_and_training", "Education"),
    "health": ("health_deprivation_and_disability", "Health"),
    "crime": ("crime", "Crime"),
    "barriers": ("barriers_to_housing_and_services", "Housing_and_Services"),
    "living": ("living_environment", "Environment"),
}
_PROP = "proportion_of_lso_as_in_most_deprived_10_percent_nationally"
# Summary measure in the raw file (after the domain prefix) -> our suffix.
_SUMMARY_MEASURES: dict[str, str] = {
    "average_score": "avg_score",
    "rank_of_average_score": "rank_avg_score",
    "average_rank": "avg_rank",
    "rank_of_average_rank": "rank_avg_rank",
    _PROP: "prop_lsoa_top10",
    f"rank_of_{_PROP}": "rank_prop_lsoa_top10",
}
SUMMARY_MEASURES = _SUMMARY_MEASURES  # for the other published summaries (ICBs)
_EXTRA_SUMMARIES: dict[str, str] = {
    "imd25_extent": "iod25_imd_extent",
    "imd25_rank_of_extent": "iod25_imd_rank_extent",
    "imd25_local_concentration": "iod25_imd_local_concentration",
    "imd25_rank_of_local_concentration": "iod25_imd_rank_local_concentration",
    "income_scale": "iod25_income_scale",
    "rank_of_income_scale": "iod25_income_rank_scale",
    "employment_scale": "iod25_employment_scale",
    "rank_of_employment_scale": "iod25_employment_rank_scale",
}

# Census count column in the raw table -> our column.
_CENSUS_COUNTS: dict[str, str] = {
    "total_population": "c21_population",
    "pop_16_plus": "c21_adults_16plus",
    "pop_65_plus": "c21_older_65plus",
    "ethnic_asian": "c21_ethnic_asian",
    "ethnic_black": "c21_ethnic_black",
    "ethnic_mixed": "c21_ethnic_mixed",
    "ethnic_other": "c21_ethnic_other",
    "ethnic_white": "c21_ethnic_white",
    "ethnic_base": "c21_ethnic_base",
    "unpaid_carers": "c21_unpaid_carers",
    "unpaid_care_base_5plus": "c21_unpaid_care_base_5plus",
    "lgb_plus": "c21_lgb_plus",
    "sexual_orientation_base_16plus": "c21_sexual_orientation_base_16plus",
    "disabled": "c21_disabled",
    "disability_base": "c21_disability_base",
}


def lsoa_table(raw_dir: Path) -> pd.DataFrame:
    """IoD2025 per English LSOA 2021, exactly as published.

    Returns:
        One row per LSOA21 sorted by ``LSOA21CD``: ``LSOA21CD``, ``LSOA21NM``, ``WD24NM`` (the
        2024 electoral ward of the ONS best-fit lookup), ``LAD24CD`` (same lookup) and
        ``iod25_<key>_score`` (float64), ``iod25_<key>_rank`` and ``iod25_<key>_decile`` (Int64;
        1 = most deprived).
    """
    iod = read_raw_csv(raw_dir, IOD25_LSOA, dtype={"lsoa21_code": str})
    lookup = read_raw_csv(raw_dir, LSOA_LOOKUP, dtype=str)
    lookup = lookup[lookup["lsoa21_code"].str.startswith("E")]
    if lookup["lsoa21_code"].duplicated().any():
        raise RawDataError("LSOA21 lookup lists an LSOA more than once")
    table = iod.merge(lookup, on="lsoa21_code", how="left", validate="one_to_one")
    if table["lad24_code"].isna().any():
        raise RawDataError("IoD2025 LSOAs missing from the LSOA21 -> LAD24 lookup")
    if len(lookup) != len(iod):
        raise RawDataError("LSOA21 lookup and IoD2025 list different numbers of English LSOAs")
    out = pd.DataFrame(
        {
            "LSOA21CD": table["lsoa21_code"].astype("string"),
            "LSOA21NM": table["lsoa21_name"].astype("string"),
            "WD24NM": table["ward24_name"].astype("string"),
            "LAD24CD": table["lad24_code"].astype("string"),
        }
    )
    for key, (_, prefix) in RAW_DOMAIN_COLUMNS.items():
        out[f"iod25_{key}_score"] = table[f"{prefix}_score"].astype("float64")
        out[f"iod25_{key}_rank"] = table[f"{prefix}_rank"].astype("Int64")
        out[f"iod25_{key}_decile"] = table[f"{prefix}_decile"].astype("Int64")
    return out.sort_values("LSOA21CD", ignore_index=True)


def _iod25_summaries(raw_dir: Path) -> pd.DataFrame:
    raw = read_raw_csv(raw_dir, IOD25_LAD, dtype={"lad24_code": str, "lad24_name": str})
    out = pd.DataFrame({"LAD24CD": raw["lad24_code"], "LAD24NM": raw["lad24_name"]})
    for key, (prefix, _) in RAW_DOMAIN_COLUMNS.items():
        for measure, suffix in _SUMMARY_MEASURES.items():
            out[f"iod25_{key}_{suffix}"] = raw[f"{prefix}_{measure}"]
    for source, target in _EXTRA_SUMMARIES.items():
        out[target] = raw[source]
    for column in out.columns[2:]:
        # Ranks and the income scale (people) are integers; the employment scale is fractional.
        is_count = "_rank_" in column or column == "iod25_income_scale"
        out[column] = out[column].astype("Int64" if is_count else "float64")
    if out["LAD24CD"].duplicated().any():
        raise RawDataError("IoD2025 LAD summaries list a district more than once")
    return out


def _iod19_rank(raw_dir: Path, lad24: pd.Series) -> pd.DataFrame:
    raw = read_raw_csv(raw_dir, IOD19_LAD)
    raw = raw.rename(
        columns={
            "Local Authority District code (2019)": "code",
            "IMD - Rank of average score": "rank",
            "IMD - Average score": "score",
        }
    )
    same = raw[raw["code"].isin(set(lad24))].set_index("code")
    return pd.DataFrame(
        {
            "iod19_imd_rank_avg_score": same["rank"].reindex(lad24).astype("Int64"),
            "iod19_imd_avg_score": same["score"].reindex(lad24).astype("float64"),
        }
    ).reset_index(drop=True)


def _census_counts_lad24(raw_dir: Path) -> pd.DataFrame:
    """Census 2021 counts summed over the LAD 2022 districts of each LAD 2024 (= LAD 2023)."""
    census = read_raw_csv(raw_dir, CENSUS, dtype={"lad22_code": str})
    lad22_lad23 = read_raw_csv(raw_dir, LAD22_LAD23, dtype=str)
    mapped = census.merge(
        lad22_lad23[["lad22_code", "lad23_code"]], on="lad22_code", how="left", validate="1:1"
    )
    if mapped["lad23_code"].isna().any():
        raise RawDataError("Census LAD22 codes missing from the LAD22 -> LAD23 lookup")
    sums = mapped.groupby("lad23_code", sort=True)[list(_CENSUS_COUNTS)].sum()
    sums = sums.rename(columns=_CENSUS_COUNTS).astype("Int64")
    sums.index = sums.index.rename("LAD24CD").astype("string")
    return sums


def _percent(numerator: pd.Series, base: pd.Series) -> pd.Series:
    return (100.0 * numerator.astype("float64") / base.astype("float64")).astype("float64")


def census_lad24(raw_dir: Path) -> pd.DataFrame:
    """Census 2021 counts mapped LAD 2022 -> LAD 2024 by summing, with percentages recomputed.

    Returns:
        One row per LAD24 (index ``LAD24CD``): counts as Int64 and ``c21_pct_*`` in 0-100
        (older people of total population; minority-ethnic = non-White share of the ethnic
        base; unpaid carers of residents 5+; LGB+ of residents 16+; disabled of all residents).
    """
    sums = _census_counts_lad24(raw_dir)
    out = sums[["c21_population", "c21_adults_16plus", "c21_older_65plus"]].copy()
    out["c21_pct_older_65plus"] = _percent(sums["c21_older_65plus"], sums["c21_population"])
    for group in ("asian", "black", "mixed", "other", "white"):
        out[f"c21_ethnic_{group}"] = sums[f"c21_ethnic_{group}"]
    out["c21_ethnic_base"] = sums["c21_ethnic_base"]
    minority = sums["c21_ethnic_base"] - sums["c21_ethnic_white"]
    out["c21_pct_minority_ethnic"] = _percent(minority, sums["c21_ethnic_base"])
    for count, base, share in (
        ("c21_unpaid_carers", "c21_unpaid_care_base_5plus", "c21_pct_unpaid_carers"),
        ("c21_lgb_plus", "c21_sexual_orientation_base_16plus", "c21_pct_lgb_plus"),
        ("c21_disabled", "c21_disability_base", "c21_pct_disabled"),
    ):
        out[count] = sums[count]
        out[base] = sums[base]
        out[share] = _percent(sums[count], sums[base])
    return out


def _lad_head(
    summaries: pd.DataFrame, regions: pd.DataFrame, lsoa_counts: pd.Series
) -> pd.DataFrame:
    """Code, name, region and LSOA count of each district, in the order of ``summaries``."""
    lad24 = summaries["LAD24CD"]
    head = pd.DataFrame(
        {
            "LAD24CD": lad24,
            "LAD24NM": summaries["LAD24NM"],
            "RGN24CD": regions["region24_code"].reindex(lad24).to_numpy(),
            "RGN24NM": regions["region24_name"].reindex(lad24).to_numpy(),
            "iod25_lsoa_count": lsoa_counts.reindex(lad24).to_numpy(),
        }
    )
    head["iod25_lsoa_count"] = head["iod25_lsoa_count"].astype("Int64")
    for column in ("LAD24CD", "LAD24NM", "RGN24CD", "RGN24NM"):
        head[column] = head[column].astype("string")
    return head


def lad_table(raw_dir: Path) -> pd.DataFrame:
    """One row per LAD 2024 with region, IoD2025 summaries, IoD2019 rank and Census 2021.

    Returns:
        296 rows sorted by ``LAD24CD``; see ``dashboard.prepare.pipeline`` for the column
        families.
    """
    summaries = _iod25_summaries(raw_dir)
    codes = set(summaries["LAD24CD"])
    regions = read_raw_csv(raw_dir, REGION_LOOKUP, dtype=str)
    check_same_codes(REGION_LOOKUP, regions["lad24_code"], codes)
    regions = regions.set_index("lad24_code")
    lookup = read_raw_csv(raw_dir, LSOA_LOOKUP, dtype=str)
    lsoa_counts = lookup[lookup["lsoa21_code"].str.startswith("E")].groupby("lad24_code").size()
    check_same_codes(LSOA_LOOKUP, lsoa_counts.index, codes)
    census = census_lad24(raw_dir)
    check_same_codes(CENSUS, census.index, codes)

    summaries = summaries.sort_values("LAD24CD", ignore_index=True)
    lad24 = summaries["LAD24CD"]
    return pd.concat(
        [
            _lad_head(summaries, regions, lsoa_counts),
            summaries.drop(columns=["LAD24CD", "LAD24NM"]),
            _iod19_rank(raw_dir, lad24),
            census.reindex(lad24).reset_index(drop=True),
        ],
        axis=1,
    )
