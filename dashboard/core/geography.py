"""Load the prepared geography and need artefacts (``data/prepared``) for the server.

Reads only the files written by :mod:`dashboard.prepare`; never simplifies or recomputes.
LSOA polygons are read lazily, one LAD at a time, and kept in the context's cache by LAD code.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import shapely

from dashboard.core.areas import DistrictContext, NhsGeography, load_district_context, load_nhs
from dashboard.core.cache import Cache

EMPTY_FEATURE_COLLECTION_JSON = '{"type":"FeatureCollection","features":[]}'


@dataclass(frozen=True, eq=False)
class Geography:
    """Read-only geography of the atlas, LAD 2024 vintage.

    Attributes:
        lads: one row per LAD 2024, index ``LAD24CD``; names, region, IoD2025 published
            summaries (``iod25_*``), IoD2019 comparison (``iod19_*``) and Census 2021
            (``c21_*``, percentages 0-100).
        lad_geojson: FeatureCollection of LAD 2024 boundaries, feature id ``LAD24CD``.
        hex_geojson: FeatureCollection of the hex cartogram, feature id ``LAD24CD``; empty
            when the prepared folder has no hex cartogram.
        lsoas: one row per English LSOA 2021 (``LSOA21CD``, ``LSOA21NM``, ``LAD24CD`` and
            IoD2025 ``iod25_<domain>_score/_rank/_decile``).
        recodes: retired or newer LAD codes, index ``old_code``; columns ``old_name``,
            ``last_vintage``, ``LAD24CD``, ``LAD24NM``, ``reason``.
        prepared_dir: folder the artefacts were read from.
        lad_names: LAD 2024 code to name.
        nhs: Sub-ICB locations and ICBs (``None`` when the prepared folder has none).
        districts: IoD2019 on 2024 boundaries, ONS neighbours and clusters, Health Index.
        level: the areas ``lads`` holds: ``lad`` (districts), ``sicbl`` or ``icb``.
        ranked_of: how many areas the ``lads`` ranks are ranked among (296 districts).
        focus: the NHS area whose districts ``lads`` is limited to, if any.
    """

    lads: pd.DataFrame
    lad_geojson: dict
    hex_geojson: dict
    lsoas: pd.DataFrame
    recodes: pd.DataFrame
    prepared_dir: Path
    lad_names: dict[str, str] = field(default_factory=dict)
    cache: Cache = field(default_factory=Cache, repr=False)
    nhs: NhsGeography | None = field(default=None, repr=False)
    districts: DistrictContext | None = field(default=None, repr=False)
    level: str = "lad"
    ranked_of: int = 296
    focus: str | None = None

    def lsoa_geojson(self, lad24_code: str) -> dict:
        """FeatureCollection of the LSOA 2021 polygons of one LAD 2024.

        Args:
            lad24_code: a current LAD 2024 code.

        Returns:
            A new dict on every call; features carry id and property ``LSOA21CD`` (plus
            ``LAD24CD``), sorted by LSOA code, coordinates in WGS84 longitude/latitude.

        Raises:
            KeyError: when ``lad24_code`` is not a LAD 2024 code.
        """
        if lad24_code not in self.lads.index:
            raise KeyError(f"{lad24_code!r} is not a LAD 2024 code")
        return json.loads(self._lsoa_json(lad24_code))

    def lsoa_geometry(self, lad24_code: str) -> dict:
        """The LSOA FeatureCollection of one LAD 2024 for figures: shared, cached and read-only.

        Same features as :meth:`lsoa_geojson`, but every ring is a read-only ``float64`` numpy
        array of shape (points, 2). plotly copies, validates and serialises arrays in bulk (orjson
        writes them natively), where nested lists cost a Python call per coordinate. Callers must
        not modify the result: it is shared between calls.

        Raises:
            KeyError: when ``lad24_code`` is not a LAD 2024 code.
        """
        if lad24_code not in self.lads.index:
            raise KeyError(f"{lad24_code!r} is not a LAD 2024 code")
        return self.cache.get("lsoa_geometry", lad24_code,
                              lambda: _feature_arrays(json.loads(self._lsoa_json(lad24_code))))

    def _lsoa_json(self, lad24_code: str) -> str:
        path = self.prepared_dir / "lsoa21_geometry.parquet"
        return self.cache.get("lsoa_geojson", lad24_code,
                              lambda: _lsoa_feature_collection_json(path, lad24_code))

    def recode(self, code: str) -> tuple[str | None, str | None]:
        """Map a LAD code of any vintage to its LAD 2024 code.

        Args:
            code: a GSS code; surrounding spaces and letter case are forgiven.

        Returns:
            ``(code, None)`` for a current LAD 2024 code, ``(LAD24CD, reason)`` for a retired
            or newer code in the recode table, ``(None, None)`` for an unknown code.
        """
        clean = code.strip().upper()
        if clean in self.lads.index:
            return clean, None
        if clean in self.recodes.index:
            row = self.recodes.loc[clean]
            return str(row["LAD24CD"]), str(row["reason"])
        return None, None


def _lsoa_feature_collection_json(path: Path, lad24_code: str) -> str:
    """Serialized FeatureCollection of one LAD's LSOAs, sorted by LSOA code."""
    table = pq.read_table(
        path, columns=["LSOA21CD", "LAD24CD", "geometry"], filters=[("LAD24CD", "==", lad24_code)]
    )
    codes = table.column("LSOA21CD").to_pylist()
    geometries = shapely.from_wkb(table.column("geometry").to_numpy(zero_copy_only=False))
    features = [
        {
            "type": "Feature",
            "id": code,
            "properties": {"LSOA21CD": code, "LAD24CD": lad24_code},
            "geometry": shapely.geometry.mapping(geometry),
        }
        for code, geometry in sorted(zip(codes, geometries, strict=True), key=lambda p: p[0])
    ]
    return json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":"))


