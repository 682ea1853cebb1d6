"""The compare page: two to four localities side by side."""

from __future__ import annotations

from typing import Any

from dashboard.context import AtlasContext
from dashboard.core.view_state import ViewState
from dashboard.views.common import filtered, heatmap_figure, lad_name, locality_cards
from dashboard.views.gaps import gap_heatmap


def comparison(ctx: AtlasContext, state: ViewState) -> dict[str, Any]:
    """Cards per locality, gap classes and provision heatmap for the compared localities.

    Returns ``{"message": str}`` alone when fewer than two localities are chosen.
    """
    codes = list(state.compare)
    if len(codes) < 2:
        return {"message": "Choose two to four localities to compare them side by side "
                           f"({len(codes)} chosen)."}
    rows = filtered(ctx, state)
    gap_figure, gap_summary, _ = gap_heatmap(ctx, state, codes)
    heatmap, heatmap_summary = heatmap_figure(ctx, "locality_determinant", state,
                                              "Compared localities", codes)
    return {
        "columns": [(f"{lad_name(ctx, c)} ({c})", locality_cards(ctx, c, rows)) for c in codes],
        "gaps": (gap_figure, gap_summary),
        "heatmap": (heatmap, heatmap_summary),
    }
