"""Need against provision: need percentiles, provision rates and gap classes (DOMAIN.md).

For each (locality, determinant) with a need indicator, need is the district's national
percentile on the matching indicator (100 = highest need in England) and provision is the
number of interventions targeting the determinant, per 10,000 adults and as a share of the
locality's interventions. Thresholds are parameters; "no provision" always stands out.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.analysis.metrics import code_counts, pair_counts
from dashboard.core.formatting import format_rate, ordinal
from dashboard.core.numbers import parse_float

EVALUATED_LEVELS = ("internal", "independent", "published")
THIN_COVERAGE = 10


@dataclass(frozen=True)
class Thresholds:
    """Thresholds of the gap classes.

    Attributes:
        high_need: need percentile (0-100) at or above which need is high.
        low_rate: interventions per 10,000 adults below which provision is low.
        low_share: percent of the locality's interventions below which provision is low.
    """

    high_need: float = 80.0
    low_rate: float = 1.0
    low_share: float = 5.0

    def to_params(self) -> dict[str, str]:
        """URL parameters ``need``, ``rate`` and ``share``."""
        return {"need": f"{self.high_need:g}", "rate": f"{self.low_rate:g}",
                "share": f"{self.low_share:g}"}

    @classmethod
    def from_params(cls, params: Mapping[str, str]) -> tuple[Thresholds, list[str]]:
        """Thresholds from URL parameters; invalid values are ignored with a note each."""
        default = cls()
        limits = {"need": (0.0, 100.0, default.high_need), "rate": (0.0, 1e4, default.low_rate),
                  "share": (0.0, 100.0, default.low_share)}
        values, notes = {}, []
        for name, (low, high, fallback) in limits.items():
            raw = params.get(name)
            if raw is None:
                values[name] = fallback
                continue
            value = parse_float(raw, minimum=low, maximum=high)
            if value is None:
                notes.append(f"Ignored {name}={raw!r}: use a number from {low:g} to {high:g}.")
                value = fallback
            values[name] = value
        return cls(values["need"], values["rate"], values["share"]), notes


@dataclass(frozen=True)
class NeedIndicator:
    """The indicator that measures need for one determinant."""

    determinant: str
    label: str
    column: str
    kind: str  # "iod_rank" (published rank, 1 = most deprived) or "census_share" (percent)
    source: str


_IOD = "English Indices of Deprivation 2025, rank of average score"
NEED_INDICATORS: dict[str, NeedIndicator] = {
    ind.determinant: ind for ind in (
        NeedIndicator("financial_stress", "Income domain", "iod25_income_rank_avg_score",
                      "iod_rank", _IOD),
        NeedIndicator("food_insecurity", "Income domain (proxy)", "iod25_income_rank_avg_score",
                      "iod_rank", _IOD),
        NeedIndicator("unemployment", "Employment domain", "iod25_employment_rank_avg_score",
                      "iod_rank", _IOD),
        NeedIndicator("education_skills", "Education, Skills and Training domain",
                      "iod25_education_rank_avg_score", "iod_rank", _IOD),
        NeedIndicator("physical_health", "Health Deprivation and Disability domain",
                      "iod25_health_rank_avg_score", "iod_rank", _IOD),
        NeedIndicator("community_safety", "Crime domain", "iod25_crime_rank_avg_score",
                      "iod_rank", _IOD),
        NeedIndicator("housing", "Barriers to Housing and Services domain",
                      "iod25_barriers_rank_avg_score", "iod_rank", _IOD),
        NeedIndicator("living_environment", "Living Environment domain",
                      "iod25_living_rank_avg_score", "iod_rank", _IOD),
        NeedIndicator("caring", "share of residents providing unpaid care",
                      "c21_pct_unpaid_carers", "census_share", "Census 2021"),
    )
}
GROUP_INDICATORS: dict[str, str] = {
    "older_adults": "c21_pct_older_65plus",
    "minority_ethnic": "c21_pct_minority_ethnic",
    "carers": "c21_pct_unpaid_carers",
    "lgbtq": "c21_pct_lgb_plus",
    "disabled": "c21_pct_disabled",
}
GAP_CLASSES: dict[str, str] = {
    "high_need_no_provision": "High need, no provision",
    "high_need_low_provision": "High need, low provision",
    "in_line": "Provision in line with need",
    "lower_need": "Lower need",
    "no_indicator": "No need indicator",
}


def _percentile_from_rank(ranks: pd.DataFrame) -> pd.DataFrame:
    values = ranks.to_numpy(dtype="float64")
    n = (~np.isnan(values)).sum(axis=0)  # districts with a value, per indicator
    return pd.DataFrame(100 * (n - values) / (n - 1), index=ranks.index, columns=ranks.columns)


def need_ranks(lads: pd.DataFrame) -> pd.DataFrame:
    """Rank of each district on each indicator (1 = highest need; census ties averaged)."""
    out = {}
    for code, indicator in NEED_INDICATORS.items():
        column = lads[indicator.column].astype("float64")
        out[code] = column if indicator.kind == "iod_rank" else column.rank(
            ascending=False, method="average")
    return pd.DataFrame(out, index=lads.index)


def need_percentiles(lads: pd.DataFrame) -> pd.DataFrame:
    """National need percentile per district and determinant: 100 * (n - rank) / (n - 1)."""
    return _percentile_from_rank(need_ranks(lads))


CountCodes = Callable[[pd.DataFrame, str, Sequence[str]], pd.Series]
CountPairs = Callable[[pd.DataFrame, str, str, Sequence[str], Sequence[str]], pd.DataFrame]


def gap_table(
    lads: pd.DataFrame, interventions: pd.DataFrame, localities: Sequence[str],
    thresholds: Thresholds, count_pairs: CountPairs = pair_counts,
) -> pd.DataFrame:
    """One row per (locality, determinant with an indicator): need, provision and gap class.

    ``count_pairs`` counts interventions per (locality, determinant): ``metrics.pair_counts``
    or, for a served dataset, its ``CodeIndex.pair_counts`` (same numbers, faster).
    """
    localities, determinants = list(localities), list(NEED_INDICATORS)
    counts, shares = _locality_counts(interventions, localities, "determinants", determinants,
                                      count_pairs)
    adults = lads["c21_adults_16plus"].reindex(localities).to_numpy(dtype="float64")
    adults = np.where(adults > 0, adults, np.nan)[:, None]  # unknown or zero: no rate
    rates = counts * 10_000 / adults
    table = pd.DataFrame({
        "locality": np.repeat(localities, len(determinants)),
        "determinant": np.tile(determinants, len(localities)),
        "need_percentile": need_percentiles(lads).reindex(localities)[determinants]
        .to_numpy(dtype="float64").ravel(),
        "need_rank": need_ranks(lads).reindex(localities)[determinants]
        .to_numpy(dtype="float64").ravel(),
        "interventions": counts.ravel(),
        "per_10k": np.broadcast_to(rates, counts.shape).ravel(),
        "share": shares.ravel(),
    })
    table["gap_class"] = [classify(*values, thresholds) for values in zip(
        table["need_percentile"].tolist(), table["interventions"].tolist(),
        table["per_10k"].tolist(), table["share"].tolist(), strict=True)]
    return table


def _locality_counts(
    interventions: pd.DataFrame, localities: list[str], field: str, codes: list[str],
    count_pairs: CountPairs,
) -> tuple[np.ndarray, np.ndarray]:
    """Interventions per (locality, code) of the list ``field``, counts and shares.

    Two locality x code matrices: the counts, and each as a percentage of the locality's
    interventions (NaN where it has none).
    """
    totals = interventions["locality_code"].value_counts().reindex(localities, fill_value=0)
    totals = totals.to_numpy(dtype="int64")[:, None]
    counts = count_pairs(interventions, "locality_code", field, localities, codes)
    counts = counts.to_numpy(dtype="int64")
    with np.errstate(divide="ignore", invalid="ignore"):
        return counts, np.where(totals > 0, 100 * counts / totals, np.nan)


def classify(need: float, count: int, rate: float, share: float, thresholds: Thresholds) -> str:
    """Gap class of one (locality, determinant); see GAP_CLASSES."""
    if need is None or math.isnan(need):
        return "no_indicator"
    if need < thresholds.high_need:
        return "lower_need"
    if count == 0:
        return "high_need_no_provision"
    low_rate = not math.isnan(rate) and rate < thresholds.low_rate
    low_share = not math.isnan(share) and share < thresholds.low_share
    return "high_need_low_provision" if low_rate or low_share else "in_line"


def coverage_note(n: int) -> str | None:
    """A warning when a locality's ``n`` coded interventions are too few to read gaps as gaps."""
    if n == 0:
        return ("No interventions are coded for this locality: a gap in the evidence is not a gap "
                "in provision.")
    if n < THIN_COVERAGE:
        return (f"Only {n} intervention{'s' if n != 1 else ''} {'are' if n != 1 else 'is'} coded "
                "for this locality: a gap in the evidence is not a gap in provision.")
    return None


