"""Benchmark: validate 100,000 exchange-template rows (CSV and XLSX) against the bundled file.

Run: .venv/bin/python scripts/bench_validate.py [--rows 100000]
Prints wall-clock seconds and rows per second for each case, measured in this run.
"""

from __future__ import annotations

import argparse
import io
import sys
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dashboard.core.codelists import load_codelists  # noqa: E402
from dashboard.core.settings import Settings  # noqa: E402
from dashboard.ingest.validation import Localities, validate_file  # noqa: E402


def scaled_rows(source: Path, rows: int) -> pd.DataFrame:
    base = pd.read_csv(source, dtype=str, keep_default_na=False)
    repeats = -(-rows // len(base))
    frame = pd.concat([base] * repeats, ignore_index=True).head(rows)
    frame["intervention_id"] = [f"BENCH-{i:07d}" for i in range(len(frame))]
    frame.loc[frame.index[::997], "types"] = "befriendng"  # a typo every 997 rows
    return frame


def timed(label: str, path: str, content: bytes, codelists, localities, rows: int) -> float:
    start = time.perf_counter()
    report = validate_file(path, codelists, localities, content=content)
    seconds = time.perf_counter() - start
    print(f"{label:<28} {rows:>8} rows  {seconds:7.2f} s  {rows / seconds:>9,.0f} rows/s  "
          f"accepted {report.rows_accepted}, errors {len(report.errors)}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    settings = Settings.from_env()
    codelists = load_codelists(settings.codelists_dir)
    localities = Localities.from_prepared(settings.prepared_dir)
    bundled = settings.dataset_path.read_bytes()
    base_rows = len(pd.read_csv(settings.dataset_path, dtype=str))
    baseline = timed("bundled CSV (baseline)", "bundled.csv", bundled, codelists, localities,
                     base_rows)
    frame = scaled_rows(settings.dataset_path, args.rows)
    csv_seconds = timed("CSV", "big.csv", frame.to_csv(index=False).encode(), codelists,
                        localities, len(frame))
    buffer = io.BytesIO()
    frame.to_excel(buffer, index=False)
    xlsx_seconds = timed("XLSX", "big.xlsx", buffer.getvalue(), codelists, localities, len(frame))
    scale = len(frame) / base_rows
    print(f"rows x{scale:.0f}: CSV time x{csv_seconds / baseline:.0f}, "
          f"XLSX time x{xlsx_seconds / baseline:.0f} of the bundled baseline")


if __name__ == "__main__":
    main()
