"""Similar areas: a locality beside its five nearest ONS statistical neighbours.

ONS lists, for each local authority, the 20 most similar authorities in the UK (global,
economic or demographic similarity). The Indices of Deprivation cover England only, so the five
shown are the five nearest English districts; those passed over are named.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from dashboard.analysis.gaps import gap_table
from dashboard.analysis.metrics import per_10k
from dashboard.context import AtlasContext
from dashboard.core.areas import NEIGHBOUR_KINDS, NEIGHBOURS_SOURCE
from dashboard.core.formatting import format_rate, ordinal
from dashboard.core.iod import rank_decile
from dashboard.core.view_state import ViewState, state_to_url
from dashboard.views.common import Chart, filtered, lad_name
from dashboard.views.gaps import gap_heatmap, thresholds_of

SHOWN = 5


@dataclass(frozen=True)
class AreaRow:
    """One district of the panel (the locality itself first), formatted for display.

    Attributes:
        code, name: the district; ``position`` 0 for the locality, else its neighbour order.
        rank: IoD2025 rank of average IMD score (of 296); ``decile`` of that rank.
        interventions: coded in the dataset (with the filters); ``per_10k`` per 10,000 adults.
        no_provision, low_provision: determinants with high need and no, or low, provision
            (``None`` when nothing is coded there: a gap in the evidence).
        link: the district's locality page with the same filters.
    """

    code: str
    name: str
    position: int
    rank: int
    decile: int
    interventions: int
    per_10k: float
    no_provision: int | None
    low_provision: int | None
    link: str


@dataclass(frozen=True)
class SimilarAreas:
    """The "Similar areas" panel of a locality.

    Attributes:
        kind: ``global``, ``economic`` or ``demographic``.
        title: "Blackpool and its 5 nearest neighbours (economic similarity)".
        cluster: the ONS cluster the locality is in, with its description (or "").
        rows: the locality, then its neighbours.
        standing: sentences on where the locality stands among them.
        skipped: the non-English authorities passed over ("" when none).
        compare_link: the compare page with the locality and its neighbours.
        classes: gap classes by determinant of those with coded interventions (``None`` if
            fewer than two have any).
        source: the ONS source line.
    """

    kind: str
    title: str
    cluster: str
    rows: tuple[AreaRow, ...]
    standing: tuple[str, ...]
    skipped: str
    compare_link: str
    classes: Chart | None
    source: str = NEIGHBOURS_SOURCE


def nearest(atlas: AtlasContext, code: str, kind: str) -> tuple[list[str], list[str]]:
    """The five nearest English neighbours (LAD 2024 codes) and the names passed over before."""
    districts = atlas.geography.districts
    if districts is None:
        return [], []
    table = districts.neighbours_of(code, kind)
    chosen, skipped = [], []
    for row in table.itertuples():
        if len(chosen) == SHOWN:
            break
        if pd.isna(row.neighbour_lad24):
            skipped.append(str(row.neighbour_name))
        else:
            chosen.append(str(row.neighbour_lad24))
    return chosen, skipped


def _rows(atlas: AtlasContext, state: ViewState, codes: list[str]) -> list[AreaRow]:
    lads = atlas.geography.lads
    interventions = filtered(atlas, state)
    counts = interventions["locality_code"].value_counts()
    gaps = gap_table(lads, interventions, codes, thresholds_of(state),
                     atlas.dataset.codes.pair_counts)
    classes = pd.crosstab(gaps["locality"], gaps["gap_class"]).reindex(
        index=codes, columns=["high_need_no_provision", "high_need_low_provision"], fill_value=0)
    rows = []
    for position, code in enumerate(codes):
        n = int(counts.get(code, 0))
        rank = int(lads.at[code, "iod25_imd_rank_avg_score"])
        link = "".join(state_to_url(replace(state, locality=code, ward=None, service=None)))
        rows.append(AreaRow(
            code=code, name=lad_name(atlas, code), position=position, rank=rank,
            decile=rank_decile(rank), interventions=n,
            per_10k=per_10k(n, lads.at[code, "c21_adults_16plus"]),
            no_provision=int(classes.at[code, "high_need_no_provision"]) if n else None,
            low_provision=int(classes.at[code, "high_need_low_provision"]) if n else None,
            link=link))
    return rows


def standing(rows: list[AreaRow]) -> list[str]:
    """Where the locality (``rows[0]``) stands among its neighbours, in plain words."""
    me, others = rows[0], rows[1:]
    place = sorted(rows, key=lambda r: r.rank).index(me) + 1
    which = "the most deprived" if place == 1 else f"the {ordinal(place)} most deprived"
    spread = (f"; its neighbours rank from {min(r.rank for r in others)} to "
              f"{max(r.rank for r in others)}" if others else "")
    out = [f"{me.name} is {which} of these {len(rows)} areas on the Index of Multiple "
           f"Deprivation (rank {me.rank} of 296{spread})."]
    coded = [r for r in rows if r.interventions]
    uncoded = [r.name for r in rows[1:] if not r.interventions]
    if not me.interventions:
        out.append(f"No interventions are coded for {me.name}, so its provision cannot be set "
                   "against its neighbours'.")
    elif len(coded) > 1:
        by_rate = sorted(coded, key=lambda r: -r.per_10k)
        out.append(f"Provision: {format_rate(me.per_10k)} interventions per 10,000 adults, "
                   f"{ordinal(by_rate.index(me) + 1)} highest of the {len(coded)} with coded "
                   "interventions.")
    if uncoded:
        out.append(f"No interventions are coded for {', '.join(uncoded)}: a gap in the evidence "
                   "is not a gap in provision.")
    return out


def similar_areas(atlas: AtlasContext, state: ViewState) -> SimilarAreas | None:
    """The panel for the state's locality and neighbour kind (``None`` without neighbour data)."""
    code, kind = state.locality, state.similar
    districts = atlas.geography.districts
    if districts is None or code is None:
        return None
    neighbours, skipped = nearest(atlas, code, kind)
    codes = [code, *neighbours]
    rows = _rows(atlas, state, codes)
    letter = districts.table.at[code, f"cluster_{kind}"]
    cluster = "" if pd.isna(letter) else (
        f"ONS {kind} cluster {letter}: {districts.clusters[kind][str(letter)]}")
    name = lad_name(atlas, code)
    coded = [r.code for r in rows if r.interventions]
    classes = gap_heatmap(atlas, state, coded)[0] if len(coded) >= 2 else None
    compare = "".join(state_to_url(replace(state, locality=None, page="compare",
                                           compare=tuple(codes), ward=None, service=None)))
    return SimilarAreas(
        kind=kind,
        title=f"{name} and its {len(neighbours)} nearest neighbours "
              f"({NEIGHBOUR_KINDS[kind].lower()} similarity)",
        cluster=cluster, rows=tuple(rows), standing=tuple(standing(rows)),
        skipped=(f"Passed over (outside England, where the Indices of Deprivation do not "
                 f"apply): {', '.join(skipped)}." if skipped else ""),
        compare_link=compare, classes=classes)
