"""The national view: the deprivation map of England's districts and its text alternative."""

from __future__ import annotations

import pandas as pd

from dashboard.analysis.metrics import per_10k
from dashboard.context import AtlasContext
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
from dashboard.figures.maps import deprivation_choropleth
from dashboard.views.common import Chart, filtered, view_caption


def national_areas(
    atlas: AtlasContext, interventions: pd.DataFrame, domain: str, measure: str
) -> pd.DataFrame:
    """One row per LAD 2024 with the published measure, its rank and decile, and provision.

    Columns: ``code``, ``name``, ``rank`` (text, e.g. "5 of 296"), ``decile`` (1-10 from the
    published rank), ``interventions``, ``per_10k`` (per 10,000 adults 16+, Census 2021).
    """
    lads = atlas.geography.lads
    counts = interventions["locality_code"].value_counts().reindex(lads.index, fill_value=0)
    prefix = f"iod25_{domain}"
    if measure == "share":
        rank = lads[f"{prefix}_rank_prop_lsoa_top10"].astype(int)
        value = lads[f"{prefix}_prop_lsoa_top10"].map(lambda v: f"{v * 100:.1f}% of LSOAs")
    else:
        rank = lads[f"{prefix}_rank_avg_score"].astype(int)
        value = lads[f"{prefix}_avg_score"].map(lambda v: f"score {v:.3f}")
    rank_text = rank.map(lambda r: f"{r} of {LAD_COUNT}")
    if measure != "rank":
        rank_text = value + " (rank " + rank_text + ")"
    adults = lads["c21_adults_16plus"]
    return pd.DataFrame(
        {
            "code": lads.index,
            "name": lads["LAD24NM"].to_numpy(),
            "rank": rank_text.to_numpy(),
            "decile": rank.map(rank_decile).to_numpy(),
            "interventions": counts.to_numpy(),
            "per_10k": [per_10k(c, a) for c, a in zip(counts, adults, strict=True)],
        }
    )


def national_caption(atlas: AtlasContext, state: ViewState) -> Caption:
    """Caption of the national deprivation map."""
    label = DOMAIN_BY_KEY[state.domain].label
    sources = (IOD_SOURCE, HEX_SOURCE if state.map_mode == "hex" else BOUNDARY_SOURCE)
    return view_caption(
        atlas, state, title=f"{label}, 2025: {MEASURES[state.measure].lower()}", place="England",
        notes=("Deciles of 296 districts (LAD 2024); outlined: districts with interventions "
               "mapped.",), sources=sources)


def national_chart(atlas: AtlasContext, state: ViewState, geometry_url: str | None = None) -> Chart:
    """National map (or hex cartogram) and its text alternative.

    ``geometry_url``: where a browser fetches the boundaries, which then stay out of the figure
    (exports and slides keep them in).
    """
    areas = national_areas(atlas, filtered(atlas, state), state.domain, state.measure)
    geojson = atlas.geography.hex_geojson if state.map_mode == "hex" else atlas.geography.lad_geojson
    caption = national_caption(atlas, state)
    figure = deprivation_choropleth(areas, geojson, caption, rank_label=MEASURES[state.measure])
    if geometry_url:
        figure.update_traces(geojson=geometry_url, selector={"type": "choroplethmap"})
    return Chart(figure, caption, national_summary(areas, state))


def national_summary(areas: pd.DataFrame, state: ViewState) -> str:
    """Text alternative of the national map."""
    label = DOMAIN_BY_KEY[state.domain].label
    ordered = areas.sort_values(["decile", "name"])
    most = ", ".join(f"{r.name} ({r.rank})" for r in ordered.head(5).itertuples())
    mapped = areas[areas["interventions"] > 0].sort_values("name")
    with_data = "; ".join(
        f"{r.name}: {r.rank}, {r.interventions} interventions"
        + ("" if pd.isna(r.per_10k) else f" ({format_rate(r.per_10k)} per 10,000 adults)")
        for r in mapped.itertuples()
    ) or "none match the filters"
    return (
        f"{label}, {MEASURES[state.measure].lower()}, {LAD_COUNT} districts (1 = most deprived). "
        f"Most deprived: {most}. Districts with interventions mapped: {with_data}."
    )
