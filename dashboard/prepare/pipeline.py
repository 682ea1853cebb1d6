"""Deterministic preparation of the geography and need artefacts the server loads.

``python -m dashboard.prepare`` turns the published files in ``data/raw`` into compact, typed
artefacts in ``data/prepared`` (see ``data/raw/SOURCES.md`` for provenance):

- ``lad24.parquet``: one row per LAD 2024 with the PUBLISHED IoD2025 summary measures (never
  recomputed from LSOAs), the IoD2019 rank of average IMD score where the code is unchanged and
  Census 2021 counts mapped LAD22 -> LAD24 by summing counts (percentages recomputed, 0-100).
- ``lad24.geojson``: LAD 2024 boundaries, coverage-simplified once, rounded, compact.
- ``lad24_hex.geojson``: the House of Commons Library hex cartogram of LAD 2023 (= LAD 2024).
- ``lsoa21.parquet``: IoD2025 score, rank and decile of every English LSOA 2021.
- ``lsoa21_geometry.parquet``: GeoParquet of LSOA 2021 polygons, coverage-simplified once.
- ``lad_recodes.csv``: retired (2016-2023) and newer (2025) LAD codes and their LAD 2024 code.
- ``manifest.json``: rows, columns, vintage and sources of each artefact (no timestamps).

Same inputs give the same output content: rows are sorted, geometry operations are pure GEOS
calls in longitude/latitude (no datum transformations that depend on installed grids) and the
manifest holds no timestamps.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely

PROJECT_ROOT = Path(__file__).resolve().parents[2]

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

# Domain key -> (prefix in the LAD summaries, prefix in the LSOA file).
DOMAINS: dict[str, tuple[str, str]] = {
    "imd": ("imd", "IMD"),
    "income": ("income", "Income"),
    "employment": ("employment", "Employment"),
    "education": ("education_skills_and_training", "Education"),
    "health": ("health_deprivation_and_disability", "Health"),
    "crime": ("crime", "Crime"),
    "barriers": ("barriers_to_housing_and_services", "Housing_and_Services"),
    "living": ("living_environment", "Environment"),
}
_PROP = "proportion_of_lso_as_in_most_deprived_10_percent_nationally"
# Summary measure in the raw file (after the domain prefix) -> our suffix.
_SUMMARY_MEASURES: dict[str, str] = {
    "average_score": "avg_score",
    "rank_of_average_score": "rank_avg_score",
    "average_rank": "avg_rank",
    "rank_of_average_rank": "rank_avg_rank",
    _PROP: "prop_lsoa_top10",
    f"rank_of_{_PROP}": "rank_prop_lsoa_top10",
}
_EXTRA_SUMMARIES: dict[str, str] = {
    "imd25_extent": "iod25_imd_extent",
    "imd25_rank_of_extent": "iod25_imd_rank_extent",
    "imd25_local_concentration": "iod25_imd_local_concentration",
    "imd25_rank_of_local_concentration": "iod25_imd_rank_local_concentration",
    "income_scale": "iod25_income_scale",
    "rank_of_income_scale": "iod25_income_rank_scale",
    "employment_scale": "iod25_employment_scale",
    "rank_of_employment_scale": "iod25_employment_rank_scale",
}

# Census count column in the raw table -> our column.
_CENSUS_COUNTS: dict[str, str] = {
    "total_population": "c21_population",
    "pop_16_plus": "c21_adults_16plus",
    "pop_65_plus": "c21_older_65plus",
    "ethnic_asian": "c21_ethnic_asian",
    "ethnic_black": "c21_ethnic_black",
    "ethnic_mixed": "c21_ethnic_mixed",
    "ethnic_other": "c21_ethnic_other",
    "ethnic_white": "c21_ethnic_white",
    "ethnic_base": "c21_ethnic_base",
    "unpaid_carers": "c21_unpaid_carers",
    "unpaid_care_base_5plus": "c21_unpaid_care_base_5plus",
    "lgb_plus": "c21_lgb_plus",
    "sexual_orientation_base_16plus": "c21_sexual_orientation_base_16plus",
    "disabled": "c21_disabled",
    "disability_base": "c21_disability_base",
}

ENGLISH_LAD_PREFIXES = ("E06", "E07", "E08", "E09")
NEWER_RECODE_REASON = (
    "2025 recode after the Barnsley and Sheffield (Boundary Change) Order 2024; "
    "IoD2025 uses the LAD 2024 code"
)
NEWER_RECODES: tuple[tuple[str, str, str], ...] = (
    ("E08000038", "Barnsley", "E08000016"),
    ("E08000039", "Sheffield", "E08000019"),
)

# Geometry. Simplification runs in longitude scaled by cos(53 deg) against latitude, a
# near-isotropic plane over England, so tolerances can be stated in metres without a datum
# transformation (whose result could depend on which PROJ grids are installed).
_SCALE_LATITUDE = 53.0
_METRES_PER_DEGREE_LAT = 111_320.0
LAD_TOLERANCE_M = 500.0
LAD_DECIMALS = 4
LSOA_TOLERANCE_M = 50.0
LSOA_DECIMALS = 5
HEX_TOLERANCE_UNITS = 0.01  # cartogram units; one hex cell is about 0.3 units across
HEX_DECIMALS = 4
LSOA_ROW_GROUP = 2048

VINTAGE_LAD = "LAD 2024 (May 2024 codes; = LAD 2023)"
VINTAGE_IOD25 = "IoD2025 (published October 2025), LSOA 2021 / LAD 2024"


class RawDataError(ValueError):
    """The raw files are inconsistent with each other or with what the build expects."""


# --------------------------------------------------------------------------------------------
# Tables
# --------------------------------------------------------------------------------------------


def _read_csv(raw_dir: Path, name: str, **kwargs: object) -> pd.DataFrame:
    return pd.read_csv(raw_dir / name, **kwargs)


def _check_same_codes(label: str, codes: Sequence[str], expected: set[str]) -> None:
    found = set(codes)
    if found != expected:
        missing = sorted(expected - found)[:5]
        extra = sorted(found - expected)[:5]
        raise RawDataError(f"{label}: LAD24 codes differ (missing {missing}, unexpected {extra})")


def lsoa_table(raw_dir: Path) -> pd.DataFrame:
    """IoD2025 per English LSOA 2021, exactly as published.

    Returns:
        One row per LSOA21 sorted by ``LSOA21CD``: ``LSOA21CD``, ``LSOA21NM``, ``LAD24CD`` (ONS
        best-fit lookup via 2024 wards) and ``iod25_<key>_score`` (float64),
        ``iod25_<key>_rank`` and ``iod25_<key>_decile`` (Int64; 1 = most deprived).
    """
    iod = _read_csv(raw_dir, IOD25_LSOA, dtype={"lsoa21_code": str})
    lookup = _read_csv(raw_dir, LSOA_LOOKUP, dtype=str)
    lookup = lookup[lookup["lsoa21_code"].str.startswith("E")]
    if lookup["lsoa21_code"].duplicated().any():
        raise RawDataError("LSOA21 lookup lists an LSOA more than once")
    table = iod.merge(lookup, on="lsoa21_code", how="left", validate="one_to_one")
    if table["lad24_code"].isna().any():
        raise RawDataError("IoD2025 LSOAs missing from the LSOA21 -> LAD24 lookup")
    if len(lookup) != len(iod):
        raise RawDataError("LSOA21 lookup and IoD2025 list different numbers of English LSOAs")
    out = pd.DataFrame(
        {
            "LSOA21CD": table["lsoa21_code"].astype("string"),
            "LSOA21NM": table["lsoa21_name"].astype("string"),
            "LAD24CD": table["lad24_code"].astype("string"),
        }
    )
    for key, (_, prefix) in DOMAINS.items():
        out[f"iod25_{key}_score"] = table[f"{prefix}_score"].astype("float64")
        out[f"iod25_{key}_rank"] = table[f"{prefix}_rank"].astype("Int64")
        out[f"iod25_{key}_decile"] = table[f"{prefix}_decile"].astype("Int64")
    return out.sort_values("LSOA21CD", ignore_index=True)


def _iod25_summaries(raw_dir: Path) -> pd.DataFrame:
    raw = _read_csv(raw_dir, IOD25_LAD, dtype={"lad24_code": str, "lad24_name": str})
    out = pd.DataFrame({"LAD24CD": raw["lad24_code"], "LAD24NM": raw["lad24_name"]})
    for key, (prefix, _) in DOMAINS.items():
        for measure, suffix in _SUMMARY_MEASURES.items():
            out[f"iod25_{key}_{suffix}"] = raw[f"{prefix}_{measure}"]
    for source, target in _EXTRA_SUMMARIES.items():
        out[target] = raw[source]
    for column in out.columns[2:]:
        # Ranks and the income scale (people) are integers; the employment scale is fractional.
        is_count = "_rank_" in column or column == "iod25_income_scale"
        out[column] = out[column].astype("Int64" if is_count else "float64")
    if out["LAD24CD"].duplicated().any():
        raise RawDataError("IoD2025 LAD summaries list a district more than once")
    return out


def _iod19_rank(raw_dir: Path, lad24: pd.Series) -> pd.DataFrame:
    raw = _read_csv(raw_dir, IOD19_LAD)
    raw = raw.rename(
        columns={
            "Local Authority District code (2019)": "code",
            "IMD - Rank of average score": "rank",
            "IMD - Average score": "score",
        }
    )
    same = raw[raw["code"].isin(set(lad24))].set_index("code")
    return pd.DataFrame(
        {
            "iod19_imd_rank_avg_score": same["rank"].reindex(lad24).astype("Int64"),
            "iod19_imd_avg_score": same["score"].reindex(lad24).astype("float64"),
        }
    ).reset_index(drop=True)


def census_lad24(raw_dir: Path) -> pd.DataFrame:
    """Census 2021 counts mapped LAD 2022 -> LAD 2024 by summing, with percentages recomputed.

    Returns:
        One row per LAD24 (index ``LAD24CD``): counts as Int64 and ``c21_pct_*`` in 0-100
        (older people of total population; minority-ethnic = non-White share of the ethnic
        base; unpaid carers of residents 5+; LGB+ of residents 16+; disabled of all residents).
    """
    census = _read_csv(raw_dir, CENSUS, dtype={"lad22_code": str})
    lad22_lad23 = _read_csv(raw_dir, LAD22_LAD23, dtype=str)
    mapped = census.merge(
        lad22_lad23[["lad22_code", "lad23_code"]], on="lad22_code", how="left", validate="1:1"
    )
    if mapped["lad23_code"].isna().any():
        raise RawDataError("Census LAD22 codes missing from the LAD22 -> LAD23 lookup")
    sums = mapped.groupby("lad23_code", sort=True)[list(_CENSUS_COUNTS)].sum()
    sums = sums.rename(columns=_CENSUS_COUNTS).astype("Int64")
    sums.index = sums.index.rename("LAD24CD").astype("string")

    def pct(numerator: pd.Series, base: pd.Series) -> pd.Series:
        return (100.0 * numerator.astype("float64") / base.astype("float64")).astype("float64")

    out = sums[["c21_population", "c21_adults_16plus", "c21_older_65plus"]].copy()
    out["c21_pct_older_65plus"] = pct(sums["c21_older_65plus"], sums["c21_population"])
    for group in ("asian", "black", "mixed", "other", "white"):
        out[f"c21_ethnic_{group}"] = sums[f"c21_ethnic_{group}"]
    out["c21_ethnic_base"] = sums["c21_ethnic_base"]
    minority = sums["c21_ethnic_base"] - sums["c21_ethnic_white"]
    out["c21_pct_minority_ethnic"] = pct(minority, sums["c21_ethnic_base"])
    for count, base, share in (
        ("c21_unpaid_carers", "c21_unpaid_care_base_5plus", "c21_pct_unpaid_carers"),
        ("c21_lgb_plus", "c21_sexual_orientation_base_16plus", "c21_pct_lgb_plus"),
        ("c21_disabled", "c21_disability_base", "c21_pct_disabled"),
    ):
        out[count] = sums[count]
        out[base] = sums[base]
        out[share] = pct(sums[count], sums[base])
    return out


def lad_table(raw_dir: Path) -> pd.DataFrame:
    """One row per LAD 2024 with region, IoD2025 summaries, IoD2019 rank and Census 2021.

    Returns:
        296 rows sorted by ``LAD24CD``; see the module docstring for the column families.
    """
    summaries = _iod25_summaries(raw_dir)
    codes = set(summaries["LAD24CD"])
    regions = _read_csv(raw_dir, REGION_LOOKUP, dtype=str)
    _check_same_codes(REGION_LOOKUP, regions["lad24_code"], codes)
    regions = regions.set_index("lad24_code")
    lookup = _read_csv(raw_dir, LSOA_LOOKUP, dtype=str)
    lsoa_counts = lookup[lookup["lsoa21_code"].str.startswith("E")].groupby("lad24_code").size()
    _check_same_codes(LSOA_LOOKUP, lsoa_counts.index, codes)
    census = census_lad24(raw_dir)
    _check_same_codes(CENSUS, census.index, codes)

    summaries = summaries.sort_values("LAD24CD", ignore_index=True)
    lad24 = summaries["LAD24CD"]
    head = pd.DataFrame(
        {
            "LAD24CD": lad24,
            "LAD24NM": summaries["LAD24NM"],
            "RGN24CD": regions["region24_code"].reindex(lad24).to_numpy(),
            "RGN24NM": regions["region24_name"].reindex(lad24).to_numpy(),
            "iod25_lsoa_count": lsoa_counts.reindex(lad24).to_numpy(),
        }
    )
    head["iod25_lsoa_count"] = head["iod25_lsoa_count"].astype("Int64")
    for column in ("LAD24CD", "LAD24NM", "RGN24CD", "RGN24NM"):
        head[column] = head[column].astype("string")
    out = pd.concat(
        [
            head,
            summaries.drop(columns=["LAD24CD", "LAD24NM"]),
            _iod19_rank(raw_dir, lad24),
            census.reindex(lad24).reset_index(drop=True),
        ],
        axis=1,
    )
    return out


def recode_table(raw_dir: Path, lad24: pd.DataFrame) -> pd.DataFrame:
    """Retired (2016-2023) and newer (2025) English LAD codes with the LAD 2024 code they map to.

    Args:
        raw_dir: folder of raw sources.
        lad24: the LAD 2024 table (``LAD24CD``, ``LAD24NM``).

    Returns:
        Columns ``old_code, old_name, last_vintage, LAD24CD, LAD24NM, reason`` sorted by
        ``old_code``; ``last_vintage`` is the last LAD vintage holding the old code (``LAD22``),
        and ``reason`` reads after "<code> (<name>) is ...".

    Raises:
        RawDataError: when an old code maps to more than one LAD 2024 code.
    """
    history = _read_csv(raw_dir, LAD_CODE_HISTORY, dtype=str)
    current = set(lad24["LAD24CD"])
    names24 = dict(zip(lad24["LAD24CD"], lad24["LAD24NM"], strict=True))
    years = [int(c[3:5]) for c in history.columns if c.endswith("_code") and c != "lad24_code"]
    rows: dict[str, dict[str, object]] = {}
    for year in sorted(years):
        code_col, name_col = f"lad{year}_code", f"lad{year}_name"
        next_col = f"lad{year + 1}_code"
        for record in history.itertuples(index=False):
            old = getattr(record, code_col)
            if old in current or not old.startswith(ENGLISH_LAD_PREFIXES):
                continue
            entry = rows.setdefault(
                old, {"name": getattr(record, name_col), "targets": set(), "last": year}
            )
            entry["targets"].add(record.lad24_code)
            if year >= entry["last"]:
                entry["last"] = year
                entry["successor"] = (
                    getattr(record, next_col),
                    getattr(record, f"lad{year + 1}_name"),
                )
    predecessors: dict[str, set[str]] = {}
    for old, entry in rows.items():
        predecessors.setdefault(entry["successor"][0], set()).add(old)
    records = []
    for old in sorted(rows):
        entry = rows[old]
        if len(entry["targets"]) != 1:
            raise RawDataError(f"{old} maps to several LAD 2024 codes: {sorted(entry['targets'])}")
        target = next(iter(entry["targets"]))
        if target not in current:
            raise RawDataError(f"{old} maps to {target}, which is not a LAD 2024 code")
        successor, successor_name = entry["successor"]
        verb = "merged into" if len(predecessors[successor]) > 1 else "recoded as"
        reason = f"retired in 20{entry['last'] + 1}: {verb} {successor_name} ({successor})"
        if successor != target:
            reason += f", now part of {names24[target]} ({target})"
        records.append(
            {
                "old_code": old,
                "old_name": entry["name"],
                "last_vintage": f"LAD{entry['last']:02d}",
                "LAD24CD": target,
                "LAD24NM": names24[target],
                "reason": reason,
            }
        )
    for old, name, target in NEWER_RECODES:
        records.append(
            {
                "old_code": old,
                "old_name": name,
                "last_vintage": "LAD25",
                "LAD24CD": target,
                "LAD24NM": names24[target],
                "reason": NEWER_RECODE_REASON,
            }
        )
    out = pd.DataFrame.from_records(records).sort_values("old_code", ignore_index=True)
    return out.astype("string")


# --------------------------------------------------------------------------------------------
# Geometry
# --------------------------------------------------------------------------------------------

_ASPECT = np.array([math.cos(math.radians(_SCALE_LATITUDE)), 1.0])


def _polygonal(geometry: shapely.Geometry) -> shapely.Geometry:
    """Keep only the polygonal parts of a geometry (a repaired polygon may carry lines)."""
    if shapely.get_type_id(geometry) in (3, 6):
        return geometry
    parts = [p for p in shapely.get_parts(geometry) if shapely.get_type_id(p) in (3, 6)]
    return shapely.union_all(parts) if parts else shapely.Polygon()


def repair(geometries: np.ndarray) -> np.ndarray:
    """Make geometries valid (GEOS ``structure`` method) and keep polygonal parts only.

    Valid geometries are returned untouched, so repair is idempotent and cheap.
    """
    out = np.array(geometries, dtype=object)
    invalid = ~shapely.is_valid(out)
    if invalid.any():
        fixed = shapely.make_valid(out[invalid], method="structure", keep_collapsed=False)
        out[invalid] = [_polygonal(g) for g in fixed]
    collections = shapely.get_type_id(out) == 7
    if collections.any():
        out[collections] = [_polygonal(g) for g in out[collections]]
    return out


def coverage_simplify(geometries: np.ndarray, tolerance_m: float, decimals: int) -> np.ndarray:
    """Repair, coverage-simplify once (shared edges stay shared), round and orient.

    Args:
        geometries: polygons in longitude/latitude forming a coverage.
        tolerance_m: Visvalingam-Whyatt tolerance in metres (square root of the smallest
            triangle area kept).
        decimals: decimal places of the output coordinates.

    Returns:
        Valid polygons, exterior rings anticlockwise (RFC 7946).
    """
    valid = repair(geometries)
    plane = shapely.transform(valid, lambda xy: xy * _ASPECT)
    simplified = shapely.coverage_simplify(plane, tolerance_m / _METRES_PER_DEGREE_LAT)
    rounded = shapely.transform(simplified, lambda xy: np.round(xy / _ASPECT, decimals))
    return _finish(rounded, decimals)


def _finish(geometries: np.ndarray, decimals: int) -> np.ndarray:
    """Repair what rounding broke without leaving the grid, then orient (RFC 7946)."""
    out = np.array(geometries, dtype=object)
    invalid = ~shapely.is_valid(out)
    if invalid.any():
        # set_precision snaps to the grid and returns valid output, so repair nodes stay
        # on the same rounded grid as every other vertex.
        snapped = shapely.set_precision(out[invalid], 10.0**-decimals)
        out[invalid] = shapely.transform(snapped, lambda xy: np.round(xy, decimals))
    out = shapely.orient_polygons(repair(out), exterior_cw=False)
    if not shapely.is_valid(out).all() or shapely.is_empty(out).any():
        raise RawDataError("geometry still invalid or empty after repair")
    return out


def _mercator(lat_deg: float) -> float:
    return math.log(math.tan(math.pi / 4 + math.radians(lat_deg) / 2))


def _cartogram_to_lonlat(
    bounds: Sequence[float], target: Sequence[float]
) -> Callable[[np.ndarray], np.ndarray]:
    """Affine map of cartogram units onto Web Mercator spanning ``target`` latitudes.

    The HCL cartogram is drawn in abstract units (about 0.3 per hex cell) although its file
    says EPSG:27700. Scaling uniformly in Web Mercator keeps the hexes regular on a web map.
    """
    x0, y0, x1, y1 = bounds
    lon0, lat0, lon1, lat1 = target
    m0, m1 = _mercator(lat0), _mercator(lat1)
    scale = (m1 - m0) / (y1 - y0)
    centre_x, centre_lon = (x0 + x1) / 2, math.radians((lon0 + lon1) / 2)

    def to_lonlat(xy: np.ndarray) -> np.ndarray:
        lon = np.degrees(centre_lon + (xy[:, 0] - centre_x) * scale)
        lat = np.degrees(2 * np.arctan(np.exp(m0 + (xy[:, 1] - y0) * scale)) - math.pi / 2)
        return np.column_stack([lon, lat])

    return to_lonlat


def hex_geometries(
    raw_dir: Path, codes: Sequence[str], lad_bounds: Sequence[float]
) -> tuple[np.ndarray | None, list[str], str]:
    """Hex cartogram polygons for ``codes`` in longitude/latitude.

    Uses the House of Commons Library GeoPackage when it is in the raw folder (layer
    ``... 7 LTLA 2023``), otherwise the England GeoJSON if that is usable.

    Returns:
        ``(geometries or None, sources used, note)``; ``None`` with the reason in ``note`` when
        no usable hex source is present.
    """
    gpkg = raw_dir / HEX_GPKG
    if gpkg.exists():
        layers = [name for name, _ in pyogrio.list_layers(gpkg) if name.endswith("LTLA 2023")]
        if len(layers) != 1:
            raise RawDataError(f"{HEX_GPKG}: expected one 'LTLA 2023' layer, found {layers}")
        frame = pyogrio.read_dataframe(gpkg, layer=layers[0])
        frame = frame[frame["Lacode"].isin(set(codes))]
        _check_same_codes(HEX_GPKG, frame["Lacode"], set(codes))
        geoms = frame.set_index("Lacode").geometry.reindex(codes).to_numpy()
        geoms = shapely.simplify(geoms, HEX_TOLERANCE_UNITS, preserve_topology=True)
        to_lonlat = _cartogram_to_lonlat(shapely.total_bounds(geoms), lad_bounds)
        lonlat = shapely.transform(geoms, lambda xy: np.round(to_lonlat(xy), HEX_DECIMALS))
        note = (
            "HCL cartogram units mapped affinely onto Web Mercator over England's latitude "
            "span (positions are schematic, not geographic)"
        )
        return _finish(lonlat, HEX_DECIMALS), [HEX_GPKG], note
    return None, [], f"no hex cartogram in the raw folder (expected {HEX_GPKG})"


def _read_lsoa_boundaries(raw_dir: Path) -> gpd.GeoDataFrame:
    files = sorted((raw_dir / LSOA_BOUNDARY_DIR).glob("*.geojson"))
    frames = []
    for path in files:
        frame = pyogrio.read_dataframe(path, columns=["lsoa21_code", "lad24_code"])
        if not (frame["lad24_code"] == path.stem).all():
            raise RawDataError(f"{path.name} holds LSOAs of another LAD")
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def _feature_collection(ids: Sequence[str], properties: list[dict], geoms: np.ndarray) -> dict:
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": code,
                "properties": props,
                "geometry": json.loads(_geojson_geometry(geom)),
            }
            for code, props, geom in zip(ids, properties, geoms, strict=True)
        ],
    }


def _geojson_geometry(geom: shapely.Geometry) -> str:
    return json.dumps(shapely.geometry.mapping(geom), separators=(",", ":"))


def _write_json(path: Path, payload: dict, *, compact: bool) -> None:
    if compact:
        text = json.dumps(payload, separators=(",", ":"), ensure_ascii=False)
    else:
        text = json.dumps(payload, indent=2, ensure_ascii=False)
    path.write_text(text + "\n", encoding="utf-8")


# --------------------------------------------------------------------------------------------
# Build
# --------------------------------------------------------------------------------------------


def build(raw_dir: Path, out_dir: Path) -> None:
    """Rebuild every prepared artefact from the raw sources.

    Args:
        raw_dir: folder laid out as ``data/raw`` (see ``data/raw/SOURCES.md``).
        out_dir: folder to write into (created if missing); files are overwritten.

    Raises:
        RawDataError: when the raw files disagree (codes, counts, geometry).
    """
    raw_dir, out_dir = Path(raw_dir), Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    manifest: list[dict[str, object]] = []

    def record(
        file: str,
        rows: int,
        columns: list[str],
        vintage: str,
        sources: list[str],
        attribution: list[str],
        **extra: object,
    ) -> None:
        manifest.append(
            {
                "file": file,
                "status": "built",
                "rows": rows,
                "columns": columns,
                "vintage": vintage,
                "sources": sources,
                "attribution": attribution,
                **extra,
            }
        )

    # LAD table.
    lads = lad_table(raw_dir)
    lads.to_parquet(out_dir / "lad24.parquet", index=False, compression="zstd")
    record(
        "lad24.parquet",
        len(lads),
        list(lads.columns),
        f"{VINTAGE_LAD}; IoD2025 published LAD 2024 summaries; IoD2019 File 10 (LAD 2019, "
        "only where the code is unchanged); Census 2021 (LAD 2022 summed to LAD 2024)",
        [IOD25_LAD, REGION_LOOKUP, LSOA_LOOKUP, IOD19_LAD, CENSUS, LAD22_LAD23],
        [IOD_ATTRIBUTION, CENSUS_ATTRIBUTION],
    )
    codes = list(lads["LAD24CD"])
    names = dict(zip(lads["LAD24CD"], lads["LAD24NM"], strict=True))

    # LAD boundaries.
    boundaries = pyogrio.read_dataframe(raw_dir / LAD_BOUNDARIES)
    _check_same_codes(LAD_BOUNDARIES, boundaries["lad24_code"], set(codes))
    lad_raw = boundaries.set_index("lad24_code").geometry.reindex(codes).to_numpy()
    lad_geoms = coverage_simplify(lad_raw, LAD_TOLERANCE_M, LAD_DECIMALS)
    props = [{"LAD24CD": c, "LAD24NM": names[c]} for c in codes]
    _write_json(
        out_dir / "lad24.geojson", _feature_collection(codes, props, lad_geoms), compact=True
    )
    record(
        "lad24.geojson",
        len(codes),
        ["LAD24CD", "LAD24NM", "geometry"],
        VINTAGE_LAD,
        [LAD_BOUNDARIES, IOD25_LAD],
        [ONS_ATTRIBUTION],
        geometry={
            "crs": "EPSG:4326",
            "tolerance_m": LAD_TOLERANCE_M,
            "decimals": LAD_DECIMALS,
            "method": "make_valid(structure) + coverage_simplify once + round",
        },
    )

    # Hex cartogram.
    lad_bounds = [round(float(v), 2) for v in shapely.total_bounds(lad_raw)]
    hexes, hex_sources, hex_note = hex_geometries(raw_dir, codes, lad_bounds)
    hex_path = out_dir / "lad24_hex.geojson"
    if hexes is not None:
        _write_json(hex_path, _feature_collection(codes, props, hexes), compact=True)
        record(
            "lad24_hex.geojson",
            len(codes),
            ["LAD24CD", "LAD24NM", "geometry"],
            "LAD 2023 (= LAD 2024 codes)",
            hex_sources + [IOD25_LAD],
            [HEX_ATTRIBUTION],
            geometry={
                "crs": "EPSG:4326",
                "tolerance_units": HEX_TOLERANCE_UNITS,
                "decimals": HEX_DECIMALS,
                "note": hex_note,
            },
        )
    else:
        hex_path.unlink(missing_ok=True)
        manifest.append(
            {
                "file": "lad24_hex.geojson",
                "status": "not built",
                "sources": hex_sources,
                "reason": hex_note,
            }
        )
        print(f"warning: lad24_hex.geojson not built: {hex_note}", file=sys.stderr)

    # LSOA table.
    lsoas = lsoa_table(raw_dir)
    lsoas.to_parquet(out_dir / "lsoa21.parquet", index=False, compression="zstd")
    record(
        "lsoa21.parquet",
        len(lsoas),
        list(lsoas.columns),
        VINTAGE_IOD25,
        [IOD25_LSOA, LSOA_LOOKUP],
        [IOD_ATTRIBUTION],
    )

    # LSOA geometry: one national coverage, so edges between LADs stay shared too.
    shapes = _read_lsoa_boundaries(raw_dir)
    shapes = shapes.sort_values(["lad24_code", "lsoa21_code"], ignore_index=True)
    expected = lsoas.set_index("LSOA21CD")["LAD24CD"]
    if (
        len(shapes) != len(expected)
        or not (
            shapes.set_index("lsoa21_code")["lad24_code"].reindex(expected.index) == expected
        ).all()
    ):
        raise RawDataError("LSOA boundary files and the LSOA21 -> LAD24 lookup disagree")
    lsoa_geoms = coverage_simplify(shapes.geometry.to_numpy(), LSOA_TOLERANCE_M, LSOA_DECIMALS)
    geometry = gpd.GeoDataFrame(
        {
            "LSOA21CD": shapes["lsoa21_code"].astype("string"),
            "LAD24CD": shapes["lad24_code"].astype("string"),
        },
        geometry=gpd.GeoSeries(lsoa_geoms, crs="EPSG:4326"),
    )
    geometry.to_parquet(
        out_dir / "lsoa21_geometry.parquet",
        index=False,
        compression="zstd",
        row_group_size=LSOA_ROW_GROUP,
    )
    record(
        "lsoa21_geometry.parquet",
        len(geometry),
        ["LSOA21CD", "LAD24CD", "geometry"],
        "LSOA 2021 (BSC V4, Dec 2021) assigned to LAD 2024",
        [f"{LSOA_BOUNDARY_DIR}/<LAD24CD>.geojson ({len(codes)} files)", LSOA_LOOKUP],
        [ONS_ATTRIBUTION],
        geometry={
            "crs": "EPSG:4326",
            "tolerance_m": LSOA_TOLERANCE_M,
            "decimals": LSOA_DECIMALS,
            "sorted_by": ["LAD24CD", "LSOA21CD"],
            "method": "make_valid(structure) + coverage_simplify once (all England) + round",
        },
    )

    # Recodes.
    recodes = recode_table(raw_dir, lads)
    recodes.to_csv(out_dir / "lad_recodes.csv", index=False, lineterminator="\n")
    record(
        "lad_recodes.csv",
        len(recodes),
        list(recodes.columns),
        "LAD 2016-2023 codes and 2025 codes -> LAD 2024",
        [LAD_CODE_HISTORY, IOD25_LAD],
        [ONS_ATTRIBUTION],
    )

    _write_json(out_dir / "manifest.json", {"artefacts": manifest}, compact=False)


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``python -m dashboard.prepare [--raw DIR] [--out DIR]``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raw", type=Path, default=PROJECT_ROOT / "data" / "raw")
    parser.add_argument("--out", type=Path, default=PROJECT_ROOT / "data" / "prepared")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    build(args.raw, args.out)
    elapsed = time.perf_counter() - start
    for path in sorted(args.out.iterdir()):
        print(f"{path.stat().st_size:>10,d}  {path.name}")
    print(f"built in {elapsed:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
