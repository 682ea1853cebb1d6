"""Placing records: point in LSOA polygon, area codes of any vintage, never a guess."""

import numpy as np
import pandas as pd
import pytest
import shapely

from dashboard.ingest.directories.placing import Placer
from dashboard.ingest.directories.records import records_frame


@pytest.fixture(scope="module")
def placer(settings):
    return Placer.from_prepared(settings.prepared_dir)


def place(placer, **record):
    return placer.place(records_frame([record])).iloc[0]


def test_placing_a_point_gives_its_lsoa_and_district(placer, atlas_context):
    found = place(placer, latitude=53.5603452, longitude=-2.4180017, area_code="E08000001")  # BRASS Bolton
    assert found["locality_code"] == "E08000001" and found["placement"] == "point"
    lsoas = atlas_context.geography.lsoas.set_index("LSOA21CD")
    assert lsoas.loc[found["lsoa_code"], "LAD24CD"] == "E08000001"


def test_placing_many_points_at_once_agrees_with_the_sources_district_codes(placer, settings):
    food = pd.read_csv(settings.data_dir / "directories" / "real" / "gm_food_banks_pantries_2018.csv",
                       dtype=str, keep_default_na=False)
    records = records_frame({"latitude": float(r.latitude), "longitude": float(r.longitude),
                             "area_code": r["Area code"]} for _, r in food.iterrows())
    placed = placer.place(records)
    assert placed["placed"].all() and (placed["placement"] == "point").all()
    assert (placed["locality_code"].to_numpy() == food["Area code"].to_numpy()).all()  # 171 of 171


def test_placing_a_whole_district_keeps_no_lsoa_and_recodes_old_codes(placer):
    found = place(placer, area_code="E08000009")
    assert (found["locality_code"], found["lsoa_code"]) == ("E08000009", None)
    assert found["placement"] == "whole district (area code E08000009)"
    old = place(placer, area_code="E07000026")  # Allerdale, merged into Cumberland in 2023
    assert old["locality_code"] == "E06000063" and "recoded to E06000063" in old["placement"]


def test_placing_by_lsoa_code_or_exact_district_name(placer):
    assert place(placer, area_code="E01000001")["locality_code"] == "E09000001"
    assert place(placer, area_name="Bolton")["locality_code"] == "E08000001"


@pytest.mark.parametrize(("record", "why"), [
    ({"postcode": "BL3 2HP"}, "postcode only (BL3 2HP); the atlas has no postcode lookup and does not guess"),
    ({}, "no coordinates, postcode or area code"),
    ({"latitude": 100.0, "longitude": 101.0}, "the point (100, 101) is not in England"),
    ({"latitude": -2.2, "longitude": 53.5}, "inside it with latitude and longitude swapped"),
    ({"area_code": "E10000017"}, "E10000017 is a county, not a district"),
    ({"area_code": "W06000015"}, "W06000015 is outside England"),
])
def test_placing_never_guesses_and_says_why_not(placer, record, why):
    found = place(placer, **record)
    assert not found["placed"] and found["locality_code"] is None
    assert found["placement"].startswith("not placed: ") and why in found["placement"]


def test_placing_a_point_just_outside_every_polygon_takes_the_nearest_within_100_m(small_localities):
    from dashboard.ingest.directories import placing

    square = shapely.box(-2.0 * placing._ASPECT, 53.0, -1.99 * placing._ASPECT, 53.01)  # ~670 m x 1.1 km
    test_placer = Placer(shapely.STRtree([square]), np.array(["E01099999"], dtype=object),
                         np.array(["E06000009"], dtype=object), small_localities)
    metres = 1 / placing._METRES_PER_DEGREE
    near = place(test_placer, latitude=53.01 + 60 * metres, longitude=-1.995)
    assert near["lsoa_code"] == "E01099999"
    assert near["placement"].startswith("point 60 m outside the simplified LSOA boundary; nearest LSOA")
    far = place(test_placer, latitude=53.01 + 300 * metres, longitude=-1.995)
    assert not far["placed"] and "more than 100 m from any English LSOA" in far["placement"]


def test_placing_notes_a_district_code_that_disagrees_with_the_point(placer):
    found = place(placer, latitude=53.5603452, longitude=-2.4180017, area_code="E08000009")
    assert found["locality_code"] == "E08000001"
    assert "the source's area code E08000009 names Trafford" in found["placement"]


def test_placing_ten_thousand_points_is_vectorised(placer):
    rng = np.random.default_rng(1)
    lats, lons = rng.uniform(51.3, 53.8, 10_000), rng.uniform(-2.5, -0.1, 10_000)
    records = records_frame({"latitude": lat, "longitude": lon} for lat, lon in zip(lats, lons, strict=True))
    placed = placer.place(records)
    assert len(placed) == 10_000 and placed["placed"].mean() > 0.95
