"""Area summaries of the Indices of Deprivation from LSOA figures, population-weighted.

The method of the IoD technical report's local-authority summaries (File 10), applied to any
grouping of LSOAs (a Sub-ICB location, an ICB, a district):

- **average score**: the mean of the LSOA scores weighted by LSOA population;
- **average rank**: the mean of the LSOA ranks weighted by LSOA population, with the ranks
  turned round so that the most deprived LSOA has the highest rank (``N + 1 - rank``, as File 10
  does), so a higher average rank is more deprived;
- **proportion of LSOAs in the most deprived 10% nationally**: LSOAs in national decile 1
  divided by the area's LSOAs (a count, not weighted);
- the **rank** of each measure among the areas of the grouping, 1 = most deprived (ties share
  the lower rank, as the published ranks of a zero proportion do).

MHCLG weights by the IoD population denominators; ``tests/unit/test_aggregate.py`` measures
how closely the same code, weighted by Census 2021 residents, reproduces the published district
and ICB figures.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

SCORE_DECIMALS = 3
RANK_DECIMALS = 2
PROPORTION_DECIMALS = 4


def weighted_summaries(lsoas: pd.DataFrame, area: str, weight: str,
                       domains: Sequence[str]) -> pd.DataFrame:
    """Population-weighted IoD summaries of the LSOAs grouped by ``area``.

    Args:
        lsoas: one row per LSOA with the ``area`` and ``weight`` columns and, per domain,
            ``iod25_<domain>_score``, ``iod25_<domain>_rank`` (1 = most deprived of all
            England's LSOAs) and ``iod25_<domain>_decile``.
        area: column of the area code each LSOA belongs to.
        weight: column of each LSOA's population (positive numbers).
        domains: domain keys (``imd``, ``income``...).

    Returns:
        One row per area, index sorted; per domain ``iod25_<d>_avg_score``,
        ``iod25_<d>_rank_avg_score``, ``iod25_<d>_avg_rank``, ``iod25_<d>_rank_avg_rank``,
        ``iod25_<d>_prop_lsoa_top10`` (a fraction 0-1) and ``iod25_<d>_rank_prop_lsoa_top10``,
        rounded as the published summaries are (3, 2 and 4 decimals); ranks are Int64.
    """
    if (lsoas[weight] <= 0).any() or lsoas[weight].isna().any():
        raise ValueError(f"every LSOA needs a positive {weight}")
    total_lsoas = len(lsoas)
    groups = lsoas.groupby(area, sort=True)
    weights = groups[weight].sum()
    out = pd.DataFrame(index=weights.index)
    for domain in domains:
        score = lsoas[f"iod25_{domain}_score"] * lsoas[weight]
        turned = (total_lsoas + 1 - lsoas[f"iod25_{domain}_rank"].astype("float64")) * lsoas[weight]
        avg_score = score.groupby(lsoas[area]).sum() / weights
        avg_rank = turned.groupby(lsoas[area]).sum() / weights
        proportion = (lsoas[f"iod25_{domain}_decile"] == 1).groupby(lsoas[area]).mean()
        for suffix, values, decimals in (("avg_score", avg_score, SCORE_DECIMALS),
                                         ("avg_rank", avg_rank, RANK_DECIMALS),
                                         ("prop_lsoa_top10", proportion, PROPORTION_DECIMALS)):
            out[f"iod25_{domain}_{suffix}"] = values.round(decimals).astype("float64")
            out[f"iod25_{domain}_rank_{suffix}"] = rank_most_deprived(values)
    return out


def rank_most_deprived(values: pd.Series) -> pd.Series:
    """Rank 1 for the highest value (the most deprived); equal values share the lower rank."""
    return values.rank(ascending=False, method="min").astype("Int64")


def weighted_mean(values: pd.Series, weights: pd.Series, groups: pd.Series) -> pd.Series:
    """Mean of ``values`` weighted by ``weights`` within each group of ``groups`` (NaN skipped)."""
    known = values.notna() & weights.notna()
    numerator = (values[known] * weights[known]).groupby(groups[known]).sum()
    denominator = weights[known].groupby(groups[known]).sum()
    return (numerator / denominator.replace(0, np.nan)).astype("float64")
