"""The prepared artefacts: reproducible from data/raw and faithful to the published figures.

Raw files are read here independently of ``dashboard.prepare`` so that a mistake in the build
cannot hide itself.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest
import shapely
from pandas.testing import assert_frame_equal

from dashboard.core.settings import Settings
from dashboard.prepare.pipeline import build

SETTINGS = Settings.from_env()
RAW = SETTINGS.raw_dir
COMMITTED = SETTINGS.prepared_dir

DOMAIN_PREFIXES = {
    "imd": ("imd", "IMD"),
    "income": ("income", "Income"),
    "employment": ("employment", "Employment"),
    "education": ("education_skills_and_training", "Education"),
    "health": ("health_deprivation_and_disability", "Health"),
    "crime": ("crime", "Crime"),
    "barriers": ("barriers_to_housing_and_services", "Housing_and_Services"),
    "living": ("living_environment", "Environment"),
}
PROP = "proportion_of_lso_as_in_most_deprived_10_percent_nationally"
MEASURES = {
    "avg_score": "average_score",
    "rank_avg_score": "rank_of_average_score",
    "avg_rank": "average_rank",
    "rank_avg_rank": "rank_of_average_rank",
    "prop_lsoa_top10": PROP,
    "rank_prop_lsoa_top10": f"rank_of_{PROP}",
}
TABLES = ["lad24.parquet", "lsoa21.parquet", "lsoa21_areas.parquet", "nhs24.parquet",
          "lad24_context.parquet", "lad24_neighbours.parquet"]
GEOJSONS = ["lad24.geojson", "lad24_hex.geojson", "sicbl24.geojson", "icb24.geojson",
            "ons_clusters.json"]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("prepared")
    build(RAW, out)
    return out


@pytest.fixture(scope="module")
def lads(built) -> pd.DataFrame:
    return pd.read_parquet(built / "lad24.parquet")


@pytest.fixture(scope="module")
def lsoas(built) -> pd.DataFrame:
    return pd.read_parquet(built / "lsoa21.parquet")


@pytest.fixture(scope="module")
def lsoa_geometry(built) -> pd.DataFrame:
    table = pq.read_table(built / "lsoa21_geometry.parquet").to_pandas()
    table["geometry"] = shapely.from_wkb(table["geometry"].to_numpy())
    return table


@pytest.fixture(scope="module")
def manifest(built) -> dict:
    return {a["file"]: a for a in json.loads((built / "manifest.json").read_text())["artefacts"]}


def hex_built(manifest: dict) -> bool:
    return manifest["lad24_hex.geojson"]["status"] == "built"


def read_geojson(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


# (a) committed artefacts equal a fresh build ---------------------------------------------------


@pytest.mark.parametrize("name", TABLES)
def test_committed_table_equals_build(built, name):
    assert_frame_equal(pd.read_parquet(COMMITTED / name), pd.read_parquet(built / name))


@pytest.mark.parametrize("name", GEOJSONS)
def test_committed_geojson_equals_build(built, name):
    assert (COMMITTED / name).exists() == (built / name).exists()
    if (built / name).exists():
        assert read_geojson(COMMITTED / name) == read_geojson(built / name)


def test_committed_lsoa_geometry_equals_build(built, lsoa_geometry):
    committed = pq.read_table(COMMITTED / "lsoa21_geometry.parquet").to_pandas()
    fresh = pq.read_table(built / "lsoa21_geometry.parquet").to_pandas()
    assert_frame_equal(committed.drop(columns="geometry"), fresh.drop(columns="geometry"))
    assert committed["geometry"].tolist() == fresh["geometry"].tolist()  # WKB bytes


def test_committed_recodes_equal_build(built):
    read = {"dtype": str, "keep_default_na": False}
    assert_frame_equal(
        pd.read_csv(COMMITTED / "lad_recodes.csv", **read),
        pd.read_csv(built / "lad_recodes.csv", **read),
    )


def test_committed_manifest_equals_build(built):
    assert read_geojson(COMMITTED / "manifest.json") == read_geojson(built / "manifest.json")


def test_manifest_describes_every_artefact(built, manifest):
    for name, entry in manifest.items():
        if entry["status"] != "built":
            assert entry["reason"]
            continue
        assert (built / name).exists()
        assert entry["rows"] > 0 and entry["columns"] and entry["vintage"] and entry["sources"]
    assert manifest["lad24.parquet"]["rows"] == 296
    assert manifest["lsoa21.parquet"]["rows"] == 33_755
    assert manifest["nhs24.parquet"]["rows"] == 106 + 42
    assert manifest["lad24_neighbours.parquet"]["rows"] == 296 * 3 * 20
    assert "timestamp" not in json.dumps(manifest).lower()


# (b) LAD figures equal the published summaries -------------------------------------------------


def test_lad24_has_296_sorted_unique_districts(lads):
    assert len(lads) == 296
    assert lads["LAD24CD"].is_unique
    assert lads["LAD24CD"].tolist() == sorted(lads["LAD24CD"])
    assert lads["LAD24CD"].str.match(r"^E0[6789]\d{6}$").all()


def test_lad24_summaries_equal_published_for_every_domain(lads):
    raw = pd.read_csv(RAW / "imd" / "iod2025_lad24_summaries.csv").set_index("lad24_code")
    ours = lads.set_index("LAD24CD")
    assert set(ours.index) == set(raw.index)
    raw = raw.loc[ours.index]
    assert (ours["LAD24NM"] == raw["lad24_name"]).all()
    for key, (prefix, _) in DOMAIN_PREFIXES.items():
        for suffix, measure in MEASURES.items():
            ours_values = ours[f"iod25_{key}_{suffix}"].astype("float64").to_numpy()
            np.testing.assert_array_equal(ours_values, raw[f"{prefix}_{measure}"].to_numpy())
    for ours_col, raw_col in [
        ("iod25_imd_extent", "imd25_extent"),
        ("iod25_imd_rank_extent", "imd25_rank_of_extent"),
        ("iod25_imd_local_concentration", "imd25_local_concentration"),
        ("iod25_imd_rank_local_concentration", "imd25_rank_of_local_concentration"),
    ]:
        np.testing.assert_array_equal(ours[ours_col].astype("float64"), raw[raw_col])


def test_lad24_dtypes_are_explicit(lads):
    for column in ("LAD24CD", "LAD24NM", "RGN24CD", "RGN24NM"):
        assert isinstance(lads[column].dtype, pd.StringDtype)
    assert lads["iod25_imd_rank_avg_score"].dtype == "Int64"
    assert lads["iod25_imd_avg_score"].dtype == "float64"
    assert lads["iod25_lsoa_count"].dtype == "Int64"
    assert lads["iod19_imd_rank_avg_score"].dtype == "Int64"
    assert lads["c21_population"].dtype == "Int64"
    assert lads["c21_pct_disabled"].dtype == "float64"


def test_lad24_blackpool_is_most_deprived(lads):
    blackpool = lads.set_index("LAD24CD").loc["E06000009"]
    assert blackpool["LAD24NM"] == "Blackpool"
    assert blackpool["iod25_imd_rank_avg_score"] == 1
    assert blackpool["iod25_imd_avg_score"] == pytest.approx(43.467)
    assert blackpool["iod19_imd_rank_avg_score"] == 1
    assert blackpool["RGN24NM"] == "North West"


def test_lad24_iod19_only_where_code_unchanged(lads):
    ours = lads.set_index("LAD24CD")["iod19_imd_rank_avg_score"]
    assert ours.loc["E06000001"] == 10  # Hartlepool, File 10
    merged = [
        "E06000060",
        "E06000061",
        "E06000062",
        "E06000063",
        "E06000064",
        "E06000065",
        "E06000066",
    ]
    assert ours.loc[merged].isna().all()
    assert ours.notna().sum() == 289


def test_lad24_lsoa_counts_match_lookup_and_top10_share(lads, lsoas):
    ours = lads.set_index("LAD24CD")
    assert ours["iod25_lsoa_count"].sum() == 33_755
    decile1 = (lsoas["iod25_imd_decile"] == 1).groupby(lsoas["LAD24CD"]).sum()
    share = decile1 / ours["iod25_lsoa_count"]
    gap = (share - ours["iod25_imd_prop_lsoa_top10"]).abs()
    # E01027305 (West Northamptonshire 048E) is in Cherwell in the ONS 2024 best-fit lookup
    # but in West Northamptonshire in IoD2025's summaries.
    assert set(gap[gap > 5.01e-5].index) <= {"E06000062", "E07000177"}


# (c) LSOA figures equal the published file ----------------------------------------------------


def test_lsoa21_equals_published_for_every_row(lsoas):
    raw = pd.read_csv(RAW / "imd" / "iod2025_domains_scores_ranks_deciles_lsoa21.csv")
    raw = raw.sort_values("lsoa21_code", ignore_index=True)
    assert len(lsoas) == len(raw) == 33_755
    assert (lsoas["LSOA21CD"] == raw["lsoa21_code"]).all()
    for key, (_, prefix) in DOMAIN_PREFIXES.items():
        for measure in ("score", "rank", "decile"):
            np.testing.assert_array_equal(
                lsoas[f"iod25_{key}_{measure}"].astype("float64").to_numpy(),
                raw[f"{prefix}_{measure}"].to_numpy(dtype="float64"),
            )
        assert lsoas[f"iod25_{key}_rank"].dtype == "Int64"
        assert lsoas[f"iod25_{key}_decile"].dtype == "Int64"
        assert lsoas[f"iod25_{key}_score"].dtype == "float64"


def test_lsoa21_city_of_london_spot_check(lsoas):
    row = lsoas.set_index("LSOA21CD").loc["E01000001"]
    assert row["iod25_imd_score"] == pytest.approx(8.742)
    assert row["iod25_imd_rank"] == 26_525
    assert row["LAD24CD"] == "E09000001"
    assert row["LSOA21NM"] == "City of London 001A"


def test_lsoa21_imd_deciles_are_tenths(lsoas):
    counts = lsoas["iod25_imd_decile"].value_counts()
    assert sorted(counts.index) == list(range(1, 11))
    assert counts.between(3_375, 3_376).all()


# (d) Census 2021 mapped to LAD 2024 -------------------------------------------------------------


def test_census_hartlepool_population(lads):
    assert lads.set_index("LAD24CD").loc["E06000001", "c21_population"] == 92_334


def test_census_merged_district_is_sum_of_predecessors(lads):
    raw = pd.read_csv(RAW / "census" / "census2021_lad22_england_summary_derived.csv")
    lookup = pd.read_csv(RAW / "lookups" / "lad22_lad23.csv")
    predecessors = lookup.loc[lookup["lad23_code"] == "E06000063", "lad22_code"]
    assert sorted(predecessors) == ["E07000026", "E07000028", "E07000029"]
    parts = raw[raw["lad22_code"].isin(predecessors)]
    cumberland = lads.set_index("LAD24CD").loc["E06000063"]
    assert cumberland["c21_population"] == parts["total_population"].sum()
    assert cumberland["c21_disabled"] == parts["disabled"].sum()
    assert cumberland["c21_pct_disabled"] == pytest.approx(
        100 * parts["disabled"].sum() / parts["disability_base"].sum()
    )
    minority = parts["ethnic_base"].sum() - parts["ethnic_white"].sum()
    assert cumberland["c21_pct_minority_ethnic"] == pytest.approx(
        100 * minority / parts["ethnic_base"].sum()
    )


def test_census_unmerged_percentages_match_published(lads):
    raw = pd.read_csv(RAW / "census" / "census2021_lad22_england_summary_derived.csv")
    raw = raw.set_index("lad22_code")
    ours = lads.set_index("LAD24CD")
    same = ours.index.intersection(raw.index)
    assert len(same) == 292  # all but the four districts created in 2023
    for ours_col, raw_col in [
        ("c21_pct_older_65plus", "pct_65_plus"),
        ("c21_pct_unpaid_carers", "pct_unpaid_carers"),
        ("c21_pct_lgb_plus", "pct_lgb_plus"),
        ("c21_pct_disabled", "pct_disabled"),
    ]:
        np.testing.assert_allclose(ours.loc[same, ours_col], raw.loc[same, raw_col], atol=6e-4)
    np.testing.assert_allclose(
        100 - ours.loc[same, "c21_pct_minority_ethnic"],
        raw.loc[same, "pct_ethnic_white"],
        atol=6e-4,
    )


def test_census_percentages_are_between_0_and_100(lads):
    pct = lads.filter(like="c21_pct_")
    assert list(pct.columns) == [
        "c21_pct_older_65plus",
        "c21_pct_minority_ethnic",
        "c21_pct_unpaid_carers",
        "c21_pct_lgb_plus",
        "c21_pct_disabled",
    ]
    assert pct.notna().all().all()
    assert ((pct > 0) & (pct < 100)).all().all()
    assert lads["c21_population"].sum() == pytest.approx(56_490_048, rel=1e-3)


# (e) geometry ------------------------------------------------------------------------------------


def test_lad_geojson_has_one_valid_feature_per_lad(built, lads):
    collection = read_geojson(built / "lad24.geojson")
    ids = [f["id"] for f in collection["features"]]
    assert ids == lads["LAD24CD"].tolist()
    assert all(set(f["properties"]) == {"LAD24CD", "LAD24NM"} for f in collection["features"])
    geoms = np.array([shapely.geometry.shape(f["geometry"]) for f in collection["features"]])
    assert shapely.is_valid(geoms).all() and not shapely.is_empty(geoms).any()
    assert set(shapely.get_type_id(geoms)) <= {3, 6}
    assert shapely.coverage_is_valid(geoms)


def test_lad_geojson_is_compact_and_rounded(built):
    text = (built / "lad24.geojson").read_text()
    assert text == json.dumps(json.loads(text), separators=(",", ":"), ensure_ascii=False) + "\n"
    assert len(text.encode()) < 300_000
    coords = shapely.get_coordinates(
        [shapely.geometry.shape(f["geometry"]) for f in json.loads(text)["features"]]
    )
    np.testing.assert_array_equal(coords, np.round(coords, 4))
    assert coords[:, 0].min() > -6.5 and coords[:, 0].max() < 1.8  # longitude, England
    assert coords[:, 1].min() > 49.8 and coords[:, 1].max() < 55.9


def test_hex_geojson_has_one_feature_per_lad(built, lads, manifest):
    if not hex_built(manifest):
        pytest.skip(manifest["lad24_hex.geojson"]["reason"])
    collection = read_geojson(built / "lad24_hex.geojson")
    assert [f["id"] for f in collection["features"]] == lads["LAD24CD"].tolist()
    geoms = np.array([shapely.geometry.shape(f["geometry"]) for f in collection["features"]])
    assert shapely.is_valid(geoms).all() and not shapely.is_empty(geoms).any()
    areas = shapely.area(geoms)
    # Hexes of neighbouring districts touch but do not overlap (the published file has
    # slivers worth 0.05 % of the area).
    assert shapely.area(shapely.union_all(geoms)) == pytest.approx(areas.sum(), rel=1e-3)


def test_lsoa_geometry_valid_and_complete(lsoa_geometry, lsoas, lads):
    geoms = lsoa_geometry["geometry"].to_numpy()
    assert len(geoms) == 33_755
    assert shapely.is_valid(geoms).all() and not shapely.is_empty(geoms).any()
    assert set(lsoa_geometry["LSOA21CD"]) == set(lsoas["LSOA21CD"])
    pairs = lsoa_geometry.set_index("LSOA21CD")["LAD24CD"].sort_index()
    assert (pairs == lsoas.set_index("LSOA21CD")["LAD24CD"].sort_index()).all()
    assert set(lsoa_geometry["LAD24CD"]) == set(lads["LAD24CD"])


def test_lsoa_geometry_is_rounded_to_5_decimals(lsoa_geometry):
    coords = shapely.get_coordinates(lsoa_geometry["geometry"].to_numpy())
    np.testing.assert_array_equal(coords, np.round(coords, 5))


def test_lsoa_geometry_is_geoparquet_in_wgs84(built):
    meta = json.loads(pq.read_schema(built / "lsoa21_geometry.parquet").metadata[b"geo"])
    column = meta["columns"]["geometry"]
    assert column["encoding"] == "WKB"
    assert column.get("crs") is None or column["crs"]["id"]["code"] == 4326


# (f) recode table ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def recodes(built) -> pd.DataFrame:
    return pd.read_csv(built / "lad_recodes.csv", dtype=str, keep_default_na=False)


def test_recodes_columns_and_unique_codes(recodes, lads):
    assert list(recodes.columns) == [
        "old_code",
        "old_name",
        "last_vintage",
        "LAD24CD",
        "LAD24NM",
        "reason",
    ]
    assert recodes["old_code"].is_unique
    assert not recodes["old_code"].isin(lads["LAD24CD"]).any()
    assert recodes["old_code"].str.match(r"^E0[6789]\d{6}$").all()
    assert recodes["LAD24CD"].isin(lads["LAD24CD"]).all()
    names = lads.set_index("LAD24CD")["LAD24NM"]
    assert (recodes["LAD24NM"] == names.loc[recodes["LAD24CD"]].to_numpy()).all()


def test_recodes_retired_allerdale_maps_to_cumberland(recodes):
    row = recodes.set_index("old_code").loc["E07000026"]
    assert (row["old_name"], row["LAD24CD"], row["last_vintage"]) == (
        "Allerdale",
        "E06000063",
        "LAD22",
    )
    assert row["reason"].startswith("retired in 2023")


def test_recodes_newer_barnsley_and_sheffield(recodes):
    table = recodes.set_index("old_code")
    assert table.loc["E08000038", "LAD24CD"] == "E08000016"
    assert table.loc["E08000039", "LAD24CD"] == "E08000019"
    assert "Barnsley and Sheffield (Boundary Change) Order 2024" in table.loc["E08000038", "reason"]


def test_recodes_two_step_merger_points_to_current_code(recodes):
    taunton = recodes.set_index("old_code").loc["E07000190"]
    assert taunton["LAD24CD"] == "E06000066"
    assert "E07000246" in taunton["reason"]


@pytest.mark.parametrize(("old", "name", "current", "operative"), [
    ("E07000100", "St Albans", "E07000240", "1 April 2013"),
    ("E07000104", "Welwyn Hatfield", "E07000241", "1 April 2013"),
    ("E08000020", "Gateshead", "E08000037", "1 April 2014"),
    ("E06000048", "Northumberland", "E06000057", "1 April 2014"),
    ("E07000097", "East Hertfordshire", "E07000242", "1 April 2014"),
    ("E07000101", "Stevenage", "E07000243", "1 April 2014"),
])
def test_recodes_boundary_changes_before_2016_cite_the_code_history(
        recodes, lads, old, name, current, operative):
    row = recodes.set_index("old_code").loc[old]
    assert (row["old_name"], row["LAD24CD"]) == (name, current)
    assert lads.set_index("LAD24CD").loc[current, "LAD24NM"] == name  # same district, new code
    assert operative in row["reason"] and "ONS Code History Database" in row["reason"]


def test_lsoa21_ward_names_come_from_the_lookup(lsoas):
    raw = pd.read_csv(RAW / "lookups" / "lsoa21_ward24_lad24_england_wales.csv", dtype=str)
    wards = raw.set_index("lsoa21_code")["ward24_name"]
    assert lsoas["WD24NM"].notna().all()
    assert (lsoas["WD24NM"].to_numpy() == wards.loc[lsoas["LSOA21CD"]].to_numpy()).all()
    assert lsoas.set_index("LSOA21CD").loc["E01012049", "WD24NM"] == "Ladgate"
