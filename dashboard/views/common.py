"""View models: the tables, figures and sentences each part of the atlas shows.

Every function takes the read-only context plus plain values (a view state, a code) and returns
plain data or figures, so callbacks stay thin and the API and exports can reuse the same numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from dashboard.analysis.filters import describe_filters
from dashboard.analysis.metrics import format_rate, per_10k
from dashboard.context import AtlasContext
from dashboard.core.geography import Geography
from dashboard.core.iod import (
    BOUNDARY_SOURCE,
    CENSUS_SOURCE,
    DOMAIN_BY_KEY,
    HEX_SOURCE,
    IOD_SOURCE,
    LAD_COUNT,
    rank_decile,
)
from dashboard.core.view_state import FILTER_FIELDS, MEASURES, ViewState
from dashboard.figures.factories import (
    Caption,
    count_bars,
    deprivation_choropleth,
    fit_view,
    plot_text,
    provision_heatmap,
)

LEVEL_ORDER = ("individual", "family", "community", "structural")
LSOA_COUNT = 33_755
HEATMAP_ROWS = 30  # localities a heatmap or list shows; more cannot be read (exports keep all)
HEATMAP_TITLES = {
    "determinant_type": "Determinants targeted, by intervention type",
    "population_determinant": "Population groups, by determinant targeted",
    "locality_determinant": "Localities, by determinant targeted",
}
# Combinations the study singled out as least served: always listed, even at zero.
WATCHED_COMBINATIONS = (
    ("minority_ethnic", "men"),
    ("minority_ethnic", "women"),
    ("minority_ethnic", "lgbtq"),
    ("older_adults", "minority_ethnic"),
    ("disabled", "minority_ethnic"),
)


@dataclass(frozen=True)
class Card:
    """A headline figure with its comparators (already formatted for display)."""

    label: str
    value: str
    dataset: str
    england: str


def filtered(ctx: AtlasContext, state: ViewState, locality: str | None = None) -> pd.DataFrame:
    """Interventions of the loaded dataset that pass the state's filters (in one locality)."""
    return ctx.dataset.select(
        {FILTER_FIELDS[p]: codes for p, codes in state.active_filters.items()}, locality)


def subtitle(ctx: AtlasContext, state: ViewState, place: str) -> str:
    """Caption subtitle: where, which filters, which dataset (two lines)."""
    return (f"{place}. {describe_filters(state.active_filters, ctx.codelists)}.\n"
            f"{plot_text(ctx.dataset.meta.caption)}")


def lad_name(ctx: AtlasContext, code: str) -> str:
    """Name of a LAD 2024 code."""
    names = ctx.geography.memo(("lad_names",), lambda: {
        str(k): str(v) for k, v in ctx.geography.lads["LAD24NM"].items()})
    try:
        return names[code]
    except KeyError:
        return str(ctx.geography.lads.at[code, "LAD24NM"])  # raises KeyError as it always did


# National view ---------------------------------------------------------------------------------

def national_areas(
    ctx: AtlasContext, interventions: pd.DataFrame, domain: str, measure: str
) -> pd.DataFrame:
    """One row per LAD 2024 with the published measure, its rank and decile, and provision.

    Columns: ``code``, ``name``, ``rank`` (text, e.g. "5 of 296"), ``decile`` (1-10 from the
    published rank), ``interventions``, ``per_10k`` (per 10,000 adults 16+, Census 2021).
    """
    lads = ctx.geography.lads
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


def national_caption(ctx: AtlasContext, state: ViewState) -> Caption:
    """Caption of the national deprivation map."""
    label = DOMAIN_BY_KEY[state.domain].label
    sources = (IOD_SOURCE, HEX_SOURCE if state.map_mode == "hex" else BOUNDARY_SOURCE)
    return Caption(
        title=f"{label}, 2025: {MEASURES[state.measure].lower()}",
        subtitle="Deciles of 296 districts (LAD 2024); outlined: districts with interventions "
        "mapped.\n" + subtitle(ctx, state, "England").split("\n", 1)[0] + " "
        + plot_text(ctx.dataset.meta.caption),
        sources=sources,
    )


