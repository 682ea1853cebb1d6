"""The areas panel of the national and gaps pages: the level of geography and the ICB drill."""

from __future__ import annotations

from dataclasses import dataclass, replace

from dashboard.analysis.metrics import per_10k
from dashboard.context import AtlasContext
from dashboard.core.context_state import LEVEL_PAGES
from dashboard.core.formatting import format_rate
from dashboard.core.view_state import ViewState, state_to_url
from dashboard.views.common import filtered

LEVEL_NOTES = {
    "lad": "Click a district on the map to open it.",
    "sicbl": ("Sub-ICB locations (April 2024): deprivation computed from LSOA scores weighted by "
              "Census 2021 residents. Interventions are coded to districts; each counts in the "
              "Sub-ICB location holding its point, or most of its district's residents. A "
              "dataset that covers only some of an area's districts understates its rate per "
              "10,000 adults. Click one on the map to see its districts."),
    "icb": ("Integrated Care Boards (April 2024): MHCLG's published IoD2025 ICB figures. "
            "Interventions are coded to districts; each counts in the ICB holding its point, or "
            "most of its district's residents. A dataset that covers only some of an ICB's "
            "districts understates its rate per 10,000 adults. Click an ICB on the map to see "
            "its districts."),
}


@dataclass(frozen=True)
class AreaPanel:
    """What the areas panel shows.

    Attributes:
        visible: shown on the national and gaps pages only.
        note: how the level's figures are made.
        focus: "NHS Lancashire and South Cumbria ICB: its 17 districts" when drilled in.
        rows: per district of the focus: (name, link, share of its residents in the area,
            IoD2025 IMD rank, interventions counted in the area, per 10,000 adults).
        back: (label, link) back to the level the focus came from.
    """

    visible: bool
    note: str
    focus: str | None = None
    rows: tuple[tuple[str, str, str, str, str, str], ...] = ()
    back: tuple[str, str] | None = None


def area_panel(atlas: AtlasContext, state: ViewState) -> AreaPanel:
    """The panel for a state; ``atlas`` is scoped to it (``context.scoped``)."""
    if state.current_page not in LEVEL_PAGES:
        return AreaPanel(visible=False, note="")
    nhs = atlas.geography.nhs
    if not state.focus or nhs is None:
        return AreaPanel(visible=True, note=LEVEL_NOTES[state.area_level])
    area = nhs.areas.loc[state.focus]
    level = str(area["level"])
    districts = nhs.districts_of(state.focus)
    lads = atlas.geography.lads
    counts = filtered(atlas, state)["locality_code"].value_counts()
    rows = []
    for district in districts.itertuples():
        code = district.LAD24CD
        n = int(counts.get(code, 0))
        link = "".join(state_to_url(replace(state, locality=code)))
        rows.append((str(lads.at[code, "LAD24NM"]), link, f"{district.share * 100:.0f}%",
                     f"{int(lads.at[code, 'iod25_imd_rank_avg_score'])} of 296", str(n),
                     format_rate(per_10k(n, lads.at[code, "c21_adults_16plus"]))))
    back = "".join(state_to_url(replace(state, focus=None, area_level=level)))
    noun = "ICB" if level == "icb" else "Sub-ICB location"
    return AreaPanel(
        visible=True,
        note=("Districts are listed when any of their residents live in this area; the share "
              "is of the district's residents (Census 2021). Interventions shown are those "
              f"counted in this {noun}."),
        focus=f"{area['name']}: its {len(rows)} districts", rows=tuple(rows),
        back=(f"Back to all {'ICBs' if level == 'icb' else 'Sub-ICB locations'}", back))
