"""The compare page: two to six localities side by side."""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.context import AtlasContext
from dashboard.core.view_state import ViewState
from dashboard.views.common import Chart, filtered, lad_name
from dashboard.views.gaps import gap_heatmap
from dashboard.views.locality import Card, locality_cards
from dashboard.views.provision import heatmap_chart


@dataclass(frozen=True)
class ComparePage:
    """The compared localities' cards, gap classes and provision, or what to do first.

    Attributes:
        message: what to do when fewer than two localities are chosen (else ``None``).
        columns: per locality, its heading and headline cards.
        gaps: gap class by locality and determinant.
        provision: interventions by locality and determinant.
    """

    message: str | None = None
    columns: tuple[tuple[str, tuple[Card, ...]], ...] = ()
    gaps: Chart | None = None
    provision: Chart | None = None


def compare_page(atlas: AtlasContext, state: ViewState) -> ComparePage:
    """Cards per locality, gap classes and provision heatmap for the compared localities."""
    codes = list(state.compare)
    if len(codes) < 2:
        return ComparePage(message="Choose two to six localities to compare them side by side "
                                   f"({len(codes)} chosen).")
    rows = filtered(atlas, state)
    gaps, _ = gap_heatmap(atlas, state, codes)
    return ComparePage(
        columns=tuple((f"{lad_name(atlas, c)} ({c})", tuple(locality_cards(atlas, c, rows)))
                      for c in codes),
        gaps=gaps,
        provision=heatmap_chart(atlas, "locality_determinant", state, "Compared localities", codes),
    )
