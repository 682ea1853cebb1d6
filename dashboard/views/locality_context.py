"""The locality page's context: similar areas, change since 2019, mental-health need, over time."""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.analysis.gaps import GAP_CLASSES
from dashboard.analysis.mh_need import CAVEAT, HEALTH_INDICATORS, STILL_WITHOUT, health_gap_table
from dashboard.context import AtlasContext
from dashboard.core.formatting import format_rate
from dashboard.core.view_state import ViewState
from dashboard.views.change import LocalityChange, locality_change
from dashboard.views.common import filtered
from dashboard.views.gaps import thresholds_of
from dashboard.views.monitoring import Monitoring, monitoring
from dashboard.views.similar import SimilarAreas, similar_areas


@dataclass(frozen=True)
class HealthNeed:
    """The Health Index rows of a locality's need against provision.

    Attributes:
        rows: (target, indicator, index value, need percentile, interventions and rate, class).
        caveat: vintage and boundary caveats.
        without: determinants that still have no need indicator (labels).
    """

    rows: tuple[tuple[str, str, str, str, str, str], ...]
    caveat: str
    without: str


def health_need(atlas: AtlasContext, state: ViewState) -> HealthNeed | None:
    """The Health Index need rows of the state's locality (``None`` without the data)."""
    districts = atlas.geography.districts
    if districts is None:
        return None
    code = state.locality
    table = health_gap_table(atlas.geography.lads, districts.table, filtered(atlas, state),
                             [code], thresholds_of(state))
    indicators = {i.target: i for i in HEALTH_INDICATORS}
    rows = []
    for row in table.itertuples():
        indicator = indicators[row.target]
        known = row.need_percentile == row.need_percentile  # not NaN
        rate = "" if row.per_10k != row.per_10k else f" ({format_rate(row.per_10k)} per 10,000)"
        rows.append((indicator.label, indicator.indicator,
                     f"{row.value:.1f}" if known else "not published",
                     f"{row.need_percentile:.0f}" if known else "–",
                     f"{row.interventions}{rate}", GAP_CLASSES[row.gap_class]))
    labels = atlas.codelists["determinants"].labels
    return HealthNeed(rows=tuple(rows), caveat=CAVEAT,
                      without=", ".join(labels[c] for c in STILL_WITHOUT if c in labels))


@dataclass(frozen=True)
class LocalityContext:
    """Everything the context section of a locality page shows."""

    similar: SimilarAreas | None
    change: LocalityChange | None
    health: HealthNeed | None
    monitoring: Monitoring


def locality_context(atlas: AtlasContext, state: ViewState) -> LocalityContext:
    """The context section of the state's locality."""
    return LocalityContext(similar=similar_areas(atlas, state),
                           change=locality_change(atlas, state.locality),
                           health=health_need(atlas, state), monitoring=monitoring(atlas, state))
