"""The locality drill-down: headline cards, the LSOA map, the interventions and empty states."""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from dashboard.analysis.gaps import gap_table
from dashboard.analysis.metrics import per_10k
from dashboard.context import AtlasContext
from dashboard.core.formatting import format_rate, plot_text
from dashboard.core.geography import Geography
from dashboard.core.iod import BOUNDARY_SOURCE, DOMAIN_BY_KEY, IOD_SOURCE, LAD_COUNT
from dashboard.core.view_state import ViewState, state_to_url
from dashboard.figures.maps import deprivation_choropleth, fit_view
from dashboard.views.common import Chart, filtered, lad_name, view_caption
from dashboard.views.gaps import evaluation_rows, priorities, quadrant, thresholds_of
from dashboard.views.provision import HEATMAP_TITLES, heatmap_chart

LSOA_COUNT = 33_755


@dataclass(frozen=True)
class Card:
    """A headline figure with its comparators (already formatted for display)."""

    label: str
    value: str
    dataset: str
    england: str


def locality_cards(atlas: AtlasContext, code: str, interventions: pd.DataFrame) -> list[Card]:
    """Headline cards of a locality against the dataset's localities and England."""
    lads = atlas.geography.lads
    row = lads.loc[code]
    counts = interventions["locality_code"].value_counts()
    covered = lads.loc[lads.index.isin(atlas.dataset.interventions["locality_code"].unique())]
    mine = int(counts.get(code, 0))
    rate = per_10k(mine, row["c21_adults_16plus"])
    dataset_rate = per_10k(int(counts.reindex(covered.index).fillna(0).sum()),
                           covered["c21_adults_16plus"].sum())
    n = len(covered)

    def mean(column: str) -> float:
        return float(covered[column].mean()) if n else float("nan")

    return [
        Card("Rank of average IMD score", f"{int(row['iod25_imd_rank_avg_score'])} of {LAD_COUNT}",
             f"average rank {mean('iod25_imd_rank_avg_score'):.0f}" if n else "no localities",
             "1 = most deprived"),
        Card("LSOAs in England's most deprived 10%",
             f"{row['iod25_imd_prop_lsoa_top10'] * 100:.1f}%",
             f"{mean('iod25_imd_prop_lsoa_top10') * 100:.1f}%" if n else "no localities",
             "10.0% by definition"),
        Card("Adults aged 16+ (Census 2021)", f"{int(row['c21_adults_16plus']):,}",
             f"{mean('c21_adults_16plus'):,.0f} on average" if n else "no localities",
             f"{int(lads['c21_adults_16plus'].sum()):,} in all"),
        Card("Interventions mapped", f"{mine}",
             f"{counts.reindex(covered.index).fillna(0).mean():.1f} per locality" if n else "0",
             f"dataset covers {n} of {LAD_COUNT} districts"),
        Card("Interventions per 10,000 adults", format_rate(rate),
             format_rate(dataset_rate), "not known (no national directory)"),
    ]


def lsoa_areas(atlas: AtlasContext, code: str, domain: str) -> pd.DataFrame:
    """The locality's LSOAs with published rank and decile of the chosen domain."""
    lsoas = atlas.geography.lsoas
    mine = lsoas[lsoas["LAD24CD"] == code]
    rank = mine[f"iod25_{domain}_rank"].astype(int)
    return pd.DataFrame(
        {
            "code": mine["LSOA21CD"].to_numpy(),
            "name": mine["LSOA21NM"].to_numpy(),
            "rank": rank.map(lambda r: f"{r:,} of {LSOA_COUNT:,}").to_numpy(),
            "decile": mine[f"iod25_{domain}_decile"].astype(int).to_numpy(),
            "interventions": 0,
            "per_10k": float("nan"),
        }
    )


def _lsoa_fit(geography: Geography, code: str) -> tuple[dict[str, float], float]:
    """Centre and zoom of a LAD's LSOA map, computed once per geography and LAD."""
    return geography.cache.get("lsoa_fit", code, lambda: fit_view(geography.lsoa_geometry(code)))


def locality_map(
    atlas: AtlasContext, code: str, state: ViewState, interventions: pd.DataFrame
) -> Chart:
    """LSOA map of the chosen domain for one locality, with located interventions as points."""
    name = lad_name(atlas, code)
    areas = lsoa_areas(atlas, code, state.domain)
    geojson = atlas.geography.lsoa_geometry(code)
    centre, zoom = _lsoa_fit(atlas.geography, code)
    centre = dict(centre)  # the cached one stays as it is
    mine = interventions[interventions["locality_code"] == code]
    points = mine.dropna(subset=["latitude", "longitude"])
    label = DOMAIN_BY_KEY[state.domain].label
    caption = view_caption(
        atlas, state, title=f"{name}: {label}, 2025, by neighbourhood (LSOA 2021)", place=name,
        notes=(f"National deciles of {LSOA_COUNT:,} LSOAs; orange points: interventions with a "
               "location.",), sources=(IOD_SOURCE, BOUNDARY_SOURCE))
    figure = deprivation_choropleth(
        areas, geojson, caption, rank_label="Rank", centre=centre, zoom=zoom,
        points=points[["latitude", "longitude"]].assign(name=points["name"].map(plot_text)),
        outline=False, height=600,
    )
    deciles = areas["decile"].value_counts().reindex(range(1, 11), fill_value=0)
    summary = (
        f"{name}: {len(areas)} LSOAs. {label}: {deciles[1]} in decile 1 (England's most deprived "
        f"10%), {deciles[1:3].sum()} in deciles 1-3, {deciles[8:10].sum()} in deciles 8-10. "
        f"{len(points)} of {len(mine)} interventions shown have a location."
    )
    return Chart(figure, caption, summary)


