"""The figures of each view, named, so exports, the presenter and the CLI show what the page shows.

A view is a :class:`~dashboard.core.view_state.ViewState` (one URL). Each page has an ordered list of parts;
the first is the page's headline figure, the one a permalink exports when no part is named.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from dashboard.analysis.gaps import GAP_CLASSES, gap_table, group_need_vs_provision
from dashboard.context import AtlasContext
from dashboard.core.view_state import ViewState
from dashboard.views.common import (
    HEATMAP_TITLES,
    dataset_localities,
    filtered,
    heatmap_counts,
    heatmap_figure,
    intersection_counts,
    intersection_figure,
    lad_name,
    locality_map,
    lsoa_areas,
    national_areas,
    national_figure,
)
from dashboard.views.gaps import gap_heatmap, group_parity, quadrant, thresholds_of

PART_LABELS: dict[str, str] = {
    "map": "Deprivation map",
    "determinant_type": "Heatmap: determinants by intervention type",
    "population_determinant": "Heatmap: population groups by determinant",
    "locality_determinant": "Heatmap: localities by determinant",
    "intersection": "Intersectional targeting",
    "quadrant": "Need against provision (quadrant)",
    "gaps": "Gap classes by locality and determinant",
    "parity": "Population groups against parity",
}
PAGE_PARTS: dict[str, tuple[str, ...]] = {
    "national": ("map", "determinant_type", "population_determinant", "locality_determinant",
                 "intersection"),
    "locality": ("map", "determinant_type", "population_determinant", "locality_determinant",
                 "quadrant"),
    "gaps": ("gaps", "parity"),
    "compare": ("gaps", "locality_determinant"),
    "methods": (),
    "present": (),
}


@dataclass(frozen=True)
class Part:
    """One figure of a view with its text alternative."""

    key: str
    label: str
    figure: go.Figure
    summary: str


def parts_of(state: ViewState) -> tuple[str, ...]:
    """Keys of the exportable figures of the state's page, headline first."""
    if state.current_page == "compare" and len(state.compare) < 2:
        return ()
    return PAGE_PARTS.get(state.current_page, ())


def _scope(ctx: AtlasContext, state: ViewState) -> tuple[str, list[str], str | None]:
    """Place name, localities and single locality (if any) a view's figures cover."""
    page = state.current_page
    if page == "locality":
        return lad_name(ctx, state.locality), [state.locality], state.locality
    if page == "compare":
        return "Compared localities", list(state.compare), None
    return "England", dataset_localities(ctx), None


def build_part(ctx: AtlasContext, state: ViewState, key: str) -> Part:
    """The named figure of a view, exactly as the page draws it.

    Raises:
        KeyError: the page has no such part.
    """
    if key not in parts_of(state):
        raise KeyError(key)
    place, localities, locality = _scope(ctx, state)
    builders: dict[str, Callable[[], tuple]] = {
        "map": (lambda: locality_map(ctx, locality, state, filtered(ctx, state))) if locality
        else (lambda: national_figure(ctx, state)),
        "intersection": lambda: intersection_figure(ctx, state, place),
        "quadrant": lambda: quadrant(ctx, state, locality),
        "gaps": lambda: gap_heatmap(ctx, state, localities)[:2],
        "parity": lambda: group_parity(ctx, state, localities),
    }
    for kind in HEATMAP_TITLES:
        builders[kind] = (lambda kind=kind: heatmap_figure(ctx, kind, state, place, localities,
                                                           locality=locality))
    figure, summary = builders[key]()
    return Part(key=key, label=PART_LABELS[key], figure=figure, summary=summary)


def part_table(ctx: AtlasContext, state: ViewState, key: str) -> pd.DataFrame:
    """The numbers behind a figure, one row per mark, with labels instead of codes.

    Raises:
        KeyError: the page has no such part.
    """
    if key not in parts_of(state):
        raise KeyError(key)
    place, localities, locality = _scope(ctx, state)
    rows = filtered(ctx, state, locality)
    if key == "map":
        if locality:
            return lsoa_areas(ctx, locality, state.domain).drop(
                columns=["interventions", "per_10k"]).rename(
                columns={"code": "LSOA21CD", "name": "LSOA21NM"})
        areas = national_areas(ctx, filtered(ctx, state), state.domain, state.measure)
        return areas.rename(columns={"code": "LAD24CD", "name": "LAD24NM",
                                     "per_10k": "per_10k_adults"})
    if key in HEATMAP_TITLES:
        counts = heatmap_counts(ctx, key, rows, localities)
        return _long(ctx, key, counts)
    if key == "intersection":
        table = intersection_counts(ctx, rows)
        return table[["label", "count"]].rename(columns={"label": "combination",
                                                         "count": "interventions"})
    if key in ("gaps", "quadrant"):
        gaps = gap_table(ctx.geography.lads, filtered(ctx, state),
                         [locality] if locality else localities, thresholds_of(state),
                         ctx.dataset.codes.pair_counts)
        labels = ctx.codelists["determinants"].labels
        return pd.DataFrame({
            "locality": gaps["locality"].map(lambda c: lad_name(ctx, c)),
            "LAD24CD": gaps["locality"],
            "determinant": gaps["determinant"].map(labels),
            "need_percentile": gaps["need_percentile"],
            "need_rank_of_296": gaps["need_rank"],
            "interventions": gaps["interventions"],
            "per_10k_adults": gaps["per_10k"],
            "share_percent": gaps["share"],
            "gap_class": gaps["gap_class"].map(GAP_CLASSES),
        })
    table = group_need_vs_provision(ctx.geography.lads, rows, localities,
                                    ctx.dataset.codes.pair_counts)
    groups = ctx.codelists["populations"].labels
    return pd.DataFrame({
        "locality": table["locality"].map(lambda c: lad_name(ctx, c)),
        "LAD24CD": table["locality"],
        "population_group": table["group"].map(groups),
        "census_share_percent": table["need_share"],
        "provision_share_percent": table["provision_share"],
    })


def _long(ctx: AtlasContext, kind: str, counts: pd.DataFrame) -> pd.DataFrame:
    """A heatmap's count matrix as one row per cell, codes turned into labels."""
    determinants = ctx.codelists["determinants"].labels
    if kind == "determinant_type":
        row_labels, col_labels = determinants, ctx.codelists["types"].labels
    elif kind == "population_determinant":
        row_labels, col_labels = ctx.codelists["populations"].labels, determinants
    else:
        row_labels, col_labels = {c: lad_name(ctx, c) for c in counts.index}, determinants
    row_name, col_name = {
        "determinant_type": ("determinant", "intervention_type"),
        "population_determinant": ("population_group", "determinant"),
        "locality_determinant": ("locality", "determinant"),
    }[kind]
    long = counts.rename_axis(index=row_name, columns=col_name).stack().rename(
        "interventions").reset_index()
    long[row_name] = long[row_name].map(row_labels)
    long[col_name] = long[col_name].map(col_labels)
    return long
