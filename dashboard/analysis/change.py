"""Change since 2019: each district's IoD rank in 2019 and 2025 on the same 296 districts.

Both ranks are ranks of the average score among the 296 districts of 2024 (1 = most deprived):
IoD2025 as published; IoD2019 from the published File 10 average scores, combined for districts
merged since 2019 (``dashboard.prepare.context``). ``change`` is the 2019 rank minus the 2025
rank, so a positive change means the district ranks as relatively **more** deprived in 2025.
Ranks are relative: a district can move without getting worse in absolute terms, and the
indicators changed between the editions.
"""

from __future__ import annotations

import pandas as pd

from dashboard.core.iod import rank_decile

# Change classes for the map, most "relatively more deprived" first: (label, lowest change).
CHANGE_CLASSES: tuple[tuple[str, float], ...] = (
    ("30 or more places more deprived", 30),
    ("10 to 29 places more deprived", 10),
    ("Within 9 places", -9),
    ("10 to 29 places less deprived", -29),
    ("30 or more places less deprived", float("-inf")),
)
# Short forms for a legend, in the same order.
CHANGE_TICKS = ("30+ places more deprived", "10-29 more deprived", "Within 9 places",
                "10-29 less deprived", "30+ places less deprived")
WATCH_DECILES = 2    # "more deprived": in the most deprived fifth of districts in 2025
WATCH_PLACES = 10    # "getting relatively more deprived": at least 10 places towards rank 1


def change_class(change: float) -> int:
    """Class 1-5 of a change in rank (1: 30 or more places more deprived)."""
    for index, (_, lowest) in enumerate(CHANGE_CLASSES, start=1):
        if change >= lowest:
            return index
    return len(CHANGE_CLASSES)


def change_table(lads: pd.DataFrame, context: pd.DataFrame, domain: str = "imd") -> pd.DataFrame:
    """Rank and decile of each district in 2019 and 2025, the change and who to watch.

    Args:
        lads: the district table (index ``LAD24CD``; ``iod25_<domain>_rank_avg_score``).
        context: the district context table (index ``LAD24CD``;
            ``iod19_<domain>_rank_avg_score``, ``iod19_merged``, ``iod19_predecessors``).
        domain: IoD domain key.

    Returns:
        Index ``LAD24CD`` (``lads`` order): ``rank_2025``, ``rank_2019``, ``decile_2025``,
        ``decile_2019`` (of the 296 districts), ``change`` (2019 rank - 2025 rank; > 0: more
        deprived relative to other districts), ``change_class`` (1-5), ``watch`` (in the most
        deprived fifth in 2025 and at least ``WATCH_PLACES`` places more deprived), ``merged``
        and ``predecessors``.
    """
    count = len(context)
    rank25 = lads[f"iod25_{domain}_rank_avg_score"].astype("int64")
    rank19 = context[f"iod19_{domain}_rank_avg_score"].reindex(lads.index).astype("int64")
    change = rank19 - rank25
    out = pd.DataFrame({
        "rank_2025": rank25, "rank_2019": rank19,
        "decile_2025": rank25.map(lambda r: rank_decile(r, count)),
        "decile_2019": rank19.map(lambda r: rank_decile(r, count)),
        "change": change, "change_class": change.map(change_class),
    })
    out["watch"] = (out["decile_2025"] <= WATCH_DECILES) & (out["change"] >= WATCH_PLACES)
    out["merged"] = context["iod19_merged"].reindex(lads.index).astype(bool)
    out["predecessors"] = context["iod19_predecessors"].reindex(lads.index)
    return out


def describe_change(row: pd.Series, count: int) -> str:
    """"Rank 12 of 296 in 2025, 20 in 2019: 8 places more deprived." for one district."""
    moved = int(row["change"])
    if moved == 0:
        how = "the same rank"
    else:
        how = (f"{abs(moved)} place{'s' if abs(moved) != 1 else ''} "
               f"{'more' if moved > 0 else 'less'} deprived")
    return (f"Rank {int(row['rank_2025'])} of {count} in 2025, {int(row['rank_2019'])} in 2019: "
            f"{how} relative to other districts.")