def priority_gaps(
    gaps: pd.DataFrame | Iterable, names: Mapping[str, str], labels: Mapping[str, str],
    limit: int = 5, lads: pd.DataFrame | None = None,
) -> list[str]:
    """Ranked plain-English sentences for one locality's high-need gaps (worst first).

    ``gaps``: its rows of ``gap_table``, as a frame or as that frame's ``itertuples()``.
    """
    order = {"high_need_no_provision": 0, "high_need_low_provision": 1}
    position = {d: i for i, d in enumerate(NEED_INDICATORS)}
    rows = gaps.itertuples() if isinstance(gaps, pd.DataFrame) else gaps
    # Plain Python: a locality has nine rows, and pandas' per-call overhead dominated.
    chosen = sorted((r for r in rows if r.gap_class in order),
                    key=lambda r: (order[r.gap_class], -r.need_percentile,
                                   position[r.determinant]))[:limit]
    n = len(lads) if lads is not None else len(names)
    sentences = []
    for row in chosen:
        indicator = NEED_INDICATORS[row.determinant]
        rank = ordinal(int(round(row.need_rank)))
        if indicator.kind == "iod_rank":
            need = f"{rank} most deprived of {n} on {indicator.label.replace(' (proxy)', '')}"
            if "proxy" in indicator.label:
                need += " (as a proxy)"
        else:
            share = "" if lads is None else f" ({lads.at[row.locality, indicator.column]:.1f}%)"
            need = f"{rank} highest {indicator.label} of {n}{share}"
        count = f"{row.interventions} intervention{'' if row.interventions == 1 else 's'}"
        if row.interventions and not math.isnan(row.per_10k):
            count += f" ({format_rate(row.per_10k)} per 10,000 adults)"
        sentences.append(f"{labels[row.determinant]}: {need}; {count}.")
    return sentences


