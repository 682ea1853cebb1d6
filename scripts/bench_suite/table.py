"""The table of results, printed as rows arrive, and the helpers that measure and format."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Row:
    """One line of the table: a figure, its baseline from the same run, and the budget."""

    section: str
    measure: str
    value: str
    baseline: str = ""
    ratio: str = ""
    budget: str = ""
    verdict: str = ""


ROWS: list[Row] = []
STARTED = time.perf_counter()


def row(section: str, measure: str, value: str, baseline: str = "", ratio: str = "",
        budget: str = "", verdict: str = "") -> None:
    """Record a row and print it at once (a long run shows progress)."""
    ROWS.append(Row(section, measure, value, baseline, ratio, budget, verdict))
    print(f"  [{time.perf_counter() - STARTED:4.0f} s] {section}: {measure}: {value}"
          + (f" | baseline {baseline}" if baseline else "")
          + (f" | ratio {ratio}" if ratio else "") + (f" | {verdict}" if verdict else ""),
          flush=True)


def check(ok: bool) -> str:
    """The verdict of a budget."""
    return "met" if ok else "NOT MET"


def print_table() -> None:
    """Print every recorded row as a Markdown table."""
    print("\n| section | measure | value | baseline (same run) | ratio | budget | verdict |")
    print("|---|---|---|---|---|---|---|")
    for r in ROWS:
        print(f"| {r.section} | {r.measure} | {r.value} | {r.baseline} | {r.ratio} | {r.budget} "
              f"| {r.verdict} |")


def ms(seconds: float) -> str:
    """Seconds as milliseconds (one decimal under 100 ms)."""
    return f"{seconds * 1000:,.0f} ms" if seconds >= 0.1 else f"{seconds * 1000:,.1f} ms"


def kb(n: int) -> str:
    """Bytes as kilobytes (1024 bytes)."""
    return f"{n / 1024:,.1f} KB"


def percentile(values: list[float], q: float) -> float:
    """The ``q``-th percentile, NaN when there are no values."""
    return float(np.percentile(values, q)) if values else float("nan")


def paired(funcs: list[Callable[[], object]], runs: int) -> list[list[float]]:
    """Wall times of several functions called in turn (ABAB...), after one warm-up call each.

    Interleaving exposes every function to the same background load, so their ratio holds on a
    shared machine even when the load changes during the run.
    """
    for func in funcs:
        func()
    out: list[list[float]] = [[] for _ in funcs]
    for _ in range(runs):
        for func, times in zip(funcs, out, strict=True):
            start = time.perf_counter()
            func()
            times.append(time.perf_counter() - start)
    return out
