"""The national view: the deprivation map of England's districts and its text alternative."""

from __future__ import annotations

import pandas as pd

from dashboard.analysis.change import CHANGE_TICKS
from dashboard.analysis.metrics import Selection, code_counts, per_10k
from dashboard.context import AtlasContext
from dashboard.core.areas import IOD_BOTH_SOURCE, LEVEL_NOUNS, NHS_MAP_SOURCE
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
from dashboard.figures.change_map import change_choropleth
from dashboard.figures.maps import (
    DECILES,
    SHARE_CLASSES,
    ColourClasses,
    deprivation_choropleth,
    geojson_bounds,
    share_class,
)
from dashboard.views.change import WATCH_NOTE, change_areas, change_summary
from dashboard.views.common import Chart, selected, view_caption

# What the map's title says it shows, by measure ("{area}": district, ICB...).
MEASURE_TITLES = {
    "score": "average score of each {area}",
    "rank": "rank of each {area}'s average score",
    "share": "share of each {area}'s LSOAs in England's most deprived 10%",
}


def national_areas(
    atlas: AtlasContext, interventions: pd.DataFrame | Selection, domain: str, measure: str
) -> pd.DataFrame:
    """One row per area (LAD 2024, or NHS area): measures, colour class, provision, hover.

    Columns: ``code``, ``name``, ``score`` (average score), ``score_rank`` (rank of average
    score among the areas of the level, 1 = most deprived), ``decile`` (1-10 of that rank),
    ``share`` (percent of LSOAs in England's most deprived 10%), ``share_rank``, ``rank`` (rank
    of the chosen measure), ``colour_class`` (decile, or share class for ``measure="share"``),
    ``interventions``, ``per_10k`` (per 10,000 adults 16+, Census 2021) and the hover lines
    ``hover_0``..``hover_3``. For ``measure="change"``, see ``views.change.change_areas``.
    """
    if measure == "change":
        return change_areas(atlas, interventions, domain)
    lads = atlas.geography.lads
    count = atlas.geography.ranked_of
    counts = code_counts(interventions, "locality_code", lads.index)
    prefix = f"iod25_{domain}"
    score_rank = lads[f"{prefix}_rank_avg_score"].astype(int).to_numpy()
    share = (lads[f"{prefix}_prop_lsoa_top10"].astype(float) * 100).round(2).to_numpy()
    share_rank = lads[f"{prefix}_rank_prop_lsoa_top10"].astype(int).to_numpy()
    adults = lads["c21_adults_16plus"]
    areas = pd.DataFrame({
        "code": lads.index, "name": lads["LAD24NM"].to_numpy(),
        "score": lads[f"{prefix}_avg_score"].astype(float).to_numpy(),
        "score_rank": score_rank, "decile": [rank_decile(r, count) for r in score_rank],
        "share": share, "share_rank": share_rank,
        "interventions": counts.to_numpy(),
        "per_10k": [per_10k(c, a) for c, a in zip(counts, adults, strict=True)],
    })
    areas["rank"] = areas["share_rank"] if measure == "share" else areas["score_rank"]
    areas["colour_class"] = (areas["share"].map(share_class) if measure == "share"
                             else areas["decile"])
    return areas.assign(**hover_lines(areas, measure, count))


