"""The loader of prepared geography: recodes, lazy LSOA GeoJSON and the LAD table."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pandas as pd
import pytest
import shapely

from dashboard.core.geography import Geography, load_geography
from dashboard.core.settings import Settings

PREPARED = Settings.from_env().prepared_dir


@pytest.fixture(scope="module")
def geography() -> Geography:
    return load_geography(PREPARED)


def test_geography_lads_indexed_by_code(geography):
    lads = geography.lads
    assert lads.index.name == "LAD24CD"
    assert lads.index.is_unique and len(lads) == 296
    assert "LAD24CD" not in lads.columns
    assert lads.loc["E06000009", "LAD24NM"] == "Blackpool"
    assert lads.loc["E06000009", "iod25_imd_rank_avg_score"] == 1


def test_geography_lad_geojson_ids_match_lads(geography):
    ids = [f["id"] for f in geography.lad_geojson["features"]]
    assert ids == list(geography.lads.index)


def test_geography_hex_geojson_is_feature_collection(geography):
    hexes = geography.hex_geojson
    assert hexes["type"] == "FeatureCollection"
    assert [f["id"] for f in hexes["features"]] in ([], list(geography.lads.index))


def test_geography_lsoas_table(geography):
    lsoas = geography.lsoas
    assert len(lsoas) == 33_755
    assert set(lsoas["LAD24CD"]) == set(geography.lads.index)


def test_geography_is_frozen(geography):
    with pytest.raises(dataclasses.FrozenInstanceError):
        geography.lads = pd.DataFrame()


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("E06000009", ("E06000009", None)),
        (" e06000009 ", ("E06000009", None)),
        ("E99999999", (None, None)),
        ("", (None, None)),
    ],
)
def test_recode_current_and_unknown_codes(geography, code, expected):
    assert geography.recode(code) == expected


@pytest.mark.parametrize(
    ("old", "new", "phrase"),
    [
        ("E07000026", "E06000063", "retired in 2023"),  # Allerdale -> Cumberland
        ("E07000190", "E06000066", "E07000246"),  # Taunton Deane -> SW&T -> Somerset
        ("E08000038", "E08000016", "Boundary Change"),  # Barnsley, 2025 code
        ("E08000039", "E08000019", "Boundary Change"),  # Sheffield, 2025 code
    ],
)
def test_recode_retired_and_newer_codes(geography, old, new, phrase):
    code, reason = geography.recode(old)
    assert code == new
    assert phrase in reason


def test_lsoa_geojson_of_one_lad_has_its_lsoas(geography):
    collection = geography.lsoa_geojson("E06000001")
    expected = geography.lsoas.loc[geography.lsoas["LAD24CD"] == "E06000001", "LSOA21CD"]
    ids = [f["id"] for f in collection["features"]]
    assert collection["type"] == "FeatureCollection"
    assert ids == sorted(expected)
    assert len(ids) == geography.lads.loc["E06000001", "iod25_lsoa_count"]
    assert all(f["properties"]["LSOA21CD"] == f["id"] for f in collection["features"])
    geoms = [shapely.geometry.shape(f["geometry"]) for f in collection["features"]]
    assert all(g.is_valid and not g.is_empty for g in geoms)
    lon, lat = shapely.get_coordinates(geoms).mean(axis=0)
    assert -1.4 < lon < -1.1 and 54.6 < lat < 54.8  # Hartlepool


def test_lsoa_geojson_returns_independent_copies(geography):
    first = geography.lsoa_geojson("E09000001")
    first["features"].clear()
    assert len(geography.lsoa_geojson("E09000001")["features"]) == 6  # City of London


def test_lsoa_geojson_rejects_unknown_code(geography):
    with pytest.raises(KeyError):
        geography.lsoa_geojson("E07000026")


def test_load_geography_without_hex_gives_empty_collection(tmp_path):
    for path in Path(PREPARED).iterdir():
        if path.name != "lad24_hex.geojson":
            shutil.copy(path, tmp_path / path.name)
    geography = load_geography(tmp_path)
    assert geography.hex_geojson == {"type": "FeatureCollection", "features": []}
    assert len(geography.lsoa_geojson("E06000009")["features"]) > 0


def test_load_geography_missing_artefact_raises(tmp_path):
    with pytest.raises(FileNotFoundError):
        load_geography(tmp_path)

