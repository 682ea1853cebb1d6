"""Need against provision: need percentiles, provision rates and gap classes (DOMAIN.md).

For each (locality, determinant) with a need indicator, need is the district's national
percentile on the matching indicator (100 = highest need in England) and provision is the
number of interventions targeting the determinant, per 10,000 adults and as a share of the
locality's interventions. Thresholds are parameters; "no provision" always stands out.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.metrics import format_rate, per_10k

EVALUATED_LEVELS = ("internal", "independent", "published")
THIN_COVERAGE = 10
VECTORISE_FROM = 5_000  # rows from which per-locality counts are computed with pandas


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
            try:
                value = float(raw)
            except ValueError:
                value = math.nan
            if not low <= value <= high:
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


def gap_table(
    lads: pd.DataFrame, interventions: pd.DataFrame, localities: Sequence[str],
    thresholds: Thresholds,
) -> pd.DataFrame:
    """One row per (locality, determinant with an indicator): need, provision and gap class."""
    percentiles = need_percentiles(lads)
    ranks = need_ranks(lads)
    totals, counts = _determinant_counts(interventions, localities)
    rows = []
    for code in localities:
        total = totals.get(code, 0)
        adults = lads.at[code, "c21_adults_16plus"] if code in lads.index else np.nan
        for determinant in NEED_INDICATORS:
            count = counts.get((code, determinant), 0)
            rate = per_10k(count, adults)
            rows.append({
                "locality": code, "determinant": determinant,
                "need_percentile": float(percentiles.at[code, determinant]),
                "need_rank": float(ranks.at[code, determinant]),
                "interventions": count,
                "per_10k": np.nan if rate is None else rate,
                "share": 100 * count / total if total else np.nan,
            })
    table = pd.DataFrame(rows, columns=["locality", "determinant", "need_percentile", "need_rank",
                                        "interventions", "per_10k", "share"])
    table["gap_class"] = [classify(r.need_percentile, r.interventions, r.per_10k, r.share,
                                   thresholds) for r in table.itertuples()]
    return table


def _determinant_counts(
    interventions: pd.DataFrame, localities: Sequence[str], field: str = "determinants"
) -> tuple[Counter, Counter]:
    """Rows per locality, and rows per (locality, code) whose list ``field`` holds the code.

    One pass over the table, however many localities: a filter per locality would scan the
    whole table each time.
    """
    mine = interventions.loc[interventions["locality_code"].isin(list(localities)),
                             ["locality_code", field]]
    totals = Counter(mine["locality_code"].value_counts().to_dict())
    if len(mine) < VECTORISE_FROM:  # a Python loop beats pandas' per-call overhead here
        counts: Counter = Counter()
        for code, values in zip(mine["locality_code"].tolist(), mine[field].tolist(),
                                strict=True):
            counts.update((code, v) for v in set(values))
        return totals, counts
    exploded = mine.reset_index(drop=True).explode(field).dropna()
    exploded = exploded.reset_index().drop_duplicates()  # a row counts once per code
    pairs = exploded.groupby(["locality_code", field]).size()
    return totals, Counter({key: int(n) for key, n in pairs.items()})


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


def coverage_note(interventions: pd.DataFrame) -> str | None:
    """A warning when a locality's coding is too thin to read gaps as gaps in provision."""
    n = len(interventions)
    if n == 0:
        return ("No interventions are coded for this locality: a gap in the evidence is not a gap "
                "in provision.")
    if n < THIN_COVERAGE:
        return (f"Only {n} intervention{'s' if n != 1 else ''} {'are' if n != 1 else 'is'} coded "
                "for this locality: a gap in the evidence is not a gap in provision.")
    return None


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st..."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def priority_gaps(
    gaps: pd.DataFrame, names: Mapping[str, str], labels: Mapping[str, str], limit: int = 5,
    lads: pd.DataFrame | None = None,
) -> list[str]:
    """Ranked plain-English sentences for one locality's high-need gaps (worst first)."""
    order = {"high_need_no_provision": 0, "high_need_low_provision": 1}
    position = {d: i for i, d in enumerate(NEED_INDICATORS)}
    # Plain Python: a locality has nine rows, and pandas' per-call overhead dominated.
    chosen = sorted((r for r in gaps.itertuples() if r.gap_class in order),
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
    lads: pd.DataFrame, interventions: pd.DataFrame, localities: Sequence[str]
) -> pd.DataFrame:
    """Per (locality, group): Census share of residents and share of provision targeting them."""
    totals, counts = _determinant_counts(interventions, localities, "populations")
    rows = []
    for code in localities:
        total = totals.get(code, 0)
        for group, column in GROUP_INDICATORS.items():
            count = counts.get((code, group), 0)
            rows.append({"locality": code, "group": group,
                         "need_share": float(lads.at[code, column]),
                         "provision_share": 100 * count / total if total else np.nan,
                         "interventions": count})
    return pd.DataFrame(rows, columns=["locality", "group", "need_share", "provision_share",
                                       "interventions"])


def _share(count: int, n: int) -> dict[str, float | int]:
    return {"count": int(count), "percent": 100 * count / n if n else float("nan")}


def evaluation_gap(interventions: pd.DataFrame, codelists) -> dict:
    """Evaluation figures: outcomes measured, evaluated, reach and cost known, and blind spots.

    Shares are ``{"count", "percent"}`` (percent NaN when there are no interventions).
    """
    n = len(interventions)
    evaluated = interventions["evaluation_level"].isin(EVALUATED_LEVELS)
    levels = interventions["evaluation_level"].value_counts()

    def without(field: str) -> list[str]:
        exploded = interventions[[field]].assign(evaluated=evaluated).explode(field)
        seen = exploded.groupby(field)["evaluated"].any()
        return [c for c in codelists[field].codes if c in seen.index and not seen[c]]

    return {
        "n": n,
        "outcomes_measured": _share((interventions["outcomes_measured"] == "yes").sum(), n),
        "evaluated": _share(evaluated.sum(), n),
        "evaluation_levels": {c: int(levels.get(c, 0)) for c in codelists["evaluation_level"].codes},
        "reach_known": _share(interventions["annual_reach"].notna().sum(), n),
        "cost_known": _share(interventions["annual_cost_gbp"].notna().sum(), n),
        "types_without_evaluation": without("types") if n else [],
        "determinants_without_evaluation": without("determinants") if n else [],
    }
