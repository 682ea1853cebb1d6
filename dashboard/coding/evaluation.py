"""Measuring the coder honestly: precision, recall and F1 per field on data it did not learn from.

Two measurements (``scripts/evaluate_coder.py`` runs both and writes ``docs/coding.md``'s
tables):

- cross-validated on the hand-tagged charities: 5 folds; for each, the whole coder (rule
  confidences, classifier, calibration, thresholds) is fitted on the other four folds plus the
  project's coded rows, and scored on the held-out fold against its tags mapped to codes;
- on the hand-coded sample of the Greater Manchester files: scored by a coder that never saw
  them, and cross-validated with four fifths of the sample added to the training data.

Scores count suggested codes (those at or above the threshold): a code suggested and coded is a
true positive, suggested and not coded a false positive, coded and not suggested a false
negative (micro-averaged over the field's codes).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.model_selection import KFold

from dashboard.coding.coder import Coder
from dashboard.coding.rules import REQUIRED_FIELDS
from dashboard.coding.training import FOLDS, SEED, TrainingSet


@dataclass(frozen=True)
class FieldScore:
    """Counts and rates of one field's suggestions against the truth.

    Attributes:
        rows: services scored.
        tp, fp, fn: suggested and true, suggested and not true, true and not suggested.
        rows_with_truth: services with at least one true code.
        rows_suggested: services with at least one suggested code.
    """

    rows: int
    tp: int
    fp: int
    fn: int
    rows_with_truth: int
    rows_suggested: int

    @property
    def precision(self) -> float | None:
        """Share of suggested codes that were right (None when nothing was suggested)."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        """Share of true codes that were suggested (None when there were none)."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p and r else (0.0 if p is not None and r is not None else None)

    def __add__(self, other: FieldScore) -> FieldScore:
        return FieldScore(*(a + b for a, b in zip(
            (self.rows, self.tp, self.fp, self.fn, self.rows_with_truth, self.rows_suggested),
            (other.rows, other.tp, other.fp, other.fn, other.rows_with_truth, other.rows_suggested),
            strict=True)))


def score(decided: Mapping[str, np.ndarray], labels: Mapping[str, np.ndarray],
          fields: Sequence[str]) -> dict[str, FieldScore]:
    """Per field, the counts of suggested codes (``decided``) against the true ones."""
    out = {}
    for name in fields:
        guess, truth = decided[name], labels[name]
        out[name] = FieldScore(rows=len(truth), tp=int((guess & truth).sum()),
                               fp=int((guess & ~truth).sum()), fn=int((~guess & truth).sum()),
                               rows_with_truth=int(truth.any(axis=1).sum()),
                               rows_suggested=int(guess.any(axis=1).sum()))
    return out


def needs_review_share(decided: Mapping[str, np.ndarray]) -> float:
    """Share of services lacking a suggested code in a required field."""
    complete = np.all([decided[name].any(axis=1) for name in REQUIRED_FIELDS], axis=0)
    return float(1 - complete.mean()) if len(complete) else 0.0


def confusion(decided: np.ndarray, truth: np.ndarray, codes: Sequence[str], top: int = 6) -> pd.DataFrame:
    """Rows: the ``top`` commonest true codes; columns: what was suggested for those services.

    A cell counts services holding the row's code that got the column's code suggested (the
    diagonal: rightly); "nothing suggested" counts services that got no code at all.
    """
    commonest = np.argsort(-truth.sum(axis=0), kind="stable")[:top]
    commonest = [i for i in commonest if truth[:, i].any()]
    table = {}
    for i in commonest:
        holders = truth[:, i]
        row = {codes[j]: int((holders & decided[:, j]).sum()) for j in commonest}
        row["other codes"] = int((holders[:, None] & decided & ~np.isin(
            np.arange(len(codes)), commonest)[None, :]).any(axis=1).sum())
        row["nothing suggested"] = int((holders & ~decided.any(axis=1)).sum())
        table[codes[i]] = row
    return pd.DataFrame.from_dict(table, orient="index")