def locality_rows(atlas: AtlasContext, code: str, interventions: pd.DataFrame) -> list[dict]:
    """Table rows of a locality's interventions, codes turned into labels."""
    mine = interventions[interventions["locality_code"] == code]
    lists = {f: atlas.codelists[f].labels for f in ("types", "determinants", "populations",
                                                  "delivery_mode")}
    singles = {f: atlas.codelists[f].labels for f in ("provider_type", "evaluation_level",
                                                    "outcomes_measured", "status")}
    rows = []
    for record in mine.itertuples(index=False):
        row = {"intervention_id": record.intervention_id, "name": record.name,
               "provider": record.provider}
        for field_name, labels in lists.items():
            row[field_name] = "; ".join(labels[c] for c in getattr(record, field_name))
        for field_name, labels in singles.items():
            value = getattr(record, field_name)
            row[field_name] = labels.get(value, "") if isinstance(value, str) else ""
        row["description"] = record.description if isinstance(record.description, str) else ""
        rows.append(row)
    return rows


def locality_empty_message(atlas: AtlasContext, code: str, state: ViewState) -> str | None:
    """Why a locality has nothing to show, or None when it has interventions."""
    name = lad_name(atlas, code)
    if not (atlas.dataset.interventions["locality_code"] == code).any():
        return (f"No interventions for {name} ({code}) are in the loaded dataset "
                f"({atlas.dataset.meta.name}). This is a gap in the evidence, not necessarily in "
                "provision. To add them, fill in the exchange template (download below) with "
                f"locality_code {code} and check it with 'python -m dashboard validate'.")
    if filtered(atlas, state, code).empty:
        return f"No interventions in {name} match the current filters. Clear filters to see all."
    return None


def locality_heatmaps(atlas: AtlasContext, state: ViewState) -> list[Chart]:
    """The locality page's provision heatmaps (``HEATMAP_TITLES`` order) with text alternatives."""
    code = state.locality
    name = lad_name(atlas, code)
    return [heatmap_chart(atlas, kind, state, name, [code], locality=code)
            for kind in HEATMAP_TITLES]


@dataclass(frozen=True)
class LocalityPage:
    """Everything the locality page shows besides its map.

    Attributes:
        title: "Blackpool (E06000009)".
        empty: why there is nothing to show (no interventions, or none match), else ``None``.
        cards: headline figures against the dataset and England.
        rows: the locality's interventions as table rows (labels, not codes).
        back: link to the national view with the same filters.
        heatmaps: the provision heatmaps, in ``HEATMAP_TITLES`` order.
        need: need against provision by determinant.
        priorities: (locality name, ranked gap sentences, thin-coverage note).
        evaluation: the evaluation gap as (measure, value) pairs.
    """

    title: str
    empty: str | None
    cards: tuple[Card, ...]
    rows: tuple[dict, ...]
    back: str
    heatmaps: tuple[Chart, ...]
    need: Chart
    priorities: tuple[tuple[str, list[str], str | None], ...]
    evaluation: tuple[tuple[str, str], ...]


def locality_title(atlas: AtlasContext, code: str) -> str:
    """The locality page's heading: "Blackpool (E06000009)"."""
    return f"{lad_name(atlas, code)} ({code})"


def locality_page(atlas: AtlasContext, state: ViewState) -> LocalityPage:
    """The locality page of a state that names a locality (the map is built on its own)."""
    code = state.locality
    rows = filtered(atlas, state)
    gaps = gap_table(atlas.geography.lads, rows, [code], thresholds_of(state),
                     atlas.dataset.codes.pair_counts)
    return LocalityPage(
        title=locality_title(atlas, code),
        empty=locality_empty_message(atlas, code, state),
        cards=tuple(locality_cards(atlas, code, rows)),
        rows=tuple(locality_rows(atlas, code, rows)),
        back="".join(state_to_url(replace(state, locality=None))),
        heatmaps=tuple(locality_heatmaps(atlas, state)),
        need=quadrant(atlas, state, code),
        priorities=tuple(priorities(atlas, state, gaps, [code])),
        evaluation=tuple(evaluation_rows(atlas, rows[rows["locality_code"] == code])),
    )
