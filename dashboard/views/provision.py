"""Provision heatmaps (who targets what) and intersectional targeting, national or local."""

from __future__ import annotations

import pandas as pd

from dashboard.context import AtlasContext
from dashboard.core.formatting import plural
from dashboard.core.view_state import ViewState
from dashboard.figures.charts import count_bars, provision_heatmap
from dashboard.views.common import (
    LEVEL_ORDER,
    Chart,
    codelists_source,
    dataset_localities,
    filtered,
    lad_name,
    readable_localities,
    view_caption,
)

HEATMAP_TITLES = {
    "determinant_type": "Determinants targeted, by intervention type",
    "population_determinant": "Population groups, by determinant targeted",
    "locality_determinant": "Localities, by determinant targeted",
}
# What the rows and columns of each heatmap are, for the note of an export that shows some.
HEATMAP_NAMES = {
    "determinant_type": ("determinants", "intervention types"),
    "population_determinant": ("population groups", "determinants"),
    "locality_determinant": ("localities", "determinants"),
}
# Combinations the study singled out as least served: always listed, even at zero.
WATCHED_COMBINATIONS = (
    ("minority_ethnic", "men"),
    ("minority_ethnic", "women"),
    ("minority_ethnic", "lgbtq"),
    ("older_adults", "minority_ethnic"),
    ("disabled", "minority_ethnic"),
)


def heatmap_counts(
    atlas: AtlasContext, kind: str, interventions: pd.DataFrame, localities: list[str]
) -> pd.DataFrame:
    """Counts behind one of the three provision heatmaps (all codes kept, zeros included)."""
    codes = {name: atlas.codelists[name].codes for name in ("types", "determinants", "populations")}
    count = atlas.dataset.codes.pair_counts
    if kind == "determinant_type":
        return count(interventions, "determinants", "types", codes["determinants"],
                     codes["types"])
    if kind == "population_determinant":
        return count(interventions, "populations", "determinants", codes["populations"],
                     codes["determinants"])
    return count(interventions, "locality_code", "determinants", localities,
                 codes["determinants"])


def heatmap_chart(
    atlas: AtlasContext, kind: str, state: ViewState, place: str, localities: list[str],
    locality: str | None = None,
) -> Chart:
    """One provision heatmap for the state's filters (in one locality), with its text alternative."""
    shown, drawn = readable_localities(atlas, localities)
    counts = heatmap_counts(atlas, kind, filtered(atlas, state, locality), localities)
    total = float(counts.to_numpy().sum())  # shares stay shares of every locality's provision
    if drawn and kind == "locality_determinant":
        counts, localities = counts.loc[shown], shown
    determinants = atlas.codelists["determinants"]
    labels = {
        "determinant_type": (determinants.labels, atlas.codelists["types"].labels),
        "population_determinant": (atlas.codelists["populations"].labels, determinants.labels),
        "locality_determinant": ({c: lad_name(atlas, c) for c in localities}, determinants.labels),
    }[kind]
    capped = drawn if kind == "locality_determinant" else ""
    counted = ("Each cell: its share (%) of all "
               f"{plural(int(total), 'count')} in the table (an intervention counts once for "
               "each pair it targets); – marks a gap (none)." if state.shares and total else
               "Counted once per pair; – marks a gap (none).")
    caption = view_caption(
        atlas, state, title=HEATMAP_TITLES[kind], place=place,
        notes=(counted, capped),
        sources=(codelists_source(atlas),))
    figure = provision_heatmap(
        counts, caption, row_labels=labels[0], col_labels=labels[1],
        row_groups=determinants.groups if kind == "determinant_type" else None,
        col_groups=None if kind == "determinant_type" else determinants.groups,
        group_order=LEVEL_ORDER, shares=state.shares, total=total, names=HEATMAP_NAMES[kind],
    )
    summary = heatmap_summary(atlas, kind, counts, labels[0])
    return Chart(figure, caption, f"{capped} {summary}" if capped else summary)


