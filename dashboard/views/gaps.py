"""View models of the need-against-provision analysis: figures, lists and sentences."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

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
from dashboard.context import AtlasContext
from dashboard.core.formatting import format_rate, plural
from dashboard.core.iod import CENSUS_SOURCE, IOD_SOURCE
from dashboard.core.view_state import ViewState
from dashboard.figures.charts import class_heatmap, need_bars, need_provision_scatter
from dashboard.views.common import (
    Chart,
    dataset_localities,
    filtered,
    lad_name,
    readable_localities,
    view_caption,
)

# Cell text is white on the dark class and ink on the others, 4.5:1 or more on every class
# (tests/figures/test_theme.py); the white class is outlined in the legend.
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
PARITY_LABELS = 8


def thresholds_of(state: ViewState) -> Thresholds:
    """The gap thresholds a view state carries."""
    need, rate, share = state.thresholds
    return Thresholds(high_need=need, low_rate=rate, low_share=share)


def method_sentence(thresholds: Thresholds) -> str:
    """The method in one sentence, with the thresholds in force."""
    return (f"High need = in England's top {100 - thresholds.high_need:g}% of areas on the "
            f"matching indicator (need percentile ≥ {thresholds.high_need:g}); low provision = "
            f"fewer than {thresholds.low_rate:g} "
            f"intervention{'' if thresholds.low_rate == 1 else 's'} per 10,000 adults or under "
            f"{thresholds.low_share:g}% of the locality's interventions; no provision always "
            "stands out.")


def gap_heatmap(
    atlas: AtlasContext, state: ViewState, localities: Sequence[str]
) -> tuple[Chart, pd.DataFrame]:
    """Locality x determinant heatmap coloured by gap class (with its summary), and the gap table."""
    thresholds = thresholds_of(state)
    gaps = gap_table(atlas.geography.lads, filtered(atlas, state), list(localities), thresholds,
                     atlas.dataset.codes.pair_counts)
    labels = atlas.codelists["determinants"].labels
    rows, drawn = readable_localities(atlas, localities)
    cells = gaps[gaps["locality"].isin(rows)] if drawn else gaps
    cells = cells.assign(
        mark=cells["gap_class"].map(GAP_MARKS),
        text=lambda g: g["interventions"].astype(str) + g["mark"].map(lambda m: f" {m}" if m else ""),
        hover=[_hover(atlas, r, labels) for r in cells.itertuples()],
    )
    pivot = {key: cells.pivot(index="locality", columns="determinant", values=key)
             .reindex(index=rows, columns=list(NEED_INDICATORS))
             for key in ("gap_class", "text", "hover")}
    caption = view_caption(
        atlas, state, title="Need against provision: gap class by locality and determinant",
        place="Localities in the dataset", notes=(method_sentence(thresholds), drawn),
        sources=(IOD_SOURCE, CENSUS_SOURCE))
    figure = class_heatmap(
        pivot["gap_class"], pivot["text"], pivot["hover"], caption,
        class_order=list(GAP_CLASSES), class_labels=dict(GAP_CLASSES), class_colours=GAP_COLOURS,
        row_labels={c: lad_name(atlas, c) for c in rows},
        col_labels={c: labels[c] for c in NEED_INDICATORS}, names=("localities", "determinants"),
    )
    counts = gaps["gap_class"].value_counts()
    summary = (f"{method_sentence(thresholds)} {drawn + ' ' if drawn else ''}"
               f"Across {'the' if len(localities) == 1 else 'all'} "
               f"{plural(len(localities), 'locality', 'localities')}: "
               + "; ".join(f"{GAP_CLASSES[c]}: {int(counts.get(c, 0))}" for c in GAP_CLASSES
                           if c != "no_indicator") + ".")
    return Chart(figure, caption, summary), gaps


def _hover(atlas: AtlasContext, row, labels: dict[str, str]) -> str:
    indicator = NEED_INDICATORS[row.determinant]
    rate = f"{format_rate(row.per_10k)} per 10,000 adults"
    share = "" if pd.isna(row.share) else f", {row.share:.0f}% of the locality's interventions"
    need = "no indicator" if pd.isna(row.need_percentile) else (
        f"percentile {row.need_percentile:.0f} (rank {int(row.need_rank)} of 296)")
    return (f"<b>{lad_name(atlas, row.locality)}: {labels[row.determinant]}</b><br>"
            f"Need ({indicator.label}): {need}<br>Interventions: {row.interventions} "
            f"({rate}{share})<br>{GAP_CLASSES[row.gap_class]}")


def priorities(
    atlas: AtlasContext, state: ViewState, gaps: pd.DataFrame, localities: Sequence[str]
) -> list[tuple[str, list[str], str | None]]:
    """Per locality: its name, ranked priority-gap sentences and any thin-coverage note."""
    labels = atlas.codelists["determinants"].labels
    names = atlas.geography.lads["LAD24NM"].to_dict()
    coded = filtered(atlas, state)["locality_code"].value_counts()
    # One pass over the gap table: filtering it per locality is slow at 296 localities.
    by_locality: dict[str, list] = {code: [] for code in localities}
    for row in gaps.itertuples():
        by_locality.setdefault(row.locality, []).append(row)
    return [
        (lad_name(atlas, code),
         priority_gaps(by_locality[code], names, labels, lads=atlas.geography.lads),
         coverage_note(int(coded.get(code, 0))))
        for code in localities
    ]


def group_parity(
    atlas: AtlasContext, state: ViewState, localities: Sequence[str]
) -> Chart:
    """Population groups' Census share against their share of provision, with parity line."""
    localities, shown = readable_localities(atlas, localities)
    if atlas.geography.level != "lad":
        shown = ("Census shares of population groups are published for districts, not for NHS "
                 "areas: choose local authorities to compare them with provision.")
    table = group_need_vs_provision(atlas.geography.lads, filtered(atlas, state), localities,
                                    atlas.dataset.codes.pair_counts)
    table = table.dropna(subset=["need_share", "provision_share"])
    groups = atlas.codelists["populations"].labels
    # Label the pairs furthest below parity, worst first (placed first); the rest keep hover.
    table = table.assign(shortfall=table["need_share"] - table["provision_share"]).sort_values(
        "shortfall", ascending=False)
    labelled = set(table.index[table["shortfall"] > 0][:PARITY_LABELS])
    points = pd.DataFrame({
        "x": table["need_share"], "y": table["provision_share"],
        "label": [f"{lad_name(atlas, r.locality)}: {groups[r.group]}" if r.Index in labelled
                  else "" for r in table.itertuples()],
        "hover": [f"<b>{lad_name(atlas, r.locality)}: {groups[r.group]}</b><br>Census 2021 share: "
                  f"{r.need_share:.1f}%<br>Share of interventions targeting them: "
                  f"{r.provision_share:.1f}%" for r in table.itertuples()],
    })
    caption = view_caption(
        atlas, state, title="Population groups: share of residents against share of provision",
        place="Localities in the dataset",
        notes=("Below the dotted line: less provision than their share of the population. "
               "Labelled: the pairs furthest below it (where labels fit); every pair is in "
               "the hover and the text alternative.", shown),
        sources=(CENSUS_SOURCE,))
    figure = need_provision_scatter(points, caption, x_title="Share of residents (%, Census 2021)",
                                    y_title="Share of interventions targeting the group (%)",
                                    parity=True)
    below = table[table["provision_share"] < table["need_share"]].sort_values(
        ["locality", "group"])
    summary = (f"{shown + ' ' if shown else ''}"
               f"{len(below)} of {len(table)} locality-group pairs get a smaller share of "
               "provision than their share of residents: " + "; ".join(
                   f"{lad_name(atlas, r.locality)} {groups[r.group]} {r.provision_share:.1f}% vs "
                   f"{r.need_share:.1f}%" for r in below.itertuples()) + ".")
    return Chart(figure, caption, summary)


