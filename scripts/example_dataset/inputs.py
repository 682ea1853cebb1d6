"""What the generator reads from the repository: code lists, district figures, LSOA polygons."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import shapely
from shapely.geometry import shape

from .config import (
    CENSUS_FILE,
    CODELISTS_DIR,
    IMD_LAD_FILE,
    LOCALITIES,
    LSOA_DIR,
    MIN_ROWS_PER_LAD,
    MOST_DEPRIVED_RANK_LIMIT,
    N_LADS_IN_ENGLAND,
    TOTAL_ROWS,
)


@dataclass
class Locality:
    """One chosen district and the census shares that steer its records."""

    code: str
    name: str
    imd_rank: int
    population: int
    adults: int
    pct_65_plus: float
    pct_minority: float
    pct_lgb: float
    pct_carers: float
    pct_disabled: float
    rows: int = 0
    factors: dict[str, float] = field(default_factory=dict)


def read_codelists(folder: Path = CODELISTS_DIR) -> tuple[dict[str, pd.DataFrame], str]:
    """Code lists by field (columns code,label,definition,group) and the code-list version."""
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    lists = {
        name: pd.read_csv(folder / filename, dtype=str, keep_default_na=False)
        for name, filename in manifest["fields"].items()
    }
    return lists, str(manifest["version"])


def read_localities() -> list[Locality]:
    """The five districts with IoD2025 rank of average score and Census 2021 shares.

    Raises:
        ValueError: when a district is missing or is not in the most deprived 30%.
    """
    imd = pd.read_csv(IMD_LAD_FILE, dtype={"lad24_code": str})
    census = pd.read_csv(CENSUS_FILE, dtype={"lad22_code": str})
    if len(imd) != N_LADS_IN_ENGLAND:
        raise ValueError(f"Expected {N_LADS_IN_ENGLAND} districts in {IMD_LAD_FILE.name}.")
    out = []
    for code, short in LOCALITIES:
        imd_row = imd.loc[imd["lad24_code"] == code]
        # The five codes are unchanged between LAD 2022 and LAD 2024.
        census_row = census.loc[census["lad22_code"] == code]
        if imd_row.empty or census_row.empty:
            raise ValueError(f"{code} ({short}) is missing from the IoD2025 or Census file.")
        rank = int(imd_row["imd_rank_of_average_score"].iloc[0])
        if rank > MOST_DEPRIVED_RANK_LIMIT:
            raise ValueError(f"{code} ({short}) ranks {rank}: not in the most deprived 30%.")
        c = census_row.iloc[0]
        out.append(
            Locality(
                code=code,
                name=str(imd_row["lad24_name"].iloc[0]),
                imd_rank=rank,
                population=int(c["total_population"]),
                adults=int(c["pop_16_plus"]),
                pct_65_plus=float(c["pct_65_plus"]),
                pct_minority=round(100.0 - float(c["pct_ethnic_white"]), 3),
                pct_lgb=float(c["pct_lgb_plus"]),
                pct_carers=float(c["pct_unpaid_carers"]),
                pct_disabled=float(c["pct_disabled"]),
            )
        )
    return out


def set_locality_factors(localities: list[Locality]) -> None:
    """Relative weights (mean 1 over the five districts) for targeting each group."""
    shares = {
        "older": [loc.pct_65_plus for loc in localities],
        "minority": [loc.pct_minority for loc in localities],
        "lgb": [loc.pct_lgb for loc in localities],
        "carers": [loc.pct_carers for loc in localities],
        "disabled": [loc.pct_disabled for loc in localities],
    }
    for key, values in shares.items():
        mean = float(np.mean(values))
        for loc, value in zip(localities, values, strict=True):
            loc.factors[key] = value / mean
    for loc in localities:
        loc.factors["lgb_minority"] = loc.factors["lgb"] * loc.factors["minority"]


def allocate_rows(localities: list[Locality], total: int = TOTAL_ROWS) -> None:
    """A minimum per district, the rest in proportion to adults (16+), largest remainder."""
    spare = total - MIN_ROWS_PER_LAD * len(localities)
    adults = np.array([loc.adults for loc in localities], dtype=float)
    quotas = spare * adults / adults.sum()
    base = np.floor(quotas).astype(int)
    leftover = spare - int(base.sum())
    order = np.argsort(-(quotas - base), kind="stable")
    base[order[:leftover]] += 1
    for loc, extra in zip(localities, base, strict=True):
        loc.rows = MIN_ROWS_PER_LAD + int(extra)


def load_lsoa_polygons(code: str) -> list:
    """Shapely polygons of the LSOA 2021 areas in one LAD 2024 district, in file order."""
    path = LSOA_DIR / f"{code}.geojson"
    collection = json.loads(path.read_text(encoding="utf-8"))
    polygons = [shape(feature["geometry"]) for feature in collection["features"]]
    for polygon in polygons:
        shapely.prepare(polygon)
    return polygons
