"""The export section: warm Chromium against a fresh one; the CLI's batch mode against single runs."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

from dashboard.core.view_state import DEFAULT, ViewState

from .interactions import BIRMINGHAM
from .serving import ROOT, app_env
from .table import check, ms, paired, row


def export(atlas, runs: int, smoke: bool = False) -> None:
    """PNG export times with a warm Chromium against a cold one (``smoke``: one case)."""
    import datetime as dt

    from dashboard.exports.images import export_figure
    from dashboard.exports.renderer import Renderer
    from dashboard.exports.stamp import Stamp
    from dashboard.figures.frames import PRESETS
    from dashboard.views.parts import build_part

    renderer = Renderer(atlas.settings.chromium)
    stamp = Stamp("http://127.0.0.1:8050/", dt.date.today())
    preset = PRESETS["social"]
    cases = (("national map", DEFAULT, "map"),
             ("Birmingham LSOA map", ViewState(locality=BIRMINGHAM), "map"),
             ("Birmingham heatmap", ViewState(locality=BIRMINGHAM), "determinant_type"))
    if smoke:  # each cold export starts a Chromium: one case is enough to show it works
        cases = cases[2:]
    start = time.perf_counter()
    renderer.render(export_figure(build_part(atlas, DEFAULT, "intersection"), preset, stamp),
                    "png", preset.width, preset.height)
    row("export", "first export of a process (starts Chromium)",
        ms(time.perf_counter() - start))
    for label, state, key in cases:
        figure = export_figure(build_part(atlas, state, key), preset, stamp)
        args = (figure, "png", preset.width, preset.height, preset.scale)
        cold_times, warm_times = paired([lambda args=args: renderer.render_cold(*args),
                                         lambda args=args: renderer.render(*args)], runs)
        cold, warm = statistics.median(cold_times), statistics.median(warm_times)
        row("export", f"{label}, PNG social: warm (median of {runs})", ms(warm),
            f"cold {ms(cold)}", f"{cold / warm:.1f}x faster", ">= 3x", check(cold / warm >= 3))
        if key == "map" and not smoke:  # what exports cost when maps were drawn with WebGL
            webgl = build_part(atlas, state, key).figure
            webgl.update_layout(width=preset.width, height=preset.height)
            webgl_times, vector_times = paired(
                [lambda webgl=webgl: renderer.render(webgl, "png", preset.width, preset.height),
                 lambda args=args: renderer.render(*args)], runs)
            row("export", f"{label}, PNG social, warm: the on-screen WebGL map figure against "
                f"the exported vector map (median of {runs})", ms(statistics.median(webgl_times)),
                f"vector {ms(statistics.median(vector_times))}",
                f"{statistics.median(webgl_times) / statistics.median(vector_times):.1f}x")


BATCH_VIEWS = (  # ten exports of the kinds a campaign regenerates: maps, heatmaps, gaps, data
    "/", "/?domain=income --figure determinant_type", "/locality/E06000009",
    "/locality/E06000009?domain=income --preset slide", "/locality/E08000025 --figure quadrant",
    "/gaps", "/gaps --figure parity --format svg", "/locality/E06000009 --format pdf",
    "/ --format csv", "/locality/E08000025 --figure determinant_type",
)


def batch_export(tmp: Path, files: int, rounds: int) -> None:
    """``python -m dashboard export --batch`` against one ``export`` command per file.

    Each side is the wall time of whole commands (process start, data load, Chromium start,
    rendering, writing), interleaved over ``rounds``, after one warm-up of each (which also
    writes the dataset's columnar copy that every later command maps).
    """
    lines = [f"http://127.0.0.1:8050{view}" for view in BATCH_VIEWS[:files]]
    batch_file = tmp / "batch.txt"
    batch_file.write_text("\n".join(lines) + "\n")
    env = app_env(tmp)
    command = [sys.executable, "-m", "dashboard", "export"]

    def one_at_a_time() -> None:
        for number, line in enumerate(lines):
            url, *options = line.split()
            fmt = options[options.index("--format") + 1] if "--format" in options else "png"
            run([*command, url, *options, "-o", str(tmp / "single" / f"{number}.{fmt}")], env)

    def batch() -> None:
        run([*command, "--batch", str(batch_file), "-o", str(tmp / "batch")], env)

    (tmp / "single").mkdir(exist_ok=True)
    singles, batches = paired([one_at_a_time, batch], rounds)
    single, many = statistics.median(singles) / files, statistics.median(batches) / files
    row("export", f"CLI, {files} file{'s' if files != 1 else ''}: --batch (one process, one "
        "Chromium) against one export "
        f"command per file, seconds per file (median of {rounds})", f"{many:.2f} s",
        f"one at a time {single:.2f} s", f"{single / many:.1f}x faster",
        *((">= 3x", check(single / many >= 3)) if files >= 10 else ()))  # the budget: 10 files


def run(command: list[str], env: dict[str, str]) -> None:
    """Run a command from the project root; fail loudly if it fails."""
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed: {done.stderr[-2000:]}")
