"""Writing the prepared artefacts, each with its entry in ``manifest.json``.

Each ``write_*`` function writes one file into the output folder and records its rows,
columns, vintage, sources and attribution. JSON is written without timestamps and with
insertion-ordered keys, so the same tables give byte-identical files.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from dashboard.prepare.geometry import (
    HEX_DECIMALS,
    HEX_TOLERANCE_UNITS,
    LAD_DECIMALS,
    LAD_TOLERANCE_M,
    LSOA_DECIMALS,
    LSOA_TOLERANCE_M,
    coverage_simplify,
    hex_geometries,
    read_lsoa_boundaries,
)
from dashboard.prepare.sources import (
    CENSUS,
    CENSUS_ATTRIBUTION,
    HEX_ATTRIBUTION,
    IOD19_LAD,
    IOD25_LAD,
    IOD25_LSOA,
    IOD_ATTRIBUTION,
    LAD22_LAD23,
    LAD_BOUNDARIES,
    LAD_CODE_HISTORY,
    LSOA_BOUNDARY_DIR,
    LSOA_LOOKUP,
    ONS_ATTRIBUTION,
    REGION_LOOKUP,
    VINTAGE_IOD25,
    VINTAGE_LAD,
)

LSOA_ROW_GROUP = 2048


def write_json(path: Path, payload: dict, *, compact: bool) -> None:
    """Write ``payload`` as UTF-8 JSON with a final newline (compact, or indented by 2)."""
    if compact:
        text = json.dumps(payload, separators=(",", ":"), ensure_ascii=False)
    else:
        text = json.dumps(payload, indent=2, ensure_ascii=False)
    path.write_text(text + "\n", encoding="utf-8")


def _geojson_geometry(geom: shapely.Geometry) -> str:
    return json.dumps(shapely.geometry.mapping(geom), separators=(",", ":"))


def feature_collection(ids: Sequence[str], properties: list[dict], geoms: np.ndarray) -> dict:
    """A GeoJSON FeatureCollection with one feature per id, its properties and its geometry."""
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": code,
                "properties": props,
                "geometry": json.loads(_geojson_geometry(geom)),
            }
            for code, props, geom in zip(ids, properties, geoms, strict=True)
        ],
    }


@dataclass
class Output:
    """The output folder and the manifest entries of what has been written to it, in order."""

    folder: Path
    manifest: list[dict[str, object]] = field(default_factory=list)

    def record(
        self,
        file: str,
        rows: int,
        columns: list[str],
        vintage: str,
        sources: list[str],
        attribution: list[str],
        **extra: object,
    ) -> None:
        """Add the manifest entry of a built artefact (``extra``: e.g. its geometry settings)."""
        self.manifest.append(
            {
                "file": file,
                "status": "built",
                "rows": rows,
                "columns": columns,
                "vintage": vintage,
                "sources": sources,
                "attribution": attribution,
                **extra,
            }
        )

    def record_not_built(self, file: str, sources: list[str], reason: str) -> None:
        """Add the manifest entry of an artefact the raw folder cannot give, and warn."""
        self.manifest.append(
            {"file": file, "status": "not built", "sources": sources, "reason": reason}
        )
        print(f"warning: {file} not built: {reason}", file=sys.stderr)

    def write_manifest(self) -> None:
        """Write ``manifest.json`` (indented, for reading in review)."""
        write_json(self.folder / "manifest.json", {"artefacts": self.manifest}, compact=False)


def write_lad_table(output: Output, lads: pd.DataFrame) -> None:
    """``lad24.parquet``: the LAD 2024 table."""
    lads.to_parquet(output.folder / "lad24.parquet", index=False, compression="zstd")
    output.record(
        "lad24.parquet",
        len(lads),
        list(lads.columns),
        f"{VINTAGE_LAD}; IoD2025 published LAD 2024 summaries; IoD2019 File 10 (LAD 2019, "
        "only where the code is unchanged); Census 2021 (LAD 2022 summed to LAD 2024)",
        [IOD25_LAD, REGION_LOOKUP, LSOA_LOOKUP, IOD19_LAD, CENSUS, LAD22_LAD23],
        [IOD_ATTRIBUTION, CENSUS_ATTRIBUTION],
    )


def _lad_properties(lads: pd.DataFrame) -> list[dict[str, str]]:
    """GeoJSON properties of each district, in table order."""
    return [
        {"LAD24CD": c, "LAD24NM": n} for c, n in zip(lads["LAD24CD"], lads["LAD24NM"], strict=True)
    ]


def write_lad_boundaries(output: Output, lads: pd.DataFrame, lad_raw: np.ndarray) -> None:
    """``lad24.geojson``: the published boundaries (in table order) coverage-simplified once."""
    codes = list(lads["LAD24CD"])
    lad_geoms = coverage_simplify(lad_raw, LAD_TOLERANCE_M, LAD_DECIMALS)
    collection = feature_collection(codes, _lad_properties(lads), lad_geoms)
    write_json(output.folder / "lad24.geojson", collection, compact=True)
    output.record(
        "lad24.geojson",
        len(codes),
        ["LAD24CD", "LAD24NM", "geometry"],
        VINTAGE_LAD,
        [LAD_BOUNDARIES, IOD25_LAD],
        [ONS_ATTRIBUTION],
        geometry={
            "crs": "EPSG:4326",
            "tolerance_m": LAD_TOLERANCE_M,
            "decimals": LAD_DECIMALS,
            "method": "make_valid(structure) + coverage_simplify once + round",
        },
    )


def write_hex_cartogram(
    output: Output, raw_dir: Path, lads: pd.DataFrame, lad_raw: np.ndarray
) -> None:
    """``lad24_hex.geojson`` over the latitudes of ``lad_raw``; removed when no source exists."""
    codes = list(lads["LAD24CD"])
    lad_bounds = [round(float(v), 2) for v in shapely.total_bounds(lad_raw)]
    hexes, hex_sources, hex_note = hex_geometries(raw_dir, codes, lad_bounds)
    hex_path = output.folder / "lad24_hex.geojson"
    if hexes is None:
        # A stale cartogram from an earlier build would contradict the manifest.
        hex_path.unlink(missing_ok=True)
        output.record_not_built("lad24_hex.geojson", hex_sources, hex_note)
        return
    write_json(hex_path, feature_collection(codes, _lad_properties(lads), hexes), compact=True)
    output.record(
        "lad24_hex.geojson",
        len(codes),
        ["LAD24CD", "LAD24NM", "geometry"],
        "LAD 2023 (= LAD 2024 codes)",
        hex_sources + [IOD25_LAD],
        [HEX_ATTRIBUTION],
        geometry={
            "crs": "EPSG:4326",
            "tolerance_units": HEX_TOLERANCE_UNITS,
            "decimals": HEX_DECIMALS,
            "note": hex_note,
        },
    )


def write_lsoa_table(output: Output, lsoas: pd.DataFrame) -> None:
    """``lsoa21.parquet``: IoD2025 of every English LSOA 2021."""
    lsoas.to_parquet(output.folder / "lsoa21.parquet", index=False, compression="zstd")
    output.record(
        "lsoa21.parquet",
        len(lsoas),
        list(lsoas.columns),
        VINTAGE_IOD25,
        [IOD25_LSOA, LSOA_LOOKUP],
        [IOD_ATTRIBUTION],
    )


def write_lsoa_geometry(output: Output, raw_dir: Path, lsoas: pd.DataFrame, lad_count: int) -> None:
    """``lsoa21_geometry.parquet``: LSOA polygons simplified as one national coverage.

    One coverage for all England keeps the edges between LADs shared too.
    """
    shapes = read_lsoa_boundaries(raw_dir, lsoas.set_index("LSOA21CD")["LAD24CD"])
    lsoa_geoms = coverage_simplify(shapes.geometry.to_numpy(), LSOA_TOLERANCE_M, LSOA_DECIMALS)
    geometry = gpd.GeoDataFrame(
        {
            "LSOA21CD": shapes["lsoa21_code"].astype("string"),
            "LAD24CD": shapes["lad24_code"].astype("string"),
        },
        geometry=gpd.GeoSeries(lsoa_geoms, crs="EPSG:4326"),
    )
    geometry.to_parquet(
        output.folder / "lsoa21_geometry.parquet",
        index=False,
        compression="zstd",
        row_group_size=LSOA_ROW_GROUP,
    )
    output.record(
        "lsoa21_geometry.parquet",
        len(geometry),
        ["LSOA21CD", "LAD24CD", "geometry"],
        "LSOA 2021 (BSC V4, Dec 2021) assigned to LAD 2024",
        [f"{LSOA_BOUNDARY_DIR}/<LAD24CD>.geojson ({lad_count} files)", LSOA_LOOKUP],
        [ONS_ATTRIBUTION],
        geometry={
            "crs": "EPSG:4326",
            "tolerance_m": LSOA_TOLERANCE_M,
            "decimals": LSOA_DECIMALS,
            "sorted_by": ["LAD24CD", "LSOA21CD"],
            "method": "make_valid(structure) + coverage_simplify once (all England) + round",
        },
    )


def write_recodes(output: Output, recodes: pd.DataFrame) -> None:
    """``lad_recodes.csv``: retired and newer LAD codes with their LAD 2024 code."""
    recodes.to_csv(output.folder / "lad_recodes.csv", index=False, lineterminator="\n")
    output.record(
        "lad_recodes.csv",
        len(recodes),
        list(recodes.columns),
        "LAD 2013-2023 codes and 2025 codes -> LAD 2024 (2013-2014 from the ONS Code History Database)",
        [LAD_CODE_HISTORY, IOD25_LAD],
        [ONS_ATTRIBUTION],
    )
