"""Context for each district: IoD2019 on 2024 boundaries, ONS neighbours and clusters, Health Index.

- IoD2019 on LAD 2024: a district unchanged since 2019 keeps its published File 10 average
  score; a district formed by merging 2019 districts gets the mean of their published average
  scores weighted by their IoD2019 populations (File 6, mid-2015, excluding prisoners). As the
  average score is itself a population-weighted mean of LSOA scores, this is the average score
  of all the merged LSOAs. The 296 districts are then ranked on it (1 = most deprived).
- ONS statistical nearest neighbours and clusters are published with LAD 2025 codes; the two
  2025 codes (Barnsley, Sheffield) are recoded to LAD 2024 (``recodes.NEWER_RECODES``).
- ONS Health Index subdomains are published for LAD 2021 (= LAD 2022); merged districts get the
  mean of their predecessors' index values weighted by Census 2021 residents.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from dashboard.core.iod import LAD_COUNT, rank_decile
from dashboard.prepare.aggregate import rank_most_deprived, weighted_mean
from dashboard.prepare.recodes import NEWER_RECODES
from dashboard.prepare.sources import (
    CENSUS,
    CLUSTER_DESCRIPTIONS,
    CLUSTERS,
    HEALTH_INDEX,
    IOD19_LAD,
    IOD19_POPULATION,
    LAD22_LAD23,
    LAD_CODE_HISTORY,
    NEIGHBOURS,
    RawDataError,
    check_same_codes,
    read_raw_csv,
)

# Domain key -> sheet prefix of the IoD2019 File 10 columns.
IOD19_DOMAINS: dict[str, str] = {
    "imd": "IMD", "income": "Income", "employment": "Employment",
    "education": "Education, Skills and Training", "health": "Health Deprivation and Disability",
    "crime": "Crime", "barriers": "Barriers to Housing and Services",
    "living": "Living Environment",
}
HEALTH_INDEX_YEAR = 2021
HEALTH_SUBDOMAINS = {"Mental health": "hi_mental_health", "Personal well-being": "hi_wellbeing"}
KINDS = ("global", "economic", "demographic")
_RECODE_2025 = {old: new for old, _, new in NEWER_RECODES}


def _iod19_by_lad19(raw_dir: Path) -> pd.DataFrame:
    """Published File 10 average scores and IMD rank per LAD 2019, with File 6 populations."""
    file10 = read_raw_csv(raw_dir, IOD19_LAD).set_index("Local Authority District code (2019)")
    file6 = read_raw_csv(raw_dir, IOD19_POPULATION)
    population = file6.groupby("Local Authority District code (2019)")[
        "Total population: mid 2015 (excluding prisoners)"].sum()
    out = pd.DataFrame({f"{key}_score": file10[f"{prefix} - Average score"]
                        for key, prefix in IOD19_DOMAINS.items()})
    out["published_rank"] = file10["IMD - Rank of average score"]
    out["population"] = population.reindex(out.index)
    if out["population"].isna().any():
        raise RawDataError(f"{IOD19_POPULATION}: districts of File 10 without population")
    return out


def iod19_lad24(raw_dir: Path, lad24: pd.Series) -> pd.DataFrame:
    """IoD2019 average scores, ranks and deciles of the 296 districts on 2024 boundaries.

    Returns:
        One row per LAD 2024 (index ``LAD24CD`` in ``lad24`` order): ``iod19_<domain>_avg_score``
        and ``iod19_<domain>_rank_avg_score`` (among the 296 districts, 1 = most deprived),
        ``iod19_imd_decile``, ``iod19_imd_published_rank`` (of 317 in File 10; only for a
        district whose code and area are unchanged), ``iod19_predecessors`` (the LAD 2019
        codes merged, ``|``-separated) and ``iod19_merged`` (True when several).
    """
    history = read_raw_csv(raw_dir, LAD_CODE_HISTORY, dtype=str)
    pairs = history.loc[history["lad19_code"].str.startswith("E"),
                        ["lad19_code", "lad24_code"]].drop_duplicates()
    check_same_codes(LAD_CODE_HISTORY, pairs["lad24_code"], set(lad24))
    by19 = _iod19_by_lad19(raw_dir)
    if not pairs["lad19_code"].isin(by19.index).all():
        raise RawDataError(f"{IOD19_LAD}: LAD 2019 districts missing")
    joined = pairs.join(by19, on="lad19_code")
    groups = joined["lad24_code"]
    out = pd.DataFrame(index=pd.Index(lad24, name="LAD24CD"))
    for key in IOD19_DOMAINS:
        score = weighted_mean(joined[f"{key}_score"], joined["population"], groups)
        out[f"iod19_{key}_avg_score"] = score.reindex(out.index).round(3)
        out[f"iod19_{key}_rank_avg_score"] = rank_most_deprived(score).reindex(out.index)
    out["iod19_imd_decile"] = out["iod19_imd_rank_avg_score"].map(
        lambda r: rank_decile(r, LAD_COUNT)).astype("Int64")
    predecessors = joined.groupby("lad24_code")["lad19_code"].agg(lambda c: "|".join(sorted(c)))
    out["iod19_predecessors"] = predecessors.reindex(out.index).astype("string")
    out["iod19_merged"] = out["iod19_predecessors"].str.contains("|", regex=False).astype(bool)
    unchanged = out.index[out["iod19_predecessors"] == out.index]
    out["iod19_imd_published_rank"] = by19["published_rank"].reindex(unchanged).reindex(
        out.index).astype("Int64")
    return out


def health_index_lad24(raw_dir: Path, lad24: pd.Series) -> pd.DataFrame:
    """ONS Health Index "Mental health" and "Personal well-being" subdomains on LAD 2024.

    Returns:
        Index ``LAD24CD`` (``lad24`` order): ``hi_mental_health``, ``hi_wellbeing`` (index,
        England 2015 = 100, higher is healthier; NaN where not published), ``hi_year`` and
        ``hi_merged`` (True when averaged over merged 2021 districts).
    """
    index = read_raw_csv(raw_dir, HEALTH_INDEX, dtype={"lad21_code": str})
    latest = index[index["year"] == HEALTH_INDEX_YEAR].set_index("lad21_code")
    census = read_raw_csv(raw_dir, CENSUS, dtype={"lad22_code": str}).set_index("lad22_code")
    lookup = read_raw_csv(raw_dir, LAD22_LAD23, dtype=str)
    lookup = lookup[lookup["lad22_code"].isin(census.index)].set_index("lad22_code")["lad23_code"]
    groups = lookup.reindex(census.index)
    out = pd.DataFrame(index=pd.Index(lad24, name="LAD24CD"))
    for column, target in HEALTH_SUBDOMAINS.items():
        values = latest[column].reindex(census.index)
        out[target] = weighted_mean(values, census["total_population"].astype("float64"),
                                    groups).reindex(out.index).round(1)
    out["hi_year"] = pd.array([HEALTH_INDEX_YEAR] * len(out), dtype="Int64")
    sizes = groups[groups.index.isin(latest.index)].value_counts()
    out["hi_merged"] = (sizes.reindex(out.index).fillna(0) > 1).to_numpy()
    return out


def _clusters_raw(raw_dir: Path) -> pd.DataFrame:
    raw = read_raw_csv(raw_dir, CLUSTERS, dtype=str, encoding="utf-8-sig")
    raw["AREACD"] = raw["AREACD"].replace(_RECODE_2025)
    return raw.set_index("AREACD")


def clusters_lad24(raw_dir: Path, lad24: pd.Series) -> pd.DataFrame:
    """ONS cluster letter (A-D) of each district per kind; ``<NA>`` where ONS gives none."""
    raw = _clusters_raw(raw_dir)
    check_same_codes(CLUSTERS, [c for c in raw.index if c.startswith("E")], set(lad24))
    out = pd.DataFrame(index=pd.Index(lad24, name="LAD24CD"))
    for kind in KINDS:
        letters = raw[kind.capitalize()].reindex(out.index)
        out[f"cluster_{kind}"] = letters.where(letters.str.fullmatch("[A-Z]")).astype("string")
    return out


def cluster_descriptions(raw_dir: Path) -> dict[str, dict[str, str]]:
    """Kind -> cluster letter (upper case) -> the ONS sentence describing the cluster."""
    raw = json.loads((raw_dir / CLUSTER_DESCRIPTIONS).read_text(encoding="utf-8-sig"))
    return {kind: {letter.upper(): text.strip() for letter, text in sorted(raw[kind].items())}
            for kind in KINDS}


def neighbours_lad24(raw_dir: Path, lads: pd.DataFrame) -> pd.DataFrame:
    """The 20 statistical nearest neighbours of each district, per kind, recoded to LAD 2024.

    Returns:
        One row per (district, kind, position 1-20), sorted so: ``LAD24CD``, ``kind``,
        ``position``, ``neighbour_code`` (as ONS publishes it), ``neighbour_lad24`` (the LAD
        2024 code; ``<NA>`` outside England), ``neighbour_name``.
    """
    names = _clusters_raw(raw_dir)["AREANM"]
    lad_names = lads.set_index("LAD24CD")["LAD24NM"]
    frames = []
    for kind in KINDS:
        raw = read_raw_csv(raw_dir, NEIGHBOURS[kind], dtype=str, encoding="utf-8-sig")
        raw["AREACD"] = raw["AREACD"].replace(_RECODE_2025)
        raw = raw[raw["AREACD"].isin(set(lad_names.index))]
        check_same_codes(NEIGHBOURS[kind], raw["AREACD"], set(lad_names.index))
        long = raw.melt(id_vars="AREACD", var_name="position", value_name="neighbour_code")
        long["kind"] = kind
        frames.append(long)
    out = pd.concat(frames, ignore_index=True).rename(columns={"AREACD": "LAD24CD"})
    out["position"] = out["position"].astype("int64")
    recoded = out["neighbour_code"].replace(_RECODE_2025)
    english = recoded.isin(set(lad_names.index))
    out["neighbour_lad24"] = recoded.where(english)
    out["neighbour_name"] = recoded.map(lad_names).where(english,
                                                         out["neighbour_code"].map(names))
    if out["neighbour_name"].isna().any():
        raise RawDataError(f"{CLUSTERS}: neighbours without a name")
    kind_order = {k: i for i, k in enumerate(KINDS)}
    out = out.sort_values(["LAD24CD", "kind", "position"],
                          key=lambda c: c.map(kind_order) if c.name == "kind" else c,
                          ignore_index=True)
    out = out[["LAD24CD", "kind", "position", "neighbour_code", "neighbour_lad24",
               "neighbour_name"]]
    for column in ("LAD24CD", "kind", "neighbour_code", "neighbour_lad24", "neighbour_name"):
        out[column] = out[column].astype("string")
    return out
