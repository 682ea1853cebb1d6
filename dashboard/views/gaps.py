"""View models of the need-against-provision analysis: figures, lists and sentences."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from dashboard.analysis.gaps import (
    GAP_CLASSES,
    GROUP_INDICATORS,
    NEED_INDICATORS,
    Thresholds,
    coverage_note,
    evaluation_gap,
    gap_table,
    group_need_vs_provision,
    priority_gaps,
)
from dashboard.analysis.metrics import format_rate
from dashboard.context import AtlasContext
from dashboard.core.iod import CENSUS_SOURCE, IOD_SOURCE
from dashboard.core.view_state import ViewState
from dashboard.figures.factories import Caption, class_heatmap, need_provision_scatter
from dashboard.views.common import filtered, lad_name, readable_localities, subtitle

GAP_COLOURS = {
    "high_need_no_provision": "#801650",
    "high_need_low_provision": "#F46A25",
    "in_line": "#28A197",
    "lower_need": "#e4e4e4",
    "no_indicator": "#ffffff",
}
GAP_MARKS = {
    "high_need_no_provision": "NONE",
    "high_need_low_provision": "LOW",
    "in_line": "OK",
    "lower_need": "",
    "no_indicator": "",
}
EVALUATED = ("internal", "independent", "published")


def thresholds_of(state: ViewState) -> Thresholds:
    """The gap thresholds a view state carries."""
    need, rate, share = state.thresholds
    return Thresholds(high_need=need, low_rate=rate, low_share=share)


def method_sentence(thresholds: Thresholds) -> str:
    """The method in one sentence, with the thresholds in force."""
    return (f"High need = in England's top {100 - thresholds.high_need:g}% of districts on the "
            f"matching indicator (need percentile ≥ {thresholds.high_need:g}); low provision = "
            f"fewer than {thresholds.low_rate:g} interventions per 10,000 adults or under "
            f"{thresholds.low_share:g}% of the locality's interventions; no provision always "
            "stands out.")


def gap_heatmap(
    ctx: AtlasContext, state: ViewState, localities: Sequence[str]
) -> tuple[go.Figure, str, pd.DataFrame]:
    """Locality x determinant heatmap coloured by gap class, its summary and the gap table."""
    thresholds = thresholds_of(state)
    gaps = gap_table(ctx.geography.lads, filtered(ctx, state), list(localities), thresholds,
                     ctx.dataset.codes.pair_counts)
    labels = ctx.codelists["determinants"].labels
    rows, drawn = readable_localities(ctx, localities)
    cells = gaps[gaps["locality"].isin(rows)] if drawn else gaps
    cells = cells.assign(
        mark=cells["gap_class"].map(GAP_MARKS),
        text=lambda g: g["interventions"].astype(str) + g["mark"].map(lambda m: f" {m}" if m else ""),
        hover=[_hover(ctx, r, labels) for r in cells.itertuples()],
    )
    pivot = {key: cells.pivot(index="locality", columns="determinant", values=key)
             .reindex(index=rows, columns=list(NEED_INDICATORS))
             for key in ("gap_class", "text", "hover")}
    caption = Caption(
        title="Need against provision: gap class by locality and determinant",
        subtitle=subtitle(ctx, state, "Localities in the dataset").replace(
            "\n", "\n" + method_sentence(thresholds) + (f" {drawn}" if drawn else "") + "\n"),
        sources=(IOD_SOURCE, CENSUS_SOURCE),
    )
    figure = class_heatmap(
        pivot["gap_class"], pivot["text"], pivot["hover"], caption,
        class_order=list(GAP_CLASSES), class_labels=dict(GAP_CLASSES), class_colours=GAP_COLOURS,
        row_labels={c: lad_name(ctx, c) for c in rows},
        col_labels={c: labels[c] for c in NEED_INDICATORS},
    )
    counts = gaps["gap_class"].value_counts()
    summary = (f"{method_sentence(thresholds)} {drawn + ' ' if drawn else ''}"
               f"Across all {len(localities)} localities: "
               + "; ".join(f"{GAP_CLASSES[c]}: {int(counts.get(c, 0))}" for c in GAP_CLASSES
                           if c != "no_indicator") + ".")
    return figure, summary, gaps


def _hover(ctx: AtlasContext, row, labels: dict[str, str]) -> str:
    indicator = NEED_INDICATORS[row.determinant]
    rate = f"{format_rate(row.per_10k)} per 10,000 adults"
    share = "" if pd.isna(row.share) else f", {row.share:.0f}% of the locality's interventions"
    need = "no indicator" if pd.isna(row.need_percentile) else (
        f"percentile {row.need_percentile:.0f} (rank {int(row.need_rank)} of 296)")
    return (f"<b>{lad_name(ctx, row.locality)}: {labels[row.determinant]}</b><br>"
            f"Need ({indicator.label}): {need}<br>Interventions: {row.interventions} "
            f"({rate}{share})<br>{GAP_CLASSES[row.gap_class]}")


def priorities(
    ctx: AtlasContext, state: ViewState, gaps: pd.DataFrame, localities: Sequence[str]
) -> list[tuple[str, list[str], str | None]]:
    """Per locality: its name, ranked priority-gap sentences and any thin-coverage note."""
    labels = ctx.codelists["determinants"].labels
    names = ctx.geography.lads["LAD24NM"].to_dict()
    coded = filtered(ctx, state)["locality_code"].value_counts()
    # One pass over the gap table: filtering it per locality is slow at 296 localities.
    by_locality: dict[str, list] = {code: [] for code in localities}
    for row in gaps.itertuples():
        by_locality.setdefault(row.locality, []).append(row)
    return [
        (lad_name(ctx, code),
         priority_gaps(by_locality[code], names, labels, lads=ctx.geography.lads),
         coverage_note(int(coded.get(code, 0))))
        for code in localities
    ]


def group_parity(
    ctx: AtlasContext, state: ViewState, localities: Sequence[str]
) -> tuple[go.Figure, str]:
    """Population groups' Census share against their share of provision, with parity line."""
    localities, shown = readable_localities(ctx, localities)
    table = group_need_vs_provision(ctx.geography.lads, filtered(ctx, state), localities,
                                    ctx.dataset.codes.pair_counts)
    table = table.dropna(subset=["need_share", "provision_share"])
    groups = ctx.codelists["populations"].labels
    points = pd.DataFrame({
        "x": table["need_share"], "y": table["provision_share"],
        "label": [f"{lad_name(ctx, r.locality)[:12]} · {groups[r.group][:14]}"
                  for r in table.itertuples()],
        "hover": [f"<b>{lad_name(ctx, r.locality)}: {groups[r.group]}</b><br>Census 2021 share: "
                  f"{r.need_share:.1f}%<br>Share of interventions targeting them: "
                  f"{r.provision_share:.1f}%" for r in table.itertuples()],
    })
    caption = Caption(
        title="Population groups: share of residents against share of provision",
        subtitle=subtitle(ctx, state, "Localities in the dataset") + " Below the dotted line: "
        "less provision than their share of the population." + (f"\n{shown}" if shown else ""),
        sources=(CENSUS_SOURCE,),
    )
    figure = need_provision_scatter(points, caption, x_title="Share of residents (%, Census 2021)",
                                    y_title="Share of interventions targeting the group (%)",
                                    parity=True)
    below = table[table["provision_share"] < table["need_share"]]
    summary = (f"{shown + ' ' if shown else ''}"
               f"{len(below)} of {len(table)} locality-group pairs get a smaller share of "
               "provision than their share of residents: " + "; ".join(
                   f"{lad_name(ctx, r.locality)} {groups[r.group]} {r.provision_share:.1f}% vs "
                   f"{r.need_share:.1f}%" for r in below.itertuples()) + ".")
    return figure, summary


