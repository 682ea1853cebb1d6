"""The figures of each view, named, so exports, the presenter and the CLI show what the page shows.

A view is a :class:`~dashboard.core.view_state.ViewState` (one URL). Each page has an ordered list of parts;
the first is the page's headline figure, the one a permalink exports when no part is named.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from dashboard.analysis.change import CHANGE_TICKS
from dashboard.analysis.gaps import GAP_CLASSES, gap_table, group_need_vs_provision
from dashboard.context import AtlasContext
from dashboard.core.iod import DOMAIN_BY_KEY
from dashboard.core.view_state import ViewState
from dashboard.figures.caption import Caption
from dashboard.views.atlas import map_classes, national_areas, national_chart
from dashboard.views.common import Chart, dataset_localities, filtered, lad_name
from dashboard.views.gaps import gap_heatmap, group_parity, quadrant, thresholds_of
from dashboard.views.locality import locality_map, lsoa_areas
from dashboard.views.provision import (
    HEATMAP_TITLES,
    heatmap_chart,
    heatmap_counts,
    intersection_chart,
    intersection_counts,
)

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
    """One figure of a view, as the page draws it, with its caption as data.

    Exports and slides draw the caption in their own frame; ``summary`` is the text alternative.
    """

    key: str
    label: str
    figure: go.Figure
    caption: Caption
    summary: str


def parts_of(state: ViewState) -> tuple[str, ...]:
    """Keys of the exportable figures of the state's page, headline first."""
    if state.current_page == "compare" and len(state.compare) < 2:
        return ()
    return PAGE_PARTS.get(state.current_page, ())


def _scope(atlas: AtlasContext, state: ViewState) -> tuple[str, list[str], str | None]:
    """Place name, localities and single locality (if any) a view's figures cover."""
    page = state.current_page
    if page == "locality":
        return lad_name(atlas, state.locality), [state.locality], state.locality
    if page == "compare":
        return "Compared localities", list(state.compare), None
    return "England", dataset_localities(atlas), None


def build_part(atlas: AtlasContext, state: ViewState, key: str) -> Part:
    """The named figure of a view, exactly as the page draws it.

    Raises:
        KeyError: the page has no such part.
    """
    if key not in parts_of(state):
        raise KeyError(key)
    place, localities, locality = _scope(atlas, state)
    builders: dict[str, Callable[[], Chart]] = {
        "map": (lambda: locality_map(atlas, locality, state, filtered(atlas, state))) if locality
        else (lambda: national_chart(atlas, state)),
        "intersection": lambda: intersection_chart(atlas, state, place),
        "quadrant": lambda: quadrant(atlas, state, locality),
        "gaps": lambda: gap_heatmap(atlas, state, localities)[0],
        "parity": lambda: group_parity(atlas, state, localities),
    }
    for kind in HEATMAP_TITLES:
        builders[kind] = (lambda kind=kind: heatmap_chart(atlas, kind, state, place, localities,
                                                          locality=locality))
    chart = builders[key]()
    return Part(key=key, label=PART_LABELS[key], figure=chart.figure, caption=chart.caption,
                summary=chart.summary)


def part_table(atlas: AtlasContext, state: ViewState, key: str) -> pd.DataFrame:
    """The numbers behind a figure, one row per mark, with labels instead of codes.

    Raises:
        KeyError: the page has no such part.
    """
    if key not in parts_of(state):
        raise KeyError(key)
    place, localities, locality = _scope(atlas, state)
    rows = filtered(atlas, state, locality)
    if key == "map":
        return _map_table(atlas, state, locality)
    if key in HEATMAP_TITLES:
        counts = heatmap_counts(atlas, key, rows, localities)
        return _long(atlas, key, counts)
    if key == "intersection":
        table = intersection_counts(atlas, rows)
        return table[["label", "count"]].rename(columns={"label": "combination",
                                                         "count": "interventions"})
    if key in ("gaps", "quadrant"):
        gaps = gap_table(atlas.geography.lads, filtered(atlas, state),
                         [locality] if locality else localities, thresholds_of(state),
                         atlas.dataset.codes.pair_counts)
        labels = atlas.codelists["determinants"].labels
        return pd.DataFrame({
            "locality": gaps["locality"].map(lambda c: lad_name(atlas, c)),
            "LAD24CD": gaps["locality"],
            "determinant": gaps["determinant"].map(labels),
            "need_percentile": gaps["need_percentile"],
            "need_rank_of_296": gaps["need_rank"],
            "interventions": gaps["interventions"],
            "per_10k_adults": gaps["per_10k"],
            "share_percent": gaps["share"],
            "gap_class": gaps["gap_class"].map(GAP_CLASSES),
        })
    table = group_need_vs_provision(atlas.geography.lads, rows, localities,
                                    atlas.dataset.codes.pair_counts)
    groups = atlas.codelists["populations"].labels
    return pd.DataFrame({
        "locality": table["locality"].map(lambda c: lad_name(atlas, c)),
        "LAD24CD": table["locality"],
        "population_group": table["group"].map(groups),
        "census_share_percent": table["need_share"],
        "provision_share_percent": table["provision_share"],
    })


def _map_table(atlas: AtlasContext, state: ViewState, locality: str | None) -> pd.DataFrame:
    """The numbers behind a map: one row per area (of the level), published scores and ranks."""
    domain = DOMAIN_BY_KEY[state.domain].label
    if locality:
        areas = lsoa_areas(atlas, locality, state.domain)
        return pd.DataFrame({
            "LSOA21CD": areas["code"], "LSOA21NM": areas["lsoa_name"], "ward_2024": areas["ward"],
            "domain": domain, "score": areas["score"], "rank_of_33755": areas["rank"],
            "decile": areas["decile"],
        })
    areas = national_areas(atlas, filtered(atlas, state), state.domain, state.measure)
    code, name = {"sicbl": ("SICBL24CD", "SICBL24NM"), "icb": ("ICB24CD", "ICB24NM")}.get(
        atlas.geography.level, ("LAD24CD", "LAD24NM"))
    if state.measure == "change":
        return pd.DataFrame({
            code: areas["code"], name: areas["name"], "domain": domain,
            "change_in_rank_since_2019": areas["rank"],
            "change_class": [CHANGE_TICKS[c - 1] for c in areas["colour_class"]],
            "more_deprived_and_getting_relatively_more_deprived": areas["watch"],
            "interventions": areas["interventions"], "per_10k_adults": areas["per_10k"].round(3),
        })
    return pd.DataFrame({
        code: areas["code"], name: areas["name"], "domain": domain,
        "average_score": areas["score"], "rank_of_average_score": areas["score_rank"],
        "decile_of_rank": areas["decile"], "share_of_lsoas_in_most_deprived_10pc": areas["share"],
        "rank_of_share": areas["share_rank"],
        "map_class": [map_classes(state.measure).labels[c - 1] for c in areas["colour_class"]],
        "interventions": areas["interventions"], "per_10k_adults": areas["per_10k"].round(3),
    })


def _long(atlas: AtlasContext, kind: str, counts: pd.DataFrame) -> pd.DataFrame:
    """A heatmap's count matrix as one row per cell, codes turned into labels."""
    determinants = atlas.codelists["determinants"].labels
    if kind == "determinant_type":
        row_labels, col_labels = determinants, atlas.codelists["types"].labels
    elif kind == "population_determinant":
        row_labels, col_labels = atlas.codelists["populations"].labels, determinants
    else:
        row_labels, col_labels = {c: lad_name(atlas, c) for c in counts.index}, determinants
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