def by_code(decided: np.ndarray, truth: np.ndarray, codes: Sequence[str]) -> pd.DataFrame:
    """Per code, commonest true code first: how many services hold it and how it was suggested.

    Columns ``true``, ``right``, ``wrong``, ``missed``, ``precision`` and ``recall`` (NaN where
    undefined); codes neither held nor suggested are left out.
    """
    right = (decided & truth).sum(axis=0)
    wrong = (decided & ~truth).sum(axis=0)
    missed = (~decided & truth).sum(axis=0)
    table = pd.DataFrame({"true": truth.sum(axis=0), "right": right, "wrong": wrong, "missed": missed},
                         index=list(codes)).astype(int)
    table = table[(table["true"] > 0) | (table["wrong"] > 0)]
    suggested = table["right"] + table["wrong"]
    table["precision"] = (table["right"] / suggested).where(suggested > 0)
    table["recall"] = (table["right"] / table["true"]).where(table["true"] > 0)
    return table.sort_values(["true", "right"], ascending=False, kind="stable")


@dataclass(frozen=True)
class Evaluation:
    """Scores, confusion tables, per-code tables and the share needing review, pooled over folds."""

    scores: Mapping[str, FieldScore]
    confusions: Mapping[str, pd.DataFrame]
    needs_review: float
    rows: int
    thresholds: Sequence[Mapping[str, float]]
    codes: Mapping[str, pd.DataFrame]
    unscored: Mapping[str, tuple[str, ...]]


def evaluate(coder: Coder, examples: TrainingSet, fields: Sequence[str]) -> tuple[
        dict[str, np.ndarray], dict[str, FieldScore]]:
    """What ``coder`` suggests for ``examples`` and how it scores."""
    decided = coder.decide(coder.confidences(examples.inputs))
    return decided, score(decided, examples.labels, fields)


def cross_validate(target: TrainingSet, fit: Callable[[TrainingSet], Coder],
                   codes: Mapping[str, tuple[str, ...]], fields: Sequence[str],
                   only_held: bool = False) -> Evaluation:
    """Score ``target`` in ``FOLDS`` folds, each by ``fit`` (given the other folds) on the fold.

    ``only_held`` scores only the codes some example of ``target`` holds: for the charities,
    whose tags map to no delivery mode and few provider types, a suggestion of a code no tag
    can give is neither right nor wrong (:attr:`Evaluation.unscored` names them).
    """
    decided_all = {name: np.zeros_like(target.labels[name]) for name in fields}
    thresholds = []
    for train, test in KFold(FOLDS, shuffle=True, random_state=SEED).split(target.inputs):
        coder = fit(target.subset(train))
        thresholds.append(dict(coder.thresholds))
        decided, _ = evaluate(coder, target.subset(test), fields)
        for name in fields:
            decided_all[name][test] = decided[name]
    return pooled(decided_all, target, codes, fields, thresholds, only_held)


def held_out(coder: Coder, target: TrainingSet, codes: Mapping[str, tuple[str, ...]],
             fields: Sequence[str], only_held: bool = False) -> Evaluation:
    """Score ``target`` with one coder that never saw it (``only_held`` as in :func:`cross_validate`)."""
    decided, _ = evaluate(coder, target, fields)
    return pooled(decided, target, codes, fields, [dict(coder.thresholds)], only_held)


def pooled(decided: Mapping[str, np.ndarray], target: TrainingSet,
            codes: Mapping[str, tuple[str, ...]], fields: Sequence[str],
            thresholds: Sequence[Mapping[str, float]], only_held: bool = False) -> Evaluation:
    """The :class:`Evaluation` of suggestions ``decided`` for every example of ``target``."""
    unscored = {name: tuple(c for c, held in zip(codes[name], target.labels[name].any(axis=0), strict=True)
                            if only_held and not held) for name in fields}
    if only_held:
        decided = {name: decided[name] & target.labels[name].any(axis=0)[None, :] for name in fields}
    return Evaluation(
        scores=score(decided, target.labels, fields),
        confusions={name: confusion(decided[name], target.labels[name], codes[name])
                    for name in fields},
        needs_review=needs_review_share(decided), rows=len(target.inputs), thresholds=thresholds,
        codes={name: by_code(decided[name], target.labels[name], codes[name]) for name in fields},
        unscored=unscored)
