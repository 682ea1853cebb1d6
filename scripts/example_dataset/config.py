"""Paths, sizes and fixed choices of the illustrative dataset."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
CODELISTS_DIR = DATA / "codelists"
IMD_LAD_FILE = DATA / "raw" / "imd" / "iod2025_lad24_summaries.csv"
CENSUS_FILE = DATA / "raw" / "census" / "census2021_lad22_england_summary_derived.csv"
LSOA_DIR = DATA / "raw" / "boundaries" / "lsoa21_by_lad24"
OUT_CSV = DATA / "examples" / "illustrative_interventions.csv"
OUT_META = DATA / "examples" / "illustrative_interventions.meta.json"

DEFAULT_SEED = 20211691
TOTAL_ROWS = 404
MIN_ROWS_PER_LAD = 40
N_LADS_IN_ENGLAND = 296
# Most deprived 30% of the 296 districts by IoD2025 rank of average IMD score.
MOST_DEPRIVED_RANK_LIMIT = int(0.30 * N_LADS_IN_ENGLAND)  # 88
COORDINATE_SHARE = 0.60
STUDY_START = dt.date(2019, 7, 1)
STUDY_END = dt.date(2020, 5, 31)
FIRST_LOCKDOWN = dt.date(2020, 3, 23)

# Exchange-template column order (DOMAIN.md).
COLUMNS: tuple[str, ...] = (
    "intervention_id",
    "name",
    "provider",
    "locality_code",
    "types",
    "determinants",
    "populations",
    "social_model",
    "provider_type",
    "delivery_mode",
    "format",
    "cost_to_participant",
    "status",
    "outcomes_measured",
    "evaluation_level",
    "annual_reach",
    "annual_cost_gbp",
    "latitude",
    "longitude",
    "start_date",
    "end_date",
    "last_verified",
    "identification_route",
    "description",
    "url",
    "recorded_by",
)

# Five districts in the most deprived 30%, chosen for differing demographics (see data/README.md).
LOCALITIES: tuple[tuple[str, str], ...] = (
    ("E06000009", "Blackpool"),  # coastal, older, mostly White, highest disability share
    ("E08000025", "Birmingham"),  # very large, young, very diverse
    ("E06000002", "Middlesbrough"),  # post-industrial north-east (Tees Valley)
    ("E09000030", "Tower Hamlets"),  # inner London: youngest, highly diverse, high LGB+ share
    ("E07000062", "Hastings"),  # coastal south-east: older, higher LGB+ share
)

STRUCTURAL_ABSENT: tuple[str, ...] = (
    "welfare_system",
    "air_quality",
    "urban_decay",
    "climate",
    "media",
    "political_structures",
)

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")

IDENTITY_GROUPS_FALLBACK = ("older_adults", "young_adults", "men", "women", "minority_ethnic",
                            "refugees_migrants", "lgbtq", "disabled", "faith")
