"""Timings of the context features, each against the default national map timed in the same run.

    .venv/bin/python scripts/bench_context.py [--repeats 7]

Prints the median wall time of each view function (warm: the first call of each is discarded,
as a server has answered it before), and its ratio to the default district map. Not a test.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dashboard.context import load_context, scoped, view_of_url  # noqa: E402
from dashboard.core.settings import Settings  # noqa: E402
from dashboard.views.atlas import national_chart  # noqa: E402
from dashboard.views.gaps import gaps_page  # noqa: E402
from dashboard.views.locality_context import locality_context  # noqa: E402
from dashboard.views.search import search_options  # noqa: E402


def median_ms(function, repeats: int) -> float:
    """Median milliseconds of ``function()`` over ``repeats`` calls after one warm-up call."""
    function()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> int:
    """Time each case and print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    repeats = parser.parse_args().repeats
    start = time.perf_counter()
    atlas = load_context(Settings.from_env())
    print(f"context loaded in {time.perf_counter() - start:.1f} s (NHS geography included)")

    def view(path: str, query: str):
        state = view_of_url(atlas, path, query)[0]
        return scoped(atlas, state), state

    cases = {
        "national map, districts (baseline)": lambda: national_chart(*view("/", "")),
        "national map, ICBs": lambda: national_chart(*view("/", "?areas=icb")),
        "national map, Sub-ICB locations": lambda: national_chart(*view("/", "?areas=sicbl")),
        "national map, districts of one ICB": lambda: national_chart(*view("/", "?focus=E54000048")),
        "national map, change since 2019": lambda: national_chart(*view("/", "?measure=change")),
        "gaps page, ICBs": lambda: gaps_page(*view("/gaps", "?areas=icb")),
        "locality context (similar, change, Health Index)":
            lambda: locality_context(*view("/locality/E06000009", "")),
    }
    state = view_of_url(atlas, "/", "")[0]
    for query in ("Blakpool", "anchorsolme", "cheshire merseyside"):
        cases[f"search {query!r}"] = lambda q=query: search_options(atlas, state, q)
    results = {name: median_ms(function, repeats) for name, function in cases.items()}
    baseline = results["national map, districts (baseline)"]
    print(f"\n| case | median ms ({repeats} runs) | × baseline |\n|---|---:|---:|")
    for name, value in results.items():
        print(f"| {name} | {value:.1f} | {value / baseline:.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
