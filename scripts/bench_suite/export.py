"""The export section: PNG export with a warm Chromium against a fresh one."""

from __future__ import annotations

import statistics
import time

from dashboard.core.view_state import DEFAULT, ViewState

from .interactions import BIRMINGHAM
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