def quadrant(atlas: AtlasContext, state: ViewState, code: str) -> Chart:
    """One locality's determinants: need percentile against interventions per 10,000 adults."""
    thresholds = thresholds_of(state)
    gaps = gap_table(atlas.geography.lads, filtered(atlas, state), [code], thresholds,
                     atlas.dataset.codes.pair_counts)
    labels = atlas.codelists["determinants"].labels
    gaps = gaps.dropna(subset=["need_percentile"]).sort_values("need_percentile", ascending=False)
    points = pd.DataFrame({
        "x": gaps["need_percentile"], "y": gaps["per_10k"].fillna(0),
        "label": [labels[d].split(" and ")[0] for d in gaps["determinant"]],
        "hover": [_hover(atlas, r, labels) for r in gaps.itertuples()],
    })
    name = lad_name(atlas, code)
    caption = view_caption(
        atlas, state, title=f"{name}: need against provision by determinant", place=name,
        notes=("Dashed lines: thresholds. Labels that would overlap are left out (highest need "
               "labelled first); every determinant is in the hover and the text alternative.",),
        sources=(IOD_SOURCE, CENSUS_SOURCE))
    figure = need_provision_scatter(
        points, caption, x_title="Need: national percentile (100 = highest need)",
        y_title="Interventions per 10,000 adults", vertical=thresholds.high_need,
        horizontal=thresholds.low_rate)
    summary = "; ".join(f"{labels[r.determinant]}: need percentile {r.need_percentile:.0f}, "
                        f"{plural(r.interventions, 'intervention')} ({GAP_CLASSES[r.gap_class]})"
                        for r in gaps.itertuples()) + "."
    return Chart(figure, caption, summary)


