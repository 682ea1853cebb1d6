"""The scale section: a seeded dataset of 100,000 interventions against the bundled one."""

from __future__ import annotations

import json
import statistics
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

from dashboard.core.settings import Settings

from .interactions import MEASURES, Requests, caller, scenarios
from .serving import bench_settings, served_app
from .table import check, ms, paired, row


def make_scale_dataset(folder: Path, rows: int, seed: int = 20251123) -> Path:
    """A seeded dataset of ``rows`` interventions spread over all 296 LADs (bundled rows reused).

    Rows of the bundled example are repeated with new ids, each given a LAD drawn uniformly;
    rows with a location get a point near the LAD's representative point.
    """
    import shapely
    from shapely.geometry import shape

    settings = Settings.from_env()
    base = pd.read_csv(settings.dataset_path, dtype=str, keep_default_na=False)
    lad_geojson = json.loads((settings.prepared_dir / "lad24.geojson").read_text())
    points = {f["id"]: shapely.get_coordinates(shape(f["geometry"]).representative_point())[0]
              for f in lad_geojson["features"]}
    codes = sorted(points)
    rng = np.random.default_rng(seed)
    frame = base.iloc[rng.integers(0, len(base), rows)].reset_index(drop=True)
    frame["intervention_id"] = [f"BENCH-{i:07d}" for i in range(rows)]
    frame["name"] = frame["name"] + " #" + frame.index.astype(str)
    frame["locality_code"] = rng.choice(codes, rows)
    located = frame["latitude"] != ""
    xy = np.array([points[c] for c in frame.loc[located, "locality_code"]])
    jitter = rng.normal(0, 0.003, size=xy.shape)
    frame.loc[located, "longitude"] = [f"{v:.5f}" for v in xy[:, 0] + jitter[:, 0]]
    frame.loc[located, "latitude"] = [f"{v:.5f}" for v in xy[:, 1] + jitter[:, 1]]
    path = folder / f"bench_{rows}.csv"
    frame.to_csv(path, index=False)
    path.with_name(path.stem + ".meta.json").write_text(json.dumps(
        {"name": f"Benchmark dataset ({rows:,} rows, synthetic)", "version": "bench",
         "illustrative": True}))
    return path


def scale(tmp: Path, path: Path, runs: int, filter_code: str) -> None:
    """Load time and callback times on the scale dataset at ``path``, as ratios to the bundled.

    Loading is timed twice per dataset, each time in a fresh process state: the first load of
    a dataset file (validation, then its columnar copy written to an empty instance folder)
    and a load that finds the copy (what a restart and the second worker do). Callbacks are
    timed on the same view repeated (as a page's figures and a returning user hit the caches)
    and on a new filter each time (nothing cached: the cost of a user's first click).
    """
    from dashboard.context import load_context

    times: dict[tuple[Path | None, str], float] = {}
    for dataset in (None, path):
        settings = replace(bench_settings(tmp, dataset),
                           instance_dir=tmp / f"load-{'bundled' if dataset is None else 'scale'}")
        for when in ("first", "copy"):
            start = time.perf_counter()
            atlas = load_context(settings)
            times[dataset, when] = time.perf_counter() - start
    n = rows = len(atlas.dataset.interventions)
    lads = len(atlas.dataset.counts_by_locality())
    first, base_first = times[path, "first"], times[None, "first"]
    row("scale", f"load and validate {n:,} interventions across {lads} LADs (first load: "
        "validation, columnar copy written)", ms(first), f"bundled dataset {ms(base_first)}",
        f"{first / base_first:.1f}x", *(("< 10 s", check(first < 10)) if n <= 100_000 else ()))
    copy, base_copy = times[path, "copy"], times[None, "copy"]
    row("scale", f"load {n:,} interventions from the columnar copy (a restart, the other worker)",
        ms(copy), f"bundled dataset {ms(base_copy)}", f"{copy / base_copy:.1f}x")
    del atlas
    runs = min(runs, 20)  # a ratio of medians; 20 repeats keep the suite under ten minutes
    clients = [served_app(bench_settings(tmp, dataset)).server.test_client()
               for dataset in (None, path)]
    requests = Requests(clients[0].get("/_dash-dependencies").get_json())

    for name, (state, sent) in scenarios(filter_code).items():
        bodies = [requests.body(callback, state, shown) for callback, shown in sent]
        small, big = (statistics.median(t) for t in paired(
            [caller(clients[0], bodies), caller(clients[1], bodies)], runs))
        row("scale", f"{MEASURES.get(name, name)}: median of {runs}, {rows:,} rows", ms(big),
            f"bundled {ms(small)}", f"{big / small:.1f}x", "<= 3x", check(big / small <= 3))
    for name, (states, sent) in new_filter_scenarios(runs + 1).items():
        calls = [_in_turn(client, [[requests.body(callback, state, shown) for callback, shown
                                    in sent] for state in states]) for client in clients]
        small, big = (statistics.median(t) for t in paired(calls, runs))
        row("scale", f"{name}, a new filter each time (nothing cached): median of {runs}, "
            f"{rows:,} rows", ms(big), f"bundled {ms(small)}", f"{big / small:.1f}x", "<= 3x",
            check(big / small <= 3))


def new_filter_scenarios(count: int) -> dict[str, tuple[list, list]]:
    """A filter change and the gap view, each time with a filter not asked for before.

    Filters cycle through determinants, then determinant pairs, so ``count`` states differ.
    """
    from itertools import combinations

    from dashboard.core.codelists import load_codelists
    from dashboard.core.settings import Settings
    from dashboard.core.view_state import DEFAULT

    codes = load_codelists(Settings.from_env().codelists_dir)["determinants"].codes
    filters = [[c] for c in codes] + [list(pair) for pair in combinations(codes, 2)]
    national = [("national", "map"), ("provision", None)]  # the provision key comes from the view
    return {
        "change a filter (determinant)": (
            [DEFAULT.with_filters(determinants=f) for f in filters[:count]], national),
        "gap view": ([replace(DEFAULT.with_filters(determinants=f), page="gaps") for f in
                      filters[count:2 * count]], [("gaps", None)]),
    }


def _in_turn(client, bodies_per_call: list[list[bytes]]):
    """A call that sends the next interaction's requests each time it is called."""
    turns = iter(bodies_per_call)

    def call() -> None:
        caller(client, next(turns))()

    return call
