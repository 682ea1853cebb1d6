"""An :class:`~dashboard.coding.evaluation.Evaluation` as Markdown tables (docs/coding.md, the scripts)."""

from __future__ import annotations

from collections.abc import Sequence

from dashboard.coding.evaluation import Evaluation
from dashboard.coding.rules import SUGGESTED_FIELDS


def pct(value: float | None) -> str:
    """A share as a whole percentage; an en dash when it is undefined (None or NaN)."""
    return "–" if value is None or value != value else f"{100 * value:.0f}%"


def field_table(evaluation: Evaluation) -> list[str]:
    """Precision, recall and F1 per field, with the counts behind them."""
    lines = ["| field | precision | recall | F1 | suggested right / wrong / missed | services with a "
             "suggestion (with a true code) |", "|---|---:|---:|---:|---:|---:|"]
    for name, s in evaluation.scores.items():
        lines.append(f"| {name} | {pct(s.precision)} | {pct(s.recall)} | {pct(s.f1)} | "
                     f"{s.tp} / {s.fp} / {s.fn} | {s.rows_suggested} ({s.rows_with_truth}) |")
    return lines


def confusion_tables(evaluation: Evaluation,
                     fields: Sequence[str] = ("types", "determinants", "populations")) -> list[str]:
    """What was suggested for the services holding each of the commonest true codes."""
    lines = []
    for name in fields:
        table = evaluation.confusions[name]
        if table.empty:
            continue
        lines += ["", f"*{name}*: rows are the commonest true codes, columns what was suggested for "
                  "those services (a service can get several).", "",
                  "| true code | " + " | ".join(table.columns) + " |",
                  "|---|" + "---:|" * len(table.columns)]
        lines += [f"| {code} | " + " | ".join(str(v) for v in row) + " |"
                  for code, row in table.iterrows()]
    return lines


def code_tables(evaluation: Evaluation, fields: Sequence[str] = SUGGESTED_FIELDS,
                min_true: int = 5) -> list[str]:
    """Per code, precision and recall (codes held by, or wrongly suggested for, ``min_true`` services)."""
    lines = []
    for name in fields:
        table = evaluation.codes[name]
        table = table[(table["true"] >= min_true) | (table["wrong"] >= min_true)]
        if table.empty:
            continue
        lines += ["", f"*{name}, per code* (codes held by or wrongly suggested for at least {min_true} "
                  "services):", "",
                  "| code | services with it | precision | recall | right / wrong / missed |",
                  "|---|---:|---:|---:|---:|"]
        lines += [f"| {code} | {int(row.true)} | {pct(row.precision)} | {pct(row.recall)} | "
                  f"{int(row.right)} / {int(row.wrong)} / {int(row.missed)} |"
                  for code, row in table.iterrows()]
    return lines


def unscored_note(evaluation: Evaluation) -> list[str]:
    """Which codes could not be scored (no example holds them), when any."""
    parts = [f"{name}: {', '.join(codes)}" for name, codes in evaluation.unscored.items() if codes]
    if not parts:
        return []
    return ["", "Not scored, because no example scored here holds them (for most, no hand tag maps "
            "to them, so a suggestion of one is neither right nor wrong): " + "; ".join(parts) + "."]


def replace_between(text: str, start: str, end: str, block: str) -> str:
    """``text`` with what lies between the ``start`` and ``end`` markers replaced by ``block``."""
    before, found, rest = text.partition(start)
    if not found or end not in rest:
        raise ValueError(f"The markers {start} and {end} are missing.")
    return before + block + rest.partition(end)[2]
