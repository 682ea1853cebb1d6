"""The raw inputs of the build: where each file sits, its licence line and vintage labels.

Paths are relative to the raw folder (``data/raw``; provenance in ``data/raw/SOURCES.md``).
Also the two checks every reader shares: read a raw CSV, and compare the LAD codes it lists.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

IOD_ATTRIBUTION = (
    "Source: English Indices of Deprivation 2025, MHCLG. Contains public sector information "
    "licensed under the Open Government Licence v3.0."
)
ONS_ATTRIBUTION = (
    "Source: Office for National Statistics licensed under the Open Government Licence v3.0. "
    "Contains OS data © Crown copyright and database right 2024."
)
CENSUS_ATTRIBUTION = (
    "Source: Office for National Statistics, Census 2021, licensed under the Open Government "
    "Licence v3.0."
)
NEIGHBOURS_ATTRIBUTION = (
    "Source: Office for National Statistics, statistical nearest neighbours and local authority "
    "clusters 2025, licensed under the Open Government Licence v3.0."
)
HEALTH_INDEX_ATTRIBUTION = (
    "Source: Office for National Statistics, Health Index for England 2021, licensed under the "
    "Open Government Licence v3.0."
)
IOD19_ATTRIBUTION = (
    "Source: English Indices of Deprivation 2019, MHCLG. Contains public sector information "
    "licensed under the Open Government Licence v3.0."
)
HEX_ATTRIBUTION = (
    "Hex cartogram: House of Commons Library. Contains Parliamentary information licensed "
    "under the Open Parliament Licence v3.0."
)

# Raw inputs, relative to the raw folder.
IOD25_LSOA = "imd/iod2025_domains_scores_ranks_deciles_lsoa21.csv"
IOD25_LAD = "imd/iod2025_lad24_summaries.csv"
IOD19_LAD = "imd/iod2019_file10_lad19_summaries_all_sheets.csv"
LAD_BOUNDARIES = "boundaries/lad24_england_buc.geojson"
LSOA_BOUNDARY_DIR = "boundaries/lsoa21_by_lad24"
HEX_GPKG = "boundaries/hex/hcl_lad23_hex_cartogram.gpkg"
CENSUS = "census/census2021_lad22_england_summary_derived.csv"
LSOA_LOOKUP = "lookups/lsoa21_ward24_lad24_england_wales.csv"
REGION_LOOKUP = "lookups/lad24_region24_england.csv"
LAD_CODE_HISTORY = "lookups/lad_codes_2016_to_2024.csv"
LAD22_LAD23 = "lookups/lad22_lad23.csv"
# Context: NHS geography, IoD2019 on 2024 districts, neighbours, clusters, Health Index.
NHS_LOOKUP = "lookups/lsoa21_sicbl24_icb24_england.csv"
LSOA_POPULATION = "census/census2021_ts007a_age6_lsoa21_ew.csv"
IOD25_ICB = "imd/iod2025_icb24_summaries.csv"
IOD19_POPULATION = "imd/iod2019_file6_population_denominators_lsoa11.csv"
NEIGHBOURS = {kind: f"lookups/ons_{kind}_neighbours_2025.csv"
              for kind in ("global", "economic", "demographic")}
CLUSTERS = "lookups/ons_cluster_allocation_2025.csv"
CLUSTER_DESCRIPTIONS = "lookups/ons_clusters_descriptions_2025.json"
HEALTH_INDEX = "health/ons_health_index_subdomains_lad21_england.csv"

VINTAGE_LAD = "LAD 2024 (May 2024 codes; = LAD 2023)"
VINTAGE_IOD25 = "IoD2025 (published October 2025), LSOA 2021 / LAD 2024"


class RawDataError(ValueError):
    """The raw files are inconsistent with each other or with what the build expects."""


def read_raw_csv(raw_dir: Path, name: str, **kwargs: object) -> pd.DataFrame:
    """Read one raw CSV by its path relative to the raw folder (``kwargs`` go to pandas)."""
    return pd.read_csv(raw_dir / name, **kwargs)


def check_same_codes(label: str, codes: Sequence[str], expected: set[str]) -> None:
    """Fail unless ``codes`` lists exactly the ``expected`` LAD 2024 codes.

    Args:
        label: the raw file named in the error.
        codes: the codes the file lists.
        expected: the LAD 2024 codes of the IoD2025 summaries.

    Raises:
        RawDataError: naming up to five missing and five unexpected codes.
    """
    found = set(codes)
    if found != expected:
        missing = sorted(expected - found)[:5]
        extra = sorted(found - expected)[:5]
        raise RawDataError(f"{label}: LAD24 codes differ (missing {missing}, unexpected {extra})")
