"""The locality drill-down: headline cards, the LSOA map, the interventions and empty states."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from dashboard.analysis.gaps import gap_table
from dashboard.analysis.metrics import Selection, code_counts, distinct_objects, per_10k
from dashboard.context import AtlasContext
from dashboard.core.formatting import format_rate, plot_text, plural
from dashboard.core.geography import Geography
from dashboard.core.iod import BOUNDARY_SOURCE, DOMAIN_BY_KEY, IOD_SOURCE, LAD_COUNT
from dashboard.core.view_state import ViewState, state_to_url
from dashboard.figures.maps import DECILES, deprivation_choropleth, geojson_bounds
from dashboard.figures.theme import HIGHLIGHT
from dashboard.views.common import Chart, lad_name, selected, view_caption
from dashboard.views.gaps import (
    evaluation_rows,
    need_profile,
    priorities,
    quadrant,
    thresholds_of,
)
from dashboard.views.provision import HEATMAP_TITLES, heatmap_chart

LSOA_COUNT = 33_755


@dataclass(frozen=True)
class Card:
    """A headline figure with its comparators (already formatted for display)."""

    label: str
    value: str
    dataset: str
    england: str


def locality_cards(atlas: AtlasContext, code: str,
                   interventions: pd.DataFrame | Selection) -> list[Card]:
    """Headline cards of a locality against the dataset's localities and England.

    ``interventions``: the filtered interventions of every locality.
    """
    lads = atlas.geography.lads
    row = lads.loc[code]
    covered = lads.loc[lads.index.isin(atlas.dataset.counts_by_locality().index)]
    counts = code_counts(interventions, "locality_code", list(dict.fromkeys([*covered.index, code])))
    mine = int(counts[code])
    rate = per_10k(mine, row["c21_adults_16plus"])
    dataset_rate = per_10k(int(counts.reindex(covered.index).sum()),
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
             f"{counts.reindex(covered.index).mean():.1f} per locality" if n else "0",
             f"dataset covers {n} of {LAD_COUNT} districts"),
        Card("Interventions per 10,000 adults", format_rate(rate),
             format_rate(dataset_rate), "not known (no national directory)"),
    ]


def lsoa_areas(atlas: AtlasContext, code: str, domain: str) -> pd.DataFrame:
    """The locality's LSOAs with their ward and the published score, rank and decile of a domain.

    Columns: ``code``, ``lsoa_name``, ``ward`` (2024 electoral ward), ``name`` (hover heading:
    LSOA and ward, escaped for plotly), ``score``, ``rank`` (1 = most deprived of 33,755),
    ``decile``, ``colour_class`` (= decile) and the hover lines ``hover_0``, ``hover_1``.
    """
    lsoas = atlas.geography.lsoas
    mine = lsoas[lsoas["LAD24CD"] == code]
    rank = mine[f"iod25_{domain}_rank"].astype(int).to_numpy()
    decile = mine[f"iod25_{domain}_decile"].astype(int).to_numpy()
    score = mine[f"iod25_{domain}_score"].astype(float).to_numpy()
    names = mine["LSOA21NM"].astype(str).to_numpy()
    wards = mine["WD24NM"].astype(str).to_numpy()
    return pd.DataFrame({
        "code": mine["LSOA21CD"].to_numpy(), "lsoa_name": names, "ward": wards,
        "name": [plot_text(f"{ward} ward ({name})") for ward, name in zip(wards, names, strict=True)],
        "score": score, "rank": rank, "decile": decile, "colour_class": decile,
        "hover_0": [f"Score {s:.3f}, rank {r:,} of {LSOA_COUNT:,} LSOAs"
                    for s, r in zip(score, rank, strict=True)],
        "hover_1": [f"Decile {d} of 10 (1 = most deprived)" for d in decile],
    })


def _lsoa_bounds(geography: Geography, code: str) -> tuple[float, float, float, float]:
    """Bounds of a LAD's LSOA map, computed once per geography and LAD."""
    return geography.cache.get("lsoa_bounds", code,
                               lambda: geojson_bounds(geography.lsoa_geometry(code)))


