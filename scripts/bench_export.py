"""Benchmark image export: a warm renderer (Chromium kept running) against a cold one.

Run: .venv/bin/python scripts/bench_export.py [--runs 5]
Cold: kaleido starts a fresh Chromium for the export and closes it (what every export would cost
without a warm renderer; the first export of each server process pays it once). Warm: the same
export through the app's Renderer after it has started. Both in this run, same figure, same size.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dashboard.context import load_context  # noqa: E402
from dashboard.exports import PRESETS, Stamp, export_figure  # noqa: E402
from dashboard.render import Renderer  # noqa: E402
from dashboard.settings import Settings  # noqa: E402
from dashboard.state import DEFAULT  # noqa: E402

CASES = (
    ("national map, PNG social", DEFAULT, "map", "social", "png"),
    ("Blackpool heatmap, PNG social", replace(DEFAULT, locality="E06000009"), "determinant_type",
     "social", "png"),
    ("Blackpool heatmap, PNG A4 300 dpi", replace(DEFAULT, locality="E06000009"),
     "determinant_type", "a4", "png"),
    ("gap heatmap, PDF slide", replace(DEFAULT, page="gaps"), "gaps", "slide", "pdf"),
)


def median_ms(func, runs: int, *args) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func(*args)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    ctx = load_context(Settings.from_env())
    renderer = Renderer(ctx.settings.chromium)
    stamp = Stamp("http://127.0.0.1:8050/", dt.date.today())
    start = time.perf_counter()
    renderer.render(export_figure(ctx, DEFAULT, "intersection", PRESETS["social"], stamp), "png",
                    1200, 675)
    print(f"first export of a process (starts Chromium): {(time.perf_counter() - start) * 1000:.0f} ms")
    print(f"{'export':36} {'cold ms':>9} {'warm ms':>9} {'cold/warm':>10}   (median of {runs})")
    for label, state, key, preset_key, fmt in CASES:
        preset = PRESETS[preset_key]
        figure = export_figure(ctx, state, key, preset, stamp)
        scale = preset.scale if fmt == "png" else 1
        args = (figure, fmt, preset.width, preset.height, scale)
        cold = median_ms(renderer.render_cold, runs, *args)
        warm = median_ms(renderer.render, runs, *args)
        print(f"{label:36} {cold:9.0f} {warm:9.0f} {cold / warm:9.1f}x")


if __name__ == "__main__":
    main()