def _ring_arrays(coordinates):
    """Nested GeoJSON coordinates with each ring (a list of positions) as a numpy array."""
    if coordinates and isinstance(coordinates[0][0], int | float):
        ring = np.asarray(coordinates, dtype="float64")
        ring.flags.writeable = False
        return ring
    return [_ring_arrays(part) for part in coordinates]


def _feature_arrays(collection: dict) -> dict:
    """A FeatureCollection with every ring as a read-only numpy array (modified in place)."""
    for feature in collection["features"]:
        geometry = feature["geometry"]
        geometry["coordinates"] = _ring_arrays(geometry["coordinates"])
    return collection


def _read_json(path: Path) -> dict:
    if not path.exists():
        return json.loads(EMPTY_FEATURE_COLLECTION_JSON)
    return json.loads(path.read_text(encoding="utf-8"))


def load_geography(prepared_dir: Path, cache: Cache | None = None) -> Geography:
    """Load the prepared artefacts.

    Args:
        prepared_dir: folder written by ``python -m dashboard.prepare`` (``data/prepared``).
        cache: where LSOA polygons are kept once read (a new cache when not given).

    Returns:
        The :class:`Geography`; LSOA polygons stay on disk until asked for.

    Raises:
        FileNotFoundError: when a required artefact is missing (the hex cartogram is optional).
    """
    prepared_dir = Path(prepared_dir)
    lads = pd.read_parquet(prepared_dir / "lad24.parquet").set_index("LAD24CD")
    lad_path = prepared_dir / "lad24.geojson"
    lad_geojson = json.loads(lad_path.read_text(encoding="utf-8"))
    recodes = pd.read_csv(
        prepared_dir / "lad_recodes.csv", dtype="string", keep_default_na=False
    ).set_index("old_code")
    if not (prepared_dir / "lsoa21_geometry.parquet").exists():
        raise FileNotFoundError(prepared_dir / "lsoa21_geometry.parquet")
    return Geography(
        lad_names={str(code): str(name) for code, name in lads["LAD24NM"].items()},
        lads=lads,
        lad_geojson=lad_geojson,
        hex_geojson=_read_json(prepared_dir / "lad24_hex.geojson"),
        lsoas=pd.read_parquet(prepared_dir / "lsoa21.parquet"),
        recodes=recodes,
        prepared_dir=prepared_dir,
        cache=Cache() if cache is None else cache,
        nhs=load_nhs(prepared_dir),
        districts=load_district_context(prepared_dir),
    )
