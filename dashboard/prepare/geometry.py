"""Boundaries: read, repaired, coverage-simplified once and rounded; the hex cartogram placed.

Every operation is a pure GEOS call in longitude/latitude, so the same inputs give the same
coordinates whatever PROJ grids are installed.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely

from dashboard.prepare.sources import (
    HEX_GPKG,
    LAD_BOUNDARIES,
    LSOA_BOUNDARY_DIR,
    RawDataError,
    check_same_codes,
)

# Simplification runs in longitude scaled by cos(53 deg) against latitude, a near-isotropic
# plane over England, so tolerances can be stated in metres without a datum transformation
# (whose result could depend on which PROJ grids are installed).
_SCALE_LATITUDE = 53.0
_METRES_PER_DEGREE_LAT = 111_320.0
LAD_TOLERANCE_M = 500.0
LAD_DECIMALS = 4
LSOA_TOLERANCE_M = 50.0
LSOA_DECIMALS = 5
HEX_TOLERANCE_UNITS = 0.01  # cartogram units; one hex cell is about 0.3 units across
HEX_DECIMALS = 4

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


def read_lad_boundaries(raw_dir: Path, codes: Sequence[str]) -> np.ndarray:
    """The published LAD 2024 boundaries, unsimplified, in the order of ``codes``.

    Raises:
        RawDataError: when the boundary file lists other districts than ``codes``.
    """
    boundaries = pyogrio.read_dataframe(raw_dir / LAD_BOUNDARIES)
    check_same_codes(LAD_BOUNDARIES, boundaries["lad24_code"], set(codes))
    return boundaries.set_index("lad24_code").geometry.reindex(codes).to_numpy()


def read_lsoa_boundaries(raw_dir: Path, lsoa_lad: pd.Series) -> gpd.GeoDataFrame:
    """LSOA 2021 polygons of every per-LAD file, sorted by ``lad24_code`` then ``lsoa21_code``.

    Args:
        raw_dir: folder of raw sources.
        lsoa_lad: the LAD 2024 code of each LSOA (index ``LSOA21CD``) from the lookup.

    Raises:
        RawDataError: when a file holds another LAD's LSOAs or the files and the lookup disagree.
    """
    frames = []
    for path in sorted((raw_dir / LSOA_BOUNDARY_DIR).glob("*.geojson")):
        frame = pyogrio.read_dataframe(path, columns=["lsoa21_code", "lad24_code"])
        if not (frame["lad24_code"] == path.stem).all():
            raise RawDataError(f"{path.name} holds LSOAs of another LAD")
        frames.append(frame)
    shapes = pd.concat(frames, ignore_index=True)
    shapes = shapes.sort_values(["lad24_code", "lsoa21_code"], ignore_index=True)
    if (
        len(shapes) != len(lsoa_lad)
        or not (
            shapes.set_index("lsoa21_code")["lad24_code"].reindex(lsoa_lad.index) == lsoa_lad
        ).all()
    ):
        raise RawDataError("LSOA boundary files and the LSOA21 -> LAD24 lookup disagree")
    return shapes


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
        check_same_codes(HEX_GPKG, frame["Lacode"], set(codes))
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