def locality_map(
    atlas: AtlasContext, code: str, state: ViewState, interventions: pd.DataFrame
) -> Chart:
    """LSOA map of the chosen domain for one locality, with located interventions as points."""
    name = lad_name(atlas, code)
    areas = lsoa_areas(atlas, code, state.domain)
    geojson = atlas.geography.lsoa_geometry(code)
    mine = interventions[interventions["locality_code"] == code]
    points = mine.dropna(subset=["latitude", "longitude"])
    label = DOMAIN_BY_KEY[state.domain].label
    ward = ward_lsoas(atlas, state)
    caption = view_caption(
        atlas, state, title=f"{name}: {label}, 2025, by neighbourhood (LSOA 2021)", place=name,
        notes=(f"Deciles of England's {LSOA_COUNT:,} LSOAs. Black dots: interventions with a "
               "location.", ward[0] if ward else ""), sources=(IOD_SOURCE, BOUNDARY_SOURCE))
    figure = deprivation_choropleth(
        areas, geojson, caption, classes=DECILES, bounds=_lsoa_bounds(atlas.geography, code),
        points=points[["latitude", "longitude"]].assign(name=points["name"].map(plot_text)),
        outline=False, height=600,
    )
    if ward:
        picked = areas["code"].isin(ward[1]).to_numpy()
        figure.update_traces(selector={"type": "choroplethmap"}, marker={"line": {
            "width": np.where(picked, 3.0, 0.4).tolist(),
            "color": np.where(picked, HIGHLIGHT, "#ffffff").tolist()}})
    summary = lsoa_summary(name, label, areas, len(points), len(mine))
    return Chart(figure, caption, summary + (f" {ward[0]}" if ward else ""))


def lsoa_summary(name: str, label: str, areas: pd.DataFrame, located: int, shown: int) -> str:
    """Text alternative of an LSOA map: how many LSOAs fall in the most and least deprived deciles."""
    deciles = areas["decile"].value_counts().reindex(range(1, 11), fill_value=0)
    return (
        f"{name}: {plural(len(areas), 'LSOA')}. {label}: {deciles.loc[1]} in decile 1 (England's "
        f"most deprived 10%), {deciles.loc[1:3].sum()} in deciles 1-3, {deciles.loc[8:10].sum()} "
        f"in deciles 8-10. {located} of the {plural(shown, 'intervention')} shown "
        f"{'has' if located == 1 else 'have'} a location."
    )


def ward_lsoas(atlas: AtlasContext, state: ViewState) -> tuple[str, list[str]] | None:
    """The note and LSOA codes of the ward a view picks out (``None`` when it picks none)."""
    nhs = atlas.geography.nhs
    if not state.ward or nhs is None:
        return None
    rows = nhs.lsoas[(nhs.lsoas["WD24CD"] == state.ward)
                     & (nhs.lsoas["LAD24CD"] == state.locality)]
    if rows.empty:
        return None
    name = rows["WD24NM"].iloc[0]
    return (f"Outlined: the {len(rows)} LSOA{'s' if len(rows) != 1 else ''} of {name} ward "
            f"({state.ward}, 2024; ONS best fit).", rows.index.tolist())


def locality_rows(atlas: AtlasContext, code: str, interventions: pd.DataFrame) -> list[dict]:
    """Table rows of a locality's interventions, codes turned into labels.

    Labels are worked out once per distinct cell (rows share their lists of codes), so a
    district with thousands of interventions costs little more than one with fifty.
    """
    mine = interventions[interventions["locality_code"] == code]
    columns = {"intervention_id": mine["intervention_id"], "name": mine["name"],
               "provider": mine["provider"]}
    for field_name in ("types", "determinants", "populations", "delivery_mode"):
        labels = atlas.codelists[field_name].labels
        columns[field_name] = _per_cell(mine[field_name],
                                        lambda codes, labels=labels: "; ".join(labels[c] for c in codes))
    for field_name in ("provider_type", "evaluation_level", "outcomes_measured", "status"):
        labels = atlas.codelists[field_name].labels
        columns[field_name] = _per_cell(
            mine[field_name], lambda value, labels=labels: labels.get(value, "")
            if isinstance(value, str) else "")
    columns["description"] = _per_cell(mine["description"].astype(object), _text)
    columns.update(service_fields(mine))
    return pd.DataFrame(columns, index=mine.index).astype(object).to_dict("records")


