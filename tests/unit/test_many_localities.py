"""A dataset over more localities than a heatmap can show: the most deprived are drawn, and said so."""

from dataclasses import replace

import numpy as np
import pytest
from dash import html

from dashboard.analysis.dataset import dataset_from_rows
from dashboard.core.view_state import ViewState
from dashboard.views.common import HEATMAP_ROWS, dataset_localities, lad_name
from dashboard.views.gaps import gap_heatmap
from dashboard.views.parts import build_part, part_table
from dashboard.views.presenter import reveal_part
from dashboard.views.provision import heatmap_chart, heatmap_counts

N_LOCALITIES = 45


def footer(figure) -> str:
    """The text of a figure's footer (notes, sources, dataset)."""
    return " ".join(a.text for a in figure.layout.annotations if a.name == "caption-sources")


@pytest.fixture(scope="module")
def wide(atlas_context):
    """The bundled rows spread over the first 45 LADs by code."""
    rows = atlas_context.dataset.interventions.copy()
    codes = sorted(atlas_context.geography.lads.index)[:N_LOCALITIES]
    rows["locality_code"] = [codes[i % N_LOCALITIES] for i in range(len(rows))]
    meta = replace(atlas_context.dataset.meta, name="Wide test dataset")
    return replace(atlas_context, dataset=dataset_from_rows(meta, rows))


def most_deprived(atlas, n):
    ranks = atlas.geography.lads["iod25_imd_rank_avg_score"]
    return set(sorted(dataset_localities(atlas), key=lambda c: ranks[c])[:n])


def test_locality_heatmap_draws_the_most_deprived_and_says_so(wide):
    localities = dataset_localities(wide)
    assert len(localities) == N_LOCALITIES
    chart = heatmap_chart(wide, "locality_determinant", ViewState(), "England",
                                     localities)
    figure, summary = chart.figure, chart.summary
    drawn = list(figure.data[0].y)
    assert len(drawn) == HEATMAP_ROWS
    assert set(drawn) == {lad_name(wide, c) for c in most_deprived(wide, HEATMAP_ROWS)}
    note = f"the {HEATMAP_ROWS} most deprived of the {N_LOCALITIES} localities"
    assert note in footer(figure) and summary.startswith("Showing the")
    # the other heatmaps are not about localities and carry no note
    chart = heatmap_chart(wide, "determinant_type", ViewState(), "England", localities)
    figure, summary = chart.figure, chart.summary
    assert note not in footer(figure) and not summary.startswith("Showing")


def test_exported_table_keeps_every_locality(wide):
    table = part_table(wide, ViewState(), "locality_determinant")
    assert table["locality"].nunique() == N_LOCALITIES


def test_gap_heatmap_draws_the_most_deprived_but_counts_all(wide):
    state = ViewState(page="gaps")
    chart, gaps = gap_heatmap(wide, state, dataset_localities(wide))
    figure, summary = chart.figure, chart.summary
    assert len(figure.data[0].y) == HEATMAP_ROWS
    assert gaps["locality"].nunique() == N_LOCALITIES
    assert f"Across all {N_LOCALITIES} localities" in summary and "Showing the 30" in summary


def test_reveal_marks_only_drawn_rows(wide):
    state = ViewState()
    part = build_part(wide, state, "locality_determinant")
    revealed = reveal_part(wide, state, part)
    drawn = {lad_name(wide, c) for c in most_deprived(wide, HEATMAP_ROWS)}
    outlined = [s.name.split(":")[1] for s in revealed.figure.layout.shapes if s.name]
    assert outlined and {lad_name(wide, c) for c in outlined} <= drawn


def test_gaps_page_lists_and_charts_the_most_deprived_with_a_note(wide):
    from callbacks.gaps import update_gaps

    outputs = update_gaps(wide, ViewState(page="gaps"))
    lists = outputs["priorities"]
    assert sum(isinstance(c, html.H4) for c in lists) == HEATMAP_ROWS
    assert f"{HEATMAP_ROWS} most deprived of the {N_LOCALITIES}" in lists[0].children
    assert 0 < len(outputs["parity"].figure.data[0].x) <= HEATMAP_ROWS * 5
    assert outputs["parity_summary"].startswith("Showing the")


def test_shares_of_a_capped_heatmap_are_shares_of_every_locality(wide):
    localities = dataset_localities(wide)
    state = ViewState(shares=True)
    figure = heatmap_chart(wide, "locality_determinant", state, "England", localities).figure
    counts = heatmap_counts(wide, "locality_determinant", wide.dataset.interventions, localities)
    drawn = np.asarray(figure.data[0].customdata, dtype=float)[..., 0]  # counts, then shares
    shares = np.nan_to_num(np.asarray(figure.data[0].z, dtype=float))
    assert np.allclose(np.asarray(figure.data[0].customdata, dtype=float)[..., 1],
                       shares.round(1))
    assert np.allclose(shares, drawn / counts.to_numpy().sum() * 100)
    assert 0 < shares.sum() < 100  # the 30 drawn hold part of all provision
