"""The atlas at another level of geography: NHS Sub-ICB locations and ICBs, or one area's districts.

Every view reads its areas from ``geography.lads`` and its interventions' area from
``locality_code``. :func:`level_geography` and :func:`level_dataset` give the same two things
for Sub-ICB locations or ICBs, so the national map, the heatmaps and the gap method run at that
level unchanged; :func:`focus_geography` and :func:`focus_dataset` limit the districts to those
of one NHS area (the drill from an ICB to its districts).

An intervention is coded to a district. It counts in the NHS area that holds the LSOA its
location falls in, when it has one and its district is split between areas; otherwise in the
area that holds most of its district's residents (Census 2021).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import shapely

from dashboard.analysis.dataset import InterventionDataset, make_dataset
from dashboard.core.areas import LEVEL_NOUNS
from dashboard.core.geography import Geography

# Columns of the district table that the views read and the NHS table lacks: known at district
# level only (Census shares other than age come from MSOA or district tables).
DISTRICT_ONLY = ("c21_pct_older_65plus", "c21_pct_minority_ethnic", "c21_pct_unpaid_carers",
                 "c21_pct_lgb_plus", "c21_pct_disabled")


class AreaError(KeyError):
    """An area code or level the prepared geography does not have."""


def _nhs(geography: Geography):
    if geography.nhs is None:
        raise AreaError("this server's prepared data has no NHS geography")
    return geography.nhs


def level_geography(geography: Geography, level: str) -> Geography:
    """The geography whose ``lads`` are the areas of ``level`` (``lad``: unchanged).

    The table keeps the district table's column names: ``LAD24NM`` holds the area's short name,
    ``RGN24NM`` its ICB (for a Sub-ICB location), ranks are among the areas of the level, and
    the Census shares known only for districts are missing (their need has no indicator here).

    Raises:
        AreaError: an unknown level, or no NHS geography.
    """
    if level == "lad":
        return geography
    if level not in ("sicbl", "icb"):
        raise AreaError(level)
    nhs = _nhs(geography)
    return geography.cache.get("areas", ("level", id(geography), level),
                               lambda: _level_geography(geography, nhs, level))


def _level_geography(geography: Geography, nhs, level: str) -> Geography:
    areas = nhs.level(level)
    icb_names = nhs.level("icb")["short_name"]
    table = areas.drop(columns=["level", "name"]).rename(columns={"short_name": "LAD24NM"})
    table["RGN24NM"] = areas["ICB24CD"].map(icb_names).astype("string")
    table["full_name"] = areas["name"]
    for column in DISTRICT_ONLY:
        table[column] = np.nan
    table.index.name = "LAD24CD"
    return replace(geography, lads=table, lad_geojson=nhs.geojson[level],
                   hex_geojson={"type": "FeatureCollection", "features": []},
                   lad_names={str(c): str(n) for c, n in table["LAD24NM"].items()},
                   level=level, ranked_of=len(table), focus=None)


def focus_geography(geography: Geography, code: str) -> Geography:
    """The district geography limited to the districts with residents in one NHS area.

    Ranks stay national (of 296); names stay those of every district, so interventions of
    other districts can still be named.

    Raises:
        AreaError: ``code`` is not a Sub-ICB location or ICB code.
    """
    nhs = _nhs(geography)
    if nhs.level_of(code) is None:
        raise AreaError(code)
    return geography.cache.get("areas", ("focus", id(geography), code),
                               lambda: _focus_geography(geography, nhs, code))


def _focus_geography(geography: Geography, nhs, code: str) -> Geography:
    districts = nhs.districts_of(code)["LAD24CD"].tolist()
    keep = set(districts)
    features = [f for f in geography.lad_geojson["features"] if f["id"] in keep]
    hexes = [f for f in geography.hex_geojson["features"] if f["id"] in keep]
    return replace(geography, lads=geography.lads.loc[sorted(keep)],
                   lad_geojson={"type": "FeatureCollection", "features": features},
                   hex_geojson={"type": "FeatureCollection", "features": hexes}, focus=code)


def area_assignment(dataset: InterventionDataset, geography: Geography, level: str) -> pd.Series:
    """The Sub-ICB location or ICB each intervention counts in (index: the dataset's rows).

    Located interventions in districts split between areas go to the area of the LSOA their
    point falls in; every other intervention to the area holding most of its district's
    residents. Kept in the cache per loaded dataset (its token) and level.
    """
    nhs = _nhs(geography)
    key = ("assignment", dataset.token, level)
    return geography.cache.get("areas", key, lambda: _assign(dataset.interventions, geography,
                                                              nhs, level))


def _assign(rows: pd.DataFrame, geography: Geography, nhs, level: str) -> pd.Series:
    column = "SICBL24CD" if level == "sicbl" else "ICB24CD"
    best = nhs.best_fit(level)
    out = rows["locality_code"].map(best).astype("object")
    split = nhs.overlap.groupby("LAD24CD")[column].nunique()
    split = set(split[split > 1].index)
    located = rows["latitude"].notna() & rows["longitude"].notna() & rows["locality_code"].isin(split)
    for lad, group in rows[located].groupby("locality_code"):
        lsoa = _locate(geography, str(lad), group["longitude"].to_numpy(float),
                       group["latitude"].to_numpy(float))
        found = pd.Series(lsoa, index=group.index).map(nhs.lsoas[column])
        out.loc[found.dropna().index] = found.dropna()
    return out


def _locate(geography: Geography, lad: str, lon: np.ndarray, lat: np.ndarray) -> list[str | None]:
    """The LSOA of the district each point falls in (``None`` outside all of them)."""
    def build():
        features = geography.lsoa_geojson(lad)["features"]
        polygons = [shapely.geometry.shape(f["geometry"]) for f in features]
        return shapely.STRtree(polygons), [f["id"] for f in features]

    tree, codes = geography.cache.get("areas", ("lsoa_tree", lad), build)
    found: list[str | None] = [None] * len(lon)
    hits = tree.query(shapely.points(lon, lat), predicate="within")
    for point_index, polygon_index in zip(*hits, strict=True):
        found[point_index] = codes[polygon_index]
    return found


def level_dataset(dataset: InterventionDataset, geography: Geography,
                  level: str) -> InterventionDataset:
    """The dataset with each intervention's ``locality_code`` replaced by its NHS area."""
    if level == "lad":
        return dataset

    def build() -> InterventionDataset:
        rows = dataset.interventions.assign(
            locality_code=area_assignment(dataset, geography, level))
        return make_dataset(dataset.meta, rows, dataset.report, dataset.cache)

    return dataset.cache.get("area_datasets", (dataset.token, level), build)


def focus_dataset(dataset: InterventionDataset, geography: Geography,
                  code: str) -> InterventionDataset:
    """The interventions that count in one NHS area (by :func:`area_assignment`)."""
    nhs = _nhs(geography)
    level = nhs.level_of(code)
    if level is None:
        raise AreaError(code)

    def build() -> InterventionDataset:
        inside = area_assignment(dataset, geography, level) == code
        return make_dataset(dataset.meta, dataset.interventions[inside], dataset.report,
                            dataset.cache)

    return dataset.cache.get("area_datasets", (dataset.token, "focus", code), build)


def level_label(level: str, count: int) -> str:
    """"296 districts", "106 Sub-ICB locations", "42 ICBs"."""
    return f"{count} {LEVEL_NOUNS[level][1]}"
