"""The published patterns a generated dataset must show, summarised and checked."""

from __future__ import annotations

from collections import Counter

import pandas as pd

from .config import IDENTITY_GROUPS_FALLBACK, STRUCTURAL_ABSENT
from .inputs import read_codelists


def code_counts(frame: pd.DataFrame, column: str) -> Counter:
    """Number of rows that carry each code of a ``|``-separated column."""
    counts: Counter = Counter()
    for cell in frame[column]:
        counts.update({c for c in cell.split("|") if c})
    return counts


def identity_groups() -> set[str]:
    """Population codes whose code-list group is ``identity``."""
    lists, _ = read_codelists()
    pops = lists["populations"]
    return set(pops.loc[pops["group"] == "identity", "code"]) or set(IDENTITY_GROUPS_FALLBACK)


def summarise(frame: pd.DataFrame) -> dict:
    """The pattern figures the dataset is built to show."""
    identity = identity_groups()
    combos: Counter = Counter()
    for cell in frame["populations"]:
        groups = sorted(c for c in cell.split("|") if c in identity)
        if len(groups) >= 2:
            combos["|".join(groups)] += 1
    n = len(frame)
    unknown_outcomes = frame["outcomes_measured"].isin(["", "unknown"]).sum()
    unknown_level = frame["evaluation_level"].isin(["", "unknown"]).sum()
    return {
        "rows": n,
        "rows_by_locality": dict(Counter(frame["locality_code"])),
        "determinants": dict(code_counts(frame, "determinants").most_common()),
        "types": dict(code_counts(frame, "types").most_common()),
        "primary_types_of_social_isolation": dict(
            Counter(
                t.split("|")[0]
                for t, d in zip(frame["types"], frame["determinants"], strict=True)
                if "social_isolation" in d.split("|")
            ).most_common()
        ),
        "populations": dict(code_counts(frame, "populations").most_common()),
        "intersectional_rows": int(sum(combos.values())),
        "intersectional_combinations": dict(combos.most_common()),
        "share_outcomes_unknown_or_blank": round(unknown_outcomes / n, 3),
        "share_evaluation_unknown_or_blank": round(unknown_level / n, 3),
        "share_reach_blank": round(float((frame["annual_reach"] == "").mean()), 3),
        "share_cost_blank": round(float((frame["annual_cost_gbp"] == "").mean()), 3),
        "share_with_coordinates": round(float((frame["latitude"] != "").mean()), 3),
        "evaluation_levels": dict(Counter(frame["evaluation_level"]).most_common()),
    }


def check_patterns(frame: pd.DataFrame) -> None:
    """Fail loudly if a seed produced data that no longer follows the published patterns."""
    s = summarise(frame)
    det = Counter(s["determinants"])
    pops = Counter(s["populations"])
    n = s["rows"]
    problems = []
    top = det.most_common(3)
    if top[0][0] != "social_isolation" or det["social_isolation"] <= 0.4 * n:
        problems.append("social_isolation is not the dominant determinant")
    if {top[1][0], top[2][0]} != {"financial_stress", "mh_stigma"}:
        problems.append("financial_stress and mh_stigma are not next")
    if not 1 <= det["housing"] <= 3:
        problems.append("housing is not almost absent")
    if any(det[c] for c in STRUCTURAL_ABSENT):
        problems.append("an absent structural determinant is used")
    specific = [c for c, _ in pops.most_common() if c != "all_adults"]
    if set(specific[:2]) != {"older_adults", "minority_ethnic"}:
        problems.append("older_adults and minority_ethnic are not the most targeted groups")
    combos = s["intersectional_combinations"]
    for pair in ("men|minority_ethnic", "lgbtq|minority_ethnic"):
        if combos.get(pair, 0) > 2:
            problems.append(f"{pair} is not among the least served")
    if s["share_outcomes_unknown_or_blank"] < 0.75:
        problems.append("too many outcomes known")
    if min(s["share_reach_blank"], s["share_cost_blank"]) < 0.85:
        problems.append("too many reach or cost figures")
    if problems:
        raise ValueError("Generated data breaks the published patterns: " + "; ".join(problems))
