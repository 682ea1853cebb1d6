"""The scale section: a seeded dataset of 100,000 interventions against the bundled one."""

from __future__ import annotations

import json
import statistics
import time
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
    """Load time and callback times on the scale dataset at ``path``, as ratios to the bundled."""
    from dashboard.context import load_context

    start = time.perf_counter()
    load_context(bench_settings(tmp))
    base_load = time.perf_counter() - start
    start = time.perf_counter()
    atlas = load_context(bench_settings(tmp, path))
    load = time.perf_counter() - start
    n = rows = len(atlas.dataset.interventions)
    lads = atlas.dataset.interventions["locality_code"].nunique()
    row("scale", f"load and validate {n:,} interventions across {lads} LADs", ms(load),
        f"bundled dataset {ms(base_load)}", f"{load / base_load:.1f}x", "< 10 s",
        check(load < 10))
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
