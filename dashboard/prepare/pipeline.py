"""Deterministic preparation of the geography and need artefacts the server loads.

``python -m dashboard.prepare`` turns the published files in ``data/raw`` into compact, typed
artefacts in ``data/prepared`` (see ``data/raw/SOURCES.md`` for provenance):

- ``lad24.parquet``: one row per LAD 2024 with the PUBLISHED IoD2025 summary measures (never
  recomputed from LSOAs), the IoD2019 rank of average IMD score where the code is unchanged and
  Census 2021 counts mapped LAD22 -> LAD24 by summing counts (percentages recomputed, 0-100).
- ``lad24.geojson``: LAD 2024 boundaries, coverage-simplified once, rounded, compact.
- ``lad24_hex.geojson``: the House of Commons Library hex cartogram of LAD 2023 (= LAD 2024).
- ``lsoa21.parquet``: IoD2025 score, rank and decile of every English LSOA 2021.
- ``lsoa21_geometry.parquet``: GeoParquet of LSOA 2021 polygons, coverage-simplified once.
- ``lad_recodes.csv``: retired (2013-2023) and newer (2025) LAD codes and their LAD 2024 code.
- ``lsoa21_areas.parquet``, ``nhs24.parquet``, ``sicbl24.geojson``, ``icb24.geojson``: wards and
  NHS geography (Sub-ICB locations, ICBs) with their IoD2025 summaries and boundaries.
- ``lad24_context.parquet``, ``lad24_neighbours.parquet``, ``ons_clusters.json``: IoD2019 on 2024
  districts, ONS clusters, nearest neighbours and Health Index (``context_artefacts``).
- ``manifest.json``: rows, columns, vintage and sources of each artefact (no timestamps).

Same inputs give the same output content: rows are sorted, geometry operations are pure GEOS
calls in longitude/latitude (no datum transformations that depend on installed grids) and the
manifest holds no timestamps.

Modules: ``sources`` (raw file names, licences, shared checks), ``tables`` (LAD and LSOA tables,
Census mapping), ``recodes`` (the recode table), ``geometry`` (repair, simplification, hex
cartogram), ``artefacts`` (writing each file and its manifest entry) and this one, which runs
them in order.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from pathlib import Path

from dashboard.prepare.artefacts import (
    Output,
    write_hex_cartogram,
    write_lad_boundaries,
    write_lad_table,
    write_lsoa_geometry,
    write_lsoa_table,
    write_recodes,
)
from dashboard.prepare.context_artefacts import write_district_context, write_nhs_artefacts
from dashboard.prepare.geometry import read_lad_boundaries
from dashboard.prepare.recodes import recode_table
from dashboard.prepare.tables import lad_table, lsoa_table

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def build(raw_dir: Path, out_dir: Path) -> None:
    """Rebuild every prepared artefact from the raw sources.

    Args:
        raw_dir: folder laid out as ``data/raw`` (see ``data/raw/SOURCES.md``).
        out_dir: folder to write into (created if missing); files are overwritten.

    Raises:
        RawDataError: when the raw files disagree (codes, counts, geometry).
    """
    raw_dir, out_dir = Path(raw_dir), Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    output = Output(out_dir)
    # The manifest lists artefacts in the order they are written here.
    lads = lad_table(raw_dir)
    write_lad_table(output, lads)
    lad_raw = read_lad_boundaries(raw_dir, list(lads["LAD24CD"]))
    write_lad_boundaries(output, lads, lad_raw)
    write_hex_cartogram(output, raw_dir, lads, lad_raw)
    lsoas = lsoa_table(raw_dir)
    write_lsoa_table(output, lsoas)
    write_lsoa_geometry(output, raw_dir, lsoas, len(lads))
    write_recodes(output, recode_table(raw_dir, lads))
    write_nhs_artefacts(output, raw_dir, lsoas)
    write_district_context(output, raw_dir, lads)
    output.write_manifest()


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``python -m dashboard.prepare [--raw DIR] [--out DIR]``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raw", type=Path, default=PROJECT_ROOT / "data" / "raw")
    parser.add_argument("--out", type=Path, default=PROJECT_ROOT / "data" / "prepared")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    build(args.raw, args.out)
    elapsed = time.perf_counter() - start
    for path in sorted(args.out.iterdir()):
        print(f"{path.stat().st_size:>10,d}  {path.name}")
    print(f"built in {elapsed:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