def need_profile(atlas: AtlasContext, state: ViewState, code: str) -> Chart:
    """One locality's need percentile by determinant, highest need first.

    The need side of a locality with no provision to set against it.
    """
    thresholds = thresholds_of(state)
    gaps = gap_table(atlas.geography.lads, filtered(atlas, state), [code], thresholds,
                     atlas.dataset.codes.pair_counts)
    gaps = gaps.dropna(subset=["need_percentile"]).sort_values("need_percentile", ascending=False)
    labels = atlas.codelists["determinants"].labels
    name = lad_name(atlas, code)
    caption = view_caption(
        atlas, state, title=f"{name}: need by determinant", place=name,
        notes=(f"Dashed line: high need (percentile {thresholds.high_need:g}). No provision is "
               "coded here, so provision is not set against need.",),
        sources=(IOD_SOURCE, CENSUS_SOURCE))
    figure = need_bars([labels[d] for d in gaps["determinant"]], gaps["need_percentile"].tolist(),
                       caption, threshold=thresholds.high_need)
    high = gaps[gaps["need_percentile"] >= thresholds.high_need]
    summary = (f"{name}: {plural(len(high), 'determinant')} at high need (percentile "
               f"{thresholds.high_need:g} or more)"
               + (": " + ", ".join(f"{labels[r.determinant]} ({r.need_percentile:.0f})"
                                   for r in high.itertuples()) if len(high) else "")
               + ". " + "; ".join(f"{labels[r.determinant]}: {r.need_percentile:.0f}"
                                  for r in gaps.itertuples()) + ".")
    return Chart(figure, caption, summary)


def evaluation_rows(atlas: AtlasContext, interventions: pd.DataFrame) -> list[tuple[str, str]]:
    """The evaluation gap as label/value pairs for a panel.

    A measure no intervention records reads "not recorded" rather than 0%; one recorded by
    only some says how many do not record it.
    """
    gap = evaluation_gap(interventions, atlas.codelists, atlas.dataset.codes.code_counts)
    n = gap["n"]
    if not n:
        return [("Interventions", "0: nothing to evaluate")]

    def pct(key: str, field: str, answered: bool = True) -> str:
        """``answered``: the field records an answer (yes or no), so unrecorded ones differ."""
        value, recorded = gap[key], gap["recorded"][field]
        if not recorded:
            return f"not recorded (none of the {n} interventions gives it)"
        missing = f"; {n - recorded} not recorded" if answered and recorded < n else ""
        return f"{value['percent']:.0f}% ({value['count']} of {n}{missing})"

    types = atlas.codelists["types"].labels
    determinants = atlas.codelists["determinants"].labels
    unrecorded = not gap["recorded"]["evaluation_level"]
    return [
        ("Interventions", str(n)),
        ("Outcomes measured", pct("outcomes_measured", "outcomes_measured")),
        ("Evaluated (internal, independent or published)", pct("evaluated", "evaluation_level")),
        ("Reach known", pct("reach_known", "annual_reach", answered=False)),
        ("Cost known", pct("cost_known", "annual_cost_gbp", answered=False)),
        ("Types with no evaluated intervention", "evaluation not recorded" if unrecorded else
         ", ".join(types[c] for c in gap["types_without_evaluation"]) or "none"),
        ("Determinants with no evaluated intervention", "evaluation not recorded" if unrecorded
         else ", ".join(determinants[c] for c in gap["determinants_without_evaluation"]) or "none"),
    ]


def unindicated(atlas: AtlasContext, state: ViewState) -> list[tuple[str, str, int]]:
    """Determinants without a need indicator: label, level and interventions (zeros shown)."""
    determinants = atlas.codelists["determinants"]
    labels, groups = determinants.labels, determinants.groups
    codes = [c for c in determinants.codes if c not in NEED_INDICATORS]
    counts = atlas.dataset.codes.code_counts(filtered(atlas, state), "determinants", codes)
    return [(labels[c], groups[c], int(counts[c])) for c in codes]


GROUP_CODES = tuple(GROUP_INDICATORS)


@dataclass(frozen=True)
class GapsPage:
    """Everything the need-against-provision page shows.

    Attributes:
        method: the method in one sentence, with the thresholds in force.
        classes: gap class by locality and determinant.
        priorities: per locality listed, its name, ranked gap sentences and coverage note.
        listed: which localities the priorities list (a note when not all of them).
        unindicated: determinants without a need indicator: label, level, interventions.
        parity: population groups' share of residents against share of provision.
        evaluation: the evaluation gap over every locality, as (measure, value) pairs.
    """

    method: str
    classes: Chart
    priorities: tuple[tuple[str, list[str], str | None], ...]
    listed: str
    unindicated: tuple[tuple[str, str, int], ...]
    parity: Chart
    evaluation: tuple[tuple[str, str], ...]


def gaps_page(atlas: AtlasContext, state: ViewState) -> GapsPage:
    """The need-against-provision page for the dataset's localities."""
    localities = dataset_localities(atlas)
    classes, gaps = gap_heatmap(atlas, state, localities)
    listed, note = readable_localities(atlas, localities)
    return GapsPage(
        method=method_sentence(thresholds_of(state)), classes=classes,
        priorities=tuple(priorities(atlas, state, gaps, listed)), listed=note,
        unindicated=tuple(unindicated(atlas, state)), parity=group_parity(atlas, state, localities),
        evaluation=tuple(evaluation_rows(atlas, filtered(atlas, state))),
    )
