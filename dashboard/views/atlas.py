"""The national view: the deprivation map of England's districts and its text alternative."""

from __future__ import annotations

import pandas as pd

from dashboard.analysis.change import CHANGE_TICKS
from dashboard.analysis.metrics import per_10k
from dashboard.context import AtlasContext
from dashboard.core.areas import IOD_BOTH_SOURCE, LEVEL_NOUNS, NHS_MAP_SOURCE
from dashboard.core.formatting import format_rate
from dashboard.core.iod import (
    BOUNDARY_SOURCE,
    DOMAIN_BY_KEY,
    HEX_SOURCE,
    IOD_SOURCE,
    LAD_COUNT,
    rank_decile,
)
from dashboard.core.view_state import MEASURES, ViewState
from dashboard.figures.caption import Caption
from dashboard.figures.change_map import change_choropleth
from dashboard.figures.maps import deprivation_choropleth, fit_view
from dashboard.views.change import WATCH_NOTE, change_areas, change_summary
from dashboard.views.common import Chart, filtered, view_caption


def national_areas(
    atlas: AtlasContext, interventions: pd.DataFrame, domain: str, measure: str
) -> pd.DataFrame:
    """One row per area (LAD 2024, or NHS area) with the measure, its rank and decile, provision.

    Columns: ``code``, ``name``, ``rank`` (text, e.g. "5 of 296"), ``decile`` (1-10 from the
    rank among the areas of the level), ``interventions``, ``per_10k`` (per 10,000 adults 16+,
    Census 2021). For ``measure="change"``, see ``views.change.change_areas``.
    """
    if measure == "change":
        return change_areas(atlas, interventions, domain)
    lads = atlas.geography.lads
    count = atlas.geography.ranked_of
    counts = interventions["locality_code"].value_counts().reindex(lads.index, fill_value=0)
    prefix = f"iod25_{domain}"
    if measure == "share":
        rank = lads[f"{prefix}_rank_prop_lsoa_top10"].astype(int)
        value = lads[f"{prefix}_prop_lsoa_top10"].map(lambda v: f"{v * 100:.1f}% of LSOAs")
    else:
        rank = lads[f"{prefix}_rank_avg_score"].astype(int)
        value = lads[f"{prefix}_avg_score"].map(lambda v: f"score {v:.3f}")
    rank_text = rank.map(lambda r: f"{r} of {count}")
    if measure != "rank":
        rank_text = value + " (rank " + rank_text + ")"
    adults = lads["c21_adults_16plus"]
    return pd.DataFrame(
        {
            "code": lads.index,
            "name": lads["LAD24NM"].to_numpy(),
            "rank": rank_text.to_numpy(),
            "decile": rank.map(lambda r: rank_decile(r, count)).to_numpy(),
            "interventions": counts.to_numpy(),
            "per_10k": [per_10k(c, a) for c, a in zip(counts, adults, strict=True)],
        }
    )


def national_caption(atlas: AtlasContext, state: ViewState) -> Caption:
    """Caption of the national deprivation map (at the view's level of geography)."""
    label = DOMAIN_BY_KEY[state.domain].label
    geography = atlas.geography
    sources = (IOD_SOURCE, HEX_SOURCE if state.map_mode == "hex" else BOUNDARY_SOURCE)
    place, scope = area_scope(geography)
    if state.measure == "change":
        return view_caption(
            atlas, state, title=f"{label}: change in rank since 2019", place=place,
            notes=(f"Ranks of average score among {geography.ranked_of} districts (2024 "
                   "boundaries), IoD2019 and IoD2025. Ranks are relative; indicators changed "
                   "between editions.", WATCH_NOTE),
            sources=(IOD_BOTH_SOURCE, sources[1]))
    if geography.level != "lad":
        sources = (IOD_SOURCE, NHS_MAP_SOURCE)
    return view_caption(
        atlas, state, title=f"{label}, 2025: {MEASURES[state.measure].lower()}", place=place,
        notes=(f"{scope}; outlined: areas with interventions mapped.",), sources=sources)


def national_chart(atlas: AtlasContext, state: ViewState) -> Chart:
    """National map (or hex cartogram) and its text alternative."""
    areas = national_areas(atlas, filtered(atlas, state), state.domain, state.measure)
    geojson = atlas.geography.hex_geojson if state.map_mode == "hex" else atlas.geography.lad_geojson
    caption = national_caption(atlas, state)
    view = {} if atlas.geography.focus is None else dict(zip(("centre", "zoom"), fit_view(geojson),
                                                             strict=True))
    if state.measure == "change":
        figure = change_choropleth(areas, geojson, caption, CHANGE_TICKS, **view)
        return Chart(figure, caption, change_summary(atlas, state.domain))
    figure = deprivation_choropleth(areas, geojson, caption, rank_label=MEASURES[state.measure],
                                    **view)
    return Chart(figure, caption, national_summary(areas, state, atlas.geography))


def area_scope(geography) -> tuple[str, str]:
    """The place a national map covers and what its deciles are of."""
    count, level = geography.ranked_of, geography.level
    if level == "sicbl":
        return "England", (f"Deciles of {count} Sub-ICB locations (April 2024), computed from "
                           "LSOA scores weighted by Census 2021 residents")
    if level == "icb":
        return "England", f"Deciles of {count} ICBs (April 2024), MHCLG's published ICB figures"
    if geography.focus is not None and geography.nhs is not None:
        name = geography.nhs.areas.at[geography.focus, "short_name"]
        return (f"Districts with residents in {name}",
                f"Deciles of all {count} districts (LAD 2024)")
    return "England", f"Deciles of {count} districts (LAD 2024)"


def national_summary(areas: pd.DataFrame, state: ViewState, geography=None) -> str:
    """Text alternative of the national map."""
    label = DOMAIN_BY_KEY[state.domain].label
    count = LAD_COUNT if geography is None else geography.ranked_of
    noun = "districts" if geography is None else LEVEL_NOUNS[geography.level][1]
    ordered = areas.sort_values(["decile", "name"])
    most = ", ".join(f"{r.name} ({r.rank})" for r in ordered.head(5).itertuples())
    mapped = areas[areas["interventions"] > 0].sort_values("name")
    with_data = "; ".join(
        f"{r.name}: {r.rank}, {r.interventions} interventions"
        + ("" if pd.isna(r.per_10k) else f" ({format_rate(r.per_10k)} per 10,000 adults)")
        for r in mapped.itertuples()
    ) or "none match the filters"
    return (
        f"{label}, {MEASURES[state.measure].lower()}, {count} {noun} (1 = most deprived). "
        f"Most deprived: {most}. {noun.capitalize()} with interventions mapped: {with_data}."
    )
