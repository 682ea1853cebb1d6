"""View models: the tables and sentences a screen shows, computed from the context."""

from __future__ import annotations

import pandas as pd

from dashboard.context import AtlasContext
from dashboard.figures import Caption
from dashboard.iod import (
    BOUNDARY_SOURCE,
    DOMAIN_BY_KEY,
    IOD_SOURCE,
    LAD_COUNT,
    lad_rank_column,
    rank_decile,
)
from dashboard.metrics import pair_counts, per_10k

LEVEL_ORDER = ("individual", "family", "community", "structural")


def national_areas(ctx: AtlasContext, domain: str) -> pd.DataFrame:
    """One row per LAD 2024: published rank of average score, its decile and provision."""
    lads = ctx.geography.lads
    counts = ctx.dataset.counts_by_locality().reindex(lads.index, fill_value=0)
    rank = lads[lad_rank_column(domain)].astype("Int64")
    adults = lads["c21_adults_16plus"]
    return pd.DataFrame(
        {
            "code": lads.index,
            "name": lads["LAD24NM"].to_numpy(),
            "rank": rank.to_numpy(),
            "decile": rank.map(rank_decile).to_numpy(),
            "interventions": counts.to_numpy(),
            "per_10k": [per_10k(c, a) for c, a in zip(counts, adults, strict=True)],
        }
    )


def national_caption(ctx: AtlasContext, domain: str) -> Caption:
    """Caption of the national deprivation map."""
    label = DOMAIN_BY_KEY[domain].label
    return Caption(
        title=f"{label}, 2025",
        subtitle="Rank of average score among 296 districts (LAD 2024), in deciles.\n"
        "Outlined: districts with coded interventions. " + ctx.dataset.meta.caption,
        sources=(IOD_SOURCE, BOUNDARY_SOURCE),
    )


def national_summary(areas: pd.DataFrame, domain: str) -> str:
    """Text alternative of the national map."""
    label = DOMAIN_BY_KEY[domain].label
    ordered = areas.sort_values("rank")
    most = ", ".join(f"{r.name} ({r.rank})" for r in ordered.head(5).itertuples())
    mapped = areas[areas["interventions"] > 0].sort_values("rank")
    with_data = "; ".join(
        f"{r.name}: rank {r.rank} of {LAD_COUNT}, {r.interventions} interventions" for r in
        mapped.itertuples()
    ) or "none"
    return (
        f"{label}, rank of average score among {LAD_COUNT} districts (1 = most deprived). "
        f"Most deprived five: {most}. Districts with coded interventions: {with_data}."
    )


def determinant_type_counts(ctx: AtlasContext, interventions: pd.DataFrame) -> pd.DataFrame:
    """Interventions per (determinant, intervention type), all codes kept."""
    return pair_counts(
        interventions,
        "determinants",
        "types",
        ctx.codelists["determinants"].codes,
        ctx.codelists["types"].codes,
    )


def determinant_type_caption(ctx: AtlasContext) -> Caption:
    """Caption of the determinant by intervention type heatmap."""
    return Caption(
        title="Determinants targeted, by intervention type",
        subtitle="Interventions counted once per pair; – marks a gap (none).\n"
        + ctx.dataset.meta.caption,
        sources=(f"Code lists: {ctx.codelists.name} v{ctx.codelists.version}.",),
    )


def determinant_summary(ctx: AtlasContext, counts: pd.DataFrame) -> str:
    """Text alternative of a determinant heatmap: totals by determinant and empty levels."""
    determinants = ctx.codelists["determinants"]
    per_determinant = (counts > 0).any(axis=1)
    totals = pd.Series(
        {code: int(counts.loc[code].sum()) for code in counts.index}
    ).sort_values(ascending=False)
    top = ", ".join(f"{determinants.labels[c]} ({n})" for c, n in totals.head(3).items() if n)
    parts = [f"Most targeted: {top or 'nothing'}."]
    for level in LEVEL_ORDER:
        codes = [c for c in counts.index if determinants.groups[c] == level]
        empty = [determinants.labels[c] for c in codes if not per_determinant[c]]
        parts.append(
            f"{level.capitalize()} level: {len(codes) - len(empty)} of {len(codes)} determinants "
            f"have any provision" + (f"; none for {', '.join(empty)}." if empty else ".")
        )
    return " ".join(parts)