def national_figure(ctx: AtlasContext, state: ViewState) -> tuple[go.Figure, str]:
    """National map (or hex cartogram) and its text alternative."""
    areas = national_areas(ctx, filtered(ctx, state), state.domain, state.measure)
    geojson = ctx.geography.hex_geojson if state.map_mode == "hex" else ctx.geography.lad_geojson
    figure = deprivation_choropleth(
        areas, geojson, national_caption(ctx, state), rank_label=MEASURES[state.measure]
    )
    return figure, national_summary(areas, state)


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


# Heatmaps --------------------------------------------------------------------------------------

def heatmap_counts(
    ctx: AtlasContext, kind: str, interventions: pd.DataFrame, localities: list[str]
) -> pd.DataFrame:
    """Counts behind one of the three provision heatmaps (all codes kept, zeros included)."""
    codes = {name: ctx.codelists[name].codes for name in ("types", "determinants", "populations")}
    count = ctx.dataset.codes.pair_counts
    if kind == "determinant_type":
        return count(interventions, "determinants", "types", codes["determinants"],
                     codes["types"])
    if kind == "population_determinant":
        return count(interventions, "populations", "determinants", codes["populations"],
                     codes["determinants"])
    return count(interventions, "locality_code", "determinants", localities,
                 codes["determinants"])


def readable_localities(ctx: AtlasContext, localities: Sequence[str]) -> tuple[list[str], str]:
    """The localities a heatmap, chart or list shows, and a note when they are not all of them.

    More than ``HEATMAP_ROWS`` rows cannot be read (a whole-England dataset has 296): the most
    deprived are shown (IoD2025 rank of average IMD score), in the given order; the CSV and
    XLSX exports keep every locality.
    """
    if len(localities) <= HEATMAP_ROWS:
        return list(localities), ""
    ranks = ctx.geography.lads["iod25_imd_rank_avg_score"]
    chosen = set(sorted(localities, key=lambda c: ranks.get(c, LAD_COUNT + 1))[:HEATMAP_ROWS])
    return ([c for c in localities if c in chosen],
            f"Showing the {HEATMAP_ROWS} most deprived of the {len(localities)} localities "
            "(IoD2025 rank of average IMD score); the CSV and XLSX exports list all.")


def heatmap_figure(
    ctx: AtlasContext, kind: str, state: ViewState, place: str, localities: list[str],
    locality: str | None = None,
) -> tuple[go.Figure, str]:
    """One provision heatmap for the state's filters (in one locality), with its text alternative."""
    shown, drawn = readable_localities(ctx, localities)
    counts = heatmap_counts(ctx, kind, filtered(ctx, state, locality), localities)
    total = float(counts.to_numpy().sum())  # shares stay shares of every locality's provision
    if drawn and kind == "locality_determinant":
        counts, localities = counts.loc[shown], shown
    determinants = ctx.codelists["determinants"]
    labels = {
        "determinant_type": (determinants.labels, ctx.codelists["types"].labels),
        "population_determinant": (ctx.codelists["populations"].labels, determinants.labels),
        "locality_determinant": ({c: lad_name(ctx, c) for c in localities}, determinants.labels),
    }[kind]
    caption = Caption(
        title=HEATMAP_TITLES[kind],
        subtitle=subtitle(ctx, state, place).replace(
            "\n", " Counted once per pair; – marks a gap (none).\n"
            + (f"{drawn}\n" if drawn and kind == "locality_determinant" else "")),
        sources=(f"Code lists: {ctx.codelists.name}, version {ctx.codelists.version}.",),
    )
    figure = provision_heatmap(
        counts, caption, row_labels=labels[0], col_labels=labels[1],
        row_groups=determinants.groups if kind == "determinant_type" else None,
        col_groups=None if kind == "determinant_type" else determinants.groups,
        group_order=LEVEL_ORDER, shares=state.shares, total=total,
    )
    summary = heatmap_summary(ctx, kind, counts, labels[0])
    return figure, (f"{drawn} {summary}" if drawn and kind == "locality_determinant" else summary)


