"""Mental-health need from the ONS Health Index, where no IoD domain fits.

Two gap rows per district, classified by the same rule as the determinants
(:func:`analysis.gaps.classify`, same thresholds):

- **people with existing mental-health problems** (population group ``existing_mh``): need is
  the district's national percentile on the Health Index "Mental health" subdomain (the lower
  the index, the higher the need); provision is the interventions that serve that group;
- **wellbeing** (every intervention): need from the "Personal well-being" subdomain; provision
  is all the locality's interventions, so only the rate threshold can make it low.

The Health Index is an index (England 2015 = 100, higher is healthier) of 2021, published for
2021 districts: merged districts get their predecessors' mean weighted by residents, and the
City of London and the Isles of Scilly have no value (no indicator).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.analysis.gaps import Thresholds, classify


@dataclass(frozen=True)
class HealthIndicator:
    """A Health Index subdomain used as a need indicator."""

    target: str          # "existing_mh" (a population group) or "wellbeing" (all interventions)
    label: str           # what provision is counted for
    indicator: str       # the subdomain
    column: str          # column of the district context table


HEALTH_INDICATORS: tuple[HealthIndicator, ...] = (
    HealthIndicator("existing_mh", "People with existing mental-health problems",
                    "ONS Health Index 2021, Mental health subdomain", "hi_mental_health"),
    HealthIndicator("wellbeing", "Wellbeing (all interventions)",
                    "ONS Health Index 2021, Personal well-being subdomain", "hi_wellbeing"),
)
CAVEAT = ("Health Index 2021 (England 2015 = 100, higher is healthier), published for 2021 "
          "districts: districts merged in 2023 get their predecessors' mean weighted by "
          "residents; the City of London and the Isles of Scilly have no value.")
# Determinants that still have no need indicator, IoD or Health Index (named on screen).
STILL_WITHOUT = ("social_isolation", "mh_stigma", "ethnic_discrimination", "lgbtq_discrimination",
                 "bereavement", "family_relationships", "substance_use", "life_transitions",
                 "welfare_system", "air_quality", "urban_decay", "climate", "media",
                 "political_structures")


def health_need(context: pd.DataFrame) -> pd.DataFrame:
    """Rank (1 = lowest index, highest need) and need percentile 0-100 per district and target.

    Districts without a value get neither; ties take the average rank.
    """
    out = {}
    for indicator in HEALTH_INDICATORS:
        values = context[indicator.column].astype("float64")
        rank = values.rank(ascending=True, method="average")
        n = values.notna().sum()
        out[f"{indicator.target}_value"] = values
        out[f"{indicator.target}_rank"] = rank
        out[f"{indicator.target}_percentile"] = 100 * (n - rank) / (n - 1)
    return pd.DataFrame(out, index=context.index)


def health_gap_table(lads: pd.DataFrame, context: pd.DataFrame, interventions: pd.DataFrame,
                     localities: Sequence[str], thresholds: Thresholds) -> pd.DataFrame:
    """One row per (locality, Health Index target): need, provision and gap class.

    Columns ``locality``, ``target``, ``value``, ``need_rank``, ``need_percentile``,
    ``interventions``, ``per_10k``, ``share`` and ``gap_class`` (as ``analysis.gaps``).
    """
    need = health_need(context)
    rows = []
    for code in localities:
        mine = interventions[interventions["locality_code"] == code]
        adults = float(lads.at[code, "c21_adults_16plus"]) if code in lads.index else np.nan
        for indicator in HEALTH_INDICATORS:
            if indicator.target == "existing_mh":
                count = int(mine["populations"].map(lambda p: "existing_mh" in p).sum())
            else:
                count = len(mine)
            rate = count * 10_000 / adults if adults > 0 else np.nan
            share = 100 * count / len(mine) if len(mine) else np.nan
            percentile = need.at[code, f"{indicator.target}_percentile"] \
                if code in need.index else np.nan
            rows.append({
                "locality": code, "target": indicator.target,
                "value": need.at[code, f"{indicator.target}_value"] if code in need.index
                else np.nan,
                "need_rank": need.at[code, f"{indicator.target}_rank"] if code in need.index
                else np.nan,
                "need_percentile": percentile, "interventions": count, "per_10k": rate,
                "share": share,
                "gap_class": classify(float(percentile), count, rate, share, thresholds)})
    return pd.DataFrame(rows, columns=["locality", "target", "value", "need_rank",
                                       "need_percentile", "interventions", "per_10k", "share",
                                       "gap_class"])
