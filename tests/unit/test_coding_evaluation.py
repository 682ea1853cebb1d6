"""Scoring the coder: per-code counts and codes that cannot be scored, on hand-made matrices."""

import numpy as np
import pandas as pd

from dashboard.coding.evaluation import by_code, pooled
from dashboard.coding.evaluation_tables import code_tables, pct, unscored_note
from dashboard.coding.training import TrainingSet

CODES = ("food_security", "befriending", "arts_creative")
# Four services; columns follow CODES.
TRUTH = np.array([[1, 0, 0], [1, 0, 1], [0, 0, 1], [0, 0, 0]], dtype=bool)
GUESS = np.array([[1, 1, 0], [0, 0, 1], [1, 0, 1], [0, 0, 0]], dtype=bool)


def test_by_code_counts_right_wrong_and_missed_per_code():
    table = by_code(GUESS, TRUTH, CODES)
    food = table.loc["food_security"]
    assert (food["true"], food["right"], food["wrong"], food["missed"]) == (2, 1, 1, 1)
    assert food["precision"] == 0.5 and food["recall"] == 0.5
    arts = table.loc["arts_creative"]
    assert (arts["right"], arts["wrong"], arts["missed"]) == (2, 0, 0)
    befriending = table.loc["befriending"]  # suggested once, never held
    assert befriending["wrong"] == 1 and np.isnan(befriending["recall"]) and befriending["precision"] == 0


def test_codes_no_example_holds_are_not_scored_when_asked():
    fields = ["types", "determinants", "populations"]  # every field a service needs
    target = TrainingSet(pd.DataFrame({"text": [""] * 4}), dict.fromkeys(fields, TRUTH),
                         np.full(4, "ukcat", dtype=object))
    decided, codes = dict.fromkeys(fields, GUESS), dict.fromkeys(fields, CODES)
    everything = pooled(decided, target, codes, fields, [{}])
    held = pooled(decided, target, codes, fields, [{}], only_held=True)
    assert everything.scores["types"].fp == 2 and held.scores["types"].fp == 1  # befriending dropped
    assert held.unscored["types"] == ("befriending",) and everything.unscored["types"] == ()
    assert held.needs_review == 0.25  # the fourth service got nothing
    assert "befriending" not in "".join(code_tables(held, ["types"], min_true=1))
    assert "types: befriending" in unscored_note(held)[-1]
    assert pct(float("nan")) == "–" and pct(0.855) == "86%"
