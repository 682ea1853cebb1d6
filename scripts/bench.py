"""Benchmark suite of the atlas: every figure next to the baseline it is compared with, same run.

Run (about 12 minutes; the machine should be otherwise quiet, but ratios hold when it is not):

    .venv/bin/python scripts/bench.py                # full run, prints a Markdown table
    .venv/bin/python scripts/bench.py --smoke        # tiny run (3 repeats, 5 users for 3 s, 2k rows)
    .venv/bin/python scripts/bench.py --sections scale,startup --rows 1000000   # a million rows

The app is served the way production serves it (``gunicorn -w 2 app:server``) and driven over
HTTP with the callback requests a browser sends (built from ``/_dash-dependencies``), and with
headless Chromium (Debian ``chromium`` and ``chromium-driver``). Sections:

* cold start: process start to the first page and layout, against a minimal Dash app with one
  plotly.express figure under the same gunicorn command;
* page weight: bytes Chromium receives for the national view and for Birmingham's drill-down
  (the largest locality), and bytes of each callback response over HTTP against a full national
  figure;
* callback latency: server time (Flask test client, Dash dispatch and JSON included) of the
  drill-down (its map callback and, separately, the callback for the rest of the locality page),
  a domain change, a filter change and the gap view, median and 95th percentile, each against a
  plain ``plotly.express`` implementation of the same figures timed here;
* browser: cold page loads in headless Chromium, alternating the atlas and a plain
  ``px.choropleth_map`` Dash app of the same views (``scripts/plain_map_app.py``), the clock
  stopped when the page's own map is on screen; main-thread busy time, DOM elements, callback
  requests and bytes of the first load beside it; then control changes on the atlas: callback
  requests per change and time until the page has redrawn;
* scale: a seeded dataset of 100,000 interventions across all 296 LADs (written to a temporary
  folder), first load (validation, columnar copy written) and load from the copy, and the same
  callbacks as a ratio to the bundled dataset, repeated and with a new filter each time;
* startup: ``gunicorn -w 2`` on the scale dataset, process start to a page from every worker
  (first start and restart), and each worker's memory from ``/proc`` (RSS, peak, PSS);
* concurrency: simulated users clicking through views (think time 3-7 s) against two workers:
  requests served, errors and latency percentiles, as a ratio to one user;
* export: PNG export with a warm Chromium against a fresh one (cold); the command line's
  ``export --batch`` of ten permalinks against ten ``export`` commands.

Benchmarks print figures; they are not timed tests. ``tests/test_bench_smoke.py`` runs
``--smoke`` and checks only that every row is printed.

The sections live in the package ``scripts/bench_suite`` (one module per section, plus the
table, serving, request and baseline helpers); this file is the command line that runs them.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# bench_suite imports the project, so it comes after the root is on the path; it sits beside
# this file, whose folder Python puts first on sys.path when the file is run.
from bench_suite.browser import browser  # noqa: E402
from bench_suite.concurrency import concurrency  # noqa: E402
from bench_suite.export import batch_export, export  # noqa: E402
from bench_suite.interactions import Requests, first_filter_code  # noqa: E402
from bench_suite.scale import make_scale_dataset, scale  # noqa: E402
from bench_suite.server_sections import callback_latency, cold_start, http_bytes  # noqa: E402
from bench_suite.serving import Gunicorn, app_env, bench_settings, served_app  # noqa: E402
from bench_suite.startup import startup  # noqa: E402
from bench_suite.table import print_table  # noqa: E402

# server: cold start, page weight, latency; browser: the atlas against a plain px app in
# Chromium; concurrency: 50 users; scale: load and callbacks on the scale dataset; startup:
# gunicorn start and memory on it; export: warm/cold and batch.
SECTIONS = ("server", "browser", "concurrency", "scale", "startup", "export")


def main(argv: list[str] | None = None) -> int:
    """Run every section in turn and print the table (``--smoke``: a tiny run)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true",
                        help="tiny run: 3 repeats, 5 users for 3 s, 2,000 rows, 1 export")
    parser.add_argument("--runs", type=int, help="callback repeats (default 50; smoke 3)")
    parser.add_argument("--users", type=int, help="simulated users (default 50; smoke 5)")
    parser.add_argument("--duration", type=float, help="seconds per load phase (60; smoke 3)")
    parser.add_argument("--rows", type=int, help="rows of the scale dataset (100000; smoke 2000)")
    parser.add_argument("--sections", default=",".join(SECTIONS),
                        help=f"comma-separated sections to run (default all: {','.join(SECTIONS)})")
    parser.add_argument("--browser-runs", type=int, help="page loads per page (default 5; smoke 1)")
    parser.add_argument("--only", choices=SECTIONS, action="append",
                        help="run only this section (repeatable; the same as --sections)")
    args = parser.parse_args(argv)
    sections = set(args.only) if args.only else set(args.sections.split(","))
    if sections - set(SECTIONS):
        parser.error(f"unknown sections: {', '.join(sorted(sections - set(SECTIONS)))}")
    # A terminated run still stops its gunicorn and Chromium (finally blocks run on SystemExit).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    smoke = args.smoke
    runs = args.runs or (3 if smoke else 50)
    users = args.users or (5 if smoke else 50)
    duration = args.duration or (3.0 if smoke else 60.0)
    rows = args.rows or (2_000 if smoke else 100_000)
    think = (0.2, 0.5) if smoke else (3.0, 7.0)
    browser_runs, export_runs = (1, 1) if smoke else (5, 3)
    browser_runs = args.browser_runs or browser_runs
    started = time.perf_counter()
    print(f"Atlas benchmark ({'smoke' if smoke else 'full'}): {os.cpu_count()} CPUs, "
          f"Python {sys.version.split()[0]}", flush=True)

    from dashboard.context import load_context

    with tempfile.TemporaryDirectory(prefix="atlas-bench-") as name:
        tmp = Path(name)
        settings = bench_settings(tmp)
        filter_code = first_filter_code(settings)
        atlas = load_context(settings)
        if sections & {"server", "browser", "concurrency"}:
            served = cold_start(tmp)
            try:
                with urllib.request.urlopen(served.base + "/_dash-dependencies") as response:
                    requests = Requests(json.loads(response.read()))
                if "server" in sections:
                    http_bytes(served, requests, atlas, filter_code)
                    callback_latency(served_app(settings), atlas, runs, filter_code)
                if "browser" in sections:
                    plain = Gunicorn("plain_map_app", ROOT / "scripts", app_env(tmp))
                    try:
                        plain.wait_for("/")
                        browser(served, plain, browser_runs, filter_code, 0.5 if smoke else 1.0)
                    finally:
                        plain.stop()
                if "concurrency" in sections:
                    concurrency(served, requests, filter_code, users, duration, think)
            finally:
                served.stop()
        if sections & {"scale", "startup"}:
            path = make_scale_dataset(tmp, rows)
            if "scale" in sections:
                scale(tmp, path, runs, filter_code)
            if "startup" in sections:
                startup(tmp, path, rows, filter_code)
        if "export" in sections:
            export(atlas, export_runs, smoke)
            batch_export(tmp, 1 if smoke else 10, 1 if smoke else 2)
    print_table()
    print(f"\nSuite wall time: {time.perf_counter() - started:.0f} s. Figures from one run on a "
          "shared machine; ratios compare figures measured in this run.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
