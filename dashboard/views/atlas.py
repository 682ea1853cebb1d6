"""The national view: the deprivation map of England's districts and its text alternative."""

from __future__ import annotations

import pandas as pd

from dashboard.analysis.metrics import per_10k
from dashboard.context import AtlasContext
from dashboard.core.formatting import format_rate, plural
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
from dashboard.figures.maps import (
    DECILES,
    SHARE_CLASSES,
    ColourClasses,
    deprivation_choropleth,
    geojson_bounds,
    share_class,
)
from dashboard.views.common import Chart, filtered, view_caption

# What the map's title says it shows, by measure.
MEASURE_TITLES = {
    "score": "average score of each district",
    "rank": "rank of each district's average score",
    "share": "share of each district's LSOAs in England's most deprived 10%",
}


def national_areas(
    atlas: AtlasContext, interventions: pd.DataFrame, domain: str, measure: str
) -> pd.DataFrame:
    """One row per LAD 2024: the published measures, the map's colour class, provision, hover.

    Columns: ``code``, ``name``, ``score`` (average score), ``score_rank`` (rank of average
    score, 1 = most deprived), ``decile`` (1-10 of that rank), ``share`` (percent of LSOAs in
    England's most deprived 10%), ``share_rank``, ``rank`` (rank of the chosen measure),
    ``colour_class`` (decile, or share class for ``measure="share"``), ``interventions``,
    ``per_10k`` (per 10,000 adults 16+, Census 2021) and the hover lines ``hover_0``..``hover_3``.
    """
    lads = atlas.geography.lads
    counts = interventions["locality_code"].value_counts().reindex(lads.index, fill_value=0)
    prefix = f"iod25_{domain}"
    score_rank = lads[f"{prefix}_rank_avg_score"].astype(int).to_numpy()
    share = (lads[f"{prefix}_prop_lsoa_top10"].astype(float) * 100).round(2).to_numpy()
    share_rank = lads[f"{prefix}_rank_prop_lsoa_top10"].astype(int).to_numpy()
    adults = lads["c21_adults_16plus"]
    areas = pd.DataFrame({
        "code": lads.index, "name": lads["LAD24NM"].to_numpy(),
        "score": lads[f"{prefix}_avg_score"].astype(float).to_numpy(),
        "score_rank": score_rank, "decile": [rank_decile(r) for r in score_rank],
        "share": share, "share_rank": share_rank,
        "interventions": counts.to_numpy(),
        "per_10k": [per_10k(c, a) for c, a in zip(counts, adults, strict=True)],
    })
    areas["rank"] = areas["share_rank"] if measure == "share" else areas["score_rank"]
    areas["colour_class"] = (areas["share"].map(share_class) if measure == "share"
                             else areas["decile"])
    return areas.assign(**hover_lines(areas, measure))


def hover_lines(areas: pd.DataFrame, measure: str) -> dict[str, list[str]]:
    """The hover lines of each district for the chosen measure (``hover_0``..``hover_3``)."""
    ties = areas["rank"].map(areas["rank"].value_counts())
    rank = [f"rank {r} of {LAD_COUNT}" + (f", tied with {t - 1} others" if t > 1 else "")
            for r, t in zip(areas["rank"], ties, strict=True)]
    if measure == "share":
        first = [f"LSOAs in England's most deprived 10%: {s:.1f}% ({r})"
                 for s, r in zip(areas["share"], rank, strict=True)]
        second = [f"Class: {SHARE_CLASSES.labels[c - 1]}" for c in areas["colour_class"]]
    else:
        first = [f"Average score: {s:.3f} ({r})" if measure == "score"
                 else f"Rank of average score: {r.removeprefix('rank ')}"
                 for s, r in zip(areas["score"], rank, strict=True)]
        second = [f"Decile {d} of 10 (1 = most deprived)" for d in areas["decile"]]
    return {
        "hover_0": first, "hover_1": second,
        "hover_2": [f"Interventions mapped: {n}" for n in areas["interventions"]],
        "hover_3": [f"Per 10,000 adults: {format_rate(r)}" for r in areas["per_10k"]],
    }


def map_classes(measure: str) -> ColourClasses:
    """The colour classes of the national map for a measure."""
    return SHARE_CLASSES if measure == "share" else DECILES


def national_caption(atlas: AtlasContext, state: ViewState,
                     areas: pd.DataFrame | None = None) -> Caption:
    """Caption of the national deprivation map (``areas`` adds the count of ties at 0%)."""
    label = DOMAIN_BY_KEY[state.domain].label
    sources = (IOD_SOURCE, HEX_SOURCE if state.map_mode == "hex" else BOUNDARY_SOURCE)
    if state.measure == "share":
        none = int((areas["share"] <= 0).sum()) if areas is not None else 0
        classes = ("Classes include their lower bound (10-20% is 10% or more, under 20%); "
                   f"0%: {plural(none, 'district')} with no LSOA in England's most deprived 10%.")
    else:
        classes = (f"Deciles of the rank of average score among England's {LAD_COUNT} "
                   "districts (LAD 2024).")
    return view_caption(
        atlas, state, title=f"{label}, 2025: {MEASURE_TITLES[state.measure]}", place="England",
        notes=(f"{classes} Outlined in black: districts with interventions mapped.",),
        sources=sources)


def national_bounds(atlas: AtlasContext, map_mode: str) -> tuple[float, float, float, float]:
    """Bounds of the national map's geometry (computed once per geography and mode)."""
    geography = atlas.geography
    geojson = geography.hex_geojson if map_mode == "hex" else geography.lad_geojson
    return geography.cache.get("national_bounds", map_mode, lambda: geojson_bounds(geojson))


def national_chart(atlas: AtlasContext, state: ViewState) -> Chart:
    """National map (or hex cartogram) and its text alternative."""
    areas = national_areas(atlas, filtered(atlas, state), state.domain, state.measure)
    geojson = atlas.geography.hex_geojson if state.map_mode == "hex" else atlas.geography.lad_geojson
    caption = national_caption(atlas, state, areas)
    figure = deprivation_choropleth(areas, geojson, caption, classes=map_classes(state.measure),
                                    bounds=national_bounds(atlas, state.map_mode))
    return Chart(figure, caption, national_summary(areas, state))


def national_summary(areas: pd.DataFrame, state: ViewState) -> str:
    """Text alternative of the national map: the five most deprived, then provision."""
    label = DOMAIN_BY_KEY[state.domain].label
    most = areas.sort_values(["rank", "name"]).head(5)
    if state.measure == "share":
        listed = ", ".join(f"{r.name} ({r.share:.1f}%, rank {r.rank})" for r in most.itertuples())
    elif state.measure == "score":
        listed = ", ".join(f"{r.name} ({r.score:.3f}, rank {r.rank})" for r in most.itertuples())
    else:
        listed = ", ".join(f"{r.name} (rank {r.rank})" for r in most.itertuples())
    mapped = areas[areas["interventions"] > 0].sort_values("name")
    with_data = "; ".join(
        f"{r.name}: rank {r.rank} of {LAD_COUNT}, {plural(r.interventions, 'intervention')}"
        + ("" if pd.isna(r.per_10k) else f" ({format_rate(r.per_10k)} per 10,000 adults)")
        for r in mapped.itertuples()
    ) or "none match the filters"
    return (
        f"{label}, {MEASURES[state.measure].lower().replace('lsoas', 'LSOAs')}, {LAD_COUNT} "
        f"districts (rank 1 = most deprived). Most deprived: {listed}. Districts with "
        f"interventions mapped: {with_data}."
    )
