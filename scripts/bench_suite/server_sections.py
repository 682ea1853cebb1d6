"""Sections measured against the server: cold start, page weight over HTTP, callback latency."""

from __future__ import annotations

import gzip
import statistics
from dataclasses import replace
from pathlib import Path

from dashboard.core.view_state import DEFAULT, ViewState

from .interactions import BIRMINGHAM, MEASURES, Requests, caller, post, scenarios
from .plain import Plain
from .serving import PLAIN_APP, ROOT, Gunicorn, app_env
from .table import check, kb, ms, paired, percentile, row


def cold_start(tmp: Path) -> Gunicorn:
    """Start the atlas and a minimal Dash app under gunicorn -w 2; return the running atlas."""
    plain_dir = tmp / "plain"
    plain_dir.mkdir()
    (plain_dir / "plain_app.py").write_text(PLAIN_APP)
    plain = Gunicorn("plain_app", plain_dir, app_env(tmp))
    try:
        plain_page = plain.wait_for("/")
        plain_layout = plain.wait_for("/_dash-layout")
    finally:
        plain.stop()
    served = Gunicorn("app", ROOT, app_env(tmp))
    page = served.wait_for("/")
    layout = served.wait_for("/_dash-layout")
    row("cold start", "process start to first page (GET /, gunicorn -w 2)", ms(page),
        f"minimal Dash app {ms(plain_page)}", f"{page / plain_page:.1f}x")
    row("cold start", "process start to page and layout served", ms(layout),
        f"minimal Dash app {ms(plain_layout)}", f"{layout / plain_layout:.1f}x")
    # The other worker builds the app on its first request: make sure both are warm.
    for _ in range(6):
        served.wait_for("/_dash-layout")
    return served


def http_bytes(served: Gunicorn, requests: Requests, atlas, filter_code: str) -> None:
    """Encoded bytes of callback responses against the full national figure (gzip, as sent)."""
    from dashboard.views.atlas import national_chart

    full = len(gzip.compress(national_chart(atlas, DEFAULT).figure.to_json().encode()))
    cases = {
        "change domain": replace(DEFAULT, domain="income"),
        "change measure": replace(DEFAULT, measure="score"),
        "change a filter": DEFAULT.with_filters(determinants=[filter_code]),
    }
    for label, state in cases.items():
        size = 0
        sent = [("national", "map")] + ([("provision", None)] if state.active_filters else [])
        for name, shown in sent:
            status, part = post(served.base, requests.body(name, state, shown))
            assert status in (200, 204), status
            size += part
        row("page weight (HTTP)", f"{label}: national map (+ provision on a filter change) "
            "responses, gzip", kb(size),
            f"full national map figure {kb(full)}", f"{size / full:.3f}", "<= 0.100",
            check(size / full <= 0.1))
    drill = ViewState(locality=BIRMINGHAM)
    status, size = post(served.base, requests.body("locality_map", drill))
    assert status == 200, status
    plain = len(gzip.compress(Plain(atlas).drill_down().encode()))
    row("page weight (HTTP)", "drill-down to Birmingham: locality map callback response, gzip",
        kb(size), f"plain px LSOA map figure {kb(plain)}", f"{size / plain:.2f}")
    status, size = post(served.base, requests.body("locality_rest", drill))
    assert status == 200, status
    plain = len(gzip.compress(Plain(atlas).drill_down_rest().encode()))
    row("page weight (HTTP)", "drill-down to Birmingham: rest-of-page callback response, gzip",
        kb(size), f"plain px 3 heatmaps + need/provision scatter {kb(plain)}",
        f"{size / plain:.2f}")


def callback_latency(app, atlas, runs: int, filter_code: str) -> None:
    """Server time per scenario (Flask test client), interleaved with plain px baselines."""
    label = "callback latency"
    client = app.server.test_client()
    requests = Requests(client.get("/_dash-dependencies").get_json())
    baseline = Plain(atlas)
    plain_funcs = {
        "drill-down to Birmingham": (baseline.drill_down, "plain px LSOA map"),
        "drill-down to Birmingham, rest of page": (
            baseline.drill_down_rest, "plain px of its figures (3 heatmaps, need/provision "
            "scatter; cards, table and panels have no px counterpart)"),
        "change domain (IMD -> Income)": (
            lambda: baseline.national(replace(DEFAULT, domain="income")), "plain px"),
        "change a filter (determinant)": (
            lambda: baseline.national(DEFAULT.with_filters(determinants=[filter_code])),
            "plain px"),
        "gap view": (lambda: baseline.gaps(replace(DEFAULT, page="gaps")), "plain px"),
    }
    calls = {}
    for name, (state, sent) in scenarios(filter_code).items():
        call = calls[name] = caller(client, [requests.body(callback, state, shown)
                                             for callback, shown in sent])
        plain_func, plain_text = plain_funcs[name]
        ours, px_times = paired([call, plain_func], runs)
        ratio = statistics.median(ours) / statistics.median(px_times)
        budget, verdict = ("<= 0.33", check(ratio <= 1 / 3)) \
            if name == "drill-down to Birmingham" else ("", "")
        row(label, f"{MEASURES.get(name, name)}: median / p95 of {runs}",
            f"{ms(statistics.median(ours))} / {ms(percentile(ours, 95))}",
            f"{plain_text} {ms(statistics.median(px_times))} / {ms(percentile(px_times, 95))}",
            f"{ratio:.2f}", budget, verdict)
        if name == "drill-down to Birmingham, rest of page":
            def both(parts=(calls["drill-down to Birmingham"], call)) -> None:
                for part in parts:  # the server work of one drill-down, however a browser overlaps
                    part()

            extra = min(runs, 20)  # an informative row: fewer repeats keep the suite short
            whole, px_all = paired([both, baseline.drill_down_all], extra)
            row(label, f"drill-down to Birmingham, both locality callbacks in turn against px of "
                f"all five figures: median of {extra}", ms(statistics.median(whole)),
                f"plain px, LSOA map + 3 heatmaps + scatter {ms(statistics.median(px_all))}",
                f"{statistics.median(whole) / statistics.median(px_all):.2f}")
