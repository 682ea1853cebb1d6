"""NHS geography: LSOA 2021 -> Sub-ICB location -> ICB (April 2024), with need and boundaries.

- ``lsoa_areas``: every English LSOA with its district, ward, Sub-ICB location and ICB and its
  Census 2021 residents and adults (16+);
- ``nhs_areas``: one row per Sub-ICB location and per ICB with IoD2025 summaries (the published
  ICB figures; Sub-ICB figures computed from LSOA scores by the population-weighted method of
  :mod:`dashboard.prepare.aggregate`), LSOA counts and Census 2021 residents and adults;
- ``nhs_boundaries``: the LSOA polygons dissolved into Sub-ICB locations and ICBs.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import shapely

from dashboard.prepare.aggregate import weighted_summaries
from dashboard.prepare.geometry import read_lsoa_boundaries, repair
from dashboard.prepare.sources import (
    IOD25_ICB,
    LSOA_LOOKUP,
    LSOA_POPULATION,
    NHS_LOOKUP,
    RawDataError,
    read_raw_csv,
)
from dashboard.prepare.tables import RAW_DOMAIN_COLUMNS, SUMMARY_MEASURES

DISSOLVE_GRID = 1e-5  # degrees: the raw boundaries' 5 decimal places, so edges meet exactly
LEVELS = ("sicbl", "icb")


def lsoa_areas(raw_dir: Path, lsoas: pd.DataFrame) -> pd.DataFrame:
    """Every English LSOA 2021 with its district, ward, Sub-ICB location, ICB and residents.

    Args:
        raw_dir: folder of raw sources.
        lsoas: the LSOA table (``LSOA21CD``, ``LAD24CD``), sorted by ``LSOA21CD``.

    Returns:
        Columns ``LSOA21CD``, ``LAD24CD``, ``WD24CD``, ``WD24NM``, ``SICBL24CD``, ``ICB24CD``
        (strings) and ``c21_population``, ``c21_adults_16plus`` (Int64), in ``lsoas`` order.

    Raises:
        RawDataError: when a lookup misses an LSOA or lists one twice.
    """
    codes = lsoas["LSOA21CD"]
    wards = read_raw_csv(raw_dir, LSOA_LOOKUP, dtype=str).set_index("lsoa21_code")
    nhs = read_raw_csv(raw_dir, NHS_LOOKUP, dtype=str)
    population = read_raw_csv(raw_dir, LSOA_POPULATION, dtype={"lsoa21_code": str})
    for label, frame in ((NHS_LOOKUP, nhs), (LSOA_POPULATION, population)):
        if frame["lsoa21_code"].duplicated().any():
            raise RawDataError(f"{label} lists an LSOA more than once")
    nhs, population = nhs.set_index("lsoa21_code"), population.set_index("lsoa21_code")
    missing = [label for label, frame in ((NHS_LOOKUP, nhs), (LSOA_POPULATION, population))
               if not codes.isin(frame.index).all()]
    if missing:
        raise RawDataError(f"{', '.join(missing)}: English LSOAs missing")
    residents = population["total_residents"].reindex(codes)
    out = pd.DataFrame({
        "LSOA21CD": codes.to_numpy(),
        "LAD24CD": lsoas["LAD24CD"].to_numpy(),
        "WD24CD": wards["ward24_code"].reindex(codes).to_numpy(),
        "WD24NM": wards["ward24_name"].reindex(codes).to_numpy(),
        "SICBL24CD": nhs["sicbl24_code"].reindex(codes).to_numpy(),
        "ICB24CD": nhs["icb24_code"].reindex(codes).to_numpy(),
        "c21_population": residents.to_numpy(),
        "c21_adults_16plus": (residents - population["age_0_15"].reindex(codes)).to_numpy(),
    })
    for column in ("LSOA21CD", "LAD24CD", "WD24CD", "WD24NM", "SICBL24CD", "ICB24CD"):
        out[column] = out[column].astype("string")
    for column in ("c21_population", "c21_adults_16plus"):
        out[column] = out[column].astype("Int64")
    return out


def _names(raw_dir: Path) -> pd.DataFrame:
    """Code, name, NHS code and parent ICB of every Sub-ICB location and ICB."""
    nhs = read_raw_csv(raw_dir, NHS_LOOKUP, dtype=str)
    sicbl = nhs.drop_duplicates("sicbl24_code")
    icb = nhs.drop_duplicates("icb24_code")
    if nhs.groupby("sicbl24_code")["icb24_code"].nunique().max() != 1:
        raise RawDataError(f"{NHS_LOOKUP}: a Sub-ICB location in more than one ICB")
    frames = [
        pd.DataFrame({"level": "sicbl", "code": sicbl["sicbl24_code"], "name": sicbl["sicbl24_name"],
                      "nhs_code": sicbl["sicbl24_code_nhs"], "ICB24CD": sicbl["icb24_code"]}),
        pd.DataFrame({"level": "icb", "code": icb["icb24_code"], "name": icb["icb24_name"],
                      "nhs_code": icb["icb24_code_nhs"], "ICB24CD": icb["icb24_code"]}),
    ]
    return pd.concat(frames, ignore_index=True)


def short_name(level: str, name: str) -> str:
    """A name that fits a label: "Cheshire and Merseyside ICB", "Cheshire and Merseyside 01F"."""
    text = name.removeprefix("NHS ")
    if level == "icb":
        return text.replace(" Integrated Care Board", " ICB")
    return text.replace(" ICB - ", " ")


def _published_icb(raw_dir: Path, domains: list[str]) -> pd.DataFrame:
    raw = read_raw_csv(raw_dir, IOD25_ICB, dtype={"icb24_code": str}).set_index("icb24_code")
    out = pd.DataFrame(index=raw.index.rename(None))
    for key in domains:
        prefix = RAW_DOMAIN_COLUMNS[key][0]
        for measure, suffix in SUMMARY_MEASURES.items():
            values = raw[f"{prefix}_{measure}"]
            out[f"iod25_{key}_{suffix}"] = values.astype(
                "Int64" if suffix.startswith("rank") else "float64")
    return out


def nhs_areas(raw_dir: Path, lsoas: pd.DataFrame, areas: pd.DataFrame) -> pd.DataFrame:
    """One row per Sub-ICB location (106) and ICB (42): names, counts and IoD2025 summaries.

    Args:
        raw_dir: folder of raw sources.
        lsoas: the LSOA table with IoD2025 scores, ranks and deciles.
        areas: :func:`lsoa_areas` of the same LSOAs.

    Returns:
        Columns ``level`` (``sicbl`` or ``icb``), ``code``, ``name``, ``short_name``,
        ``nhs_code``, ``ICB24CD`` (the ICB a Sub-ICB location is in; an ICB's own code),
        ``iod25_source`` (``computed`` or ``published``), ``lsoa_count``, ``c21_population``,
        ``c21_adults_16plus`` and the ``iod25_<domain>_*`` summaries of ``lad24.parquet``
        (ranks among the areas of the same level), sorted by level then code.
    """
    domains = list(RAW_DOMAIN_COLUMNS)
    table = lsoas.merge(areas[["LSOA21CD", "SICBL24CD", "ICB24CD", "c21_population",
                               "c21_adults_16plus"]], on="LSOA21CD", validate="one_to_one")
    table["weight"] = table["c21_population"].astype("float64")
    computed = weighted_summaries(table, "SICBL24CD", "weight", domains)
    published = _published_icb(raw_dir, domains)
    names = _names(raw_dir)
    if set(published.index) != set(names.loc[names["level"] == "icb", "code"]):
        raise RawDataError(f"{IOD25_ICB} and {NHS_LOOKUP} list different ICBs")
    rows = []
    for level, column, summaries, source in (("sicbl", "SICBL24CD", computed, "computed"),
                                             ("icb", "ICB24CD", published, "published")):
        level_names = names[names["level"] == level].set_index("code")
        counts = table.groupby(column).agg(
            lsoa_count=("LSOA21CD", "size"), c21_population=("c21_population", "sum"),
            c21_adults_16plus=("c21_adults_16plus", "sum"))
        codes = sorted(level_names.index)
        head = pd.DataFrame({
            "level": level, "code": codes, "name": level_names["name"].reindex(codes).to_numpy(),
            "short_name": [short_name(level, n) for n in level_names["name"].reindex(codes)],
            "nhs_code": level_names["nhs_code"].reindex(codes).to_numpy(),
            "ICB24CD": level_names["ICB24CD"].reindex(codes).to_numpy(), "iod25_source": source,
        })
        rows.append(pd.concat([head, counts.reindex(codes).reset_index(drop=True),
                               summaries.reindex(codes).reset_index(drop=True)], axis=1))
    out = pd.concat(rows, ignore_index=True)
    for column in ("level", "code", "name", "short_name", "nhs_code", "ICB24CD", "iod25_source"):
        out[column] = out[column].astype("string")
    for column in ("lsoa_count", "c21_population", "c21_adults_16plus"):
        out[column] = out[column].astype("Int64")
    return out


def nhs_boundaries(raw_dir: Path, areas: pd.DataFrame) -> dict[str, tuple[list[str], np.ndarray]]:
    """Unsimplified polygons of every Sub-ICB location and ICB, dissolved from the LSOAs.

    LSOA polygons are repaired and unioned on the raw files' 0.00001 degree grid, so edges that
    the source draws a hair apart still meet; ICBs are the union of their Sub-ICB locations.

    Returns:
        Level (``sicbl``, ``icb``) -> (sorted codes, polygons in that order).
    """
    shapes = read_lsoa_boundaries(raw_dir, areas.set_index("LSOA21CD")["LAD24CD"])
    sicbl_of = areas.set_index("LSOA21CD")["SICBL24CD"]
    geoms = repair(shapes.geometry.to_numpy())
    groups = pd.Series(sicbl_of.reindex(shapes["lsoa21_code"]).to_numpy()).groupby(
        sicbl_of.reindex(shapes["lsoa21_code"]).to_numpy()).indices
    sicbl_codes = sorted(groups)
    sicbl = np.array([shapely.union_all(geoms[groups[c]], grid_size=DISSOLVE_GRID)
                      for c in sicbl_codes], dtype=object)
    parent = areas.drop_duplicates("SICBL24CD").set_index("SICBL24CD")["ICB24CD"]
    icb_codes = sorted(parent.unique())
    icb = np.array([shapely.union_all(sicbl[[i for i, c in enumerate(sicbl_codes)
                                             if parent[c] == icb_code]], grid_size=DISSOLVE_GRID)
                    for icb_code in icb_codes], dtype=object)
    return {"sicbl": (sicbl_codes, sicbl), "icb": (icb_codes, icb)}
