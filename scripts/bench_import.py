"""Benchmark: import, place and suggest codes for 10,000 services; the workbench's page at that size.

    .venv/bin/python scripts/bench_import.py            # 10,000 services (the budget: 30 s of CPU)
    .venv/bin/python scripts/bench_import.py --rows 2000

The services are made from the two real Greater Manchester directories (names, descriptions,
points) repeated with small changes, so the text and the geometry are realistic: 60% have a point,
25% only a district code, 10% only a postcode, 5% nothing. Figures are CPU seconds of this
process (``time.process_time``), so they do not depend on what else the machine runs; wall
seconds are printed beside them.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from dashboard.coding.pipeline import import_directory, import_tools, read_source  # noqa: E402
from dashboard.core.cache import Cache  # noqa: E402
from dashboard.core.settings import Settings, sqlite_url  # noqa: E402

BUDGET_CPU_SECONDS = 30.0


def services(rows: int, settings: Settings) -> bytes:
    real = settings.data_dir / "directories" / "real"
    food = pd.read_csv(real / "gm_food_banks_pantries_2018.csv", dtype=str, keep_default_na=False)
    grants = pd.read_csv(real / "trafford_council_vcs_grants_360giving_2013_2024.csv", dtype=str,
                         keep_default_na=False)
    rng = np.random.default_rng(20211691)
    names = np.concatenate([food["Name"], grants["Recipient Org:Name"]])
    texts = np.concatenate([food["Referral method"], grants["Description"]])
    pick = rng.integers(0, len(names), rows)
    point = rng.integers(0, len(food), rows)
    kind = rng.random(rows)
    frame = pd.DataFrame({
        "Name": [f"{names[i]} {n}" for n, i in enumerate(pick)], "Description": texts[pick],
        "Postcode": np.where(kind < 0.95, food["Postcode"].to_numpy()[point], ""),
        "latitude": np.where(kind < 0.6, food["latitude"].astype(float).to_numpy()[point]
                             + rng.normal(0, 0.002, rows), np.nan),
        "longitude": np.where(kind < 0.6, food["longitude"].astype(float).to_numpy()[point]
                              + rng.normal(0, 0.002, rows), np.nan),
        "Area code": np.where((kind >= 0.6) & (kind < 0.85), food["Area code"].to_numpy()[point], ""),
    })
    return frame.to_csv(index=False).encode("utf-8")


def timed(label: str, work):
    cpu, wall = time.process_time(), time.perf_counter()
    result = work()
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    print(f"  {label:<46} {cpu:7.2f} s CPU  {wall:7.2f} s wall")
    return result, cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()
    settings = Settings.from_env()
    content = services(args.rows, settings)
    print(f"Importing {args.rows:,} services ({len(content) / 2**20:.1f} MB of CSV):")
    tools, _ = timed("load the placer, coder and schemas (once a process)",
                        lambda: import_tools(settings, Cache()))
    read, reading = timed("read the spreadsheet", lambda: read_source(
        "bench.csv", "csv", tools.schemas, content=content))
    placed, _ = timed("place every service (point in LSOA polygon)",
                      lambda: tools.placer.place(read.records))
    result, whole = timed("import: read records, place and suggest codes",
                          lambda: import_directory(read, tools))
    total = reading + whole
    print(f"  {'import, placing and suggesting (excluding the load)':<46} {total:7.2f} s CPU "
          f"-> {'within' if total <= BUDGET_CPU_SECONDS else 'OVER'} the {BUDGET_CPU_SECONDS:g} s budget "
          f"({total / BUDGET_CPU_SECONDS:.2f} of it)")
    print(f"  placed {int(placed['placed'].sum()):,}, statuses {dict(result.report.statuses)}")
    workbench(settings, result)
    return 0


def workbench(settings: Settings, result) -> None:
    """A draft of every row in a fresh SQLite store: creating it, and what each click costs."""
    from dashboard.store.store import Store
    from dashboard.views.code_actions import draft_rows

    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(sqlite_url(Path(folder) / "bench.sqlite3"))
        rows = draft_rows(result.rows, result.suggestions)
        token, _ = timed("workbench: store the draft",
                         lambda: store.create_draft("bench.csv", rows, report={}))
        timed("workbench: counts, one page of 25 and one row (a click)", lambda: (
            store.draft(token), store.draft_page(token, "needs_review", 2500, 25),
            store.draft_rows(token, [5000])))
        timed("workbench: next row of a filter (a key press)", lambda: store.draft_neighbour(
            token, "suggested", 5000, 1))
        timed("workbench: confirm every suggestion at 90% or more", lambda: store.update_draft_rows(
            token, {r.position: (r.data, "confirmed") for r in store.draft_rows(
                token, status="suggested", min_confidence=0.9)}))
        store.close()


if __name__ == "__main__":
    sys.exit(main())
