"""What every view shares: the filtered rows, captions, place names, the localities shown.

Every function of ``dashboard.views`` takes the read-only context plus plain values (a view
state, a code) and returns plain data, figures and sentences, so callbacks stay thin and the
API and exports reuse the same numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from dashboard.analysis.filters import describe_filters
from dashboard.analysis.metrics import Selection
from dashboard.context import AtlasContext
from dashboard.core.formatting import plural
from dashboard.core.iod import BOUNDARY_SOURCE, CENSUS_SOURCE, HEX_SOURCE, IOD_SOURCE, LAD_COUNT
from dashboard.core.view_state import FILTER_FIELDS, ViewState
from dashboard.figures.caption import Caption

LEVEL_ORDER = ("individual", "family", "community", "structural")
HEATMAP_ROWS = 30  # localities a heatmap or list shows; more cannot be read (exports keep all)
SOURCES = (IOD_SOURCE, BOUNDARY_SOURCE, HEX_SOURCE, CENSUS_SOURCE)


@dataclass(frozen=True)
class Chart:
    """A figure as the page draws it, its caption as data and its text alternative."""

    figure: go.Figure
    caption: Caption
    summary: str


def selected(atlas: AtlasContext, state: ViewState, locality: str | None = None) -> Selection:
    """Interventions of the loaded dataset that pass the state's filters (in one locality).

    A selection, for counting (``metrics`` functions and the dataset's code index count it
    without copying rows); :func:`filtered` gives the rows themselves.
    """
    return atlas.dataset.selection(
        {FILTER_FIELDS[p]: codes for p, codes in state.active_filters.items()}, locality)


def filtered(atlas: AtlasContext, state: ViewState, locality: str | None = None) -> pd.DataFrame:
    """The rows of :func:`selected`, for views that list them (one locality's, an API page)."""
    return selected(atlas, state, locality).frame


def view_caption(atlas: AtlasContext, state: ViewState, *, title: str, place: str,
                 notes: Sequence[str] = (), sources: Sequence[str] = ()) -> Caption:
    """The caption of a figure of a view: place and filters, notes, sources and the dataset."""
    meta = atlas.dataset.meta
    return Caption(
        title=title,
        subtitle=f"{place}. {describe_filters(state.active_filters, atlas.codelists)}.",
        notes=tuple(note for note in notes if note), sources=tuple(sources),
        dataset=meta.caption, illustrative=meta.illustrative,
    )


def codelists_source(atlas: AtlasContext) -> str:
    """The line naming the code lists a provision figure counts by."""
    return f"Code lists: {atlas.codelists.name}, version {atlas.codelists.version}."


def lad_name(atlas: AtlasContext, code: str) -> str:
    """Name of a LAD 2024 code (KeyError for any other code)."""
    return atlas.geography.lad_names[code]


def readable_localities(atlas: AtlasContext, localities: Sequence[str]) -> tuple[list[str], str]:
    """The localities a heatmap, chart or list shows, and a note when they are not all of them.

    More than ``HEATMAP_ROWS`` rows cannot be read (a whole-England dataset has 296): the most
    deprived are shown (IoD2025 rank of average IMD score), in the given order; the CSV and
    XLSX exports keep every locality.
    """
    if len(localities) <= HEATMAP_ROWS:
        return list(localities), ""
    ranks = atlas.geography.lads["iod25_imd_rank_avg_score"]
    chosen = set(sorted(localities, key=lambda c: ranks.get(c, LAD_COUNT + 1))[:HEATMAP_ROWS])
    return ([c for c in localities if c in chosen],
            f"Showing the {HEATMAP_ROWS} most deprived of the {len(localities)} localities "
            "(IoD2025 rank of average IMD score); the CSV and XLSX exports list all.")


def dataset_localities(atlas: AtlasContext) -> list[str]:
    """LAD 2024 codes with at least one intervention in the dataset, by name."""
    codes = atlas.dataset.counts_by_locality().index.tolist()
    return sorted(codes, key=lambda c: lad_name(atlas, c))


def locality_options(atlas: AtlasContext) -> list[dict[str, str]]:
    """Picker options: every LAD 2024, searchable by name or code."""
    lads = atlas.geography.lads.sort_values("LAD24NM")
    counts = atlas.dataset.counts_by_locality()
    # The label holds name and code, so the search needs no field of its own (each searched
    # field is indexed in the browser, by every substring of every word).
    return [
        {"label": f"{name} ({code})" + (f" – {plural(int(counts[code]), 'intervention')}"
                                        if code in counts.index else ""),
         "value": code, "search": f"{name} {code}"}
        for code, name in zip(lads.index, lads["LAD24NM"], strict=True)
    ]
