"""Change since 2019 as the atlas shows it: the map option, a locality's panel and the API block."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.analysis.change import (
    CHANGE_CLASSES,
    WATCH_DECILES,
    WATCH_PLACES,
    change_table,
    describe_change,
)
from dashboard.analysis.metrics import per_10k
from dashboard.context import AtlasContext
from dashboard.core.formatting import format_rate
from dashboard.core.iod import DOMAIN_BY_KEY

CAVEAT = ("IoD ranks are relative: a district that moves up the ranking has become more deprived "
          "compared with other districts, not necessarily worse in absolute terms. Indicators and "
          "data changed between IoD2019 and IoD2025, so compare ranks, not scores.")
MERGED_NOTE = ("Districts formed by merging 2019 districts (Buckinghamshire, North and West "
               "Northamptonshire, Cumberland, Westmorland and Furness, North Yorkshire, Somerset) "
               "get the 2019 average score of all their LSOAs: their predecessors' published "
               "scores weighted by population.")
WATCH_NOTE = (f"Outlined: most deprived fifth in 2025 (deciles 1-{WATCH_DECILES}) and "
              f"{WATCH_PLACES}+ places more deprived than in 2019.")


def changes(atlas: AtlasContext, domain: str) -> pd.DataFrame:
    """:func:`analysis.change.change_table` of the served districts (the focus's, if any)."""
    districts = atlas.geography.districts
    if districts is None:
        raise LookupError("this server's prepared data has no IoD2019 comparison")
    return change_table(atlas.geography.lads, districts.table, domain)


def change_areas(atlas: AtlasContext, interventions: pd.DataFrame, domain: str) -> pd.DataFrame:
    """Rows of the national map coloured by change class.

    Columns: ``code``, ``name``, ``rank`` (the change in words), ``decile`` and ``colour_class``
    (the change class 1-5), ``interventions``, ``per_10k``, ``watch`` (outlined districts) and
    the hover lines ``hover_0``..``hover_2``.
    """
    lads = atlas.geography.lads
    table = changes(atlas, domain)
    counts = interventions["locality_code"].value_counts().reindex(lads.index, fill_value=0)
    count = atlas.geography.ranked_of
    text = [describe_change(row, count).removesuffix(" relative to other districts.")
            for _, row in table.iterrows()]
    rates = [per_10k(c, a) for c, a in zip(counts, lads["c21_adults_16plus"], strict=True)]
    return pd.DataFrame({
        "code": lads.index, "name": lads["LAD24NM"].to_numpy(), "rank": text,
        "decile": table["change_class"].to_numpy(), "colour_class": table["change_class"].to_numpy(),
        "interventions": counts.to_numpy(), "per_10k": rates, "watch": table["watch"].to_numpy(),
        "hover_0": text, "hover_1": [f"Interventions mapped: {n}" for n in counts],
        "hover_2": [f"Per 10,000 adults: {format_rate(r)}" for r in rates],
    })


def change_summary(atlas: AtlasContext, domain: str) -> str:
    """Text alternative of the change map: how many moved each way, and who to watch."""
    table = changes(atlas, domain)
    names = atlas.geography.lad_names
    counts = table["change_class"].value_counts()
    parts = [f"{label}: {int(counts.get(i, 0))}" for i, (label, _) in
             enumerate(CHANGE_CLASSES, start=1)]
    watch = table[table["watch"]].sort_values("rank_2025")
    listed = "; ".join(f"{names[c]} ({int(r.rank_2019)} to {int(r.rank_2025)})"
                       for c, r in watch.iterrows()) or "none"
    return (f"{DOMAIN_BY_KEY[domain].label}, change in rank of average score between IoD2019 and "
            f"IoD2025 among {len(table)} districts. " + "; ".join(parts) + ". More deprived and "
            f"getting relatively more deprived (most deprived fifth in 2025, {WATCH_PLACES} or "
            f"more places more deprived than in 2019): {listed}. " + CAVEAT)


@dataclass(frozen=True)
class LocalityChange:
    """A locality's change since 2019 (IMD and each domain) for its page and the API.

    Attributes:
        headline: one sentence on the IMD rank in 2019 and 2025.
        rows: (domain label, rank 2019, rank 2025, decile 2019, decile 2025, change) per domain.
        watch: True when in the most deprived fifth and getting relatively more deprived.
        merged: how the 2019 figure was made when the district merged since 2019, else "".
        caveat: ranks are relative; indicators changed.
    """

    headline: str
    rows: tuple[tuple[str, int, int, int, int, int], ...]
    watch: bool
    merged: str
    caveat: str = CAVEAT


def locality_change(atlas: AtlasContext, code: str) -> LocalityChange | None:
    """Change since 2019 of one district (``None`` without the IoD2019 comparison)."""
    if atlas.geography.districts is None:
        return None
    rows, imd = [], None
    for key, domain in DOMAIN_BY_KEY.items():
        row = changes(atlas, key).loc[code]
        imd = row if key == "imd" else imd
        rows.append((domain.label, int(row["rank_2019"]), int(row["rank_2025"]),
                     int(row["decile_2019"]), int(row["decile_2025"]), int(row["change"])))
    predecessors = str(imd["predecessors"]).split("|")
    merged = (f"Formed from {len(predecessors)} districts of 2019 ({', '.join(predecessors)}): "
              "their published IoD2019 average scores are combined, weighted by population."
              if imd["merged"] else "")
    headline = describe_change(imd, atlas.geography.ranked_of).replace(
        "Rank", "Index of Multiple Deprivation: rank", 1)
    return LocalityChange(headline=headline, rows=tuple(rows), watch=bool(imd["watch"]),
                          merged=merged)
