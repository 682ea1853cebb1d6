"""Writing the context artefacts: NHS geography, IoD2019 on 2024 districts, neighbours, Health Index.

- ``lsoa21_areas.parquet``: every English LSOA with its district, ward, Sub-ICB location, ICB
  and Census 2021 residents and adults;
- ``nhs24.parquet``: Sub-ICB locations and ICBs with their IoD2025 summaries;
- ``sicbl24.geojson``, ``icb24.geojson``: their boundaries, coverage-simplified once;
- ``lad24_context.parquet``: per district, IoD2019 on 2024 boundaries, ONS clusters and the
  Health Index subdomains;
- ``lad24_neighbours.parquet``: the ONS statistical nearest neighbours, recoded to LAD 2024;
- ``ons_clusters.json``: the ONS sentence describing each cluster.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from dashboard.prepare.artefacts import Output, feature_collection, write_json
from dashboard.prepare.context import (
    HEALTH_INDEX_YEAR,
    cluster_descriptions,
    clusters_lad24,
    health_index_lad24,
    iod19_lad24,
    neighbours_lad24,
)
from dashboard.prepare.geometry import LAD_DECIMALS, LAD_TOLERANCE_M, coverage_simplify
from dashboard.prepare.nhs import lsoa_areas, nhs_areas, nhs_boundaries
from dashboard.prepare.sources import (
    CENSUS,
    CENSUS_ATTRIBUTION,
    CLUSTER_DESCRIPTIONS,
    CLUSTERS,
    HEALTH_INDEX,
    HEALTH_INDEX_ATTRIBUTION,
    IOD19_ATTRIBUTION,
    IOD19_LAD,
    IOD19_POPULATION,
    IOD25_ICB,
    IOD25_LSOA,
    IOD_ATTRIBUTION,
    LAD22_LAD23,
    LAD_CODE_HISTORY,
    LSOA_BOUNDARY_DIR,
    LSOA_LOOKUP,
    LSOA_POPULATION,
    NEIGHBOURS,
    NEIGHBOURS_ATTRIBUTION,
    NHS_LOOKUP,
    ONS_ATTRIBUTION,
)

NHS_VINTAGE = "Sub-ICB locations and ICBs, April 2024 (LSOA 2021 best fit)"


def _parquet(output: Output, name: str, table: pd.DataFrame, **record: object) -> None:
    table.to_parquet(output.folder / name, index=False, compression="zstd")
    output.record(name, len(table), list(table.columns), **record)


def write_nhs_artefacts(output: Output, raw_dir: Path, lsoas: pd.DataFrame) -> None:
    """``lsoa21_areas.parquet``, ``nhs24.parquet`` and the two NHS boundary files."""
    areas = lsoa_areas(raw_dir, lsoas)
    _parquet(output, "lsoa21_areas.parquet", areas,
             vintage=f"LSOA 2021; wards and LAD 2024; {NHS_VINTAGE}; Census 2021 residents",
             sources=[NHS_LOOKUP, LSOA_LOOKUP, LSOA_POPULATION],
             attribution=[ONS_ATTRIBUTION, CENSUS_ATTRIBUTION])
    _parquet(output, "nhs24.parquet", nhs_areas(raw_dir, lsoas, areas),
             vintage=f"{NHS_VINTAGE}; IoD2025 (ICBs published; Sub-ICB locations computed from "
             "LSOA scores weighted by Census 2021 residents)",
             sources=[NHS_LOOKUP, IOD25_ICB, IOD25_LSOA, LSOA_POPULATION],
             attribution=[IOD_ATTRIBUTION, ONS_ATTRIBUTION, CENSUS_ATTRIBUTION])
    for level, (codes, polygons) in nhs_boundaries(raw_dir, areas).items():
        name = f"{level}24.geojson"
        simplified = coverage_simplify(polygons, LAD_TOLERANCE_M, LAD_DECIMALS)
        key = "SICBL24CD" if level == "sicbl" else "ICB24CD"
        collection = feature_collection(codes, [{key: c} for c in codes], simplified)
        write_json(output.folder / name, collection, compact=True)
        output.record(
            name, len(codes), [key, "geometry"], NHS_VINTAGE,
            [f"{LSOA_BOUNDARY_DIR}/<LAD24CD>.geojson", NHS_LOOKUP], [ONS_ATTRIBUTION],
            geometry={"crs": "EPSG:4326", "tolerance_m": LAD_TOLERANCE_M,
                      "decimals": LAD_DECIMALS,
                      "method": "LSOA polygons repaired, unioned on a 0.00001 degree grid, "
                                "coverage_simplify once + round"})


def write_district_context(output: Output, raw_dir: Path, lads: pd.DataFrame) -> None:
    """``lad24_context.parquet``, ``lad24_neighbours.parquet`` and ``ons_clusters.json``."""
    codes = lads["LAD24CD"]
    context = pd.concat([iod19_lad24(raw_dir, codes), clusters_lad24(raw_dir, codes),
                         health_index_lad24(raw_dir, codes)], axis=1).reset_index()
    _parquet(output, "lad24_context.parquet", context,
             vintage=f"LAD 2024; IoD2019 (LAD 2019 figures combined where districts merged); ONS "
             f"clusters 2025; ONS Health Index {HEALTH_INDEX_YEAR} (LAD 2021 averaged where "
             "districts merged)",
             sources=[IOD19_LAD, IOD19_POPULATION, LAD_CODE_HISTORY, CLUSTERS, HEALTH_INDEX,
                      CENSUS, LAD22_LAD23],
             attribution=[IOD19_ATTRIBUTION, NEIGHBOURS_ATTRIBUTION, HEALTH_INDEX_ATTRIBUTION])
    _parquet(output, "lad24_neighbours.parquet", neighbours_lad24(raw_dir, lads),
             vintage="ONS statistical nearest neighbours 2025, LAD 2025 codes recoded to LAD 2024",
             sources=list(NEIGHBOURS.values()) + [CLUSTERS],
             attribution=[NEIGHBOURS_ATTRIBUTION])
    descriptions = cluster_descriptions(raw_dir)
    write_json(output.folder / "ons_clusters.json", descriptions, compact=False)
    output.record("ons_clusters.json", sum(len(v) for v in descriptions.values()),
                  ["kind", "cluster", "description"], "ONS local authority clusters 2025",
                  [CLUSTER_DESCRIPTIONS], [NEIGHBOURS_ATTRIBUTION])