def hover_lines(areas: pd.DataFrame, measure: str, count: int = LAD_COUNT) -> dict[str, list[str]]:
    """The hover lines of each area for the chosen measure (``hover_0``..``hover_3``)."""
    ties = areas["rank"].map(areas["rank"].value_counts())
    rank = [f"rank {r} of {count}" + (f", tied with {t - 1} others" if t > 1 else "")
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
    """Caption of the national map at the view's level (``areas`` adds the ties at 0%)."""
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
    singular, plural_noun = LEVEL_NOUNS[geography.level]
    if state.measure == "share":
        none = int((areas["share"] <= 0).sum()) if areas is not None else 0
        classes = (f"Classes include their lower bound (10-20% is 10% or more, under 20%); 0%: "
                   f"{plural(none, singular)} with no LSOA in England's most deprived 10%.")
    else:
        classes = f"{scope}."
    title = MEASURE_TITLES[state.measure].format(area=singular)
    return view_caption(
        atlas, state, title=f"{label}, 2025: {title}", place=place,
        notes=(f"{classes} Outlined in black: {plural_noun} with interventions mapped.",),
        sources=sources)


def area_scope(geography) -> tuple[str, str]:
    """The place a national map covers and what its deciles are of."""
    count, level = geography.ranked_of, geography.level
    if level == "sicbl":
        return "England", (f"Deciles of the rank of average score among {count} Sub-ICB "
                           "locations (April 2024), computed from LSOA scores weighted by "
                           "Census 2021 residents")
    if level == "icb":
        return "England", (f"Deciles of the rank of average score among {count} ICBs (April "
                           "2024), MHCLG's published ICB figures")
    if geography.focus is not None and geography.nhs is not None:
        name = geography.nhs.areas.at[geography.focus, "short_name"]
        return (f"Districts with residents in {name}",
                f"Deciles of the rank of average score among all {count} districts (LAD 2024)")
    return "England", (f"Deciles of the rank of average score among England's {count} "
                       "districts (LAD 2024)")


def national_bounds(atlas: AtlasContext, map_mode: str) -> tuple[float, float, float, float]:
    """Bounds of the national map's geometry (once per mode, level and NHS area drilled into)."""
    geography = atlas.geography
    geojson = geography.hex_geojson if map_mode == "hex" else geography.lad_geojson
    return geography.cache.get("national_bounds", (map_mode, geography.level, geography.focus),
                               lambda: geojson_bounds(geojson))


def national_chart(atlas: AtlasContext, state: ViewState, geometry_url: str | None = None) -> Chart:
    """National map (or hex cartogram) at the view's level, and its text alternative.

    ``geometry_url``: where a browser fetches the boundaries of every district, which then stay
    out of the figure (give it only for the default map of every district; exports and slides
    keep the boundaries in).
    """
    areas = national_areas(atlas, selected(atlas, state), state.domain, state.measure)
    geojson = atlas.geography.hex_geojson if state.map_mode == "hex" else atlas.geography.lad_geojson
    caption = national_caption(atlas, state, areas)
    bounds = national_bounds(atlas, state.map_mode)
    if state.measure == "change":
        figure = change_choropleth(areas, geojson, caption, CHANGE_TICKS, bounds=bounds)
        chart = Chart(figure, caption, change_summary(atlas, state.domain))
    else:
        figure = deprivation_choropleth(areas, geojson, caption, classes=map_classes(state.measure),
                                        bounds=bounds)
        chart = Chart(figure, caption, national_summary(areas, state, atlas.geography))
    if geometry_url:
        chart.figure.update_traces(geojson=geometry_url, selector={"type": "choroplethmap"})
    return chart


def national_summary(areas: pd.DataFrame, state: ViewState, geography=None) -> str:
    """Text alternative of the national map: the five most deprived areas, then provision."""
    label = DOMAIN_BY_KEY[state.domain].label
    count = LAD_COUNT if geography is None else geography.ranked_of
    noun = "districts" if geography is None else LEVEL_NOUNS[geography.level][1]
    most = areas.sort_values(["rank", "name"]).head(5)
    if state.measure == "share":
        listed = ", ".join(f"{r.name} ({r.share:.1f}%, rank {r.rank})" for r in most.itertuples())
    elif state.measure == "score":
        listed = ", ".join(f"{r.name} ({r.score:.3f}, rank {r.rank})" for r in most.itertuples())
    else:
        listed = ", ".join(f"{r.name} (rank {r.rank})" for r in most.itertuples())
    mapped = areas[areas["interventions"] > 0].sort_values("name")
    with_data = "; ".join(
        f"{r.name}: rank {r.rank} of {count}, {plural(r.interventions, 'intervention')}"
        + ("" if pd.isna(r.per_10k) else f" ({format_rate(r.per_10k)} per 10,000 adults)")
        for r in mapped.itertuples()
    ) or "none match the filters"
    return (
        f"{label}, {MEASURES[state.measure].lower().replace('lsoas', 'LSOAs')}, {count} "
        f"{noun} (rank 1 = most deprived). Most deprived: {listed}. "
        f"{noun.capitalize()} with interventions mapped: {with_data}."
    )
