"""Put every record on the map: an LSOA 2021 and its LAD 2024, a whole district, or not placed.

- A point (latitude, longitude) is placed by point-in-polygon on the prepared LSOA 2021
  polygons, all at once (a shapely search tree). The polygons are simplified to 50 m, so a
  point up to ``NEAR_METRES`` outside every polygon (on a coast) takes the nearest LSOA, and
  says so.
- Without a point, an area code places the record: a district code of any vintage (retired
  codes are recoded, with a note) places it on the whole district with no LSOA; an LSOA 2021
  code places it on that LSOA. A district name (exactly) does the same as its code.
- A postcode alone, or nothing, is "not placed": the atlas has no postcode lookup and never
  guesses. Counties, regions, wards and codes outside England are not placed either, and say
  why.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import shapely

from dashboard.core.codelists import normalise_token
from dashboard.ingest.validation import ENGLAND_LAT, ENGLAND_LON, Localities

NEAR_METRES = 100.0
_METRES_PER_DEGREE = 111_320.0
_ASPECT = math.cos(math.radians(52.5))  # x scale that makes degrees square in England
_GSS = re.compile(r"^[EWSN]\d{8}$")
_AREA_KINDS = {"E10": "a county", "E11": "a metropolitan county", "E12": "a region",
               "E13": "inner or outer London", "E92": "England as a whole", "E05": "an electoral ward",
               "E02": "a middle layer super output area", "E14": "a parliamentary constituency",
               "E38": "a health (sub-ICB) area", "E54": "an integrated care board area"}
PLACED_COLUMNS = ("locality_code", "lsoa_code", "placement", "placed")


@dataclass(frozen=True, eq=False)
class Placer:
    """LSOA 2021 polygons in a search tree, with their LAD 2024, and the district registry.

    Build it with :meth:`from_prepared`; it is read-only and may be kept (the context's cache
    region ``placer``).
    """

    tree: shapely.STRtree
    lsoa_codes: np.ndarray
    lad_codes: np.ndarray
    localities: Localities

    @classmethod
    def from_prepared(cls, prepared_dir: Path) -> Placer:
        """Read ``lsoa21_geometry.parquet`` and the district tables of ``data/prepared``."""
        table = pq.read_table(Path(prepared_dir) / "lsoa21_geometry.parquet",
                              columns=["LSOA21CD", "LAD24CD", "geometry"])
        geometries = shapely.from_wkb(table.column("geometry").to_numpy(zero_copy_only=False))
        scaled = shapely.transform(geometries, lambda xy: xy * np.array([_ASPECT, 1.0]))
        return cls(tree=shapely.STRtree(scaled),
                   lsoa_codes=np.asarray(table.column("LSOA21CD").to_pylist(), dtype=object),
                   lad_codes=np.asarray(table.column("LAD24CD").to_pylist(), dtype=object),
                   localities=Localities.from_prepared(Path(prepared_dir)))

    def place(self, records: pd.DataFrame) -> pd.DataFrame:
        """``PLACED_COLUMNS`` for each record (same index): codes, how it was placed, placed or not."""
        out = pd.DataFrame({"locality_code": None, "lsoa_code": None, "placement": "",
                            "placed": False}, index=records.index).astype(
            {"locality_code": object, "lsoa_code": object, "placement": object})
        by_point = self._place_points(records, out)
        for index in records.index[~by_point]:
            row = records.loc[index]
            out.loc[index, ["locality_code", "lsoa_code", "placement", "placed"]] = \
                self._place_by_area(row, self._point_problem(row))
        return out

    def _point_problem(self, row: pd.Series) -> str:
        lat, lon = row["latitude"], row["longitude"]
        if pd.isna(lat) or pd.isna(lon):
            return ""
        if _in_england(lon, lat):
            return f"the point ({lat:g}, {lon:g}) is more than {NEAR_METRES:g} m from any English LSOA"
        if _in_england(lat, lon):
            return f"the point ({lat:g}, {lon:g}) is outside England but inside it with latitude " \
                "and longitude swapped; check the columns"
        return f"the point ({lat:g}, {lon:g}) is not in England"

    def _place_points(self, records: pd.DataFrame, out: pd.DataFrame) -> np.ndarray:
        """Place every record with a point inside (or near) an LSOA; True where placed."""
        lat = records["latitude"].to_numpy(dtype=float)
        lon = records["longitude"].to_numpy(dtype=float)
        candidates = np.flatnonzero(~np.isnan(lat) & ~np.isnan(lon) & _in_england(lon, lat))
        placed = np.zeros(len(records), dtype=bool)
        if not len(candidates):
            return placed
        points = shapely.points(lon[candidates] * _ASPECT, lat[candidates])
        polygon = np.full(len(candidates), -1, dtype=np.int64)
        distance = np.zeros(len(candidates))
        hits = self.tree.query(points, predicate="intersects")
        if hits.shape[1]:
            order = np.lexsort((hits[1], hits[0]))  # lowest polygon (by LAD, LSOA code) first
            first, where = np.unique(hits[0][order], return_index=True)
            polygon[first] = hits[1][order][where]
        missing = np.flatnonzero(polygon < 0)
        if len(missing):
            near, gap = self.tree.query_nearest(points[missing], return_distance=True,
                                                max_distance=NEAR_METRES / _METRES_PER_DEGREE)
            polygon[missing[near[0]]] = near[1]
            distance[missing[near[0]]] = gap * _METRES_PER_DEGREE
        found = polygon >= 0
        rows = records.index[candidates[found]]
        out.loc[rows, "lsoa_code"] = self.lsoa_codes[polygon[found]]
        out.loc[rows, "locality_code"] = self.lad_codes[polygon[found]]
        out.loc[rows, "placement"] = [
            "point" if d == 0 else f"point {d:.0f} m outside the simplified LSOA boundary; nearest LSOA"
            for d in distance[found]]
        out.loc[rows, "placed"] = True
        placed[candidates[found]] = True
        self._note_disagreements(records.loc[rows], out)
        return placed

    def _note_disagreements(self, records: pd.DataFrame, out: pd.DataFrame) -> None:
        """Say so where the source's own district code names another district than the point."""
        for index, code in records["area_code"].items():
            district, _ = self._district(code)
            if district and district != out.at[index, "locality_code"]:
                out.at[index, "placement"] += (f"; the source's area code {code} names "
                                               f"{self.localities.names[district]}")

    def _district(self, code: str) -> tuple[str | None, str]:
        """LAD 2024 code of a district code of any vintage, and a note when it was recoded."""
        code = (code or "").strip().upper()
        if code in self.localities.names:
            return code, ""
        if code in self.localities.recodes:
            new, reason = self.localities.recodes[code]
            return new, f"; {reason}, recoded to {new}"
        return None, ""

    def _place_by_area(self, row: pd.Series, point_problem: str) -> tuple:
        """Codes and note for a record without a usable point: area code, district name, or none."""
        prefix = f"{point_problem}; " if point_problem else ""
        code = (row["area_code"] or "").strip().upper()
        district, recoded = self._district(code)
        if district:
            return district, None, f"{prefix}whole district (area code {code}{recoded})", True
        if code.startswith("E01") and code in set(self.lsoa_codes):
            position = int(np.flatnonzero(self.lsoa_codes == code)[0])
            return self.lad_codes[position], code, f"{prefix}LSOA (area code {code})", True
        by_name = {normalise_token(n): c for c, n in self.localities.names.items()}
        named = by_name.get(normalise_token(row["area_name"] or ""))
        if named and not code:
            return named, None, f"{prefix}whole district (area name {row['area_name']})", True
        reason = _why_not(code, row["postcode"], bool(point_problem))
        return None, None, "not placed: " + (prefix + reason).rstrip("; "), False


def _why_not(code: str, postcode: str, had_point: bool) -> str:
    if code and _GSS.match(code):
        if code[0] != "E":
            return f"area code {code} is outside England"
        kind = _AREA_KINDS.get(code[:3])
        return (f"area code {code} is {kind}, not a district" if kind
                else f"area code {code} is not a current or former district or LSOA 2021 code")
    if code:
        return f"area code {code!r} is not an ONS code"
    if postcode:
        return (f"postcode only ({postcode}); the atlas has no postcode lookup and does not guess: "
                "add coordinates or a district code")
    return "" if had_point else "no coordinates, postcode or area code"


def _in_england(lon, lat):
    """Inside England's extent (the validator's box), element-wise."""
    return (np.asarray(lat) >= ENGLAND_LAT[0]) & (np.asarray(lat) <= ENGLAND_LAT[1]) & \
        (np.asarray(lon) >= ENGLAND_LON[0]) & (np.asarray(lon) <= ENGLAND_LON[1])