def heatmap_summary(
    ctx: AtlasContext, kind: str, counts: pd.DataFrame, row_labels: dict[str, str]
) -> str:
    """Text alternative of a heatmap: what is targeted most and where provision is empty."""
    determinants = ctx.codelists["determinants"]
    groups, labels = determinants.groups, determinants.labels  # properties build a dict per call
    if kind == "determinant_type":
        by_determinant = counts.sum(axis=1)
    else:
        by_determinant = (counts > 0).sum(axis=0)
    if kind == "locality_determinant":
        structural = [d for d in counts.columns if groups[d] == "structural"]
        covered = (counts > 0).sum(axis=1).to_dict()
        struct_covered = (counts[structural] > 0).sum(axis=1).to_dict()
        parts = [f"{row_labels[code]}: {int(covered[code])} of {counts.shape[1]} determinants "
                 f"have any provision; {int(struct_covered[code])} of {len(structural)} at "
                 "structural level." for code in counts.index]
        return " ".join(parts) or "No localities have interventions that match the filters."
    totals = counts.sum(axis=1).sort_values(ascending=False)
    top = ", ".join(f"{row_labels[c]} ({n})" for c, n in totals.head(3).items() if n)
    parts = [f"Most provision: {top or 'none'}."]
    for level in LEVEL_ORDER:
        codes = [c for c in determinants.codes if groups[c] == level]
        empty = [labels[c] for c in codes if not by_determinant[c]]
        parts.append(f"{level.capitalize()} level: {len(codes) - len(empty)} of {len(codes)} "
                     "determinants have any provision"
                     + (f"; none for {', '.join(empty)}." if empty else "."))
    if kind == "population_determinant":
        unserved = [row_labels[c] for c, n in totals.items() if n == 0]
        if unserved:
            parts.append(f"Groups with no provision: {', '.join(unserved)}.")
    return " ".join(parts)


# Intersectional view ---------------------------------------------------------------------------

def intersection_counts(ctx: AtlasContext, interventions: pd.DataFrame) -> pd.DataFrame:
    """Interventions per combination of two or more identity groups (``label``, ``count``).

    The combinations in ``WATCHED_COMBINATIONS`` are always listed, at zero if need be.
    """
    populations = ctx.codelists["populations"]
    identity = [c for c in populations.codes if populations.groups[c] == "identity"]
    order = {c: i for i, c in enumerate(populations.codes)}
    counts = ctx.dataset.codes.combinations(interventions, "populations", identity)
    for combo in WATCHED_COMBINATIONS:
        counts.setdefault(tuple(sorted(combo, key=order.get)), 0)
    table = pd.DataFrame({"combination": list(counts), "count": list(counts.values())})
    table["label"] = table["combination"].map(
        lambda combo: " + ".join(populations.labels[c] for c in combo))
    return table.sort_values(["count", "label"], ascending=[False, True]).reset_index(drop=True)


def intersection_figure(
    ctx: AtlasContext, state: ViewState, place: str, locality: str | None = None
) -> tuple[go.Figure, str]:
    """Bar chart of intersectional targeting with its text alternative."""
    table = intersection_counts(ctx, filtered(ctx, state, locality))
    caption = Caption(
        title="Intersectional targeting: interventions for two or more identity groups at once",
        subtitle=subtitle(ctx, state, place),
        sources=(f"Code lists: {ctx.codelists.name}, version {ctx.codelists.version}.",),
    )
    figure = count_bars(table["label"], table["count"], caption, value_label="interventions")
    zero = table.loc[table["count"] == 0, "label"].tolist()
    summary = "; ".join(f"{r.label}: {r.count}" for r in table.itertuples()) + "."
    if zero:
        summary += f" No intervention targets {', '.join(zero)}."
    return figure, summary


# Locality view ---------------------------------------------------------------------------------

def locality_cards(ctx: AtlasContext, code: str, interventions: pd.DataFrame) -> list[Card]:
    """Headline cards of a locality against the dataset's localities and England."""
    lads = ctx.geography.lads
    row = lads.loc[code]
    counts = interventions["locality_code"].value_counts()
    covered = lads.loc[lads.index.isin(ctx.dataset.interventions["locality_code"].unique())]
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


def lsoa_areas(ctx: AtlasContext, code: str, domain: str) -> pd.DataFrame:
    """The locality's LSOAs with published rank and decile of the chosen domain."""
    lsoas = ctx.geography.lsoas
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
    return geography.memo(("lsoa_fit", code), lambda: fit_view(geography.lsoa_geometry(code)))


