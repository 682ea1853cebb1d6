"""Monitoring over time: what changed between two versions of a dataset, and figures per version.

Saved versions are immutable, so comparing two of them, or following one figure across them,
is a pure function of their rows. An intervention is matched across versions by its
``intervention_id``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from dashboard.analysis.gaps import EVALUATED_LEVELS
from dashboard.analysis.metrics import pair_counts

CODED_FIELDS = ("locality_code", "types", "determinants", "populations", "social_model")
IGNORED_FIELDS = ("source_row",)


@dataclass(frozen=True)
class VersionChanges:
    """Interventions added, removed, recoded or otherwise edited between two versions.

    Attributes:
        added, removed: intervention ids only in the later, or only in the earlier, version.
        recoded: id -> the coded fields (``CODED_FIELDS``) whose codes changed.
        edited: id -> the other fields that changed (no code did).
        cells: per (locality, determinant) with a change: ``locality``, ``determinant``,
            ``before``, ``after``, ``change`` (interventions targeting it in each version).
    """

    added: tuple[str, ...]
    removed: tuple[str, ...]
    recoded: dict[str, tuple[str, ...]]
    edited: dict[str, tuple[str, ...]]
    cells: pd.DataFrame

    @property
    def counts(self) -> dict[str, int]:
        """How many interventions were added, removed, recoded and edited."""
        return {"added": len(self.added), "removed": len(self.removed),
                "recoded": len(self.recoded), "edited": len(self.edited)}


def _normal(value: object) -> object:
    """A cell in a comparable form: lists as tuples, missing values as None."""
    if isinstance(value, list | tuple):
        return tuple(value)
    try:
        return None if pd.isna(value) else value
    except (TypeError, ValueError):
        return value


def version_changes(before: pd.DataFrame, after: pd.DataFrame,
                    determinants: Sequence[str], locality: str | None = None) -> VersionChanges:
    """Compare two versions' rows (optionally only what concerns one locality).

    Args:
        before: accepted rows of the earlier version.
        after: accepted rows of the later version.
        determinants: determinant codes, in order.
        locality: when given, an intervention counts if it is in that locality in either
            version, and the cells are that locality's.
    """
    if locality is not None:
        before = before[before["locality_code"] == locality]
        after = after[after["locality_code"] == locality]
    old = before.set_index("intervention_id", drop=False)
    new = after.set_index("intervention_id", drop=False)
    common = [i for i in new.index if i in old.index]
    recoded, edited = {}, {}
    columns = [c for c in new.columns if c in old.columns and c not in IGNORED_FIELDS]
    for ident in common:
        a, b = old.loc[ident], new.loc[ident]
        differ = [c for c in columns if _normal(a[c]) != _normal(b[c])]
        codes = tuple(c for c in differ if c in CODED_FIELDS)
        if codes:
            recoded[str(ident)] = codes
        elif differ:
            edited[str(ident)] = tuple(differ)
    localities = sorted(set(before["locality_code"]) | set(after["locality_code"]))
    counts = [pair_counts(rows, "locality_code", "determinants", localities, list(determinants))
              .stack().rename(name) for rows, name in ((before, "before"), (after, "after"))]
    cells = pd.concat(counts, axis=1).reset_index()
    cells.columns = ["locality", "determinant", "before", "after"]
    cells["change"] = cells["after"] - cells["before"]
    cells = cells[cells["change"] != 0].reset_index(drop=True)
    return VersionChanges(
        added=tuple(str(i) for i in new.index if i not in old.index),
        removed=tuple(str(i) for i in old.index if i not in new.index),
        recoded=recoded, edited=edited, cells=cells)


def version_figures(rows: pd.DataFrame, determinants: Sequence[str]) -> dict[str, object]:
    """Figures of one version: interventions, per determinant, outcomes measured, evaluated.

    Returns:
        ``interventions`` (int), ``determinants`` (code -> interventions targeting it),
        ``outcomes_measured`` and ``evaluated`` (counts; evaluated = internal, independent or
        published evaluation).
    """
    exploded = rows[["intervention_id", "determinants"]].explode("determinants")
    per = exploded.drop_duplicates()["determinants"].value_counts()
    return {
        "interventions": len(rows),
        "determinants": {c: int(per.get(c, 0)) for c in determinants},
        "outcomes_measured": int((rows["outcomes_measured"] == "yes").sum()),
        "evaluated": int(rows["evaluation_level"].isin(EVALUATED_LEVELS).sum()),
    }