def quadrant(ctx: AtlasContext, state: ViewState, code: str) -> tuple[go.Figure, str]:
    """One locality's determinants: need percentile against interventions per 10,000 adults."""
    thresholds = thresholds_of(state)
    gaps = gap_table(ctx.geography.lads, filtered(ctx, state), [code], thresholds,
                     ctx.dataset.codes.pair_counts)
    labels = ctx.codelists["determinants"].labels
    gaps = gaps.dropna(subset=["need_percentile"])
    points = pd.DataFrame({
        "x": gaps["need_percentile"], "y": gaps["per_10k"].fillna(0),
        "label": [labels[d].split(" and ")[0] for d in gaps["determinant"]],
        "hover": [_hover(ctx, r, labels) for r in gaps.itertuples()],
    })
    name = lad_name(ctx, code)
    caption = Caption(
        title=f"{name}: need against provision by determinant",
        subtitle=subtitle(ctx, state, name) + " Dashed lines: thresholds.",
        sources=(IOD_SOURCE, CENSUS_SOURCE),
    )
    figure = need_provision_scatter(
        points, caption, x_title="Need: national percentile (100 = highest need)",
        y_title="Interventions per 10,000 adults", vertical=thresholds.high_need,
        horizontal=thresholds.low_rate)
    summary = "; ".join(f"{labels[r.determinant]}: need percentile {r.need_percentile:.0f}, "
                        f"{r.interventions} interventions ({GAP_CLASSES[r.gap_class]})"
                        for r in gaps.itertuples()) + "."
    return figure, summary


def evaluation_rows(ctx: AtlasContext, interventions: pd.DataFrame) -> list[tuple[str, str]]:
    """The evaluation gap as label/value pairs for a panel."""
    gap = evaluation_gap(interventions, ctx.codelists, ctx.dataset.codes.code_counts)
    n = gap["n"]
    if not n:
        return [("Interventions", "0: nothing to evaluate")]

    def pct(key: str) -> str:
        value = gap[key]
        count = value["count"] if isinstance(value, dict) else None
        share = value["percent"] if isinstance(value, dict) else value
        return f"{share:.0f}%" + (f" ({count} of {n})" if count is not None else "")

    types = ctx.codelists["types"].labels
    determinants = ctx.codelists["determinants"].labels
    return [
        ("Interventions", str(n)),
        ("Outcomes measured", pct("outcomes_measured")),
        ("Evaluated (internal, independent or published)", pct("evaluated")),
        ("Reach known", pct("reach_known")),
        ("Cost known", pct("cost_known")),
        ("Types with no evaluated intervention",
         ", ".join(types[c] for c in gap["types_without_evaluation"]) or "none"),
        ("Determinants with no evaluated intervention",
         ", ".join(determinants[c] for c in gap["determinants_without_evaluation"]) or "none"),
    ]


def unindicated(ctx: AtlasContext, state: ViewState) -> list[tuple[str, str, int]]:
    """Determinants without a need indicator: label, level and interventions (zeros shown)."""
    determinants = ctx.codelists["determinants"]
    labels, groups = determinants.labels, determinants.groups
    codes = [c for c in determinants.codes if c not in NEED_INDICATORS]
    counts = ctx.dataset.codes.code_counts(filtered(ctx, state), "determinants", codes)
    return [(labels[c], groups[c], int(counts[c])) for c in codes]


GROUP_CODES = tuple(GROUP_INDICATORS)