def locality_map(
    ctx: AtlasContext, code: str, state: ViewState, interventions: pd.DataFrame
) -> tuple[go.Figure, str]:
    """LSOA map of the chosen domain for one locality, with located interventions as points."""
    name = lad_name(ctx, code)
    areas = lsoa_areas(ctx, code, state.domain)
    geojson = ctx.geography.lsoa_geometry(code)
    centre, zoom = _lsoa_fit(ctx.geography, code)
    centre = dict(centre)  # the cached one stays as it is
    mine = interventions[interventions["locality_code"] == code]
    points = mine.dropna(subset=["latitude", "longitude"])
    label = DOMAIN_BY_KEY[state.domain].label
    caption = Caption(
        title=f"{name}: {label}, 2025, by neighbourhood (LSOA 2021)",
        subtitle=f"National deciles of {LSOA_COUNT:,} LSOAs; orange points: interventions with a "
        "location.\n" + subtitle(ctx, state, name).split("\n", 1)[0] + " "
        + plot_text(ctx.dataset.meta.caption),
        sources=(IOD_SOURCE, BOUNDARY_SOURCE),
    )
    figure = deprivation_choropleth(
        areas, geojson, caption, rank_label="Rank", count=LSOA_COUNT, centre=centre, zoom=zoom,
        points=points[["latitude", "longitude"]].assign(name=points["name"].map(plot_text)),
        outline=False, height=600,
    )
    deciles = areas["decile"].value_counts().reindex(range(1, 11), fill_value=0)
    summary = (
        f"{name}: {len(areas)} LSOAs. {label}: {deciles[1]} in decile 1 (England's most deprived "
        f"10%), {deciles[1:3].sum()} in deciles 1-3, {deciles[8:10].sum()} in deciles 8-10. "
        f"{len(points)} of {len(mine)} interventions shown have a location."
    )
    return figure, summary


def locality_rows(ctx: AtlasContext, code: str, interventions: pd.DataFrame) -> list[dict]:
    """Table rows of a locality's interventions, codes turned into labels."""
    mine = interventions[interventions["locality_code"] == code]
    lists = {f: ctx.codelists[f].labels for f in ("types", "determinants", "populations",
                                                  "delivery_mode")}
    singles = {f: ctx.codelists[f].labels for f in ("provider_type", "evaluation_level",
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


def locality_empty_message(ctx: AtlasContext, code: str, state: ViewState) -> str | None:
    """Why a locality has nothing to show, or None when it has interventions."""
    name = lad_name(ctx, code)
    if not (ctx.dataset.interventions["locality_code"] == code).any():
        return (f"No interventions for {name} ({code}) are in the loaded dataset "
                f"({ctx.dataset.meta.name}). This is a gap in the evidence, not necessarily in "
                "provision. To add them, fill in the exchange template (download below) with "
                f"locality_code {code} and check it with 'python -m dashboard validate'.")
    if filtered(ctx, state, code).empty:
        return f"No interventions in {name} match the current filters. Clear filters to see all."
    return None


def dataset_localities(ctx: AtlasContext) -> list[str]:
    """LAD 2024 codes with at least one intervention in the dataset, by name."""
    codes = ctx.dataset.interventions["locality_code"].unique().tolist()
    return sorted(codes, key=lambda c: lad_name(ctx, c))


def locality_options(ctx: AtlasContext) -> list[dict[str, str]]:
    """Picker options: every LAD 2024, searchable by name or code."""
    lads = ctx.geography.lads.sort_values("LAD24NM")
    counts = ctx.dataset.counts_by_locality()
    return [
        {"label": f"{name} ({code})" + (f" – {counts[code]} interventions"
                                        if code in counts.index else ""),
         "value": code, "search": f"{name} {code}"}
        for code, name in zip(lads.index, lads["LAD24NM"], strict=True)
    ]


SOURCES = (IOD_SOURCE, BOUNDARY_SOURCE, HEX_SOURCE, CENSUS_SOURCE)


def national_figures(ctx: AtlasContext, state: ViewState) -> dict[str, tuple[go.Figure, str]]:
    """Every national figure with its text alternative, keyed by view part."""
    localities = dataset_localities(ctx)
    out = {"map": national_figure(ctx, state)}
    for kind in HEATMAP_TITLES:
        out[kind] = heatmap_figure(ctx, kind, state, "England", localities)
    out["intersection"] = intersection_figure(ctx, state, "England")
    return out


def locality_heatmaps(ctx: AtlasContext, state: ViewState) -> list[tuple[go.Figure, str]]:
    """The locality page's provision heatmaps (``HEATMAP_TITLES`` order) with text alternatives."""
    code = state.locality
    name = lad_name(ctx, code)
    return [heatmap_figure(ctx, kind, state, name, [code], locality=code)
            for kind in HEATMAP_TITLES]
