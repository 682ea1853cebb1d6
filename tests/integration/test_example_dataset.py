"""The committed illustrative dataset: reproducible from its seed, true to the published patterns.

The patterns are those of Duncan et al., BMC Public Health 2021;21:1691 (see data/README.md).
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest
import shapely
from shapely.geometry import shape

ROOT = Path(__file__).resolve().parents[2]
GENERATOR_PATH = ROOT / "scripts" / "generate_example_dataset.py"
CSV_PATH = ROOT / "data" / "examples" / "illustrative_interventions.csv"
META_PATH = ROOT / "data" / "examples" / "illustrative_interventions.meta.json"
CODELISTS_DIR = ROOT / "data" / "codelists"
IMD_LAD_FILE = ROOT / "data" / "raw" / "imd" / "iod2025_lad24_summaries.csv"
LSOA_DIR = ROOT / "data" / "raw" / "boundaries" / "lsoa21_by_lad24"

SEED = 20211691
MOST_DEPRIVED_30_PERCENT_RANK = 88  # 30% of the 296 districts ranked by IoD2025 average score
EXCHANGE_TEMPLATE_COLUMNS = [
    "intervention_id", "name", "provider", "locality_code", "types", "determinants",
    "populations", "social_model", "provider_type", "delivery_mode", "format",
    "cost_to_participant", "status", "outcomes_measured", "evaluation_level", "annual_reach",
    "annual_cost_gbp", "latitude", "longitude", "start_date", "end_date", "last_verified",
    "identification_route", "description", "url", "recorded_by",
]
ABSENT_STRUCTURAL = [
    "welfare_system", "air_quality", "urban_decay", "climate", "media", "political_structures",
]
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@pytest.fixture(scope="module")
def generator():
    spec = importlib.util.spec_from_file_location("generate_example_dataset", GENERATOR_PATH)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses resolve annotations through sys.modules
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        sys.modules.pop(spec.name, None)


@pytest.fixture(scope="module")
def regenerated(generator):
    return generator.build_dataset(SEED)


@pytest.fixture(scope="module")
def committed() -> pd.DataFrame:
    return pd.read_csv(CSV_PATH, dtype=str, keep_default_na=False, encoding="utf-8")


@pytest.fixture(scope="module")
def codelists() -> dict[str, pd.DataFrame]:
    manifest = json.loads((CODELISTS_DIR / "manifest.json").read_text(encoding="utf-8"))
    return {
        name: pd.read_csv(CODELISTS_DIR / filename, dtype=str, keep_default_na=False)
        for name, filename in manifest["fields"].items()
    }


def codes_in(cell: str) -> list[str]:
    return [code for code in cell.split("|") if code]


def rows_with(frame: pd.DataFrame, column: str) -> Counter:
    """Number of rows carrying each code of a ``|``-separated column."""
    counts: Counter = Counter()
    for cell in frame[column]:
        counts.update(set(codes_in(cell)))
    return counts


def test_generator_reproduces_committed_csv_byte_for_byte(generator, regenerated):
    frame, _ = regenerated
    assert generator.csv_text(frame).encode("utf-8") == CSV_PATH.read_bytes()


def test_generator_reproduces_committed_meta(generator, regenerated):
    _, metadata = regenerated
    assert metadata == json.loads(META_PATH.read_text(encoding="utf-8"))
    assert generator.meta_text(metadata).encode("utf-8") == META_PATH.read_bytes()


def test_generator_rows_are_text_in_template_order(regenerated):
    frame, _ = regenerated
    assert list(frame.columns) == EXCHANGE_TEMPLATE_COLUMNS
    assert all(isinstance(value, str) for column in frame for value in frame[column])


def test_generator_columns_match_dashboard_schema(regenerated):
    from dashboard.core.schema import COLUMN_NAMES

    frame, _ = regenerated
    assert tuple(frame.columns) == COLUMN_NAMES


def test_csv_is_utf8_without_bom_with_unix_line_endings():
    content = CSV_PATH.read_bytes()
    assert not content.startswith(b"\xef\xbb\xbf")
    assert b"\r" not in content
    assert content.endswith(b"\n")
    content.decode("utf-8")


def test_meta_declares_illustrative_and_counts_rows(committed):
    meta = json.loads(META_PATH.read_text(encoding="utf-8"))
    manifest = json.loads((CODELISTS_DIR / "manifest.json").read_text(encoding="utf-8"))
    assert meta["illustrative"] is True
    assert meta["seed"] == SEED
    assert meta["rows"] == len(committed)
    assert meta["codelists_version"] == manifest["version"]
    by_lad = Counter(committed["locality_code"])
    assert {loc["LAD24CD"]: loc["rows"] for loc in meta["localities"]} == dict(by_lad)


def test_dataset_has_about_four_hundred_rows(committed):
    assert 380 <= len(committed) <= 420


def test_dataset_social_isolation_is_most_common_determinant(committed):
    counts = rows_with(committed, "determinants")
    (top, top_count), (_, second_count) = counts.most_common(2)
    assert top == "social_isolation"
    assert top_count > 0.4 * len(committed)
    assert top_count > 2 * second_count


def test_dataset_financial_stress_and_stigma_come_next(committed):
    counts = rows_with(committed, "determinants")
    assert {code for code, _ in counts.most_common(3)[1:]} == {"financial_stress", "mh_stigma"}


def test_dataset_social_isolation_mainly_through_activities_and_befriending(committed):
    primary = Counter(
        codes_in(types)[0]
        for types, determinants in zip(committed["types"], committed["determinants"], strict=True)
        if "social_isolation" in codes_in(determinants)
    )
    assert [code for code, _ in primary.most_common(2)] == ["social_activities", "befriending"]


def test_dataset_housing_almost_absent(committed):
    assert 1 <= rows_with(committed, "determinants")["housing"] <= 3


@pytest.mark.parametrize("code", ["food_insecurity", "caring", "bereavement",
                                  "lgbtq_discrimination"])
def test_dataset_rare_determinants_are_a_handful(committed, code):
    assert 1 <= rows_with(committed, "determinants")[code] <= 8


@pytest.mark.parametrize("code", ABSENT_STRUCTURAL)
def test_dataset_structural_determinant_is_absent(committed, code):
    assert rows_with(committed, "determinants")[code] == 0


def test_dataset_older_and_minority_ethnic_most_targeted(committed):
    counts = rows_with(committed, "populations")
    specific = [code for code, _ in counts.most_common() if code != "all_adults"]
    assert set(specific[:2]) == {"older_adults", "minority_ethnic"}


def identity_pairs(frame: pd.DataFrame, codelists) -> tuple[Counter, int]:
    pops = codelists["populations"]
    identity = set(pops.loc[pops["group"] == "identity", "code"])
    pairs: Counter = Counter()
    intersectional = 0
    for cell in frame["populations"]:
        groups = sorted(set(codes_in(cell)) & identity)
        if len(groups) >= 2:
            intersectional += 1
            pairs.update(
                f"{a}|{b}" for i, a in enumerate(groups) for b in groups[i + 1:]
            )
    return pairs, intersectional


def test_dataset_intersectional_combinations_exist_but_are_few(committed, codelists):
    _, intersectional = identity_pairs(committed, codelists)
    assert 1 <= intersectional <= 0.1 * len(committed)


@pytest.mark.parametrize("pair", ["men|minority_ethnic", "lgbtq|minority_ethnic"])
def test_dataset_least_served_intersection_has_at_most_two(committed, codelists, pair):
    pairs, _ = identity_pairs(committed, codelists)
    assert pairs[pair] <= 2


def test_dataset_outcomes_measured_mostly_unknown(committed):
    unknown = committed["outcomes_measured"].isin(["", "unknown"]).mean()
    assert unknown >= 0.75


def test_dataset_evaluation_level_mostly_unknown_with_a_few_published(committed):
    assert committed["evaluation_level"].isin(["", "unknown"]).mean() >= 0.6
    assert 1 <= committed["evaluation_level"].isin(["published", "independent"]).sum() <= 40


@pytest.mark.parametrize("column", ["annual_reach", "annual_cost_gbp"])
def test_dataset_reach_and_cost_mostly_blank(committed, column):
    filled = committed.loc[committed[column] != "", column]
    assert (committed[column] == "").mean() >= 0.85
    assert filled.str.fullmatch(r"\d+").all()


def test_dataset_five_localities_each_in_most_deprived_thirty_percent(committed):
    imd = pd.read_csv(IMD_LAD_FILE, dtype={"lad24_code": str})
    assert len(imd) == 296
    ranks = imd.set_index("lad24_code")["imd_rank_of_average_score"]
    localities = set(committed["locality_code"])
    assert len(localities) == 5
    assert all(ranks[code] <= MOST_DEPRIVED_30_PERCENT_RANK for code in localities)


def test_dataset_birmingham_is_the_largest_locality(committed):
    counts = Counter(committed["locality_code"])
    assert counts.most_common(1)[0][0] == "E08000025"


def test_dataset_names_start_with_illustrative(committed):
    assert committed["name"].str.startswith("Illustrative:").all()


def test_dataset_codes_exist_in_code_lists(committed, codelists):
    unknown = {}
    # coding_status is an optional column the illustrative dataset does not carry
    assert set(codelists) - set(committed.columns) == {"coding_status"}
    for field, table in codelists.items():
        if field not in committed.columns:
            continue
        allowed = set(table["code"])
        used = {code for cell in committed[field] for code in codes_in(cell)}
        if used - allowed:
            unknown[field] = sorted(used - allowed)
    assert unknown == {}


@pytest.mark.parametrize("column", ["types", "determinants", "populations"])
def test_dataset_required_code_columns_filled(committed, column):
    assert (committed[column] != "").all()


def test_dataset_intervention_ids_unique(committed):
    assert committed["intervention_id"].is_unique


def test_dataset_coordinates_fall_inside_their_lad(committed):
    located = committed[committed["latitude"] != ""]
    assert 0.5 <= len(located) / len(committed) <= 0.7
    assert (located["longitude"] != "").all()
    for code, group in located.groupby("locality_code"):
        collection = json.loads((LSOA_DIR / f"{code}.geojson").read_text(encoding="utf-8"))
        polygons = [shape(feature["geometry"]) for feature in collection["features"]]
        x = group["longitude"].astype(float).to_numpy()
        y = group["latitude"].astype(float).to_numpy()
        inside = sum(shapely.contains_xy(polygon, x, y) for polygon in polygons)
        assert (inside >= 1).all(), f"points outside {code}"


def test_dataset_dates_iso_and_ordered(committed):
    for column in ["start_date", "end_date", "last_verified"]:
        filled = committed.loc[committed[column] != "", column]
        assert filled.str.fullmatch(ISO_DATE.pattern).all()
    assert committed["last_verified"].between("2019-07-01", "2020-05-31").all()
    assert (committed["start_date"] < committed["last_verified"]).all()
    ended = committed["status"] == "ended"
    assert (committed.loc[~ended, "end_date"] == "").all()
    assert (committed.loc[ended, "end_date"] > committed.loc[ended, "start_date"]).all()