def _per_cell(values: pd.Series, text) -> pd.Series:
    """``text(cell)`` for every cell, computed once per distinct cell object."""
    cells, distinct = distinct_objects(values.to_numpy(dtype=object))
    return pd.Series(np.array([text(cell) for cell in distinct], dtype=object)[cells],
                     index=values.index, dtype=object)


def _text(value) -> str:
    return value if isinstance(value, str) else ""


def service_fields(rows: pd.DataFrame) -> dict[str, pd.Series]:
    """Link (http or https only), last verified date and, when the dataset has it, coding status.

    One column each for ``rows`` (missing columns read as empty).
    """
    def column(name: str) -> pd.Series:
        values = rows[name] if name in rows else pd.Series(None, index=rows.index, dtype=object)
        return values.astype(object)

    return {"url": _per_cell(column("url"), _link), "last_verified": _per_cell(
                column("last_verified"), _date),
            **({"coding_status": _per_cell(column("coding_status"), _text)}
               if "coding_status" in rows else {})}


def _link(url) -> str:
    url = url.strip() if isinstance(url, str) else ""
    return url if url.lower().startswith(("https://", "http://")) else ""


def _date(verified) -> str:
    return "" if verified is None or pd.isna(verified) else pd.Timestamp(verified).date().isoformat()


def locality_empty_message(atlas: AtlasContext, code: str, state: ViewState) -> str | None:
    """Why a locality has nothing to show, or None when it has interventions."""
    name = lad_name(atlas, code)
    if code not in atlas.dataset.counts_by_locality().index:
        return (f"No interventions for {name} ({code}) are in the loaded dataset "
                f"({atlas.dataset.meta.name}). This is a gap in the evidence, not necessarily in "
                "provision. To add them, fill in the exchange template (download below) with "
                f"locality_code {code} and check it with 'python -m dashboard validate'.")
    if selected(atlas, state, code).empty:
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
        empty: why there is no provision to show (no interventions, or none match the filters),
            else ``None``; the page then shows this one message instead of the provision
            figures, and the need side (map, cards, need by determinant) as usual.
        cards: headline figures against the dataset and England.
        rows: the locality's interventions as table rows (labels, not codes).
        back: link to the national view with the same filters.
        heatmaps: the provision heatmaps, in ``HEATMAP_TITLES`` order.
        need: need against provision by determinant (need alone when ``empty``).
        priorities: (locality name, ranked gap sentences, thin-coverage note).
        evaluation: the evaluation gap as (measure, value) pairs.
        selected: the intervention the view opens (its row first), if it is in the table.
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
    selected: str | None = None


def service_first(rows: list[dict], service: str | None) -> list[dict]:
    """The table rows with the intervention a view opens first (unchanged without one)."""
    chosen = [r for r in rows if service and r["intervention_id"] == service]
    return chosen + [r for r in rows if r not in chosen] if chosen else rows


def locality_title(atlas: AtlasContext, code: str) -> str:
    """The locality page's heading: "Blackpool (E06000009)"."""
    return f"{lad_name(atlas, code)} ({code})"


def locality_page(atlas: AtlasContext, state: ViewState) -> LocalityPage:
    """The locality page of a state that names a locality (the map is built on its own)."""
    code = state.locality
    mine = selected(atlas, state, code)  # the rows of this locality that pass the filters
    gaps = gap_table(atlas.geography.lads, mine, [code], thresholds_of(state))
    empty = locality_empty_message(atlas, code, state)
    # With no provision the page's one message says why; the lists do not repeat it.
    priorities_ = [(name, sentences, None if empty else note)
                   for name, sentences, note in priorities(atlas, state, gaps, [code])]
    rows = mine.frame
    return LocalityPage(
        title=locality_title(atlas, code),
        empty=empty,
        cards=tuple(locality_cards(atlas, code, selected(atlas, state))),
        rows=tuple(service_first(locality_rows(atlas, code, rows), state.service)),
        back="".join(state_to_url(replace(state, locality=None))),
        heatmaps=tuple(locality_heatmaps(atlas, state)),
        need=need_profile(atlas, state, code) if empty else quadrant(atlas, state, code),
        priorities=tuple(priorities_),
        evaluation=tuple(evaluation_rows(atlas, mine)),
        selected=state.service if state.service and rows["intervention_id"].eq(state.service).any()
        else None,
    )
