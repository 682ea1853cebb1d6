"""The benchmark suite in its tiny mode completes and prints every row (no timing assertions)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXPECTED = (
    ("cold start", "process start to first page"),
    ("cold start", "process start to page and layout served"),
    ("page weight (HTTP)", "change domain"),
    ("page weight (HTTP)", "change measure"),
    ("page weight (HTTP)", "change a filter"),
    ("page weight (HTTP)", "drill-down to Birmingham: locality map callback"),
    ("page weight (HTTP)", "drill-down to Birmingham: rest-of-page callback"),
    ("callback latency", "drill-down to Birmingham, locality map callback"),
    ("callback latency", "drill-down to Birmingham, rest-of-page callback"),
    ("callback latency", "drill-down to Birmingham, both locality callbacks in turn"),
    ("callback latency", "change domain"),
    ("callback latency", "change a filter"),
    ("callback latency", "gap view"),
    *[("browser: first map", f"{path}{measure}")
      for path in ("/", "/locality/E06000009", "/locality/E08000025")
      for measure in (" ", ": main-thread busy", ": DOM elements", ": callback requests on page load",
                      ": first load, bytes transferred")],
    ("browser: control change", "national: change domain"),
    ("browser: control change", "national: change a filter"),
    ("browser: control change", "national: map -> hex cartogram"),
    ("browser: control change", "national: drill down to Birmingham"),
    ("browser: control change", "Birmingham: change domain"),
    ("concurrency", "1 user"),
    ("concurrency", "5 users, 3 s, 2 workers"),
    ("concurrency", "5 users: latency"),
    ("scale", "load and validate 2,000 interventions across 296 LADs"),
    ("scale", "load 2,000 interventions from the columnar copy"),
    ("scale", "drill-down to Birmingham, locality map callback"),
    ("scale", "drill-down to Birmingham, rest-of-page callback"),
    ("scale", "change domain"),
    ("scale", "change a filter"),
    ("scale", "gap view"),
    ("scale", "change a filter (determinant), a new filter each time"),
    ("scale", "gap view, a new filter each time"),
    ("scale", "first start (no columnar copy yet), 2,000 rows, gunicorn -w 2"),
    ("scale", "memory per worker after the first start, 2,000 rows"),
    ("scale", "restart (columnar copy present), 2,000 rows, gunicorn -w 2"),
    ("scale", "memory per worker after the restart, 2,000 rows"),
    ("scale", "memory per worker after the measured interactions x3, 2,000 rows"),
    ("export", "first export of a process"),
    ("export", "Birmingham heatmap, PNG social: warm"),
    ("export", "CLI, 1 file: --batch"),
)


@pytest.mark.e2e
@pytest.mark.skipif(not (shutil.which("chromium") and shutil.which("chromedriver")),
                    reason="needs Debian chromium and chromium-driver")
def test_bench_smoke_prints_every_row():
    result = subprocess.run([sys.executable, "scripts/bench.py", "--smoke"], cwd=ROOT,
                            capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr[-3000:]
    table = [line.split(" | ") for line in result.stdout.splitlines()
             if line.startswith("| ") and not line.startswith("| section")]
    rows = [(cells[0].lstrip("| ").strip(), cells[1].strip()) for cells in table]
    for section, measure in EXPECTED:
        assert any(s == section and m.startswith(measure) for s, m in rows), (section, measure)
    assert len(rows) == len(EXPECTED)
    assert all(len(cells) == 7 for cells in table)
