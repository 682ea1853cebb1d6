"""The compare page: two to four localities side by side."""

from __future__ import annotations

from typing import Any

from dashboard.context import AtlasContext
from dashboard.core.view_state import ViewState
from dashboard.views.common import filtered, lad_name
from dashboard.views.gaps import gap_heatmap
from dashboard.views.locality import locality_cards
from dashboard.views.provision import heatmap_chart


def comparison(atlas: AtlasContext, state: ViewState) -> dict[str, Any]:
    """Cards per locality, gap classes and provision heatmap for the compared localities.

    Returns ``{"message": str}`` alone when fewer than two localities are chosen.
    """
    codes = list(state.compare)
    if len(codes) < 2:
        return {"message": "Choose two to four localities to compare them side by side "
                           f"({len(codes)} chosen)."}
    rows = filtered(atlas, state)
    gaps, _ = gap_heatmap(atlas, state, codes)
    heatmap = heatmap_chart(atlas, "locality_determinant", state, "Compared localities", codes)
    return {
        "columns": [(f"{lad_name(atlas, c)} ({c})", locality_cards(atlas, c, rows)) for c in codes],
        "gaps": (gaps.figure, gaps.summary),
        "heatmap": (heatmap.figure, heatmap.summary),
    }
