"""A 10 MB upload of any shape peaks under 300 MB above the idle process (issue 14).

Each shape runs in a fresh interpreter (``tests.memory.measure_upload``), which measures its
own peak resident memory above idle through Linux's ``/proc`` counters.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.memory.upload_shapes import SHAPES

ROOT = Path(__file__).resolve().parents[2]
BUDGET_MB = 300
OUTCOMES = {  # what each shape must end in: read, or refused with this sentence
    "template_rows": "read: ", "tiny_cells": "refused: The file holds more than 1,310,720 filled",
    "wide_rows": "refused: The file holds more than 1,310,720 filled",
    "one_cell": "refused: Row 2 holds a cell of more than 100,000 characters",
    "xlsx_huge_cell": "refused: huge_cell.xlsx unpacks to more than 50 MB",
    "xlsx_many_rows": "refused: rows.xlsx unpacks to more than 50 MB",
    "xlsx_unpacked_limit": "read: 45000 rows",
}


@pytest.mark.skipif(not Path("/proc/self/clear_refs").exists(), reason="needs Linux /proc")
@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_an_upload_of_any_shape_needs_bounded_memory(shape):
    done = subprocess.run([sys.executable, "-m", "tests.memory.measure_upload", shape], cwd=ROOT,
                          capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    measured = json.loads(done.stdout.strip().splitlines()[-1])
    assert measured["bytes"] <= 10 * 2**20
    assert measured["outcome"].startswith(OUTCOMES[shape]), measured
    assert measured["extra_mb"] < BUDGET_MB, measured