def group_need_vs_provision(
    lads: pd.DataFrame, interventions: pd.DataFrame, localities: Sequence[str],
    count_pairs: CountPairs = pair_counts,
) -> pd.DataFrame:
    """Per (locality, group): Census share of residents and share of provision targeting them."""
    localities, groups = list(localities), list(GROUP_INDICATORS)
    counts, shares = _locality_counts(interventions, localities, "populations", groups,
                                      count_pairs)
    need = lads.loc[localities, list(GROUP_INDICATORS.values())].to_numpy(dtype="float64")
    return pd.DataFrame({
        "locality": np.repeat(localities, len(groups)),
        "group": np.tile(groups, len(localities)),
        "need_share": need.ravel(),
        "provision_share": shares.ravel(),
        "interventions": counts.ravel(),
    })


def _share(count: int, n: int) -> dict[str, float | int]:
    return {"count": int(count), "percent": 100 * count / n if n else float("nan")}


def evaluation_gap(interventions: pd.DataFrame, codelists,
                   count_codes: CountCodes = code_counts) -> dict:
    """Evaluation figures: outcomes measured, evaluated, reach and cost known, and blind spots.

    Shares are ``{"count", "percent"}`` (percent NaN when there are no interventions).
    ``recorded`` says per field how many interventions record it at all (a known answer or a
    number): a field nobody recorded is "not recorded", not 0%.
    ``count_codes``: ``metrics.code_counts`` or a served dataset's ``CodeIndex.code_counts``.
    """
    n = len(interventions)
    evaluated = interventions["evaluation_level"].isin(EVALUATED_LEVELS)
    levels = interventions["evaluation_level"].value_counts()

    def without(field: str) -> list[str]:
        codes = codelists[field].codes
        held = count_codes(interventions, field, codes)
        narrow = [c for c in ("intervention_id", field) if c in interventions]  # a cheap copy
        held_evaluated = count_codes(interventions.loc[evaluated, narrow], field, codes)
        return [c for c in codes if held[c] and not held_evaluated[c]]

    return {
        "n": n,
        "outcomes_measured": _share((interventions["outcomes_measured"] == "yes").sum(), n),
        "evaluated": _share(evaluated.sum(), n),
        "evaluation_levels": {c: int(levels.get(c, 0)) for c in codelists["evaluation_level"].codes},
        "reach_known": _share(interventions["annual_reach"].notna().sum(), n),
        "cost_known": _share(interventions["annual_cost_gbp"].notna().sum(), n),
        "recorded": {
            "outcomes_measured": int((interventions["outcomes_measured"] != "unknown").sum()),
            "evaluation_level": int((interventions["evaluation_level"] != "unknown").sum()),
            "annual_reach": int(interventions["annual_reach"].notna().sum()),
            "annual_cost_gbp": int(interventions["annual_cost_gbp"].notna().sum()),
        },
        "types_without_evaluation": without("types") if n else [],
        "determinants_without_evaluation": without("determinants") if n else [],
    }
