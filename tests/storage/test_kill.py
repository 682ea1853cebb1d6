"""A writer killed with SIGKILL mid-write loses no committed data and leaves no partial rows."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pandas as pd

from dashboard.store.store import Store
from tests.storage.conftest import table_counts

ROOT = Path(__file__).resolve().parents[2]
ROWS = 4040  # tests/storage_writer.py writes 10 copies of the 404 example rows a version


def _writer(db_url: str, mode: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "tests.storage_writer", db_url, mode], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _kill_after(process: subprocess.Popen, line: str) -> list[str]:
    seen = []
    for output in process.stdout:
        seen.append(output.strip())
        if output.strip() == line:
            break
    else:
        raise AssertionError(f"writer ended before '{line}': {process.stderr.read()}")
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    return seen


def _assert_whole(store: Store) -> None:
    counts = table_counts(store)
    versions = store.versions("area")
    assert counts["version_rows"] == sum(v.row_count for v in versions)  # no rows without a version
    assert counts["audit_log"] == len(versions)  # each version's audit entry, and no other
    for info in versions:
        assert len(store.load("area", info.version).rows) == info.row_count


def test_writer_killed_inside_its_transaction_leaves_only_committed_versions(db_url, example_report):
    store = Store.open(db_url)
    store.save_version("area", example_report.accepted, actor="Ann")
    store.close()

    _kill_after(_writer(db_url, "pause"), "paused")  # 2,000 of 4,040 rows written, not committed

    reopened = Store.open(db_url)  # opens and migrates after the crash
    try:
        assert reopened.schema_revision() == Store.head_revision()
        assert [(v.version, v.row_count) for v in reopened.versions("area")] == [(1, 404)]
        pd.testing.assert_frame_equal(reopened.load("area").rows, example_report.accepted)
        _assert_whole(reopened)
        assert reopened.save_version("area", example_report.accepted.head(3), actor="Bea").version == 2
    finally:
        reopened.close()


def test_writer_killed_at_any_moment_keeps_every_committed_version_whole(db_url, example_report):
    store = Store.open(db_url)
    store.save_version("area", example_report.accepted, actor="Ann")
    store.close()

    seen = _kill_after(_writer(db_url, "loop"), "committed 4")  # killed while writing version 5

    reopened = Store.open(db_url)
    try:
        reported = [int(line.split()[1]) for line in seen if line.startswith("committed")]
        stored = [v.version for v in reopened.versions("area")]
        assert reported == [2, 3, 4]
        assert stored[:4] == [1, 2, 3, 4]  # everything reported committed is there
        assert stored in ([1, 2, 3, 4], [1, 2, 3, 4, 5])  # version 5 whole or not at all
        assert all(v.row_count == ROWS for v in reopened.versions("area")[1:])
        _assert_whole(reopened)
    finally:
        reopened.close()