def heatmap_summary(
    atlas: AtlasContext, kind: str, counts: pd.DataFrame, row_labels: dict[str, str]
) -> str:
    """Text alternative of a heatmap: what is targeted most and where provision is empty."""
    determinants = atlas.codelists["determinants"]
    groups, labels = determinants.groups, determinants.labels  # properties build a dict per call
    if kind == "determinant_type":
        by_determinant = counts.sum(axis=1)
    else:
        by_determinant = (counts > 0).sum(axis=0)
    if kind == "locality_determinant":
        structural = [d for d in counts.columns if groups[d] == "structural"]
        covered = (counts > 0).sum(axis=1).to_dict()
        struct_covered = (counts[structural] > 0).sum(axis=1).to_dict()
        parts = [f"{row_labels[code]}: {int(covered[code])} of {counts.shape[1]} determinants "
                 f"have any provision; {int(struct_covered[code])} of {len(structural)} at "
                 "structural level." for code in counts.index]
        return " ".join(parts) or "No localities have interventions that match the filters."
    totals = counts.sum(axis=1).sort_values(ascending=False)
    top = ", ".join(f"{row_labels[c]} ({n})" for c, n in totals.head(3).items() if n)
    parts = [f"Most provision: {top or 'none'}."]
    for level in LEVEL_ORDER:
        codes = [c for c in determinants.codes if groups[c] == level]
        empty = [labels[c] for c in codes if not by_determinant[c]]
        parts.append(f"{level.capitalize()} level: {len(codes) - len(empty)} of {len(codes)} "
                     "determinants have any provision"
                     + (f"; none for {', '.join(empty)}." if empty else "."))
    if kind == "population_determinant":
        unserved = [row_labels[c] for c, n in totals.items() if n == 0]
        if unserved:
            parts.append(f"Groups with no provision: {', '.join(unserved)}.")
    return " ".join(parts)


def intersection_counts(atlas: AtlasContext, interventions: pd.DataFrame) -> pd.DataFrame:
    """Interventions per combination of two or more identity groups (``label``, ``count``).

    The combinations in ``WATCHED_COMBINATIONS`` are always listed, at zero if need be.
    """
    populations = atlas.codelists["populations"]
    identity = [c for c in populations.codes if populations.groups[c] == "identity"]
    order = {c: i for i, c in enumerate(populations.codes)}
    counts = atlas.dataset.codes.combinations(interventions, "populations", identity)
    for combo in WATCHED_COMBINATIONS:
        counts.setdefault(tuple(sorted(combo, key=order.get)), 0)
    table = pd.DataFrame({"combination": list(counts), "count": list(counts.values())})
    table["label"] = table["combination"].map(
        lambda combo: " + ".join(populations.labels[c] for c in combo))
    return table.sort_values(["count", "label"], ascending=[False, True]).reset_index(drop=True)


def intersection_chart(
    atlas: AtlasContext, state: ViewState, place: str, locality: str | None = None
) -> Chart:
    """Bar chart of intersectional targeting with its text alternative."""
    table = intersection_counts(atlas, filtered(atlas, state, locality))
    caption = view_caption(
        atlas, state, place=place,
        title="Intersectional targeting: interventions for two or more identity groups at once",
        sources=(codelists_source(atlas),))
    figure = count_bars(table["label"], table["count"], caption, value_label="interventions")
    zero = table.loc[table["count"] == 0, "label"].tolist()
    summary = "; ".join(f"{r.label}: {r.count}" for r in table.itertuples()) + "."
    if zero:
        summary += f" No intervention targets {', '.join(zero)}."
    return Chart(figure, caption, summary)


def national_provision(atlas: AtlasContext, state: ViewState) -> dict[str, Chart]:
    """The national page's provision figures (heatmaps, then intersections) by view part."""
    localities = dataset_localities(atlas)
    charts = {kind: heatmap_chart(atlas, kind, state, "England", localities)
              for kind in HEATMAP_TITLES}
    charts["intersection"] = intersection_chart(atlas, state, "England")
    return charts
